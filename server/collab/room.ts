// One live case board in memory: its Y.Doc, the presence (awareness) of the people connected, and
// the lifecycle hooks in Hocuspocus order (extension.ts, docs/collab.md): load (synchronous, before
// sync step 1), change (every hook, e.g. the SQLite append, THEN broadcast), store (debounced),
// unload. The room knows nothing of SQLite, sessions or the projection: those are extensions.
// It does know the protocol's own rules: presence entries belong to the connection that first
// announced them (presence.ts), and updates may write only the board's top-level types
// (update-guard.ts).
// Message handling is adapted from the reference server (@y/websocket-server 0.1.1 src/utils.js,
// MIT).
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { patientMapName } from "../../app/domain/board/room";
import { caseDiscussionKey, decisionDraftKey, LESIONS_KEY } from "../../app/domain/board/ydoc";
import type { CollabOptions } from "./config";
import {
  assertSynchronous,
  type CollabExtension,
  type PresenceIdentity,
  type RoomInfo,
  type StoreReason,
} from "./extension";
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
  READ_ONLY_REASON,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
} from "./protocol";
import { foreignRootType, inspectUpdate, rootsWritten } from "./update-guard";

export interface Connection {
  ws: WebSocket;
  userId: number;
  /** The case whose board this socket opened: it may write that case's discussion only. */
  caseId: number;
  /** Root types its updates may write: the patient's lesions, its case's discussion and draft. */
  allowedRoots: ReadonlySet<string>;
  readOnly: boolean;
  /** Re-checked periodically (server.ts): a session that ends closes the connection. */
  sessionId: string | null;
  /** How others see this person (presence), from the authorise hooks. */
  identity: PresenceIdentity | null;
  /** The one awareness client id this connection owns: the first it announced (presence.ts). */
  awarenessId: number | null;
  alive: boolean;
  /** Observers are told once per connection that their edits are dropped. */
  toldReadOnly: boolean;
}

export class InvalidFrameError extends Error {}

export interface RoomDeps {
  /** Called in this order for every hook. */
  extensions: readonly CollabExtension[];
  options: Pick<CollabOptions, "storeDebounceMs" | "storeMaxWaitMs" | "maxBufferedBytes" | "log">;
  /** Called when the room has no connection left (the server schedules the unload). */
  onEmpty: (room: Room) => void;
  /** Called when a change hook refused an update: the room must be dropped, nothing stored. */
  onFailure: (room: Room) => void;
}

export interface NewConnection {
  userId: number;
  caseId: number;
  readOnly: boolean;
  sessionId: string | null;
  identity: PresenceIdentity | null;
}

export class Room implements RoomInfo {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Map<WebSocket, Connection>();
  /** Awareness client id → the connection that owns it now. */
  private readonly presenceOwners = new Map<number, Connection>();
  /**
   * Awareness client id → the user who first owned it, kept while the room lives: after a
   * reconnect only the same person may take their id back (nobody can squat it meanwhile).
   */
  private readonly presenceUsers = new Map<number, number>();
  private refused = false;
  private destroyed = false;
  private storeTimer: NodeJS.Timeout | null = null;
  private storeFirstChange = 0;

