// Presence (Yjs awareness) bound to the connection that sends it (issue 9: any connection could
// claim another person's name and role, or overwrite or remove another person's entry). The wire
// format is y-protocols' awareness update, unchanged (y-protocols/awareness.js
// encodeAwarenessUpdate: count, then per entry clientID, clock, state as JSON), so the stock
// client interoperates; the room keeps only the entries a connection owns, with the `user` field
// written by the server from the account.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { colorForUser, parseTextCursor } from "../../app/domain/board/presence";
import type { PresenceIdentity } from "./extension";

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null removes the entry (a client leaving). */
  state: Record<string, unknown> | null;
}

export class InvalidPresenceError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Decodes an awareness update; throws on a truncated frame, bad JSON or a non-object state. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (state !== null && !isRecord(state)) {
      throw new InvalidPresenceError("presence state is not an object");
    }
    entries.push({ clientId, clock, state });
  }
  return entries;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

/** What others see of a person: from the account, never from the person's browser. */
export interface PresenceUser {
  id: number;
  /** What y-codemirror.next paints a remote caret with (src/y-remote-selections.js `user.color`). */
  color: string;
  name?: string;
  role?: string;
  specialty?: string | null;
}

/**
 * The state as the room relays it: the client's own fields (open lesion, presenting, following)
 * kept, `user` replaced by the account's (with its colour, so remote carets show the server-given
 * name), `cursor` kept only when it is a small well-formed text cursor (decision 071; a malformed
 * or oversized one is dropped, the rest of the state still relayed). Without an identity (no
 * authorise hook gave one) only the id and colour are shown.
 */
export function bindPresence(
  state: Record<string, unknown>,
  userId: number,
  identity: PresenceIdentity | null,
): Record<string, unknown> {
  const color = colorForUser(userId);
  const user: PresenceUser = identity ? { id: userId, color, ...identity } : { id: userId, color };
  const bound: Record<string, unknown> = { ...state, user };
  if ("cursor" in state) bound.cursor = parseTextCursor(state.cursor);
  return bound;
}
