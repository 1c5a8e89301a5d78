// One live case board in memory: its Y.Doc, the presence (awareness) of the people connected, and
// the lifecycle hooks in Hocuspocus order (STYLE.md): load (synchronous, snapshot + tail, before
// sync step 1), change (append the update to SQLite, THEN broadcast), store (debounced projection,
// periodic compaction into a snapshot), unload (compact, free). Message handling is adapted from
// the reference server (@y/websocket-server 0.1.1 src/utils.js, MIT).
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { CollabStore } from "../../db/collab";
import type { CollabOptions } from "./config";
import { writeProjection } from "./projection";
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

/** Origin of the updates applied while loading from SQLite: not appended again. */
const LOAD_ORIGIN = Symbol("collab-load");

export interface Connection {
  ws: WebSocket;
  userId: number;
  readOnly: boolean;
  /** Re-checked periodically (server.ts): a session that ends closes the connection. */
  sessionId: string;
  /** Awareness client ids this connection controls (removed when it closes). */
  awarenessIds: Set<number>;
  alive: boolean;
  /** Observers are told once per connection that their edits are dropped. */
  toldReadOnly: boolean;
}

export class InvalidFrameError extends Error {}

export interface RoomDeps {
  store: CollabStore;
  options: CollabOptions;
  now: () => Date;
  /** Called when the room has no connection left (the server schedules the unload). */
  onEmpty: (room: Room) => void;
  /** Called when persisting failed: the room must be dropped without compaction. */
  onFailure: (room: Room) => void;
}

function isEmptyUpdate(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}

export class Room {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Map<WebSocket, Connection>();
  /** Highest board_updates.id appended (or loaded) for this case. */
  lastUpdateId = 0;
  /** board_updates.id folded into the latest snapshot. */
  snapshotUpdateId = 0;
  /** Users whose updates are not yet folded into a snapshot. */
  readonly editorsSinceSnapshot = new Set<number>();
  updatesSinceSnapshot = 0;
  dirtySince: number | null = null;
  failed = false;
  private projectionTimer: NodeJS.Timeout | null = null;
  private projectionFirstChange = 0;
  private compactionQueued = false;

  constructor(
    readonly caseId: number,
    private readonly deps: RoomDeps,
  ) {
    this.name = `case:${caseId}`;
    this.doc = new Y.Doc({ gc: true });
    this.load();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.doc.on("update", this.onDocUpdate);
  }

  // ---- load: synchronous, before any client gets sync step 1 (no empty board is ever served) ----

  private load(): void {
    const started = performance.now();
    const { snapshot, tail } = this.deps.store.loadBoard(this.caseId);
    const parts: Uint8Array[] = [];
    if (snapshot) {
      parts.push(snapshot.state);
      this.snapshotUpdateId = snapshot.lastUpdateId;
      this.lastUpdateId = snapshot.lastUpdateId;
    }
    for (const row of tail) {
      parts.push(row.update);
      this.lastUpdateId = Math.max(this.lastUpdateId, row.id);
      if (row.userId !== null) this.editorsSinceSnapshot.add(row.userId);
    }
    // One transaction, updates applied in order (as y-leveldb's getYDoc does): measured 15× faster
    // than Y.mergeUpdates on 10,000 small updates (test/bench/collab.bench.ts, cold load).
    if (parts.length > 0) {
      this.doc.transact(() => {
        for (const part of parts) Y.applyUpdate(this.doc, part, LOAD_ORIGIN);
      }, LOAD_ORIGIN);
    }
    this.updatesSinceSnapshot = tail.length;
    if (tail.length > 0) this.dirtySince = Date.now();
    const ms = (performance.now() - started).toFixed(1);
    this.deps.options.log(
      `room ${this.name} loaded (snapshot ${snapshot?.id ?? "none"}, tail ${tail.length}) in ${ms} ms`,
    );
    // A long tail (a crash, or a room never unloaded cleanly) is folded now, so the next load is short.
    if (tail.length >= this.deps.options.compactEvery) this.compact();
  }

