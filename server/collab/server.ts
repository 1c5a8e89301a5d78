// The collaboration server (ARCHITECTURE.md §2): WebSocket upgrades on /collab/<room> of the app's
// own HTTP server. Lifecycle: authenticate (session cookie) → authorise (case's board, role) →
// load room → sync/awareness → change (append, broadcast) → disconnect → unload when idle.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Cookie } from "@remix-run/node";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { type CollabStore, createCollabStore } from "../../db/collab";
import type { Db, Sqlite } from "../../db/index";
import { authorise, authoriseSession, type Verdict } from "./auth";
import { type CollabOptions, DEFAULT_COLLAB_OPTIONS } from "./config";
import { CLOSE } from "./protocol";
import { type Connection, Room } from "./room";

export const COLLAB_PATH_PREFIX = "/collab/";

export interface CollabDeps {
  db: Db;
  sqlite: Sqlite;
  sessionCookie: Cookie;
  now: () => Date;
}

export interface CollabStats {
  rooms: number;
  connections: number;
}

export interface CollabServer {
  /** Takes the upgrade if its path is /collab/...; returns false otherwise (caller answers 404). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): CollabStats;
  /** Projection and compaction of every loaded room now (tests, shutdown). */
  flush(): void;
  /** Closes every connection (1001, clients reconnect), stores and frees every room. */
  close(): void;
  /** For tests and benchmarks: the loaded room of a case, if any. */
  room(caseId: number): Room | undefined;
  store: CollabStore;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

export function createCollabServer(
  deps: CollabDeps,
  options: CollabOptions = DEFAULT_COLLAB_OPTIONS,
): CollabServer {
  const store = createCollabStore(deps.sqlite);
  const rooms = new Map<number, Room>();
  const idleTimers = new Map<number, NodeJS.Timeout>();
  const log = options.log;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    // Yjs updates are already compact binary; deflate would cost CPU and memory per socket.
    perMessageDeflate: false,
  });
  let closed = false;

  function unload(room: Room, code: number, reason: string): void {
    const timer = idleTimers.get(room.caseId);
    if (timer) clearTimeout(timer);
    idleTimers.delete(room.caseId);
    if (rooms.get(room.caseId) === room) rooms.delete(room.caseId);
    room.destroy(code, reason);
    log(`room ${room.name} unloaded`);
  }

  function scheduleUnload(room: Room): void {
    const previous = idleTimers.get(room.caseId);
    if (previous) clearTimeout(previous);
    idleTimers.set(
      room.caseId,
      setTimeout(() => {
        idleTimers.delete(room.caseId);
        if (room.conns.size === 0 && rooms.get(room.caseId) === room) {
          unload(room, CLOSE.goingAway, "idle");
        }
      }, options.roomIdleMs),
    );
  }

  function getRoom(caseId: number): Room {
    const existing = rooms.get(caseId);
    if (existing) {
      const timer = idleTimers.get(caseId);
      if (timer) clearTimeout(timer);
      idleTimers.delete(caseId);
      return existing;
    }
    const room = new Room(caseId, {
      store,
      options,
      now: deps.now,
      onEmpty: scheduleUnload,
      onFailure: (r) => setImmediate(() => unload(r, CLOSE.serverError, "storage error")),
    });
    rooms.set(caseId, room);
    return room;
  }

  function attach(ws: WebSocket, verdict: Extract<Verdict, { ok: true }>): void {
    let room: Room;
    try {
      room = getRoom(verdict.caseId);
    } catch (err) {
      log(`room case:${verdict.caseId} failed to load (${(err as Error).name})`);
      ws.close(CLOSE.serverError, "board unavailable");
      return;
    }
    const conn: Connection = room.addConnection(
      ws,
      verdict.userId,
      verdict.readOnly,
      verdict.sessionId,
    );
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
        log(`room ${room.name}: invalid frame from user ${conn.userId} (${(err as Error).name})`);
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
      verdict = await authorise(deps, req);
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
      attach(ws, verdict);
    });
  }

  // Keep-alive and time-based compaction, one timer for the whole server.
  const maintenance = setInterval(() => {
    const now = Date.now();
    for (const room of rooms.values()) {
      for (const conn of room.conns.values()) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
      if (room.dirtySince !== null && now - room.dirtySince >= options.compactIntervalMs) {
        room.compact();
      }
    }
  }, options.pingIntervalMs);
  maintenance.unref();

  // Sessions end (sign-out, deactivation, expiry) and roles change while sockets stay open:
  // re-check each connection so the board follows the system of record within reauthMs.
  const reauth = setInterval(() => {
    for (const room of [...rooms.values()]) {
      for (const conn of [...room.conns.values()]) {
        let verdict: Verdict;
        try {
          verdict = authoriseSession(deps, conn.sessionId, room.caseId);
        } catch (err) {
          log(`re-authorisation error (${(err as Error).name})`);
          continue;
        }
        if (!verdict.ok) {
          log(`room ${room.name}: closing user ${conn.userId} (${verdict.reason})`);
          conn.ws.close(verdict.code, verdict.reason);
          room.removeConnection(conn.ws);
        } else if (verdict.readOnly !== conn.readOnly) {
          conn.readOnly = verdict.readOnly;
          conn.toldReadOnly = false;
        }
      }
    }
  }, options.reauthMs);
  reauth.unref();

  return {
    store,
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? "").split("?")[0] ?? "";
      if (!path.startsWith(COLLAB_PATH_PREFIX)) return false;
      socket.on("error", () => {});
      void upgrade(req, socket, head);
      return true;
    },
    stats() {
      let connections = 0;
      for (const room of rooms.values()) connections += room.conns.size;
      return { rooms: rooms.size, connections };
    },
    flush() {
      for (const room of rooms.values()) {
        room.flushProjection();
        room.compact();
      }
    },
    close() {
      closed = true;
      clearInterval(maintenance);
      clearInterval(reauth);
      for (const room of [...rooms.values()]) unload(room, CLOSE.goingAway, "server shutting down");
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
    room(caseId) {
      return rooms.get(caseId);
    },
  };
}
