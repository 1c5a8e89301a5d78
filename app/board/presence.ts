// Presence on the live board, carried by the Yjs awareness protocol (ephemeral, never stored).
// Remote states come from other browsers through the server: they are parsed, never trusted as
// typed. The `user` field of a remote state is written by the server from the sender's account
// (server/collab/presence.ts, docs/collab.md "Presence"), its colour included; the colour shown is
// derived again here from the id (app/domain/board/presence.ts), so an old server changes nothing.
import * as z from "zod";
import { colorForUser } from "../domain/board/presence";

export { colorForUser };

export const PresenceSchema = z.object({
  user: z.object({
    id: z.number().int().positive(),
    name: z.string().min(1).max(200),
    specialty: z.string().max(100).nullable(),
    role: z.string().max(40),
  }),
  /** Lesion whose panel this person has open. */
  openLesionId: z.string().max(64).nullable(),
  /** Epoch ms when this person started presenting, or null. The latest presenter leads. */
  presentingSince: z.number().nullable(),
  /** Whether this person currently follows the presenter. */
  following: z.boolean(),
});
export type Presence = z.infer<typeof PresenceSchema>;

export interface Peer extends Presence {
  user: Presence["user"] & { color: string };
  clientId: number;
  self: boolean;
}

/** Every valid presence state, the local one first, then by name. */
export function peersFrom(
  states: ReadonlyMap<number, Record<string, unknown>>,
  selfClientId: number,
): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    const parsed = PresenceSchema.safeParse(state);
    if (!parsed.success) continue;
    const user = { ...parsed.data.user, color: colorForUser(parsed.data.user.id) };
    peers.push({ ...parsed.data, user, clientId, self: clientId === selfClientId });
  }
  return peers.sort((a, b) =>
    a.self !== b.self ? (a.self ? -1 : 1) : a.user.name.localeCompare(b.user.name, "fr"),
  );
}

/** The person leading the presentation: the most recent one to start presenting. */
export function currentPresenter(peers: readonly Peer[]): Peer | null {
  let best: Peer | null = null;
  for (const p of peers) {
    if (p.presentingSince === null) continue;
    if (!best || (best.presentingSince ?? 0) < p.presentingSince) best = p;
  }
  return best;
}

export function initials(name: string): string {
  const words = name
    .replace(/^(Dr|Pr)\.?\s+/i, "")
    .split(/\s+/)
    .filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join("");
}
