// One meeting of an RCP and its agenda (issue 11 §1): planned → open → closed, an ordered list of
// cases, each keeping its history when it is postponed or carried to the next meeting. Pure
// functions over plain values: each returns a new meeting and refuses illegal input with a
// DomainInputError naming the field (decision 012). Persistence is the use cases' job.
import * as z from "zod";
import type { Label } from "../common";
import { compareIsoDates, IsoDateSchema } from "../dates";
import { DomainInputError, type InputReason, parseOrThrow } from "../errors";
import { CASE_STATUSES, type CaseStatus } from "../records/case";
import { LocalTimeSchema } from "./calendar";

export const MEETING_STATUSES = ["planned", "open", "closed"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_STATUS_LABELS: Record<MeetingStatus, Label> = {
  planned: { fr: "prévue", en: "planned" },
  open: { fr: "en cours", en: "open" },
  closed: { fr: "close", en: "closed" },
};

/** How a case came onto this meeting's agenda, and what happened to it since. */
export const AgendaEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("added"), meetingId: z.number().int().positive() }),
  z.object({ type: z.literal("addedLate"), meetingId: z.number().int().positive() }),
  z.object({
    type: z.literal("postponed"),
    fromMeetingId: z.number().int().positive(),
    toMeetingId: z.number().int().positive(),
  }),
  z.object({
    type: z.literal("carriedOver"),
    fromMeetingId: z.number().int().positive(),
    toMeetingId: z.number().int().positive(),
  }),
]);
export type AgendaEvent = z.infer<typeof AgendaEventSchema>;

export const AGENDA_OUTCOMES = ["pending", "decided", "postponed"] as const;
export type AgendaOutcome = (typeof AGENDA_OUTCOMES)[number];

