import * as z from "zod";
import type { Label } from "../common";
import {
  addMonths,
  dateInLabel,
  daysBetween,
  IsoDateSchema,
  isMoreThanMonthsAfter,
} from "../dates";
import { parseOrThrow } from "../errors";
import {
  type BtaSequenceState,
  BtaSequenceStateSchema,
  nextDoseDue,
  REBOUND_SOURCE,
} from "./sequence";

// OPTIMOS (Confavreux et al. 2023, unpublished; seed 000): median initiation delay 99 days; early
// initiation halved second skeletal events. On screen: the citation only.
export const OPTIMOS_SOURCE = "OPTIMOS (Confavreux 2023)";

/** OPTIMOS: a BTA should have started within 3 months of the bone-metastasis diagnosis. */
export const INITIATION_WINDOW_MONTHS = 3;

export const InitiationDelayInputSchema = z.object({
  boneMetastasisDiagnosisDate: IsoDateSchema,
  today: IsoDateSchema,
  /** Date of the first BTA dose, if any. */
  firstBtaDate: IsoDateSchema.optional(),
});
export type InitiationDelayInput = z.infer<typeof InitiationDelayInputSchema>;

export type InitiationDelayStatus =
  | "withinWindow"
  | "startedInTime"
  | "startedLate"
  | "overdueNoBta";

export interface InitiationDelay {
  /** True when no BTA has started more than 3 months after diagnosis: the flag to raise. */
  flagged: boolean;
  status: InitiationDelayStatus;
  windowEnds: string;
  daysSinceDiagnosis: number;
  rationale: Label;
  source: string;
}

/** OPTIMOS initiation-delay flag. */
export function btaInitiationDelay(input: InitiationDelayInput): InitiationDelay {
  const v = parseOrThrow(InitiationDelayInputSchema, input, "btaInitiationDelay");
  const windowEnds = addMonths(v.boneMetastasisDiagnosisDate, INITIATION_WINDOW_MONTHS);
  const daysSinceDiagnosis = daysBetween(v.boneMetastasisDiagnosisDate, v.today);
  // "More than 3 months" in the engine's month convention (dates.ts, decision 104).
  const late = (date: string) =>
    isMoreThanMonthsAfter(v.boneMetastasisDiagnosisDate, date, INITIATION_WINDOW_MONTHS);
  let status: InitiationDelayStatus;
  if (v.firstBtaDate) {
    status = late(v.firstBtaDate) ? "startedLate" : "startedInTime";
  } else {
    status = late(v.today) ? "overdueNoBta" : "withinWindow";
  }
  const rationale: Record<InitiationDelayStatus, Label> = {
    withinWindow: {
      fr: `Pas d'anti-résorbeur à ce jour ; délai de 3 mois après le diagnostic jusqu'au ${dateInLabel(windowEnds).fr}.`,
      en: `No BTA yet; the 3-month window after diagnosis runs until ${dateInLabel(windowEnds).en}.`,
    },
    startedInTime: {
      fr: "Anti-résorbeur initié dans les 3 mois suivant le diagnostic de métastase osseuse.",
      en: "BTA started within 3 months of the bone-metastasis diagnosis.",
    },
    startedLate: {
      fr: "Anti-résorbeur initié plus de 3 mois après le diagnostic de métastase osseuse.",
      en: "BTA started more than 3 months after the bone-metastasis diagnosis.",
    },
    overdueNoBta: {
      fr: `Aucun anti-résorbeur ${daysSinceDiagnosis} jours après le diagnostic de métastase osseuse (> 3 mois) : l'initiation précoce réduit de moitié les seconds événements osseux (OPTIMOS).`,
      en: `No BTA ${daysSinceDiagnosis} days after the bone-metastasis diagnosis (> 3 months): early initiation halved second skeletal events (OPTIMOS).`,
    },
  };
  return {
    flagged: status === "overdueNoBta",
    status,
    windowEnds,
    daysSinceDiagnosis,
    rationale: rationale[status],
    source: OPTIMOS_SOURCE,
  };
}

