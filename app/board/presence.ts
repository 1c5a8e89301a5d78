// Presence on the live board, carried by the Yjs awareness protocol (ephemeral, never stored).
// Remote states come from other browsers through the server: they are parsed, never trusted as
// typed. The `user` field of a remote state is written by the server from the sender's account
// (server/collab/presence.ts, docs/collab.md "Presence"); the colour is derived here from the id.
import * as z from "zod";

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

// Colour-blind-safe palette (Okabe–Ito, darkened for white text), picked from the user id so a
// person keeps the same colour in every meeting.
const PALETTE = [
  "#0b6e99",
  "#b35c00",
  "#007a5a",
  "#a3456e",
  "#5b4aa0",
  "#8a6d00",
  "#1f5fa8",
  "#9c2f2f",
] as const;

export function colorForUser(userId: number): string {
  return PALETTE[userId % PALETTE.length] ?? PALETTE[0];
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
