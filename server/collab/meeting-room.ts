// One meeting's live document in memory (issue 11 §4, decision 112): its Y.Doc (current case,
// per-case timers, attendance revision: app/domain/meeting/live.ts), the presence of the people
// following it, and its durability: every accepted update is written to `meeting_live` (the whole
// compacted state, a few hundred bytes) before it is broadcast, so a restart keeps the current case.
// A small sibling of room.ts (the patient's board), not a generalisation of it: the board room's
// hooks, per-case roots and append-then-compact storage do not apply here. The wire protocol,
// read-only mechanism, presence binding and root guard are the same modules (protocol.ts,
// presence.ts, update-guard.ts); message handling adapted from the reference server
// (@y/websocket-server 0.1.1 src/utils.js, MIT), as room.ts is.
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { meetingRoomName } from "../../app/domain/board/room";
import { MEETING_LIVE_ROOT, MeetingDocSchema } from "../../app/domain/meeting/live";
import type { CollabOptions } from "./config";
import type { PresenceIdentity } from "./extension";
import {
  type AwarenessEntry,
  bindPresence,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
} from "./presence";
import {
  CLOSE,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
} from "./protocol";
import { InvalidFrameError } from "./room";
import { foreignRootType, inspectUpdate } from "./update-guard";

/** Sent to a read-only connection as it joins (and if it writes): the meeting page disables "next". */
export const MEETING_READ_ONLY_REASON =
  "read-only: only the chair and the coordinators move the meeting";

const MEETING_ROOTS: ReadonlySet<string> = new Set([MEETING_LIVE_ROOT]);

export interface MeetingConnection {
  ws: WebSocket;
  userId: number;
  readOnly: boolean;
  sessionId: string | null;
  identity: PresenceIdentity | null;
  awarenessId: number | null;
  alive: boolean;
  toldReadOnly: boolean;
}

export interface MeetingRoomDeps {
  /** The stored state (meeting_live), or null for a meeting never followed yet. */
  load: () => Uint8Array | null;
  /** Writes the whole state; a throw refuses the update (not broadcast, the room is dropped). */
  save: (state: Uint8Array) => void;
  options: Pick<CollabOptions, "maxBufferedBytes" | "log">;
  onEmpty: (room: MeetingRoom) => void;
  onFailure: (room: MeetingRoom) => void;
}

export type NewMeetingConnection = Pick<
  MeetingConnection,
  "userId" | "readOnly" | "sessionId" | "identity"
>;

export class MeetingRoom {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Map<WebSocket, MeetingConnection>();
  // Presence ownership: the same rule as room.ts (decision 032): a connection owns the first
  // awareness id it announces; an id stays its account's while the room lives.
  private readonly presenceOwners = new Map<number, MeetingConnection>();
  private readonly presenceUsers = new Map<number, number>();
  private refused = false;
  private destroyed = false;

  constructor(
    readonly meetingId: number,
    private readonly deps: MeetingRoomDeps,
  ) {
    this.name = meetingRoomName(meetingId);
    this.doc = new Y.Doc({ gc: true });
    const stored = deps.load();
    if (stored) Y.applyUpdate(this.doc, stored);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.doc.on("update", this.onDocUpdate);
  }

  get failed(): boolean {
    return this.refused;
  }