export const AgendaItemSchema = z.object({
  caseId: z.number().int().positive(),
  /** Added after the agenda was set, or while the case was not ready: shown as "hors délai". */
  late: z.boolean(),
  outcome: z.enum(AGENDA_OUTCOMES),
  history: z.array(AgendaEventSchema).min(1),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

export const MeetingSchema = z
  .object({
    id: z.number().int().positive(),
    rcpId: z.number().int().positive(),
    date: IsoDateSchema,
    time: LocalTimeSchema,
    status: z.enum(MEETING_STATUSES),
    agenda: z.array(AgendaItemSchema).max(200),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<number>();
    for (const [i, item] of m.agenda.entries()) {
      if (seen.has(item.caseId))
        ctx.addIssue({
          code: "custom",
          path: ["agenda", i, "caseId"],
          message: "case twice on the agenda",
          params: { reason: "duplicate" },
        });
      seen.add(item.caseId);
    }
  });
export type Meeting = z.infer<typeof MeetingSchema>;

function refuse(reason: InputReason, field: string, label: Label): never {
  throw new DomainInputError("agenda", reason, label, field);
}

function parseMeeting(input: Meeting): Meeting {
  return parseOrThrow(MeetingSchema, input, "meeting");
}

const CaseIdSchema = z.number().int().positive();
const NewAgendaCaseSchema = z.object({ caseId: CaseIdSchema, caseStatus: z.enum(CASE_STATUSES) });

function requireNotClosed(meeting: Meeting): void {
  if (meeting.status === "closed")
    refuse("illegalTransition", "status", {
      fr: "La séance est close : son ordre du jour ne change plus.",
      en: "The meeting is closed: its agenda no longer changes.",
    });
}

function requireAbsent(meeting: Meeting, caseId: number): void {
  if (meeting.agenda.some((i) => i.caseId === caseId))
    refuse("duplicate", "caseId", {
      fr: `Le dossier ${caseId} est déjà à l'ordre du jour.`,
      en: `Case ${caseId} is already on the agenda.`,
    });
}

function indexOf(meeting: Meeting, caseId: number): number {
  const index = meeting.agenda.findIndex((i) => i.caseId === caseId);
  if (index < 0)
    refuse("notOnAgenda", "caseId", {
      fr: `Le dossier ${caseId} n'est pas à l'ordre du jour.`,
      en: `Case ${caseId} is not on the agenda.`,
    });
  return index;
}

/** Adds a case whose record is marked ready ("prêt") at the end of the agenda. */
export function addReadyCase(
  meetingInput: Meeting,
  caseIdInput: number,
  caseStatusInput: CaseStatus,
): Meeting {
  const meeting = parseMeeting(meetingInput);
  const { caseId, caseStatus } = parseOrThrow(
    NewAgendaCaseSchema,
    { caseId: caseIdInput, caseStatus: caseStatusInput },
    "agenda",
  );
  requireNotClosed(meeting);
  if (caseStatus !== "ready")
    refuse("caseNotReady", "caseStatus", {
      fr: "Seul un dossier « prêt » s'ajoute ainsi ; sinon l'ajouter hors délai.",
      en: 'Only a case marked "ready" is added this way; otherwise add it as a late case.',
    });
  requireAbsent(meeting, caseId);
  const item: AgendaItem = {
    caseId,
    late: false,
    outcome: "pending",
    history: [{ type: "added", meetingId: meeting.id }],
  };
  return { ...meeting, agenda: [...meeting.agenda, item] };
}

/**
 * Adds a late case ("hors délai"): after the agenda was sent, or not yet ready. Its readiness is
 * shown beside it; if discussed while not ready, the missing items go into the decision.
 */
export function addLateCase(
  meetingInput: Meeting,
  caseIdInput: number,
  caseStatusInput: CaseStatus,
): Meeting {
  const meeting = parseMeeting(meetingInput);
  const { caseId, caseStatus } = parseOrThrow(
    NewAgendaCaseSchema,
    { caseId: caseIdInput, caseStatus: caseStatusInput },
    "agenda",
  );
  requireNotClosed(meeting);
  if (caseStatus === "closed")
    refuse("illegalTransition", "caseStatus", {
      fr: "Un dossier clos ne revient pas en RCP : en ouvrir un nouveau.",
      en: "A closed case does not come back to the board: open a new one.",
    });
  requireAbsent(meeting, caseId);
  const item: AgendaItem = {
    caseId,
    late: true,
    outcome: "pending",
    history: [{ type: "addedLate", meetingId: meeting.id }],
  };
  return { ...meeting, agenda: [...meeting.agenda, item] };
}

/** Puts the agenda in the given order, which must list every case on it exactly once. */
export function reorderAgenda(meetingInput: Meeting, orderInput: readonly number[]): Meeting {
  const meeting = parseMeeting(meetingInput);
  const { order } = parseOrThrow(
    z.object({ order: z.array(CaseIdSchema) }),
    { order: orderInput },
    "agenda",
  );
  requireNotClosed(meeting);
  const current = meeting.agenda.map((i) => i.caseId);
  const same =
    order.length === current.length &&
    new Set(order).size === order.length &&
    order.every((id) => current.includes(id));
  if (!same)
    refuse("notAPermutation", "order", {
      fr: "Le nouvel ordre doit reprendre chaque dossier de l'ordre du jour une seule fois.",
      en: "The new order must list every case of the agenda exactly once.",
    });
  const byId = new Map(meeting.agenda.map((i) => [i.caseId, i]));
  return { ...meeting, agenda: order.flatMap((id) => byId.get(id) ?? []) };
}

function requireLaterMeeting(from: Meeting, to: Meeting): void {
  if (to.rcpId !== from.rcpId || to.id === from.id)
    refuse("notLater", "toMeeting", {
      fr: "Le dossier ne peut être reporté qu'à une autre séance de la même RCP.",
      en: "A case can only be moved to another meeting of the same board.",
    });
  if (to.status !== "planned" || compareIsoDates(to.date, from.date) <= 0)
    refuse("notLater", "toMeeting", {
      fr: "Le report se fait vers une séance prévue, à une date ultérieure.",
      en: "A case is moved to a planned meeting on a later date.",
    });
}

/**
 * Postpones a pending case to a later meeting of the same RCP. It stays listed here as "reporté"
 * (traceability) and arrives at the end of the next agenda with its whole history.
 */
export function postponeCase(
  fromInput: Meeting,
  toInput: Meeting,
  caseIdInput: number,
): { from: Meeting; to: Meeting } {
  const from = parseMeeting(fromInput);
  const to = parseMeeting(toInput);
  const caseId = parseOrThrow(
    z.object({ caseId: CaseIdSchema }),
    { caseId: caseIdInput },
    "agenda",
  ).caseId;
  requireNotClosed(from);
  requireLaterMeeting(from, to);
  const index = indexOf(from, caseId);
  const item = from.agenda[index];
  if (item?.outcome !== "pending")
    refuse("illegalTransition", "caseId", {
      fr: "Seul un dossier non encore traité peut être reporté.",
      en: "Only a case not yet dealt with can be postponed.",
    });
  requireAbsent(to, caseId);
  const event: AgendaEvent = { type: "postponed", fromMeetingId: from.id, toMeetingId: to.id };
  const history = [...item.history, event];
  return {
    from: {
      ...from,
      agenda: from.agenda.map((i, k) =>
        k === index ? { ...i, outcome: "postponed", history } : i,
      ),
    },
    to: { ...to, agenda: [...to.agenda, { ...item, outcome: "pending", history }] },
  };
}

/** Opens a planned meeting (the chair starts it). */
export function openMeeting(meetingInput: Meeting): Meeting {
  const meeting = parseMeeting(meetingInput);
  if (meeting.status !== "planned")
    throw new DomainInputError(
      "meeting",
      "illegalTransition",
      {
        fr: `Seule une séance prévue peut être ouverte (celle-ci est ${MEETING_STATUS_LABELS[meeting.status].fr}).`,
        en: `Only a planned meeting can be opened (this one is ${MEETING_STATUS_LABELS[meeting.status].en}).`,
      },
      "status",
    );
  return { ...meeting, status: "open" };
}

/** Marks a case of an open meeting as decided (its decision has been signed). */
export function markCaseDecided(meetingInput: Meeting, caseIdInput: number): Meeting {
  const meeting = parseMeeting(meetingInput);
  const caseId = parseOrThrow(
    z.object({ caseId: CaseIdSchema }),
    { caseId: caseIdInput },
    "agenda",
  ).caseId;
  if (meeting.status !== "open")
    refuse("illegalTransition", "status", {
      fr: "Un dossier se décide pendant la séance ouverte.",
      en: "A case is decided while the meeting is open.",
    });
  const index = indexOf(meeting, caseId);
  if (meeting.agenda[index]?.outcome === "postponed")
    refuse("illegalTransition", "caseId", {
      fr: "Ce dossier a été reporté à une autre séance.",
      en: "This case was postponed to another meeting.",
    });
  return {
    ...meeting,
    agenda: meeting.agenda.map((i, k) => (k === index ? { ...i, outcome: "decided" } : i)),
  };
}

/** Closes an open meeting; the cases left undecided are listed, in agenda order, to carry over. */
export function closeMeeting(meetingInput: Meeting): { meeting: Meeting; undecided: number[] } {
  const meeting = parseMeeting(meetingInput);
  if (meeting.status !== "open")
    throw new DomainInputError(
      "meeting",
      "illegalTransition",
      {
        fr: `Seule une séance en cours peut être close (celle-ci est ${MEETING_STATUS_LABELS[meeting.status].fr}).`,
        en: `Only an open meeting can be closed (this one is ${MEETING_STATUS_LABELS[meeting.status].en}).`,
      },
      "status",
    );
  return { meeting: { ...meeting, status: "closed" }, undecided: undecidedCases(meeting) };
}

export function undecidedCases(meeting: Meeting): number[] {
  return meeting.agenda.filter((i) => i.outcome === "pending").map((i) => i.caseId);
}

/**
 * Carries the undecided cases of a closed meeting to a later planned one, at the end of its agenda
 * in their order, each with a "carriedOver" entry in its history. Cases already there are refused.
 */
export function carryUndecided(closedInput: Meeting, nextInput: Meeting): Meeting {
  const closed = parseMeeting(closedInput);
  const next = parseMeeting(nextInput);
  if (closed.status !== "closed")
    refuse("illegalTransition", "fromMeeting.status", {
      fr: "Les dossiers non traités se reportent une fois la séance close.",
      en: "Undecided cases are carried over once the meeting is closed.",
    });
  requireLaterMeeting(closed, next);
  const carried: AgendaItem[] = closed.agenda
    .filter((i) => i.outcome === "pending")
    .map((i) => {
      requireAbsent(next, i.caseId);
      const event: AgendaEvent = {
        type: "carriedOver",
        fromMeetingId: closed.id,
        toMeetingId: next.id,
      };
      return { ...i, history: [...i.history, event] };
    });
  return { ...next, agenda: [...next.agenda, ...carried] };
}
