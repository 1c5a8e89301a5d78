// The collaboration server (ARCHITECTURE.md §2): WebSocket upgrades on /collab/<room> of the app's
// own HTTP server. Lifecycle: authorise (every extension's onAuthorise) → load room (onLoad) →
// sync/awareness → change (onChange, then broadcast) → store (onStore) → unload when idle
// (onUnload). What happens at each step is the extensions' business (extension.ts): by default
// authorisation, persistence and projection, composed here.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type * as Y from "yjs";
import { type CollabStore, createCollabStore } from "../../db/collab";
import { COLLAB_PATH_PREFIX, caseIdOfPath, runAuthorise, type Verdict } from "./authorise";
import { type CollabOptions, DEFAULT_COLLAB_OPTIONS } from "./config";
import type { CollabExtension } from "./extension";
import { authorisationExtension } from "./extensions/authorisation";
import { persistenceExtension } from "./extensions/persistence";
import { projectionExtension } from "./extensions/projection";
import { rateLimitedLog } from "./log-limit";
import { createMeetingCollab, isMeetingPath, type MeetingCollab } from "./meeting-server";
import { InvalidPresenceError } from "./presence";
import { CLOSE } from "./protocol";
import { type Connection, InvalidFrameError, Room } from "./room";
import type { CollabDeps } from "./types";

/** The extensions every server has; a feature composes its own around them. */
export interface BuiltInExtensions {
  authorisation: CollabExtension;
  persistence: CollabExtension;
  projection: CollabExtension;
}

export interface CollabSetup {
  /**
   * The hook chain, in calling order. Default: authorisation, persistence, projection. An
   * extension that may refuse updates goes before persistence (a refused update is then never
   * stored); one that reacts to stored updates goes after it.
   */
  extensions?: (builtIn: BuiltInExtensions) => readonly CollabExtension[];
}

const DEFAULT_CHAIN = (b: BuiltInExtensions) => [b.authorisation, b.persistence, b.projection];

export interface CollabStats {
  rooms: number;
  connections: number;
}

export interface CollabServer {
  /** Takes the upgrade if its path is /collab/...; returns false otherwise (caller answers 404). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): CollabStats;
  /** Every loaded room's store hooks now, reason "flush" (projection, compaction). */
  flush(): void;
  /** Closes every connection (1001, clients reconnect), stores and frees every room. */
  close(): void;
  /**
   * Applies a server change to a patient's board document (decision 086): through the room, so the
   * change hooks store it (user null) and every connected client receives it; a room loaded only
   * for this is unloaded after the idle delay like any other.
   */
  changeBoard(patientId: number, change: (doc: Y.Doc) => void): void;
  /** For tests and benchmarks: the loaded lesion map of a patient, if any. */
  room(patientId: number): Room | undefined;
  /** The meetings' live documents (`/collab/meeting:<id>`, decision 112). */
  meetings: MeetingCollab;
  store: CollabStore;
}