  // ---- change: stored, then broadcast ----

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.refused) return;
    try {
      this.deps.save(Y.encodeStateAsUpdate(this.doc));
    } catch (err) {
      this.refused = true;
      this.deps.options.log(`room ${this.name}: state not stored (${(err as Error).name})`);
      this.deps.onFailure(this);
      return;
    }
    const message = encodeUpdate(update);
    for (const c of this.conns.values()) if (c !== origin) this.send(c, message);
  };

  /** Would the document still parse (app/domain/meeting/live.ts) with this update applied? */
  private acceptable(update: Uint8Array): boolean {
    const trial = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(trial, Y.encodeStateAsUpdate(this.doc));
      Y.applyUpdate(trial, update);
      return MeetingDocSchema.safeParse(trial.getMap(MEETING_LIVE_ROOT).toJSON()).success;
    } finally {
      trial.destroy();
    }
  }

  // ---- presence ----

  private readonly onAwarenessUpdate = (changes: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const message = encodeAwareness(this.awareness, changed);
    for (const c of this.conns.values()) this.send(c, message);
  };

  private ownsPresence(conn: MeetingConnection, clientId: number): boolean {
    if (conn.awarenessId !== null) return conn.awarenessId === clientId;
    const user = this.presenceUsers.get(clientId);
    if (user !== undefined && user !== conn.userId) return false;
    const previous = this.presenceOwners.get(clientId);
    if (previous) previous.awarenessId = null;
    conn.awarenessId = clientId;
    this.presenceOwners.set(clientId, conn);
    this.presenceUsers.set(clientId, conn.userId);
    return true;
  }

  private applyPresence(conn: MeetingConnection, update: Uint8Array): void {
    const kept: AwarenessEntry[] = [];
    for (const entry of decodeAwarenessEntries(update)) {
      if (!this.ownsPresence(conn, entry.clientId)) continue;
      const state = entry.state && bindPresence(entry.state, conn.userId, conn.identity);
      kept.push({ ...entry, state });
    }
    if (kept.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(kept), conn);
  }

  // ---- connections ----

  addConnection(ws: WebSocket, who: NewMeetingConnection): MeetingConnection {
    const conn: MeetingConnection = {
      ...who,
      ws,
      awarenessId: null,
      alive: true,
      toldReadOnly: false,
    };
    this.conns.set(ws, conn);
    // Told before sync step 1, so the page knows whether it may drive by the time it is synced.
    this.tellReadOnly(conn);
    this.send(conn, encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) this.send(conn, encodeAwareness(this.awareness, states));
    return conn;
  }

  /** A re-check took the right to drive away (a chair replaced); told at once. */
  setReadOnly(conn: MeetingConnection, readOnly: boolean): void {
    if (conn.readOnly === readOnly) return;
    conn.readOnly = readOnly;
    conn.toldReadOnly = false;
    this.tellReadOnly(conn);
  }

  private tellReadOnly(conn: MeetingConnection): void {
    if (!conn.readOnly || conn.toldReadOnly) return;
    conn.toldReadOnly = true;
    this.send(conn, encodePermissionDenied(MEETING_READ_ONLY_REASON));
  }

  removeConnection(ws: WebSocket): void {
    const conn = this.conns.get(ws);
    if (!conn) return;
    this.conns.delete(ws);
    const id = conn.awarenessId;
    if (id !== null && this.presenceOwners.get(id) === conn) {
      this.presenceOwners.delete(id);
      awarenessProtocol.removeAwarenessStates(this.awareness, [id], null);
    }
    if (this.conns.size === 0) this.deps.onEmpty(this);
  }

  send(conn: MeetingConnection, message: Uint8Array): void {
    const ws = conn.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.deps.options.maxBufferedBytes) {
      ws.close(CLOSE.tooSlow, "too slow");
      return;
    }
    ws.send(message, (err) => {
      if (err) ws.terminate();
    });
  }

  /** One frame; throws on a malformed one (the caller closes that connection only). */
  handleMessage(conn: MeetingConnection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        this.handleSync(conn, decoder);
        return;
      case MESSAGE_AWARENESS:
        this.applyPresence(conn, decoding.readVarUint8Array(decoder));
        return;
      case MESSAGE_QUERY_AWARENESS:
        this.send(conn, encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      default:
        return;
    }
  }

  private handleSync(conn: MeetingConnection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === SYNC_STEP_1) {
      this.send(conn, encodeSyncStep2(this.doc, payload));
      return;
    }
    if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) {
      throw new InvalidFrameError(`unknown sync message ${syncType}`);
    }
    const shape = inspectUpdate(payload);
    if (conn.readOnly) {
      // As observers on a board (docs/collab.md): dropped, never stored nor broadcast.
      if (!shape.empty) this.tellReadOnly(conn);
      return;
    }
    if (shape.empty) return;
    if (foreignRootType(shape, MEETING_ROOTS) !== null) {
      throw new InvalidFrameError("update writes a top-level type outside the meeting document");
    }
    // Values are checked before they touch the document: a writer's bad value is refused whole
    // (1007), so nothing malformed is stored or reaches the followers.
    if (!this.acceptable(payload)) {
      throw new InvalidFrameError("update writes a value the meeting document does not allow");
    }
    Y.applyUpdate(this.doc, payload, conn);
  }

  /** Closes every connection and frees the doc (the state is already stored). */
  destroy(code: number, reason: string): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const conn of this.conns.values()) conn.ws.close(code, reason);
    this.conns.clear();
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
