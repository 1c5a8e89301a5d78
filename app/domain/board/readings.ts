// What a lesion's dated clinical readings say (decision 130): the pain response after the last
// radiotherapy to the lesion and the neurological course. The rules themselves are owned by
// scores/painResponse.ts and scores/frankel.ts; this module only chooses which readings they
// compare, and says "indeterminate" with the reason when the data is not there (never "none").
// Pure: the radiotherapy dates come from the caller (skeletal events and done plan items in SQLite).
import type { Label } from "../common";
import { addMonths, compareIsoDates, dateInLabel } from "../dates";
import { type NeurologicalCourse, neurologicalCourse } from "../scores/frankel";
import { type PainResponse, painResponse } from "../scores/painResponse";
import type { BoardLesion, LesionReading } from "./schema";

/**
 * The follow-up window after radiotherapy, in calendar months (dates.ts convention, decision 104).
 * clinical.md gives no window for the Chow definitions; the trials it cites judge the pain response
 * at 3 months (SC.24 and RTOG 0631, clinical.md §7.1), so a follow-up later than that is not used.
 * UNVERIFIED: the consensus' own assessment times were not read (clinical.md §6.5).
 */
export const PAIN_FOLLOW_UP_MONTHS = 3;
export const PAIN_FOLLOW_UP_WINDOW_SOURCE: Label = {
  fr: "fenêtre de 3 mois : essais SC.24 et RTOG 0631 (douleur jugée à 3 mois), non vérifiée",
  en: "3-month window: the SC.24 and RTOG 0631 trials (pain judged at 3 months), unverified",
};

/** A radiotherapy given to one lesion, from SQLite: a skeletal event or a done plan item. */
export interface LesionRadiotherapy {
  lesionId: string;
  date: string;
  from: "skeletalEvent" | "planItem";
}

function byDateThenId(a: LesionReading, b: LesionReading): number {
  return compareIsoDates(a.date, b.date) || a.id.localeCompare(b.id);
}

/** The lesion's readings, oldest first (ties by id, so the order is the same for everyone). */
export function lesionReadings(lesion: Pick<BoardLesion, "readings">): LesionReading[] {
  return Object.values(lesion.readings).sort(byDateThenId);
}

/**
 * The measures a lesion holds twice: a dated reading (decision 130) and the lesion's current value,
 * the one the scores read (pain NRS → pain score and SINS "pain-free"; Frankel and ASIA → their
 * grade cards). Readings never feed a score, so the screen shows one beside the other.
 */
export const MEASURES_HELD_TWICE = ["painNrs", "frankel", "asia"] as const;
export type MeasureHeldTwice = (typeof MEASURES_HELD_TWICE)[number];

/**
 * The latest dated reading of one measure: its examination date and its value as written, and the
 * lesion's current value of that measure (null: not set).
 */
export interface LatestReading {
  measure: MeasureHeldTwice;
  date: string;
  value: string;
  current: string | null;
}

function currentValueOf(
  lesion: Pick<BoardLesion, "pain" | "frankel" | "asia">,
  measure: MeasureHeldTwice,
): string | undefined {
  const v = measure === "painNrs" ? lesion.pain?.nrs : lesion[measure];
  return v === undefined ? undefined : String(v);
}

/**
 * The latest dated reading of `measure` when it differs from the lesion's current value (or the
 * current value is not set), to show beside the current field so a clinician sees that the two are
 * apart and which one the score uses; null when no reading holds the measure or they agree.
 * "Latest" is by examination date, ties by id (lesionReadings' order).
 */
export function latestReadingApart(
  lesion: Pick<BoardLesion, "readings" | "pain" | "frankel" | "asia">,
  measure: MeasureHeldTwice,
): LatestReading | null {
  const latest = lesionReadings(lesion)
    .filter((r) => r[measure] !== undefined)
    .at(-1);
  const value = latest?.[measure];
  if (!latest || value === undefined) return null;
  const current = currentValueOf(lesion, measure) ?? null;
  if (String(value) === current) return null;
  return { measure, date: latest.date, value: String(value), current };
}

export type PainResponseGap =
  | "noRadiotherapy"
  | "noBaselinePain"
  | "noFollowUpPain"
  | "followUpAfterWindow";

export type PainResponseAfterRadiotherapy =
  | {
      status: "computed";
      radiotherapyDate: string;
      baseline: LesionReading;
      followUp: LesionReading;
      response: PainResponse;
    }
  | {
      status: "indeterminate";
      radiotherapyDate: string | null;
      gap: PainResponseGap;
      reason: Label;
    };

const NO_RADIOTHERAPY: Label = {
  fr: "aucune radiothérapie de cette lésion enregistrée (événement osseux ou plan réalisé)",
  en: "no radiotherapy of this lesion recorded (skeletal event or done plan item)",
};

