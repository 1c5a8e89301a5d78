// Meetings of an RCP (issue 11 §1, §3; docs/meetings.md): plan, chair, agenda, attendance. Each
// change loads the meeting as the kernel's `Meeting` value, applies the kernel function
// (app/domain/meeting), writes the result back and its audit row, in one transaction. The kernel's
// refusals (DomainInputError) become Refusals naming the field; the quorum is never stored: it is
// computed from the attendance sheet and the RCP's required specialties each time it is read.
import * as z from "zod";
import { compareIsoDates } from "../../app/domain/dates";
import { DomainInputError } from "../../app/domain/errors";
import {
  AgendaEventSchema,
  type AgendaItem,
  type Attendee,
  addLateCase,
  addReadyCase,
  carryUndecided as carryUndecidedKernel,
  closeMeeting as closeMeetingKernel,
  type Meeting,
  markCaseDecided,
  nextMeetings,
  openMeeting as openMeetingKernel,
  type Presence,
  postponeCase as postponeCaseKernel,
  type QuorumResult,
  quorum,
  RcpCalendarSchema,
  type RequiredSpecialty,
  RequiredSpecialtySchema,
  reorderAgenda as reorderAgendaKernel,
  type ScheduledMeeting,
  SpecialtySchema,
  type SuggestedOrder,
  specialtiesNeededForLesions,
  suggestAgendaOrder,
} from "../../app/domain/meeting";
import type { GuestInput, PlanMeetingInput } from "../../app/domain/records/meeting";
import { patientDisplayName } from "../../app/domain/records/patient";
import { writeAudit } from "../../db/audit";
import { getCase } from "../../db/cases";
import type { Db } from "../../db/index";
import {
  agendaItemsOfCase,
  agendaRows,
  agendaWithCases,
  attendeeRows,
  getMeetingRow,
  insertMeeting,
  lesionSitesOfPatients,
  listMeetingRows,
  type MeetingRow,
  meetingAt,
  membersForAttendance,
  openCasesOfRcp,
  plannedMeetingsAfter,
  updateMeetingRow,
  upsertAttendee,
  writeAgenda,
} from "../../db/meetings";
import { getRcp } from "../../db/rcps";
import { type AppContext, todayOf } from "./context";
import { conflict, invalid, notFound, Refusal } from "./refusal";

export type { MeetingRow };

// ---- The kernel's value, loaded and written back --------------------------------------------

const HistorySchema = z.array(AgendaEventSchema).min(1);

/** A meeting as the kernel's value (rows were written from kernel values, so they parse). */
function loadMeeting(db: Db, row: MeetingRow): Meeting {
  const agenda: AgendaItem[] = agendaRows(db, row.id).map((r) => ({
    caseId: r.caseId,
    late: r.late,
    outcome: r.outcome,
    history: HistorySchema.parse(r.history),
  }));
  return {
    id: row.id,
    rcpId: row.rcpId,
    date: row.date,
    time: row.time,
    status: row.status,
    agenda,
  };
}

function requireMeeting(db: Db, meetingId: number): MeetingRow {
  const row = getMeetingRow(db, meetingId);
  if (!row) throw notFound();
  return row;
}

/** Writes a kernel value back: its status (with when it changed) and its agenda in order. */
function saveMeeting(db: Db, before: MeetingRow, after: Meeting, nowIso: string): void {
  const patch =
    after.status === before.status
      ? { updatedAt: nowIso }
      : after.status === "open"
        ? { status: after.status, openedAt: nowIso, updatedAt: nowIso }
        : { status: after.status, closedAt: nowIso, updatedAt: nowIso };
  updateMeetingRow(db, before.id, patch);
  writeAgenda(db, before.id, after.agenda);
}

/** Rules about the meeting as it stands answer 409; input that names nothing sensible, 400. */
const STATE_REASONS = new Set(["illegalTransition", "duplicate", "caseNotReady", "notLater"]);

/** Runs a kernel function; its refusal becomes the user's, with the kernel's own words. */
function kernel<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof DomainInputError)) throw e;
    const error = { field: e.field ?? "_form", code: "errors.meeting_refused", reason: e.label };
    throw new Refusal(STATE_REASONS.has(e.reason) ? "conflict" : "invalid", [error]);
  }
}