  /** Runs the load hooks; throws (after the unload hooks ran) if one of them throws. */
  constructor(
    readonly patientId: number,
    private readonly deps: RoomDeps,
  ) {
    this.name = patientMapName(patientId);
    this.doc = new Y.Doc({ gc: true });
    this.load();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onAwarenessUpdate);
    // Listening only now: what the load hooks applied is not a change (not appended again).
    this.doc.on("update", this.onDocUpdate);
  }

  get failed(): boolean {
    return this.refused;
  }

  // ---- load: synchronous, before any client gets sync step 1 (no empty board is ever served) ----

  private load(): void {
    for (const ext of this.deps.extensions) {
      if (!ext.onLoad) continue;
      try {
        assertSynchronous(ext.onLoad({ room: this }), ext.name, "onLoad");
      } catch (err) {
        this.refused = true;
        this.runUnloadHooks(`${ext.name} failed to load`);
        this.doc.destroy();
        throw err;
      }
    }
  }

  // ---- change: every change hook (the append among them), then broadcast ----

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.refused) return;
    const conn = origin instanceof Object && this.isConnection(origin) ? origin : null;
    const userId = conn ? conn.userId : null;
    const caseId = conn ? conn.caseId : null;
    for (const ext of this.deps.extensions) {
      if (!ext.onChange) continue;
      try {
        assertSynchronous(
          ext.onChange({ room: this, update, userId, caseId }),
          ext.name,
          "onChange",
        );
      } catch (err) {
        // Not stored means not accepted: nothing is broadcast and the room is dropped, so that no
        // client keeps an edit the database does not have (clients resend it on reconnect).
        this.refused = true;
        this.cancelStore();
        this.deps.options.log(
          `room ${this.name}: ${ext.name} refused an update (${(err as Error).name}); dropping room`,
        );
        this.deps.onFailure(this);
        return;
      }
    }
    const message = encodeUpdate(update);
    for (const c of this.conns.values()) if (c !== conn) this.send(c, message);
    this.scheduleStore();
  };

  private isConnection(value: object): value is Connection {
    return "ws" in value && this.conns.get((value as Connection).ws) === value;
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

  /**
   * May this connection set the entry of `clientId`? Yes for the id it owns; a connection that
   * owns none takes the first id it announces, unless another person used that id in this room
   * (the same person reconnecting takes it over from their stale socket).
   */
  private ownsPresence(conn: Connection, clientId: number): boolean {
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

  /**
   * An awareness update from a client: entries for ids it does not own are dropped quietly (a
   * reconnect race may send one legitimately), the `user` field of the others is the account's.
   */
  private applyPresence(conn: Connection, update: Uint8Array): void {
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

  addConnection(ws: WebSocket, who: NewConnection): Connection {
    const conn: Connection = {
      ws,
      userId: who.userId,
      caseId: who.caseId,
      // Only the case's own discussion and decision draft: a board page never writes another
      // case's (decisions 072 and 091).
      allowedRoots: new Set([
        LESIONS_KEY,
        caseDiscussionKey(who.caseId),
        decisionDraftKey(who.caseId),
      ]),
      readOnly: who.readOnly,
      sessionId: who.sessionId,
      identity: who.identity,
      awarenessId: null,
      alive: true,
      toldReadOnly: false,
    };
    this.conns.set(ws, conn);
    this.send(conn, encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) this.send(conn, encodeAwareness(this.awareness, states));
    return conn;
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

  send(conn: Connection, message: Uint8Array): void {
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

  /**
   * One frame from a client. Throws InvalidFrameError (or a decoding error) on a malformed frame:
   * the caller closes that connection only.
   */
  handleMessage(conn: Connection, data: Uint8Array): void {
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
        // Unknown message types are ignored, as the reference server does (forward compatible).
        return;
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === SYNC_STEP_1) {
      this.send(conn, encodeSyncStep2(this.doc, payload));
      return;
    }
    if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) {
      throw new InvalidFrameError(`unknown sync message ${syncType}`);
    }
    // Decoding the whole update first refuses truncated or garbled updates before they touch the
    // document (Y.applyUpdate could otherwise integrate part of them before throwing).
    const shape = inspectUpdate(payload);
    const empty = shape.empty;
    if (conn.readOnly) {
      // Observers stay connected read-only: their edit is dropped (never stored nor broadcast)
      // and they are told once with the standard y-protocols "permission denied" message.
      if (!empty && !conn.toldReadOnly) {
        conn.toldReadOnly = true;
        this.send(conn, encodePermissionDenied(READ_ONLY_REASON));
      }
      return;
    }
    if (empty) return;
    // A new top-level type would be stored (and loaded, snapshotted) forever: refused whole,
    // before it touches the document. The client's name for it is not logged (its own text).
    // Resolved against the document: an edit inside another case's existing text or map names
    // only its neighbour, not the root (update-guard.ts rootsWritten).
    const written = { ...shape, rootTypes: rootsWritten(this.doc, payload) };
    if (foreignRootType(written, conn.allowedRoots) !== null) {
      throw new InvalidFrameError("update writes a top-level type outside this case's board");
    }
    Y.applyUpdate(this.doc, payload, conn);
  }

  // ---- store: debounced after changes, and on the server's tick, flush and unload ----

  private scheduleStore(): void {
    const { storeDebounceMs, storeMaxWaitMs } = this.deps.options;
    const now = Date.now();
    if (this.storeTimer) clearTimeout(this.storeTimer);
    else this.storeFirstChange = now;
    const waited = now - this.storeFirstChange;
    const delay = Math.max(0, Math.min(storeDebounceMs, storeMaxWaitMs - waited));
    this.storeTimer = setTimeout(() => this.store("debounce"), delay);
  }

  private cancelStore(): void {
    if (this.storeTimer) clearTimeout(this.storeTimer);
    this.storeTimer = null;
  }

  /** Runs every store hook (each on its own: one failing never stops the others nor the room). */
  store(reason: StoreReason): void {
    if (reason !== "interval") this.cancelStore();
    if (this.refused) return;
    for (const ext of this.deps.extensions) {
      if (!ext.onStore) continue;
      try {
        assertSynchronous(ext.onStore({ room: this, reason }), ext.name, "onStore");
      } catch (err) {
        this.deps.options.log(
          `room ${this.name}: ${ext.name} store failed (${(err as Error).name})`,
        );
      }
    }
  }

  // ---- unload ----

  private runUnloadHooks(reason: string): void {
    for (const ext of this.deps.extensions) {
      if (!ext.onUnload) continue;
      try {
        assertSynchronous(
          ext.onUnload({ room: this, reason, failed: this.refused }),
          ext.name,
          "onUnload",
        );
      } catch (err) {
        this.deps.options.log(
          `room ${this.name}: ${ext.name} unload failed (${(err as Error).name})`,
        );
      }
    }
  }

  /** Closes every connection, stores what is pending (unless failed), unloads, frees the doc. */
  destroy(code: number, reason: string): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const conn of this.conns.values()) conn.ws.close(code, reason);
    this.conns.clear();
    this.cancelStore();
    if (!this.refused) this.store("unload");
    this.runUnloadHooks(reason);
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
