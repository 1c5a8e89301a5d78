// The meetings' live documents on the collaboration server (issue 11 §4, decision 112): upgrades on
// /collab/meeting:<id>, authorised here, joined to one MeetingRoom per meeting (meeting-room.ts).
// Who may follow: an active signed-in user who may see the meeting's RCP (members, admins). Who may
// move the meeting: its chair (meetings.chair_user_id) and holders of `meeting:manage`
// (coordinators, admins: app/domain/records/permissions.ts); everyone else is read-only, as
// observers are on a board. Re-checked every COLLAB_REAUTH_MS, as board sockets are.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { parseMeetingRoomName } from "../../app/domain/board/room";
import { can, canSeeRcp } from "../../app/domain/records/permissions";
import {
  findMeetingForLive,
  loadMeetingLiveState,
  saveMeetingLiveState,
} from "../../db/meetingLive";
import { sessionIdFromCookie, userOfSession } from "../usecases/sessions";
import { COLLAB_PATH_PREFIX } from "./authorise";
import type { CollabOptions } from "./config";
import type { PresenceIdentity } from "./extension";
import { sameOrigin } from "./extensions/authorisation";
import { type MeetingConnection, MeetingRoom } from "./meeting-room";
import { CLOSE } from "./protocol";
import type { CollabDeps } from "./types";

const MEETING_PREFIX = "meeting:";

export type MeetingVerdict =
  | {
      ok: true;
      meetingId: number;
      userId: number;
      readOnly: boolean;
      sessionId: string;
      identity: PresenceIdentity;
    }
  | { ok: false; code: number; reason: string };

/** The room part of an upgrade path, decoded; null when it cannot be decoded. */
function roomOfPath(url: string | undefined): string | null {
  const path = (url ?? "").split("?")[0] ?? "";
  try {
    return decodeURIComponent(path.slice(COLLAB_PATH_PREFIX.length));
  } catch {
    return null;
  }
}

/** Is this upgrade for a meeting room (well-formed or not)? Board rooms are `case:<id>`. */
export function isMeetingPath(url: string | undefined): boolean {
  return roomOfPath(url)?.startsWith(MEETING_PREFIX) ?? false;
}

/** On connect `request` is the upgrade; on a re-check it is null and `sessionId` the socket's. */
export async function authoriseMeeting(
  deps: CollabDeps,
  meetingId: number,
  request: IncomingMessage | null,
  knownSessionId: string | null,
): Promise<MeetingVerdict> {
  let sessionId = knownSessionId;
  if (request) {
    if (!sameOrigin(request)) return { ok: false, code: CLOSE.forbidden, reason: "cross-origin" };
    sessionId = await sessionIdFromCookie(deps, request.headers.cookie);
  }
  if (sessionId === null) return { ok: false, code: CLOSE.unauthenticated, reason: "no session" };
  const user = userOfSession(deps, sessionId);
  if (!user) return { ok: false, code: CLOSE.unauthenticated, reason: "invalid session" };
  const meeting = findMeetingForLive(deps.db, meetingId);
  if (!meeting) return { ok: false, code: CLOSE.unknownCase, reason: "unknown meeting" };
  if (!canSeeRcp(user, meeting.rcpId)) {
    return { ok: false, code: CLOSE.forbidden, reason: "no access to this meeting" };
  }
  const drives = user.id === meeting.chairUserId || can(user, "meeting:manage");
  return {
    ok: true,
    meetingId,
    userId: user.id,
    sessionId,
    readOnly: !drives,
    identity: { name: user.displayName, role: user.role, specialty: user.specialty },
  };
}