function audit(
  db: Db,
  actorId: number | null,
  meetingId: number,
  action: string,
  before: unknown,
  after: unknown,
): void {
  writeAudit(db, {
    userId: actorId,
    entity: "meeting",
    entityId: meetingId,
    action,
    before,
    after,
  });
}

// ---- Attendance and quorum ------------------------------------------------------------------

/** One line of the attendance sheet; `presence` is null until the chair marks it. */
export interface SheetEntry {
  attendeeKey: string;
  kind: "member" | "guest";
  userId: number | null;
  name: string;
  physician: boolean;
  specialty: z.infer<typeof SpecialtySchema> | null;
  presence: Presence | null;
}

const specialtyOf = (s: string | null) => SpecialtySchema.safeParse(s).data ?? null;
const memberKey = (userId: number) => `member:${userId}`;

/**
 * Every active member of the RCP (physician flag and specialty from the account, issue 11 §3)
 * and every guest, with the presence marked so far. A member who left the RCP after being marked
 * stays on the sheet, with what was recorded then.
 */
function attendanceSheet(db: Db, meeting: MeetingRow): SheetEntry[] {
  const rows = new Map(attendeeRows(db, meeting.id).map((r) => [r.attendeeKey, r]));
  const sheet: SheetEntry[] = [];
  for (const m of membersForAttendance(db, meeting.rcpId)) {
    const key = memberKey(m.id);
    const row = rows.get(key);
    rows.delete(key);
    if (!m.active && !row) continue;
    sheet.push({
      attendeeKey: key,
      kind: "member",
      userId: m.id,
      name: m.displayName,
      physician: m.role === "physician",
      specialty: specialtyOf(m.specialty),
      presence: row?.presence ?? null,
    });
  }
  for (const r of rows.values())
    sheet.push({
      attendeeKey: r.attendeeKey,
      kind: r.attendeeKey.startsWith("guest:") ? "guest" : "member",
      userId: r.userId,
      name: r.name,
      physician: r.physician,
      specialty: specialtyOf(r.specialty),
      presence: r.presence,
    });
  return sheet;
}

/** The sheet as the kernel's attendance: a person not yet marked counts as absent. */
function attendeesOf(sheet: readonly SheetEntry[]): Attendee[] {
  return sheet.map((e) => {
    const common = {
      name: e.name,
      physician: e.physician,
      specialty: e.specialty,
      presence: e.presence ?? "absent",
    };
    return e.kind === "member" && e.userId !== null
      ? { kind: "member", userId: e.userId, ...common }
      : { kind: "guest", guestId: e.attendeeKey.replace(/^guest:/, ""), ...common };
  });
}

function requiredSpecialtiesOf(db: Db, rcpId: number): RequiredSpecialty[] {
  const stored: unknown = getRcp(db, rcpId)?.requiredSpecialties ?? [];
  // drizzle's json-mode `.default("[]")` (db/schema.ts) is written by an insert as the JSON
  // string '"[]"', which reads back as the string "[]": decode that once more. Any other value
  // was written by the RCP admin page through the same schema; "[]" is "none required".
  const value: unknown = typeof stored === "string" ? JSON.parse(stored) : stored;
  return z.array(RequiredSpecialtySchema).parse(value);
}

// ---- Reading --------------------------------------------------------------------------------

export interface MeetingSummary {
  id: number;
  rcpId: number;
  rcpName: string;
  date: string;
  time: string;
  place: string;
  videoLink: string | null;
  status: MeetingRow["status"];
}

/** Meetings of the RCPs the user sees (`null`: every RCP), split around today. */
export function listMeetings(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  filter: { rcpId?: number } = {},
): { upcoming: MeetingSummary[]; past: MeetingSummary[] } {
  const visible =
    filter.rcpId === undefined
      ? rcpIds
      : rcpIds === null || rcpIds.includes(filter.rcpId)
        ? [filter.rcpId]
        : [];
  const today = todayOf(ctx);
  const all = listMeetingRows(ctx.db, visible).map(({ meeting: m, rcpName }) => ({
    id: m.id,
    rcpId: m.rcpId,
    rcpName,
    date: m.date,
    time: m.time,
    place: m.place,
    videoLink: m.videoLink,
    status: m.status,
  }));
  // A meeting still running (open) is "upcoming" whatever its date: it is not over yet.
  const isPast = (m: MeetingSummary) =>
    m.status === "closed" || (m.status === "planned" && compareIsoDates(m.date, today) < 0);
  return { upcoming: all.filter((m) => !isPast(m)).reverse(), past: all.filter(isPast) };
}

