// What one person's presence on the live board carries besides the open lesion: a colour derived
// from the account and the text cursor of the editor they type in. Shared by the browser (shows
// peers and carets) and the collaboration server (writes the colour, validates the cursor).
import * as z from "zod";

// Colour-blind-safe palette (Okabe–Ito, darkened for white text), picked from the user id so a
// person keeps the same colour in every meeting and on every screen.
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

/** A Yjs item id as JSON (yjs src/utils/ID.js: `{ client, clock }`, both unsigned integers). */
const YIdSchema = z.strictObject({
  client: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  clock: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

/**
 * A Yjs relative position as JSON.stringify writes it (yjs src/utils/RelativePosition.js: type,
 * tname, item, assoc). `tname` is a root type name: the board's are short (`lesions`,
 * `discussion`), 64 characters leaves room for a per-case root such as `discussion:<caseId>`.
 */
const RelativePositionSchema = z.strictObject({
  type: YIdSchema.nullable().optional(),
  tname: z.string().max(64).nullable().optional(),
  item: YIdSchema.nullable().optional(),
  assoc: z.number().int().min(-1).max(1).optional(),
});

/**
 * The `cursor` field y-codemirror.next puts in the awareness state of the person typing
 * (src/y-remote-selections.js: `{ anchor, head }` relative positions, or null when blurred).
 */
export const TextCursorSchema = z.strictObject({
  anchor: RelativePositionSchema,
  head: RelativePositionSchema,
});
export type TextCursor = z.infer<typeof TextCursorSchema>;

/** Characters of a serialised cursor: a well-formed one is under 300; anything longer is refused. */
export const TEXT_CURSOR_MAX_CHARS = 400;

/** The cursor as relayed: a valid, small one unchanged; null for none, malformed or oversized. */
export function parseTextCursor(value: unknown): TextCursor | null {
  if (value === null || value === undefined) return null;
  const parsed = TextCursorSchema.safeParse(value);
  if (!parsed.success) return null;
  return JSON.stringify(parsed.data).length <= TEXT_CURSOR_MAX_CHARS ? parsed.data : null;
}
