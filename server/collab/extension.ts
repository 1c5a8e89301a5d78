// The collaboration room's hooks, in the manner of Hocuspocus's extensions (onAuthenticate,
// onLoadDocument, onChange, onStoreDocument, afterUnloadDocument: tiptap.dev/docs/hocuspocus/
// server/hooks): the room calls them in the order the server lists its extensions and knows
// nothing of SQLite, the projection or sessions. Order and error semantics: docs/collab.md.
import type { IncomingMessage } from "node:http";
import type * as Y from "yjs";

/** What a hook sees of a loaded room. */
export interface RoomInfo {
  /** The patient whose lesion map this is: every case of the patient shares it (decision 072). */
  readonly patientId: number;
  /** `patient:<id>` (app/domain/board/room.ts). */
  readonly name: string;
  readonly doc: Y.Doc;
  /** A change hook threw: the room is being dropped; nothing more may be stored from it. */
  readonly failed: boolean;
}

/**
 * How a person is shown to the others in the room (presence): written by the server into the
 * `user` field of their awareness state, whatever their browser sent (docs/collab.md, Presence).
 */
export interface PresenceIdentity {
  name: string;
  role: string;
  specialty: string | null;
}

/** Who is connecting, as established by the authorise hooks that ran so far. */
export interface Access {
  userId: number | null;
  /** The session the connection was opened with (re-checked periodically). */
  sessionId: string | null;
  /** Observers receive everything; their updates are dropped (docs/collab.md). */
  readOnly: boolean;
  /** The account's name, role and specialty for presence; null shows only the user id. */
  identity: PresenceIdentity | null;
}

export interface AuthorisePayload {
  /** The case whose board the socket opens (its path `case:<id>`). */
  caseId: number;
  roomName: string;
  /** The upgrade request when a socket connects; null when an open connection is re-checked. */
  request: IncomingMessage | null;
  /**
   * On connect: nothing yet; on a re-check: the connection's user and session (readOnly false,
   * identity null: the hooks set them again).
   */
  access: Readonly<Access>;
}

/** Fields to set; `readOnly: true` from any hook makes the connection read-only. */
export type AuthoriseResult = Partial<Access> | undefined;

export interface LoadPayload {
  room: RoomInfo;
}

export interface ChangePayload {
  room: RoomInfo;
  /** The Yjs update, already applied to room.doc, not yet sent to anyone. */
  update: Uint8Array;
  /** The sending user; null for an edit made on the server (by an extension). */
  userId: number | null;
  /** The case whose board sent it; null for an edit made on the server. */
  caseId: number | null;
}

/**
 * debounce: some time after accepted changes (COLLAB_PROJECTION_DEBOUNCE_MS, at most
 * COLLAB_PROJECTION_MAX_WAIT_MS after the first); interval: the server's periodic maintenance
 * tick; flush: CollabServer.flush(); unload: the last call before onUnload.
 */
export type StoreReason = "debounce" | "interval" | "flush" | "unload";

export interface StorePayload {
  room: RoomInfo;
  reason: StoreReason;
}

export interface UnloadPayload {
  room: RoomInfo;
  /** Why the room goes (idle, shutdown, refused update, failed load). */
  reason: string;
  /** True when a change hook threw (or a load hook did): no store hook ran for this unload. */
  failed: boolean;
}

/**
 * One plug-in of the room. Every hook is optional. Load, change, store and unload hooks are
 * synchronous (a returned promise is an error): they run between Yjs events, before anything is
 * sent, so that "stored before broadcast" and "loaded before sync step 1" hold.
 */
export interface CollabExtension {
  /** For logs. */
  readonly name: string;
  /** Throw a CollabRefusal to refuse the connection with its close code. */
  onAuthorise?(payload: AuthorisePayload): AuthoriseResult | Promise<AuthoriseResult>;
  /** Fill room.doc (edits made here are not changes: not appended, not broadcast). */
  onLoad?(payload: LoadPayload): void;
  /** Throwing means "not accepted": not broadcast, later hooks skipped, the room dropped (1011). */
  onChange?(payload: ChangePayload): void;
  /** A throw is logged; the other hooks still run and the room stays. */
  onStore?(payload: StorePayload): void;
  /** Free per-room state. A throw is logged. */
  onUnload?(payload: UnloadPayload): void;
}

/** Thrown by an authorise hook: the socket is closed with this code (4400–4499 are final). */
export class CollabRefusal extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "CollabRefusal";
  }
}

/**
 * `async onChange() {}` type-checks as `() => void`; refuse it at run time, since the room cannot
 * wait for it without breaking the order of events.
 */
export function assertSynchronous(result: unknown, extension: string, hook: string): void {
  if (
    result !== undefined &&
    result !== null &&
    typeof (result as { then?: unknown }).then === "function"
  ) {
    (result as Promise<unknown>).then(undefined, () => {});
    throw new TypeError(`${extension}.${hook} returned a promise; room hooks are synchronous`);
  }
}