/** A meeting's row (for access checks: its RCP and chair); undefined if unknown. */
export function findMeeting(
  ctx: Pick<AppContext, "db">,
  meetingId: number,
): MeetingRow | undefined {
  return getMeetingRow(ctx.db, meetingId);
}

/** The next dates of an RCP's calendar not planned yet (the coordinator picks one). */
export function scheduledDatesOf(ctx: AppContext, rcpId: number): ScheduledMeeting[] {
  const rcp = getRcp(ctx.db, rcpId);
  if (!rcp?.calendar) return [];
  const calendar = RcpCalendarSchema.parse(rcp.calendar);
  return nextMeetings(calendar, ctx.now(), 8).filter(
    (s) => !meetingAt(ctx.db, rcpId, s.date, s.time),
  );
}

export interface AgendaLine {
  caseId: number;
  position: number;
  late: boolean;
  outcome: "pending" | "decided" | "postponed";
  history: z.infer<typeof HistorySchema>;
  patientId: number;
  patientName: string;
  hospitalId: string;
  question: string;
  urgency: "routine" | "priority" | "urgent";
  caseStatus: "draft" | "ready" | "discussed" | "closed";
}

export interface MeetingView {
  meeting: MeetingSummary & {
    chairUserId: number | null;
    chairName: string | null;
    openedAt: string | null;
    closedAt: string | null;
  };
  agenda: AgendaLine[];
  attendance: SheetEntry[];
  quorum: QuorumResult;
  requiredSpecialties: RequiredSpecialty[];
  suggestedOrder: SuggestedOrder;
  /** Active physicians of the RCP: who may be named chair. */
  chairCandidates: { userId: number; name: string }[];
  /** Cases of the RCP not closed and not on this agenda. */
  casesToAdd: { caseId: number; label: string; status: string }[];
  /** Later planned meetings of the same RCP (targets of a postponement or a carry-over). */
  laterMeetings: { id: number; date: string; time: string }[];
}

/** A meeting with its agenda, attendance, quorum now and suggested order; undefined if unknown. */
export function getMeeting(ctx: AppContext, meetingId: number): MeetingView | undefined {
  const row = getMeetingRow(ctx.db, meetingId);
  if (!row) return undefined;
  const db = ctx.db;
  const rcp = getRcp(db, row.rcpId);
  const lines: AgendaLine[] = agendaWithCases(db, row.id).map(({ item, case: c, patient }) => ({
    caseId: item.caseId,
    position: item.position,
    late: item.late,
    outcome: item.outcome,
    history: HistorySchema.parse(item.history),
    patientId: patient.id,
    patientName: patientDisplayName(patient),
    hospitalId: patient.hospitalId,
    question: c.question,
    urgency: c.urgency,
    caseStatus: c.status,
  }));
  const sheet = attendanceSheet(db, row);
  const attendees = attendeesOf(sheet);
  const required = requiredSpecialtiesOf(db, row.rcpId);
  const sites = lesionSitesOfPatients(db, [...new Set(lines.map((l) => l.patientId))]);
  const needs = lines
    .filter((l) => l.outcome === "pending")
    .map((l) => ({
      caseId: l.caseId,
      needs: specialtiesNeededForLesions(
        sites.filter((s) => s.patientId === l.patientId).map((s) => s.siteId),
      ),
    }));
  const members = membersForAttendance(db, row.rcpId);
  const onAgenda = new Set(lines.map((l) => l.caseId));
  return {
    meeting: {
      id: row.id,
      rcpId: row.rcpId,
      rcpName: rcp?.name ?? "",
      date: row.date,
      time: row.time,
      place: row.place,
      videoLink: row.videoLink,
      status: row.status,
      chairUserId: row.chairUserId,
      chairName: members.find((m) => m.id === row.chairUserId)?.displayName ?? null,
      openedAt: row.openedAt,
      closedAt: row.closedAt,
    },
    agenda: lines,
    attendance: sheet,
    quorum: quorum(attendees, required),
    requiredSpecialties: required,
    suggestedOrder: suggestAgendaOrder(needs, attendees),
    chairCandidates: members
      .filter((m) => m.active && m.role === "physician")
      .map((m) => ({ userId: m.id, name: m.displayName })),
    casesToAdd: openCasesOfRcp(db, row.rcpId)
      .filter(({ case: c }) => !onAgenda.has(c.id))
      .map(({ case: c, patient }) => ({
        caseId: c.id,
        label: `${patientDisplayName(patient)} (${patient.hospitalId}) — ${c.question.slice(0, 80)}`,
        status: c.status,
      })),
    laterMeetings: plannedMeetingsAfter(db, row.rcpId, row.date).map((m) => ({
      id: m.id,
      date: m.date,
      time: m.time,
    })),
  };
}

