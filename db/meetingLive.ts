// SQL of the meeting's live document (issue 11 §4, decision 112): the meeting row the collaboration
// server needs to authorise a socket, and the compacted Yjs state in `meeting_live`, written on
// every accepted change (a few hundred bytes) so a restart keeps the current case and the timers.
import { eq, sql } from "drizzle-orm";
import type { Db } from "./index";
import { meetingLive, meetings } from "./schema";

export interface MeetingForLive {
  id: number;
  rcpId: number;
  chairUserId: number | null;
}

export function findMeetingForLive(db: Db, meetingId: number): MeetingForLive | null {
  const row = db
    .select({ id: meetings.id, rcpId: meetings.rcpId, chairUserId: meetings.chairUserId })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .get();
  return row ?? null;
}

export function loadMeetingLiveState(db: Db, meetingId: number): Uint8Array | null {
  const row = db
    .select({ state: meetingLive.state })
    .from(meetingLive)
    .where(eq(meetingLive.meetingId, meetingId))
    .get();
  return row ? new Uint8Array(row.state) : null;
}

/** Replaces the stored state (one row per meeting). `at` is an ISO instant. */
export function saveMeetingLiveState(
  db: Db,
  meetingId: number,
  state: Uint8Array,
  at: string,
): void {
  const blob = Buffer.from(state);
  db.insert(meetingLive)
    .values({ meetingId, state: blob, updatedAt: at })
    .onConflictDoUpdate({
      target: meetingLive.meetingId,
      set: { state: blob, updatedAt: sql`excluded.updated_at` },
    })
    .run();
}
