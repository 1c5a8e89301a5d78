// The centre's own figures (issue 12 §6): the OPTIMOS questions asked of this centre's records.
// OPTIMOS (Confavreux et al., French SNDS real-life study, ASBMR 2023; slides in
// /work/shared/seeds/000_a7b2d458b2b04346.txt) measured: the share of patients with an incident bone
// metastasis who started a bone-targeting agent (9.3 %), the median delay to initiation (99 days),
// and second skeletal events per 100 patient-years after early (≤ 100 days) versus late (> 100 days)
// initiation. Definitions and their limits: docs/decisions/109-centre-figures.md.
// Pure: rows in, figures out; "today" is handed in.
import { daysBetween } from "../dates";
import type { FiguresFilter } from "./filter";

/** OPTIMOS: "initiation précoce (≤ 100 jours) vs tardive (> 100 jours)". */
export const EARLY_START_MAX_DAYS = 100;
/** Julian year: patient-years are follow-up days / 365.25. */
export const DAYS_PER_YEAR = 365.25;

export interface FigurePatientRow {
  patientId: number;
  boneMetastasisDiagnosisDate: string | null;
  /** Earliest BTA initiate or dose_given event, null when none. */
  firstBtaDoseDate: string | null;
}
export interface FigureSkeletalEventRow {
  patientId: number;
  kind: string;
  date: string;
  planned: boolean;
}
export interface FigurePlanItemRow {
  targetDate: string | null;
  state: "planned" | "scheduled" | "done" | "cancelled";
  doneDate: string | null;
}
/** The version in force of a case (its latest signed version). */
export interface FigureDecisionRow {
  caseId: number;
  signedDate: string;
  quorumMet: boolean;
}
export interface FiguresInput {
  today: string;
  patients: readonly FigurePatientRow[];
  skeletalEvents: readonly FigureSkeletalEventRow[];
  planItems: readonly FigurePlanItemRow[];
  decisions: readonly FigureDecisionRow[];
}

export type FigureUnit = "share" | "days" | "per100PatientYears";
/** One figure: `value` is numerator / denominator (a share, or ×100 for a rate), or a median. */
export interface Figure {
  id: FigureId;
  unit: FigureUnit;
  /** Null for a median (no numerator). */
  numerator: number | null;
  /** Patients, items, cases or patient-years. */
  denominator: number;
  /** Null when the denominator is 0 (nothing to measure). */
  value: number | null;
}