/** On which agendas a case has been, with its outcome and history there (for the case page). */
export function meetingsOfCase(ctx: AppContext, caseId: number) {
  return agendaItemsOfCase(ctx.db, caseId).map(({ item, meeting }) => ({
    meetingId: meeting.id,
    date: meeting.date,
    time: meeting.time,
    status: meeting.status,
    late: item.late,
    outcome: item.outcome,
    history: HistorySchema.parse(item.history),
  }));
}

// ---- Planning -------------------------------------------------------------------------------

function insertPlanned(
  ctx: AppContext,
  actorId: number | null,
  m: { rcpId: number; date: string; time: string; place: string; videoLink: string | null },
  source: "calendar" | "oneOff",
): MeetingRow {
  return ctx.db.transaction((tx) => {
    if (!getRcp(tx, m.rcpId)) throw invalid("rcpId");
    if (meetingAt(tx, m.rcpId, m.date, m.time)) throw conflict("date", "errors.meeting_exists");
    const row = insertMeeting(tx, { ...m, createdBy: actorId });
    // The audit keeps what a reader needs; the source (calendar or one-off) names the action.
    const { rcpId, date, time, place, videoLink } = row;
    audit(tx, actorId, row.id, `plan.${source}`, null, { rcpId, date, time, place, videoLink });
    return row;
  });
}

/** A one-off meeting typed by the coordinator (the date is today or later: the form checks). */
export function planMeeting(
  ctx: AppContext,
  actorId: number | null,
  input: PlanMeetingInput,
): MeetingRow {
  return insertPlanned(ctx, actorId, { ...input, videoLink: input.videoLink ?? null }, "oneOff");
}

/** A meeting at one of the next dates of the RCP's calendar; place and link come from it. */
export function planScheduledMeeting(
  ctx: AppContext,
  actorId: number,
  rcpId: number,
  slot: { date: string; time: string },
): MeetingRow {
  const found = scheduledDatesOf(ctx, rcpId).find(
    (s) => s.date === slot.date && s.time === slot.time,
  );
  if (!found) throw invalid("slot");
  return insertPlanned(ctx, actorId, { rcpId, ...found }, "calendar");
}

/** Names the chair: an active physician member of the RCP (the one who signs, issue 11 §6). */
export function setChair(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  userId: number,
): MeetingRow {
  return ctx.db.transaction((tx) => {
    const before = requireMeeting(tx, meetingId);
    if (before.status === "closed") throw conflict("status", "errors.meeting_closed");
    const member = membersForAttendance(tx, before.rcpId).find((m) => m.id === userId);
    if (!member?.active || member.role !== "physician") throw invalid("chairUserId");
    const after = updateMeetingRow(tx, meetingId, {
      chairUserId: userId,
      updatedAt: ctx.now().toISOString(),
    });
    audit(
      tx,
      actorId,
      meetingId,
      "set-chair",
      { chairUserId: before.chairUserId },
      { chairUserId: userId },
    );
    return after ?? before;
  });
}

// ---- The agenda -----------------------------------------------------------------------------

/** Runs one kernel change on a meeting and writes it back with one audit row. */
function change(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  action: string,
  apply: (tx: Db, meeting: Meeting, row: MeetingRow) => { meeting: Meeting; detail: unknown },
): Meeting {
  return ctx.db.transaction((tx) => {
    const row = requireMeeting(tx, meetingId);
    const before = loadMeeting(tx, row);
    const { meeting, detail } = apply(tx, before, row);
    saveMeeting(tx, row, meeting, ctx.now().toISOString());
    const changed = meeting.status !== before.status;
    audit(
      tx,
      actorId,
      meetingId,
      action,
      changed ? { meetingStatus: before.status } : null,
      detail,
    );
    return meeting;
  });
}

