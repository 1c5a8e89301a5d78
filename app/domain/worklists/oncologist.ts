// The oncologist's worklist rules (issue 12 §4, decision 107): which BTA date is due, which row
// comes first. Pure: "today" and the horizon are handed in.
import * as z from "zod";
import { addDays, compareIsoDates } from "../dates";

/** How far ahead "due" looks, in days: the route's filter offers these only. */
export const DUE_HORIZONS_DAYS = [7, 14, 30, 90] as const;
/** Two weeks: a 4-weekly denosumab dose is seen on the list in the fortnight before it (decision 107). */
export const DEFAULT_DUE_HORIZON_DAYS = 14;

/** The GET filters of /worklists/oncologist; a bad value is a 400 naming the parameter. */
export const OncologistFilterSchema = z.object({
  /** mine: patients with a case I refer; rcps: every patient of my RCPs. */
  scope: z.enum(["mine", "rcps"]).default("mine"),
  within: z.coerce
    .number()
    .int()
    .refine((n) => DUE_HORIZONS_DAYS.some((h) => h === n), {
      message: `expected one of ${DUE_HORIZONS_DAYS.join(", ")}`,
    })
    .default(DEFAULT_DUE_HORIZON_DAYS),
});
export type OncologistFilter = z.infer<typeof OncologistFilterSchema>;

export type DueStatus = "overdue" | "due" | "later";

export interface BtaDue {
  kind: "dose" | "reassessment";
  date: string;
  status: DueStatus;
}

/**
 * The next BTA event of a sequence: the next dose (SmPC interval from the last dose) or the start of
 * the reassessment window (decision 101), whichever comes first. A dose date before today is
 * overdue; the reassessment window rolls forward by itself (nextBtaReassessment), so it is due
 * once open, never overdue.
 */
export function nextBtaDue(
  followUp: { nextDoseDate: string | null; reassessment: { from: string; by: string } | null },
  today: string,
  horizonDays: number,
): BtaDue | null {
  const candidates: { kind: BtaDue["kind"]; date: string }[] = [];
  if (followUp.nextDoseDate) candidates.push({ kind: "dose", date: followUp.nextDoseDate });
  if (followUp.reassessment)
    candidates.push({ kind: "reassessment", date: followUp.reassessment.from });
  candidates.sort((a, b) => compareIsoDates(a.date, b.date));
  const next = candidates[0];
  if (!next) return null;
  return { ...next, status: dueStatus(next.kind, next.date, today, horizonDays) };
}

export function dueStatus(
  kind: BtaDue["kind"] | "item",
  date: string,
  today: string,
  horizonDays: number,
): DueStatus {
  const c = compareIsoDates(date, today);
  if (c < 0 && kind !== "reassessment") return "overdue";
  if (compareIsoDates(date, addDays(today, horizonDays)) <= 0) return "due";
  return "later";
}

export interface OncologistSortable {
  overdue: boolean;
  /** The earliest date on the row (BTA event or waiting action), null when none. */
  dueDate: string | null;
  patientName: string;
}

/**
 * French alphabetical order, as `localeCompare(other, "fr")` (ECMA-402 defines it as this
 * collator's compare), made once: given the locale at each call, V8 looks the collator up again
 * (thousands of comparisons when the list of every patient is sorted).
 */
const frenchNames = new Intl.Collator("fr");

/** As the oncologist works: overdue rows first, then by due date (undated last), then by name. */
export function byOncologistPriority(a: OncologistSortable, b: OncologistSortable): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return compareIsoDates(a.dueDate, b.dueDate);
  }
  return frenchNames.compare(a.patientName, b.patientName);
}
