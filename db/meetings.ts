// Meetings of an RCP, their agenda and attendance sheet (issue 11 §1, §3): queries only. The use
// case (server/usecases/meetings.ts) opens the transaction and writes the audit row.
import { and, asc, desc, eq, gt, inArray, notInArray } from "drizzle-orm";
import type { Db } from "./index";
import {
  agendaItems,
  boardLesions,
  cases,
  meetingAttendees,
  meetings,
  patients,
  rcpMembers,
  rcps,
  users,
} from "./schema";

export type MeetingRow = typeof meetings.$inferSelect;
export type AgendaItemRow = typeof agendaItems.$inferSelect;
export type AttendeeRow = typeof meetingAttendees.$inferSelect;

export interface NewMeetingRow {
  rcpId: number;
  date: string;
  time: string;
  place: string;
  videoLink: string | null;
  createdBy: number | null;
}

export function insertMeeting(db: Db, m: NewMeetingRow): MeetingRow {
  return db
    .insert(meetings)
    .values({ ...m, status: "planned" })
    .returning()
    .get();
}

export function getMeetingRow(db: Db, id: number): MeetingRow | undefined {
  return db.select().from(meetings).where(eq(meetings.id, id)).get();
}

/** A meeting already planned for this RCP at this date and time (the unique index's key). */
export function meetingAt(
  db: Db,
  rcpId: number,
  date: string,
  time: string,
): MeetingRow | undefined {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.rcpId, rcpId), eq(meetings.date, date), eq(meetings.time, time)))
    .get();
}

export type MeetingPatch = Partial<
  Pick<MeetingRow, "status" | "chairUserId" | "openedAt" | "closedAt" | "updatedAt">
>;

export function updateMeetingRow(db: Db, id: number, patch: MeetingPatch): MeetingRow | undefined {
  return db.update(meetings).set(patch).where(eq(meetings.id, id)).returning().get();
}

/** Meetings of these RCPs (`null`: every RCP), latest first, with the RCP's name. */
export function listMeetingRows(db: Db, rcpIds: readonly number[] | null) {
  if (rcpIds !== null && rcpIds.length === 0) return [];
  return db
    .select({ meeting: meetings, rcpName: rcps.name })
    .from(meetings)
    .innerJoin(rcps, eq(rcps.id, meetings.rcpId))
    .where(rcpIds === null ? undefined : inArray(meetings.rcpId, [...rcpIds]))
    .orderBy(desc(meetings.date), desc(meetings.time))
    .limit(500)
    .all();
}

/** Planned meetings of an RCP after a date, earliest first (targets of a postponement). */
export function plannedMeetingsAfter(db: Db, rcpId: number, date: string): MeetingRow[] {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.rcpId, rcpId), eq(meetings.status, "planned"), gt(meetings.date, date)))
    .orderBy(asc(meetings.date), asc(meetings.time))
    .all();
}

export function agendaRows(db: Db, meetingId: number): AgendaItemRow[] {
  return db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position))
    .all();
}

export interface AgendaItemValues {
  caseId: number;
  late: boolean;
  outcome: "pending" | "decided" | "postponed";
  history: unknown;
}

/**
 * Writes a meeting's agenda as given, in order: existing rows are updated (their created_at
 * stays), new ones inserted, rows no longer listed deleted.
 */
export function writeAgenda(db: Db, meetingId: number, items: readonly AgendaItemValues[]): void {
  const ids = items.map((i) => i.caseId);
  db.delete(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), notInArray(agendaItems.caseId, ids)))
    .run();
  items.forEach((item, position) => {
    const values = { ...item, position };
    db.insert(agendaItems)
      .values({ meetingId, ...values })
      .onConflictDoUpdate({ target: [agendaItems.meetingId, agendaItems.caseId], set: values })
      .run();
  });
}

/** The agenda with each case and its patient (for the meeting page). */
export function agendaWithCases(db: Db, meetingId: number) {
  return db
    .select({ item: agendaItems, case: cases, patient: patients })
    .from(agendaItems)
    .innerJoin(cases, eq(cases.id, agendaItems.caseId))
    .innerJoin(patients, eq(patients.id, cases.patientId))
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position))
    .all();
}

/** Cases of an RCP that are not closed (candidates for an agenda), with their patient. */
export function openCasesOfRcp(db: Db, rcpId: number) {
  return db
    .select({ case: cases, patient: patients })
    .from(cases)
    .innerJoin(patients, eq(patients.id, cases.patientId))
    .where(and(eq(patients.rcpId, rcpId), inArray(cases.status, ["draft", "ready", "discussed"])))
    .orderBy(asc(patients.lastName), asc(patients.firstName), asc(cases.id))
    .all();
}

/** Every agenda a case has been on, earliest meeting first. */
export function agendaItemsOfCase(db: Db, caseId: number) {
  return db
    .select({ item: agendaItems, meeting: meetings })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(eq(agendaItems.caseId, caseId))
    .orderBy(asc(meetings.date), asc(meetings.time))
    .all();
}

export function attendeeRows(db: Db, meetingId: number): AttendeeRow[] {
  return db
    .select()
    .from(meetingAttendees)
    .where(eq(meetingAttendees.meetingId, meetingId))
    .orderBy(asc(meetingAttendees.name))
    .all();
}

export type AttendeeValues = Omit<AttendeeRow, "updatedAt"> & { updatedAt: string };

/** One row per person per meeting: a second mark replaces the first. */
export function upsertAttendee(db: Db, row: AttendeeValues): AttendeeRow {
  const { meetingId: _m, attendeeKey: _k, ...set } = row;
  return db
    .insert(meetingAttendees)
    .values(row)
    .onConflictDoUpdate({
      target: [meetingAttendees.meetingId, meetingAttendees.attendeeKey],
      set,
    })
    .returning()
    .get();
}

/** The RCP's members as the attendance sheet lists them: name, role and specialty from the account. */
export function membersForAttendance(db: Db, rcpId: number) {
  return db
    .select({
      id: users.id,
      displayName: users.displayName,
      role: users.role,
      specialty: users.specialty,
      active: users.active,
    })
    .from(rcpMembers)
    .innerJoin(users, eq(users.id, rcpMembers.userId))
    .where(eq(rcpMembers.rcpId, rcpId))
    .orderBy(asc(users.displayName))
    .all();
}

/** The sites of the lesions on these patients' boards (board_lesions, the projection). */
export function lesionSitesOfPatients(db: Db, patientIds: readonly number[]) {
  if (patientIds.length === 0) return [];
  return db
    .select({ patientId: boardLesions.patientId, siteId: boardLesions.siteId })
    .from(boardLesions)
    .where(inArray(boardLesions.patientId, [...patientIds]))
    .all();
}