/** Adds a case of the meeting's RCP: a ready case as such, any other one late ("hors délai"). */
export function addCaseToAgenda(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  caseId: number,
): Meeting {
  return change(ctx, actorId, meetingId, "agenda.add", (tx, meeting) => {
    const found = getCase(tx, caseId);
    if (!found || found.patient.rcpId !== meeting.rcpId) throw invalid("caseId");
    const status = found.case.status;
    const after = kernel(() =>
      status === "ready"
        ? addReadyCase(meeting, caseId, status)
        : addLateCase(meeting, caseId, status),
    );
    return { meeting: after, detail: { caseId, late: status !== "ready" } };
  });
}

/** Puts the agenda in this order (every case once: the kernel checks). */
export function reorderAgenda(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  order: readonly number[],
): Meeting {
  return change(ctx, actorId, meetingId, "agenda.reorder", (_tx, meeting) => ({
    meeting: kernel(() => reorderAgendaKernel(meeting, order)),
    detail: { order },
  }));
}

/** Moves one case a place up or down (the page's buttons). */
export function moveCaseOnAgenda(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  caseId: number,
  direction: "up" | "down",
): Meeting {
  return change(ctx, actorId, meetingId, "agenda.reorder", (_tx, meeting) => {
    const order = meeting.agenda.map((i) => i.caseId);
    const from = order.indexOf(caseId);
    if (from < 0) throw invalid("caseId");
    const to = direction === "up" ? from - 1 : from + 1;
    if (to >= 0 && to < order.length) [order[from], order[to]] = [order[to] ?? caseId, caseId];
    return { meeting: kernel(() => reorderAgendaKernel(meeting, order)), detail: { order } };
  });
}

/** The target meeting: the one chosen, or the next planned meeting of the same RCP. */
function targetMeeting(db: Db, from: MeetingRow, toMeetingId: number | undefined): MeetingRow {
  if (toMeetingId !== undefined) {
    const to = getMeetingRow(db, toMeetingId);
    if (!to) throw invalid("toMeetingId");
    return to;
  }
  const next = plannedMeetingsAfter(db, from.rcpId, from.date)[0];
  if (!next) throw conflict("toMeetingId", "errors.meeting_no_next");
  return next;
}

/**
 * Postpones a pending case to a later planned meeting of the same RCP: it stays here marked
 * "reporté" and arrives at the end of the other agenda with its whole history (docs/meetings.md §2).
 * One transaction writes both agendas and one audit row.
 */
export function postponeCase(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  caseId: number,
  toMeetingId?: number,
): { from: Meeting; to: Meeting } {
  return ctx.db.transaction((tx) => {
    const fromRow = requireMeeting(tx, meetingId);
    const toRow = targetMeeting(tx, fromRow, toMeetingId);
    const result = kernel(() =>
      postponeCaseKernel(loadMeeting(tx, fromRow), loadMeeting(tx, toRow), caseId),
    );
    const now = ctx.now().toISOString();
    saveMeeting(tx, fromRow, result.from, now);
    saveMeeting(tx, toRow, result.to, now);
    audit(tx, actorId, meetingId, "agenda.postpone", null, { caseId, toMeetingId: toRow.id });
    return result;
  });
}

/** Opens a planned meeting (the chair starts it). */
export function openMeeting(ctx: AppContext, actorId: number | null, meetingId: number): Meeting {
  return change(ctx, actorId, meetingId, "open", (_tx, meeting) => ({
    meeting: kernel(() => openMeetingKernel(meeting)),
    detail: { meetingStatus: "open" },
  }));
}

/** Closes an open meeting; returns the cases left undecided, in agenda order. */
export function closeMeeting(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
): { meeting: Meeting; undecided: number[] } {
  let undecided: number[] = [];
  const meeting = change(ctx, actorId, meetingId, "close", (_tx, m) => {
    const closed = kernel(() => closeMeetingKernel(m));
    undecided = closed.undecided;
    return { meeting: closed.meeting, detail: { meetingStatus: "closed", undecided } };
  });
  return { meeting, undecided };
}