export interface MeetingCollab {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** For tests: the loaded room of a meeting, if any. */
  room(meetingId: number): MeetingRoom | undefined;
  close(): void;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** `logInvalidFrame`: the board server's rate-limited log (one budget for the whole process). */
export function createMeetingCollab(
  deps: CollabDeps,
  options: CollabOptions,
  logInvalidFrame: (line: string) => void,
): MeetingCollab {
  const log = options.log;
  const rooms = new Map<number, MeetingRoom>();
  const idleTimers = new Map<number, NodeJS.Timeout>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    perMessageDeflate: false,
  });
  let closed = false;

  function unload(room: MeetingRoom, code: number, reason: string): void {
    const timer = idleTimers.get(room.meetingId);
    if (timer) clearTimeout(timer);
    idleTimers.delete(room.meetingId);
    if (rooms.get(room.meetingId) === room) rooms.delete(room.meetingId);
    room.destroy(code, reason);
    log(`room ${room.name} unloaded`);
  }

  function getRoom(meetingId: number): MeetingRoom {
    const existing = rooms.get(meetingId);
    if (existing) {
      const timer = idleTimers.get(meetingId);
      if (timer) clearTimeout(timer);
      idleTimers.delete(meetingId);
      return existing;
    }
    const room = new MeetingRoom(meetingId, {
      load: () => loadMeetingLiveState(deps.db, meetingId),
      save: (state) => saveMeetingLiveState(deps.db, meetingId, state, deps.now().toISOString()),
      options,
      onEmpty: (r) =>
        idleTimers.set(
          r.meetingId,
          setTimeout(() => {
            idleTimers.delete(r.meetingId);
            if (r.conns.size === 0 && rooms.get(r.meetingId) === r)
              unload(r, CLOSE.goingAway, "idle");
          }, options.roomIdleMs),
        ),
      onFailure: (r) => setImmediate(() => unload(r, CLOSE.serverError, "update not stored")),
    });
    rooms.set(meetingId, room);
    return room;
  }

  function attach(ws: WebSocket, verdict: Extract<MeetingVerdict, { ok: true }>): void {
    const meetingId = verdict.meetingId;
    let room: MeetingRoom;
    try {
      room = getRoom(meetingId);
    } catch (err) {
      log(`meeting ${meetingId} failed to load (${(err as Error).name})`);
      ws.close(CLOSE.serverError, "meeting unavailable");
      return;
    }
    const conn = room.addConnection(ws, verdict);
    ws.on("message", (data, isBinary) => {
      if (room.conns.get(ws) !== conn) return;
      if (!isBinary) {
        ws.close(CLOSE.unsupportedData, "binary frames only");
        return;
      }
      try {
        room.handleMessage(conn, toBytes(data));
      } catch (err) {
        logInvalidFrame(
          `room ${room.name}: invalid frame from user ${conn.userId} (${(err as Error).name}: ${(err as Error).message})`,
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

  async function recheck(room: MeetingRoom, conn: MeetingConnection): Promise<void> {
    let verdict: MeetingVerdict;
    try {
      verdict = await authoriseMeeting(deps, room.meetingId, null, conn.sessionId);
    } catch (err) {
      log(`meeting re-authorisation error (${(err as Error).name})`);
      return;
    }
    if (room.conns.get(conn.ws) !== conn) return;
    if (!verdict.ok) {
      log(`room ${room.name}: closing user ${conn.userId} (${verdict.reason})`);
      conn.ws.close(verdict.code, verdict.reason);
      room.removeConnection(conn.ws);
      return;
    }
    if (conn.readOnly && !verdict.readOnly) {
      // Named chair (or given meeting:manage) while connected: y-protocols has no "permission
      // granted" message, so the page would keep its "read-only" until it reconnects. Closing with
      // 1001 makes the stock client reconnect at once and learn it may drive.
      conn.ws.close(CLOSE.goingAway, "rights changed");
      room.removeConnection(conn.ws);
      return;
    }
    room.setReadOnly(conn, verdict.readOnly);
    conn.identity = verdict.identity;
  }

  const maintenance = setInterval(() => {
    for (const room of rooms.values()) {
      for (const conn of room.conns.values()) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }, options.pingIntervalMs);
  maintenance.unref();
  const reauth = setInterval(() => {
    for (const room of [...rooms.values()]) {
      for (const conn of [...room.conns.values()]) void recheck(room, conn);
    }
  }, options.reauthMs);
  reauth.unref();

  return {
    async upgrade(req, socket, head) {
      const meetingId = parseMeetingRoomName(roomOfPath(req.url) ?? "");
      let verdict: MeetingVerdict;
      try {
        verdict =
          meetingId === null
            ? { ok: false, code: CLOSE.badRoom, reason: "bad room name" }
            : await authoriseMeeting(deps, meetingId, req, null);
      } catch (err) {
        log(`meeting upgrade refused: authorisation error (${(err as Error).name})`);
        verdict = { ok: false, code: CLOSE.serverError, reason: "server error" };
      }
      if (closed) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on("error", () => {});
        if (!verdict.ok) {
          ws.close(verdict.code, verdict.reason);
          return;
        }
        attach(ws, verdict);
      });
    },
    room: (meetingId) => rooms.get(meetingId),
    close() {
      closed = true;
      clearInterval(maintenance);
      clearInterval(reauth);
      for (const room of [...rooms.values()]) unload(room, CLOSE.goingAway, "server shutting down");
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