  // ---- change: append, then broadcast ----

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN || this.failed) return;
    const conn = origin instanceof Object && this.isConnection(origin) ? origin : null;
    const userId = conn ? conn.userId : null;
    try {
      this.lastUpdateId = this.deps.store.appendUpdate(
        this.caseId,
        userId,
        update,
        this.deps.now().toISOString(),
      );
    } catch (err) {
      // Not stored means not accepted: nothing is broadcast and the room is dropped, so that no
      // client keeps an edit the database does not have (clients resend it on reconnect).
      this.failed = true;
      this.deps.options.log(
        `room ${this.name}: append failed (${(err as Error).name}); dropping room`,
      );
      this.deps.onFailure(this);
      return;
    }
    if (userId !== null) this.editorsSinceSnapshot.add(userId);
    this.updatesSinceSnapshot++;
    if (this.dirtySince === null) this.dirtySince = Date.now();
    const message = encodeUpdate(update);
    for (const c of this.conns.values()) if (c !== conn) this.send(c, message);
    this.scheduleProjection();
    if (this.updatesSinceSnapshot >= this.deps.options.compactEvery) this.queueCompaction();
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

  addConnection(ws: WebSocket, userId: number, readOnly: boolean, sessionId: string): Connection {
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

  // ---- store: projection (debounced) and compaction ----

  private scheduleProjection(): void {
    const { projectionDebounceMs, projectionMaxWaitMs } = this.deps.options;
    const now = Date.now();
    if (this.projectionTimer) clearTimeout(this.projectionTimer);
    else this.projectionFirstChange = now;
    const waited = now - this.projectionFirstChange;
    const delay = Math.max(0, Math.min(projectionDebounceMs, projectionMaxWaitMs - waited));
    this.projectionTimer = setTimeout(() => this.flushProjection(), delay);
  }

  get projectionPending(): boolean {
    return this.projectionTimer !== null;
  }

  flushProjection(): void {
    if (this.projectionTimer) clearTimeout(this.projectionTimer);
    this.projectionTimer = null;
    if (this.failed) return;
    try {
      writeProjection(
        this.deps.store,
        this.caseId,
        this.doc,
        this.deps.now().toISOString(),
        this.deps.options.log,
      );
    } catch (err) {
      this.deps.options.log(`room ${this.name}: projection failed (${(err as Error).name})`);
    }
  }

  private queueCompaction(): void {
    if (this.compactionQueued) return;
    this.compactionQueued = true;
    // After the broadcast, off the edit's path.
    setImmediate(() => {
      this.compactionQueued = false;
      this.compact();
    });
  }

  /** Folds the appended updates into a new snapshot row (older snapshots stay: the history). */
  compact(): void {
    if (this.failed || this.updatesSinceSnapshot === 0) return;
    try {
      this.deps.store.writeSnapshot(
        this.caseId,
        Y.encodeStateAsUpdate(this.doc),
        this.lastUpdateId,
        [...this.editorsSinceSnapshot],
        this.deps.now().toISOString(),
      );
      this.snapshotUpdateId = this.lastUpdateId;
      this.editorsSinceSnapshot.clear();
      this.updatesSinceSnapshot = 0;
      this.dirtySince = null;
    } catch (err) {
      // The updates are safe in board_updates; the next compaction retries.
      this.deps.options.log(`room ${this.name}: compaction failed (${(err as Error).name})`);
    }
  }

  // ---- unload ----

  /** Closes every connection, stores what is pending (unless failed) and frees the document. */
  destroy(code: number, reason: string): void {
    for (const conn of this.conns.values()) conn.ws.close(code, reason);
    this.conns.clear();
    if (this.projectionTimer) {
      if (this.failed) clearTimeout(this.projectionTimer);
      else this.flushProjection();
      this.projectionTimer = null;
    }
    this.compact();
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