/** Carries the undecided cases of a closed meeting to the next planned one (or the one chosen). */
export function carryUndecided(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  toMeetingId?: number,
): Meeting {
  return ctx.db.transaction((tx) => {
    const fromRow = requireMeeting(tx, meetingId);
    const toRow = targetMeeting(tx, fromRow, toMeetingId);
    const from = loadMeeting(tx, fromRow);
    const before = loadMeeting(tx, toRow);
    const to = kernel(() => carryUndecidedKernel(from, before));
    saveMeeting(tx, toRow, to, ctx.now().toISOString());
    const carried = to.agenda.slice(before.agenda.length).map((i) => i.caseId);
    audit(tx, actorId, meetingId, "agenda.carry", null, { toMeetingId: toRow.id, carried });
    return to;
  });
}

// ---- Attendance -----------------------------------------------------------------------------

/** Marks one person of the sheet present on site, remote or absent. */
export function setPresence(
  ctx: AppContext,
  actorId: number,
  meetingId: number,
  attendeeKey: string,
  presence: Presence,
): SheetEntry {
  return ctx.db.transaction((tx) => {
    const row = requireMeeting(tx, meetingId);
    if (row.status === "closed") throw conflict("status", "errors.meeting_closed");
    const entry = attendanceSheet(tx, row).find((e) => e.attendeeKey === attendeeKey);
    if (!entry) throw invalid("attendeeKey");
    upsertAttendee(tx, {
      meetingId,
      attendeeKey,
      userId: entry.userId,
      name: entry.name,
      physician: entry.physician,
      specialty: entry.specialty,
      presence,
      updatedBy: actorId,
      updatedAt: ctx.now().toISOString(),
    });
    const who = { name: entry.name, presence: entry.presence };
    audit(tx, actorId, meetingId, "attendance.mark", who, { ...who, presence });
    return { ...entry, presence };
  });
}

/** Adds a guest (no account) to the sheet with their presence. */
export function addGuest(
  ctx: AppContext,
  actorId: number | null,
  meetingId: number,
  guest: GuestInput,
): SheetEntry {
  return ctx.db.transaction((tx) => {
    const row = requireMeeting(tx, meetingId);
    if (row.status === "closed") throw conflict("status", "errors.meeting_closed");
    // Guest keys are numbered within the meeting: stable, and readable in the audit.
    const taken = attendeeRows(tx, meetingId).filter((r) => r.attendeeKey.startsWith("guest:"));
    const attendeeKey = `guest:${taken.length + 1}`;
    const entry: SheetEntry = {
      attendeeKey,
      kind: "guest",
      userId: null,
      name: guest.name,
      physician: guest.physician,
      specialty: guest.specialty ?? null,
      presence: guest.presence,
    };
    upsertAttendee(tx, {
      meetingId,
      attendeeKey,
      userId: null,
      name: entry.name,
      physician: entry.physician,
      specialty: entry.specialty,
      presence: guest.presence,
      updatedBy: actorId,
      updatedAt: ctx.now().toISOString(),
    });
    const { name, physician, specialty, presence } = entry;
    audit(tx, actorId, meetingId, "attendance.guest", null, {
      name,
      physician,
      specialty,
      presence,
    });
    return entry;
  });
}

// ---- For the signing code (server/usecases/decisions.ts) ------------------------------------

/**
 * What signing needs, read on the caller's connection or transaction: the kernel value, the chair,
 * the attendance now (unmarked = absent) and the RCP's required specialties.
 */
export function meetingForSigning(
  db: Db,
  meetingId: number,
):
  | {
      meeting: Meeting;
      chairUserId: number | null;
      attendance: Attendee[];
      requiredSpecialties: RequiredSpecialty[];
    }
  | undefined {
  const row = getMeetingRow(db, meetingId);
  if (!row) return undefined;
  return {
    meeting: loadMeeting(db, row),
    chairUserId: row.chairUserId,
    attendance: attendeesOf(attendanceSheet(db, row)),
    requiredSpecialties: requiredSpecialtiesOf(db, row.rcpId),
  };
}

/**
 * Marks a case decided inside the caller's transaction (signing): no transaction and no audit row
 * of its own, the caller writes both. A kernel refusal (meeting not open, case postponed) throws.
 */
export function markAgendaCaseDecided(db: Db, meetingId: number, caseId: number): Meeting {
  const row = requireMeeting(db, meetingId);
  const after = kernel(() => markCaseDecided(loadMeeting(db, row), caseId));
  writeAgenda(db, meetingId, after.agenda);
  return after;
}