export const FIGURE_IDS = [
  "btaStarted",
  "medianDelayDays",
  "startedWithin100Days",
  "eventsEarly",
  "eventsLate",
  "eventsNever",
  "secondEventsEarly",
  "secondEventsLate",
  "secondEventsNever",
  "operationsPlanned",
  "operationsEmergency",
  "planItemsOnTime",
  "decisionsWithQuorum",
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** Early: first dose ≤ 100 days after the diagnosis; late: later; never: none and > 100 days past. */
export type StartGroup = "early" | "late" | "never";

const inPeriod = (date: string, f: FiguresFilter) =>
  (f.from === undefined || date >= f.from) && (f.to === undefined || date <= f.to);

const share = (id: FigureId, numerator: number, denominator: number): Figure => ({
  id,
  unit: "share",
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

const rate = (id: FigureId, events: number, patientYears: number): Figure => ({
  id,
  unit: "per100PatientYears",
  numerator: events,
  denominator: patientYears,
  value: patientYears === 0 ? null : (100 * events) / patientYears,
});

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const upper = s[mid] ?? 0;
  return s.length % 2 === 1 ? upper : ((s[mid - 1] ?? 0) + upper) / 2;
}

/**
 * Days from the diagnosis to the first dose; a dose before the diagnosis (a BTA already given, e.g.
 * for osteoporosis) counts as day 0: the patient was covered when the metastasis was found.
 */
export function startDelayDays(p: FigurePatientRow): number | null {
  if (p.boneMetastasisDiagnosisDate === null || p.firstBtaDoseDate === null) return null;
  return Math.max(0, daysBetween(p.boneMetastasisDiagnosisDate, p.firstBtaDoseDate));
}

/** Null while it cannot be told yet: no dose and the diagnosis is 100 days old or less. */
export function startGroup(p: FigurePatientRow, today: string): StartGroup | null {
  if (p.boneMetastasisDiagnosisDate === null) return null;
  const delay = startDelayDays(p);
  if (delay !== null && p.firstBtaDoseDate !== null && p.firstBtaDoseDate <= today)
    return delay <= EARLY_START_MAX_DAYS ? "early" : "late";
  return daysBetween(p.boneMetastasisDiagnosisDate, today) > EARLY_START_MAX_DAYS ? "never" : null;
}

interface GroupTally {
  events: number;
  patientYears: number;
  secondEvents: number;
  yearsAtRiskOfSecond: number;
}

/**
 * Skeletal events from the diagnosis to today per 100 patient-years; second events: among patients
 * with a first event, those with an event on a later date, per 100 patient-years from the first
 * event (OPTIMOS's "second évènement osseux"). Events on the same day are one episode (a fracture
 * and its surgery the same day). The patients table holds no death or last follow-up date, so
 * follow-up runs to today (decision 109: this overstates the time of patients who died).
 */
function tallyGroups(input: FiguresInput, cohort: readonly FigurePatientRow[]) {
  const datesOf = new Map<number, string[]>();
  for (const e of input.skeletalEvents) {
    const list = datesOf.get(e.patientId) ?? [];
    list.push(e.date);
    datesOf.set(e.patientId, list);
  }
  const tally: Record<StartGroup, GroupTally> = {
    early: { events: 0, patientYears: 0, secondEvents: 0, yearsAtRiskOfSecond: 0 },
    late: { events: 0, patientYears: 0, secondEvents: 0, yearsAtRiskOfSecond: 0 },
    never: { events: 0, patientYears: 0, secondEvents: 0, yearsAtRiskOfSecond: 0 },
  };
  for (const p of cohort) {
    const group = startGroup(p, input.today);
    const diagnosis = p.boneMetastasisDiagnosisDate;
    if (group === null || diagnosis === null) continue;
    const t = tally[group];
    t.patientYears += Math.max(0, daysBetween(diagnosis, input.today)) / DAYS_PER_YEAR;
    const days = [...new Set(datesOf.get(p.patientId) ?? [])]
      .filter((d) => d >= diagnosis && d <= input.today)
      .sort();
    t.events += days.length;
    const first = days[0];
    if (first === undefined) continue;
    t.yearsAtRiskOfSecond += daysBetween(first, input.today) / DAYS_PER_YEAR;
    if (days.length > 1) t.secondEvents += 1;
  }
  return tally;
}

export function centreFigures(input: FiguresInput, filter: FiguresFilter): Figure[] {
  // The cohort: patients whose bone metastasis was diagnosed in the period (OPTIMOS's incident
  // bone metastases). Activity figures (operations, plan items, decisions) use their own dates.
  const cohort = input.patients.filter(
    (p) =>
      p.boneMetastasisDiagnosisDate !== null &&
      p.boneMetastasisDiagnosisDate <= input.today &&
      inPeriod(p.boneMetastasisDiagnosisDate, filter),
  );
  const cohortIds = new Set(cohort.map((p) => p.patientId));
  const started = cohort.filter(
    (p) => p.firstBtaDoseDate !== null && p.firstBtaDoseDate <= input.today,
  );
  const delays = started.map(startDelayDays).filter((d): d is number => d !== null);
  const tally = tallyGroups(
    { ...input, skeletalEvents: input.skeletalEvents.filter((e) => cohortIds.has(e.patientId)) },
    cohort,
  );

  const operations = input.skeletalEvents.filter(
    (e) => e.kind === "surgeryToBone" && e.date <= input.today && inPeriod(e.date, filter),
  );
  const plannedOperations = operations.filter((e) => e.planned).length;

  // An item counts once it is due: done, or not done with its target date passed; cancelled and
  // undated items have no deadline to keep.
  const dueItems = input.planItems.filter(
    (i): i is FigurePlanItemRow & { targetDate: string } =>
      i.targetDate !== null &&
      inPeriod(i.targetDate, filter) &&
      (i.state === "done" ||
        ((i.state === "planned" || i.state === "scheduled") && i.targetDate < input.today)),
  );
  const onTime = dueItems.filter(
    (i) => i.state === "done" && i.doneDate !== null && i.doneDate <= i.targetDate,
  ).length;

  const decisions = input.decisions.filter((d) => inPeriod(d.signedDate, filter));

  return [
    share("btaStarted", started.length, cohort.length),
    {
      id: "medianDelayDays",
      unit: "days",
      numerator: null,
      denominator: delays.length,
      value: median(delays),
    },
    share(
      "startedWithin100Days",
      delays.filter((d) => d <= EARLY_START_MAX_DAYS).length,
      delays.length,
    ),
    rate("eventsEarly", tally.early.events, tally.early.patientYears),
    rate("eventsLate", tally.late.events, tally.late.patientYears),
    rate("eventsNever", tally.never.events, tally.never.patientYears),
    rate("secondEventsEarly", tally.early.secondEvents, tally.early.yearsAtRiskOfSecond),
    rate("secondEventsLate", tally.late.secondEvents, tally.late.yearsAtRiskOfSecond),
    rate("secondEventsNever", tally.never.secondEvents, tally.never.yearsAtRiskOfSecond),
    share("operationsPlanned", plannedOperations, operations.length),
    share("operationsEmergency", operations.length - plannedOperations, operations.length),
    share("planItemsOnTime", onTime, dueItems.length),
    share("decisionsWithQuorum", decisions.filter((d) => d.quorumMet).length, decisions.length),
  ];
}
