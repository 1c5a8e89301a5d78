// The one owner of a live case board's room name (`case:<id>`): the browser client connects to it,
// the collaboration server parses it from the WebSocket path. Pure, no imports.

const ROOM = /^case:([1-9][0-9]{0,15})$/;

/** The room of a case's live board, e.g. `case:42`. */
export function boardRoomName(caseId: number): string {
  if (!Number.isSafeInteger(caseId) || caseId < 1) {
    throw new RangeError("a board room needs a positive integer case id");
  }
  return `case:${caseId}`;
}

/**
 * The case id of a room name, or null for anything else (no leading zero, sign, space or suffix:
 * one spelling per case, so one room per case).
 */
export function parseBoardRoomName(name: string): number | null {
  const match = ROOM.exec(name);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}