/** Our own refusals say what was wrong; library decoding errors only their kind. */
function frameProblem(err: unknown): string {
  return err instanceof InvalidFrameError || err instanceof InvalidPresenceError
    ? err.message
    : "malformed";
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

export function createCollabServer(
  deps: CollabDeps,
  options: CollabOptions = DEFAULT_COLLAB_OPTIONS,
  setup: CollabSetup = {},
): CollabServer {
  const store = createCollabStore(deps.sqlite);
  const extensions = (setup.extensions ?? DEFAULT_CHAIN)({
    authorisation: authorisationExtension(deps),
    persistence: persistenceExtension(store, {
      compactEvery: options.compactEvery,
      compactIntervalMs: options.compactIntervalMs,
      now: deps.now,
      log: options.log,
    }),
    projection: projectionExtension(store, { now: deps.now, log: options.log }),
  });
  const rooms = new Map<number, Room>();
  const idleTimers = new Map<number, NodeJS.Timeout>();
  const log = options.log;
  // Clients can send bad frames at will: their lines are bounded (log-limit.ts).
  const logInvalidFrame = rateLimitedLog(log, options.invalidFrameLog, "invalid frames");
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    // Yjs updates are already compact binary; deflate would cost CPU and memory per socket.
    perMessageDeflate: false,
  });
  let closed = false;
  const meetings = createMeetingCollab(deps, options, logInvalidFrame);

  function unload(room: Room, code: number, reason: string): void {
    const timer = idleTimers.get(room.patientId);
    if (timer) clearTimeout(timer);
    idleTimers.delete(room.patientId);
    if (rooms.get(room.patientId) === room) rooms.delete(room.patientId);
    room.destroy(code, reason);
    log(`room ${room.name} unloaded`);
  }

  function scheduleUnload(room: Room): void {
    const previous = idleTimers.get(room.patientId);
    if (previous) clearTimeout(previous);
    idleTimers.set(
      room.patientId,
      setTimeout(() => {
        idleTimers.delete(room.patientId);
        if (room.conns.size === 0 && rooms.get(room.patientId) === room) {
          unload(room, CLOSE.goingAway, "idle");
        }
      }, options.roomIdleMs),
    );
  }

  function getRoom(patientId: number): Room {
    const existing = rooms.get(patientId);
    if (existing) {
      const timer = idleTimers.get(patientId);
      if (timer) clearTimeout(timer);
      idleTimers.delete(patientId);
      return existing;
    }
    const room = new Room(patientId, {
      extensions,
      options,
      onEmpty: scheduleUnload,
      onFailure: (r) => setImmediate(() => unload(r, CLOSE.serverError, "update not stored")),
    });
    rooms.set(patientId, room);
    return room;
  }

  function attach(ws: WebSocket, verdict: Extract<Verdict, { ok: true }>, patientId: number): void {
    let room: Room;
    try {
      // Every case of a patient opens the patient's one lesion map (decision 072).
      room = getRoom(patientId);
    } catch (err) {
      log(`map of patient ${patientId} failed to load (${(err as Error).name})`);
      ws.close(CLOSE.serverError, "board unavailable");
      return;
    }
    const conn: Connection = room.addConnection(ws, verdict);
    ws.on("message", (data, isBinary) => {
      // Frames still buffered after this connection was dropped (invalid frame, room unloaded).
      if (room.conns.get(ws) !== conn) return;
      if (!isBinary) {
        ws.close(CLOSE.unsupportedData, "binary frames only");
        return;
      }
      try {
        room.handleMessage(conn, toBytes(data));
      } catch (err) {
        // A malformed frame closes this connection only; the room and the others go on.
        logInvalidFrame(
          `room ${room.name}: invalid frame from user ${conn.userId} (${(err as Error).name}: ${frameProblem(err)})`,
        );
        ws.close(CLOSE.invalidFrame, "invalid frame");
        room.removeConnection(ws);
      }
    });
    ws.on("pong", () => {
      conn.alive = true;
    });
    ws.on("close", () => room.removeConnection(ws));
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let verdict: Verdict;
    try {
      const caseId = caseIdOfPath(req.url);
      verdict =
        caseId === null
          ? { ok: false, code: CLOSE.badRoom, reason: "bad room name" }
          : await runAuthorise(extensions, caseId, req, { userId: null, sessionId: null });
    } catch (err) {
      log(`upgrade refused: authorisation error (${(err as Error).name})`);
      verdict = { ok: false, code: CLOSE.serverError, reason: "server error" };
    }
    if (closed) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // ws emits 'error' on protocol violations (oversized frame → 1009, bad UTF-8 → 1007) and
      // closes the socket itself; an unhandled 'error' event would crash the process.
      ws.on("error", () => {});
      if (!verdict.ok) {
        ws.close(verdict.code, verdict.reason);
        return;
      }
      const patientId = store.patientOfCase(verdict.caseId);
      if (patientId === null) {
        ws.close(CLOSE.unknownCase, "unknown case");
        return;
      }
      attach(ws, verdict, patientId);
    });
  }

  // Keep-alive and the "interval" store (time-based compaction), one timer for the whole server.
  const maintenance = setInterval(() => {
    for (const room of [...rooms.values()]) {
      for (const conn of room.conns.values()) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
      room.store("interval");
    }
  }, options.pingIntervalMs);
  maintenance.unref();

  async function recheck(room: Room, conn: Connection): Promise<void> {
    let verdict: Verdict;
    try {
      verdict = await runAuthorise(extensions, conn.caseId, null, {
        userId: conn.userId,
        sessionId: conn.sessionId,
      });
    } catch (err) {
      log(`re-authorisation error (${(err as Error).name})`);
      return;
    }
    // The socket may have closed (or the room gone) while the hooks ran.
    if (room.conns.get(conn.ws) !== conn) return;
    if (!verdict.ok) {
      log(`room ${room.name}: closing user ${conn.userId} (${verdict.reason})`);
      conn.ws.close(verdict.code, verdict.reason);
      room.removeConnection(conn.ws);
    } else {
      if (verdict.readOnly !== conn.readOnly) {
        conn.readOnly = verdict.readOnly;
        conn.toldReadOnly = false;
      }
      // A new name or role shows from the person's next presence update (at least every 15 s:
      // y-protocols renews each local state); rewriting it here would need a clock of our own.
      conn.identity = verdict.identity;
    }
  }

  // Sessions end (sign-out, deactivation, expiry) and roles change while sockets stay open:
  // re-check each connection so the board follows the system of record within reauthMs.
  const reauth = setInterval(() => {
    for (const room of [...rooms.values()]) {
      for (const conn of [...room.conns.values()]) void recheck(room, conn);
    }
  }, options.reauthMs);
  reauth.unref();

  return {
    store,
    meetings,
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? "").split("?")[0] ?? "";
      if (!path.startsWith(COLLAB_PATH_PREFIX)) return false;
      socket.on("error", () => {});
      if (isMeetingPath(req.url)) void meetings.upgrade(req, socket, head);
      else void upgrade(req, socket, head);
      return true;
    },
    stats() {
      let connections = 0;
      for (const room of rooms.values()) connections += room.conns.size;
      return { rooms: rooms.size, connections };
    },
    flush() {
      for (const room of rooms.values()) room.store("flush");
    },
    close() {
      closed = true;
      meetings.close();
      clearInterval(maintenance);
      clearInterval(reauth);
      for (const room of [...rooms.values()]) unload(room, CLOSE.goingAway, "server shutting down");
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
    changeBoard(patientId, change) {
      const room = getRoom(patientId);
      change(room.doc);
      if (room.conns.size === 0) scheduleUnload(room);
    },
    room(patientId) {
      return rooms.get(patientId);
    },
  };
}
