// The one owner of the board's room names. A browser opens the board of a case: it connects to
// `case:<id>` (the WebSocket path); the collaboration server joins every case of a patient to the
// patient's one lesion map, named `patient:<id>` in its logs (decision 072). Pure, no imports.

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

/** The name of a patient's lesion map on the server (logs, offline copies), e.g. `patient:7`. */
export function patientMapName(patientId: number): string {
  if (!Number.isSafeInteger(patientId) || patientId < 1) {
    throw new RangeError("a lesion map needs a positive integer patient id");
  }
  return `patient:${patientId}`;
}

// The meeting's live document (issue 11 §4, decision 112): one room per meeting, `meeting:<id>`,
// beside the boards' rooms on the same /collab path.
const MEETING_ROOM = /^meeting:([1-9][0-9]{0,15})$/;

/** The room of a meeting's live document (current case, timers), e.g. `meeting:3`. */
export function meetingRoomName(meetingId: number): string {
  if (!Number.isSafeInteger(meetingId) || meetingId < 1) {
    throw new RangeError("a meeting room needs a positive integer meeting id");
  }
  return `meeting:${meetingId}`;
}

/** The meeting id of a room name, or null for anything else (one spelling per meeting). */
export function parseMeetingRoomName(name: string): number | null {
  const match = MEETING_ROOM.exec(name);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}
