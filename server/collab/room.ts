// One live case board in memory: its Y.Doc, the presence (awareness) of the people connected, and
// the lifecycle hooks in Hocuspocus order (extension.ts, docs/collab.md): load (synchronous, before
// sync step 1), change (every hook, e.g. the SQLite append, THEN broadcast), store (debounced),
// unload. The room knows nothing of SQLite, sessions or the projection: those are extensions.
// Message handling is adapted from the reference server (@y/websocket-server 0.1.1 src/utils.js,
// MIT).
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { boardRoomName } from "../../app/domain/board/room";
import type { CollabOptions } from "./config";
import {
  assertSynchronous,
  type CollabExtension,
  type RoomInfo,
  type StoreReason,
} from "./extension";
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

export interface Connection {
  ws: WebSocket;
  userId: number;
  readOnly: boolean;
  /** Re-checked periodically (server.ts): a session that ends closes the connection. */
  sessionId: string | null;
  /** Awareness client ids this connection controls (removed when it closes). */
  awarenessIds: Set<number>;
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

function isEmptyUpdate(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}

export class Room implements RoomInfo {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Map<WebSocket, Connection>();
  private refused = false;
  private destroyed = false;
  private storeTimer: NodeJS.Timeout | null = null;
  private storeFirstChange = 0;

  /** Runs the load hooks; throws (after the unload hooks ran) if one of them throws. */
  constructor(
    readonly caseId: number,
    private readonly deps: RoomDeps,
  ) {
    this.name = boardRoomName(caseId);
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
    for (const ext of this.deps.extensions) {
      if (!ext.onChange) continue;
      try {
        assertSynchronous(ext.onChange({ room: this, update, userId }), ext.name, "onChange");
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

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = origin instanceof Object && this.isConnection(origin) ? origin : null;
    if (conn) {
      for (const id of changes.added) conn.awarenessIds.add(id);
      for (const id of changes.removed) conn.awarenessIds.delete(id);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const message = encodeAwareness(this.awareness, changed);
    for (const c of this.conns.values()) this.send(c, message);
  };

  // ---- connections ----

  addConnection(
    ws: WebSocket,
    userId: number,
    readOnly: boolean,
    sessionId: string | null,
  ): Connection {
    const conn: Connection = {
      ws,
      userId,
      readOnly,
      sessionId,
      awarenessIds: new Set(),
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
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
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
        awarenessProtocol.applyAwarenessUpdate(
          this.awareness,
          decoding.readVarUint8Array(decoder),
          conn,
        );
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
    const empty = isEmptyUpdate(payload);
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