/** "today" and the alert options, parsed like every other input (decision 012). */
const DayInputSchema = z.object({
  today: IsoDateSchema,
  denosumabLongPauseDays: z.number().int().positive().optional(),
});

export type DoseDueStatus = "upcoming" | "dueToday" | "overdue";

export interface DoseDue {
  nextDueDate: string;
  status: DoseDueStatus;
  /** Negative when overdue. */
  daysUntilDue: number;
}

/** Next-due date and status of an active sequence on a given day; null when nothing is due. */
export function btaDoseDue(stateInput: BtaSequenceState, today: string): DoseDue | null {
  const state = parseOrThrow(BtaSequenceStateSchema, stateInput, "btaSequence");
  parseOrThrow(DayInputSchema, { today }, "btaSequence");
  const next = nextDoseDue(state);
  if (!next) return null;
  const daysUntilDue = daysBetween(today, next);
  const status: DoseDueStatus =
    daysUntilDue > 0 ? "upcoming" : daysUntilDue === 0 ? "dueToday" : "overdue";
  return { nextDueDate: next, status, daysUntilDue };
}

/**
 * Days without a denosumab dose after which a pause counts as "long" for the rebound flag.
 * UNVERIFIED local default (clinical.md §6.4: timing for 120 mg q4w not established); a board
 * parameter.
 */
export const DEFAULT_DENOSUMAB_LONG_PAUSE_DAYS = 90;

export interface BtaAlert {
  id: "rebound" | "doseOverdue" | "doseDueToday";
  label: Label;
  source: string;
}

/** Alerts of a sequence on a given day: dose due/overdue, denosumab rebound. */
export function btaSequenceAlerts(
  stateInput: BtaSequenceState,
  today: string,
  options: { denosumabLongPauseDays?: number } = {},
): BtaAlert[] {
  const state = parseOrThrow(BtaSequenceStateSchema, stateInput, "btaSequence");
  parseOrThrow(DayInputSchema, { today, ...options }, "btaSequence");
  const alerts: BtaAlert[] = [];
  const due = btaDoseDue(state, today);
  if (due?.status === "overdue") {
    alerts.push({
      id: "doseOverdue",
      label: {
        fr: `Dose en retard de ${-due.daysUntilDue} jour${-due.daysUntilDue > 1 ? "s" : ""} (prévue le ${dateInLabel(due.nextDueDate).fr}).`,
        en: `Dose overdue by ${-due.daysUntilDue} day${-due.daysUntilDue > 1 ? "s" : ""} (due ${dateInLabel(due.nextDueDate).en}).`,
      },
      // The interval of the sequence: SmPC zoledronic acid, Xgeva label, CALGB 70604.
      source: "SmPC Zometa; SmPC Xgeva; CALGB 70604 (Himelstein 2017)",
    });
  } else if (due?.status === "dueToday") {
    alerts.push({
      id: "doseDueToday",
      label: { fr: "Dose prévue aujourd'hui.", en: "Dose due today." },
      source: "SmPC Zometa; SmPC Xgeva",
    });
  }
  if (state.status === "none" || state.regimen.agent !== "denosumab") return alerts;
  const threshold = options.denosumabLongPauseDays ?? DEFAULT_DENOSUMAB_LONG_PAUSE_DAYS;
  if (state.status === "stopped") {
    alerts.push({
      id: "rebound",
      label: {
        fr: "Dénosumab arrêté : risque d'effet rebond ; relais par bisphosphonate à envisager.",
        en: "Denosumab stopped: rebound risk; consider a follow-on bisphosphonate.",
      },
      source: REBOUND_SOURCE,
    });
  } else if (state.status === "paused" && daysBetween(state.lastDoseDate, today) > threshold) {
    alerts.push({
      id: "rebound",
      label: {
        fr: `Dénosumab suspendu depuis plus de ${threshold} jours sans dose (seuil local, non vérifié) : risque d'effet rebond ; relais à envisager.`,
        en: `Denosumab paused with no dose for more than ${threshold} days (local threshold, unverified): rebound risk; consider a follow-on.`,
      },
      // The pause length threshold is UNVERIFIED (a board parameter): the label says so.
      source: REBOUND_SOURCE,
    });
  }
  return alerts;
}
