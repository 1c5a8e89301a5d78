// The meeting's live document on a Y.Doc, for the browser (useMeetingLive) and the tests: reading
// it leniently and the two edits a driving page makes. The shape and the transitions are the
// kernel's (app/domain/meeting/live.ts); the server checks every update against the same schema.
import type * as Y from "yjs";
import {
  ATTENDANCE_REV_KEY,
  goTo,
  MEETING_LIVE_KEY,
  MEETING_LIVE_ROOT,
  type MeetingDoc,
  readMeetingDoc,
} from "../domain/meeting/live";

export function meetingMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(MEETING_LIVE_ROOT);
}

/** The document as the pages show it (a malformed value falls back, never throws). */
export function readMeeting(doc: Y.Doc): MeetingDoc {
  return readMeetingDoc(meetingMap(doc).toJSON());
}

/**
 * Puts `caseId` on screen (null: none), adding the running stretch to the previous case. The whole
 * state is one value, so two drivers moving at once converge on one of their states (Yjs keeps
 * one of two concurrent writes to a map key on every client; decision 112).
 */
export function goToCase(doc: Y.Doc, caseId: number | null, nowMs: number): void {
  const next = goTo(readMeeting(doc).live, caseId, nowMs);
  doc.transact(() => meetingMap(doc).set(MEETING_LIVE_KEY, next));
}

/** After the chair changed attendance: followers see a new revision and reload the quorum. */
export function bumpAttendanceRev(doc: Y.Doc): void {
  doc.transact(() => meetingMap(doc).set(ATTENDANCE_REV_KEY, readMeeting(doc).attendanceRev + 1));
}
