// Applies a textarea's new value to a Y.Text as the smallest splice (common prefix and suffix
// kept), so two people typing in different places of one discussion both keep their words.
import type * as Y from "yjs";

export interface Splice {
  index: number;
  remove: number;
  insert: string;
}

export function spliceBetween(before: string, after: string): Splice | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore--;
    endAfter--;
  }
  return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

export function applyTextValue(text: Y.Text, value: string, origin: unknown): void {
  const splice = spliceBetween(text.toString(), value);
  const doc = text.doc;
  if (!splice || !doc) return;
  doc.transact(() => {
    if (splice.remove > 0) text.delete(splice.index, splice.remove);
    if (splice.insert) text.insert(splice.index, splice.insert);
  }, origin);
}

/** Where a caret at `position` lands after a splice made by someone else. */
export function shiftCaret(position: number, splice: Splice): number {
  if (position <= splice.index) return position;
  if (position >= splice.index + splice.remove) {
    return position - splice.remove + splice.insert.length;
  }
  return splice.index + splice.insert.length;
}