const GAP_REASONS: Record<Exclude<PainResponseGap, "noRadiotherapy">, (rt: Label) => Label> = {
  noBaselinePain: (rt) => ({
    fr: `aucune douleur (EN) relevée le ou avant le ${rt.fr}, jour de la radiothérapie`,
    en: `no pain score (NRS) recorded on or before ${rt.en}, the day of radiotherapy`,
  }),
  noFollowUpPain: (rt) => ({
    fr: `aucune douleur (EN) relevée après la radiothérapie du ${rt.fr}`,
    en: `no pain score (NRS) recorded after the radiotherapy of ${rt.en}`,
  }),
  followUpAfterWindow: (rt) => ({
    fr: `aucune douleur (EN) relevée dans les ${PAIN_FOLLOW_UP_MONTHS} mois après la radiothérapie du ${rt.fr}`,
    en: `no pain score (NRS) recorded within ${PAIN_FOLLOW_UP_MONTHS} months of the radiotherapy of ${rt.en}`,
  }),
};

function missing(
  gap: Exclude<PainResponseGap, "noRadiotherapy">,
  radiotherapyDate: string,
): PainResponseAfterRadiotherapy {
  const reason = GAP_REASONS[gap](dateInLabel(radiotherapyDate));
  return { status: "indeterminate", radiotherapyDate, gap, reason };
}

/**
 * The pain response after the last radiotherapy to this lesion. Baseline: the last reading with a
 * pain score on or before the radiotherapy date. Follow-up: the last reading with a pain score after
 * it, within PAIN_FOLLOW_UP_MONTHS. The OMED of those two readings chooses the definition
 * (painResponse: the 2012 consensus when both are recorded, Chow 2001 otherwise).
 */
export function painResponseAfterRadiotherapy(
  readings: readonly LesionReading[],
  radiotherapyDates: readonly string[],
): PainResponseAfterRadiotherapy {
  const rt = [...radiotherapyDates].sort(compareIsoDates).at(-1);
  if (rt === undefined) {
    return {
      status: "indeterminate",
      radiotherapyDate: null,
      gap: "noRadiotherapy",
      reason: NO_RADIOTHERAPY,
    };
  }
  const withPain = readings.filter((r) => r.painNrs !== undefined).sort(byDateThenId);
  const baseline = withPain.filter((r) => compareIsoDates(r.date, rt) <= 0).at(-1);
  if (!baseline || baseline.painNrs === undefined) return missing("noBaselinePain", rt);
  const after = withPain.filter((r) => compareIsoDates(r.date, rt) > 0);
  if (after.length === 0) return missing("noFollowUpPain", rt);
  const windowEnd = addMonths(rt, PAIN_FOLLOW_UP_MONTHS);
  const followUp = after.filter((r) => compareIsoDates(r.date, windowEnd) <= 0).at(-1);
  if (!followUp || followUp.painNrs === undefined) return missing("followUpAfterWindow", rt);
  return {
    status: "computed",
    radiotherapyDate: rt,
    baseline,
    followUp,
    response: painResponse({
      baselineNrs: baseline.painNrs,
      followUpNrs: followUp.painNrs,
      baselineOmed_mg: baseline.omedMgPerDay,
      followUpOmed_mg: followUp.omedMgPerDay,
    }),
  };
}

export type NeurologicalCourseOfReadings =
  | { status: "computed"; scale: "frankel" | "asia"; course: NeurologicalCourse }
  | { status: "indeterminate"; scale: "frankel" | "asia"; gradedReadings: number };

/**
 * The course of one scale (Frankel or ASIA) over the dated readings that graded it: a worsening is
 * a drop of one grade or more from the previous examination (neurologicalCourse, decision 104). It
 * needs two graded examinations; with fewer it is indeterminate, never "no worsening".
 */
export function neurologicalCourseOfReadings(
  readings: readonly LesionReading[],
  scale: "frankel" | "asia",
): NeurologicalCourseOfReadings {
  const graded = [...readings].sort(byDateThenId).flatMap((r) => {
    const grade = r[scale];
    return grade === undefined ? [] : [{ date: r.date, grade }];
  });
  if (graded.length < 2) return { status: "indeterminate", scale, gradedReadings: graded.length };
  return { status: "computed", scale, course: neurologicalCourse({ scale, readings: graded }) };
}

/**
 * The radiotherapy dates of one lesion. A skeletal event "radiotherapy to bone" done from a plan
 * item and that plan item both name the same treatment: duplicates of one date are harmless here
 * (only the latest date is used).
 */
export function radiotherapyDatesOf(
  lesionId: string,
  radiotherapies: readonly LesionRadiotherapy[],
): string[] {
  return radiotherapies.filter((r) => r.lesionId === lesionId).map((r) => r.date);
}
