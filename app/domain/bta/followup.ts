import * as z from "zod";
import type { Label, Refusal } from "../common";
import {
  addMonths,
  compareIsoDates,
  dateInLabel,
  IsoDateSchema,
  isAtLeastMonthsAfter,
} from "../dates";
import { parseOrThrow } from "../errors";
import { CLEARANCE_VALID_MONTHS } from "../meeting/readiness";
import { type ZoledronicDose, zoledronicAcidDose } from "./agents";
import { btaInitiationDelay, btaSequenceAlerts, OPTIMOS_SOURCE } from "./alerts";
import { GATE_SOURCES } from "./gates";
import type { BtaIndication } from "./indication";
import {
  type BtaEvent,
  type BtaSequenceState,
  BtaSequenceStateSchema,
  type BtaTransition,
  NO_SEQUENCE,
  nextDoseDue,
  parseBtaEvent,
  stepBtaEvent,
} from "./sequence";

/**
 * A patient's BTA history: sequences one after the other. "stopped" closes a sequence
 * (sequence.ts); an initiate after a stop opens the next one, on or after the stop date
 * (decision 100). Any other event after a stop is refused by the state machine.
 */
export function applyToBtaHistory(
  stateInput: BtaSequenceState,
  eventInput: BtaEvent,
): BtaTransition {
  const state = parseOrThrow(BtaSequenceStateSchema, stateInput, "btaSequence");
  return stepBtaHistory(state, parseBtaEvent(eventInput));
}

/** applyToBtaHistory on values already parsed (see stepBtaEvent): the replay's step. */
function stepBtaHistory(state: BtaSequenceState, event: BtaEvent): BtaTransition {
  if (state.status === "stopped" && event.type === "initiate") {
    if (compareIsoDates(event.date, state.stoppedOn) < 0)
      return {
        ok: false,
        code: "eventBeforeLastEvent",
        reason: {
          fr: `Date ${dateInLabel(event.date).fr} antérieure à l'arrêt de la séquence précédente (${dateInLabel(state.stoppedOn).fr}).`,
          en: `Date ${dateInLabel(event.date).en} is before the previous sequence was stopped (${dateInLabel(state.stoppedOn).en}).`,
        },
      };
    return stepBtaEvent(NO_SEQUENCE, event);
  }
  return stepBtaEvent(state, event);
}

/** Replays a patient's stored events in order; a refusal names the event that broke the chain. */
export function replayBtaHistory(
  events: readonly BtaEvent[],
): { ok: true; state: BtaSequenceState } | (Refusal & { index: number }) {
  let state: BtaSequenceState = NO_SEQUENCE;
  for (const [index, input] of events.entries()) {
    // Each event parsed once; the states are the machine's own output, not parsed again.
    const r = stepBtaHistory(state, parseBtaEvent(input));
    if (!r.ok) return { ok: false, index, code: r.code, reason: r.reason };
    state = r.state;
  }
  return { ok: true, state };
}

/**
 * Reassess the BTA 3 to 6 months after the agent was started, then in each following 6-month
 * window. The 3-month floor is the onset of effect (Zometa SmPC: effect on SREs after 2–3 months);
 * the 6-month ceiling is this project's reading of the issue, ESMO's timing being UNVERIFIED
 * (decision 101).
 */
export const REASSESS_FROM_MONTHS = 3;
export const REASSESS_BY_MONTHS = 6;

export interface ReassessmentWindow {
  from: string;
  by: string;
}

export function nextBtaReassessment(
  state: BtaSequenceState,
  today: string,
): ReassessmentWindow | null {
  if (state.status !== "active" && state.status !== "paused") return null;
  const anchor = state.regimen.agentSince;
  // Months are counted from the anchor each time (addMonths clamps month ends), never chained.
  for (let k = 0; ; k += 1) {
    const by = addMonths(anchor, REASSESS_BY_MONTHS * (k + 1));
    if (compareIsoDates(by, today) >= 0)
      return { from: addMonths(anchor, REASSESS_BY_MONTHS * k + REASSESS_FROM_MONTHS), by };
  }
}

export type BtaFollowUpWarningId =
  | "noBtaAtThreeMonths"
  | "dentalCheckBeforeFirstDose"
  | "reboundWithoutFollowOn"
  | "doseOverdue"
  | "clearanceStale"
  | "clearanceMissing";

export interface BtaFollowUpWarning {
  id: BtaFollowUpWarningId;
  label: Label;
  source: string;
}

export const BtaFollowUpInputSchema = z.object({
  today: IsoDateSchema,
  boneMetastasisDiagnosisDate: IsoDateSchema.optional(),
  /** Date of the first BTA event ever recorded for the patient (any sequence). */
  firstBtaDate: IsoDateSchema.optional(),
  /** The latest Cockcroft–Gault clearance known for the patient. */
  latestClearance: z.object({ mL_min: z.number().min(0).max(400), date: IsoDateSchema }).optional(),
});
export type BtaFollowUpInput = z.infer<typeof BtaFollowUpInputSchema>;

export interface BtaFollowUp {
  nextDoseDate: string | null;
  reassessment: ReassessmentWindow | null;
  /** Zoledronic acid only: the SmPC band of the latest clearance (the dose of the next infusion). */
  zoledronicDose: ZoledronicDose | null;
  warnings: BtaFollowUpWarning[];
}

// SmPC 4.2: creatinine before each dose, dose by creatinine clearance.
const CLEARANCE_SOURCE = "SmPC Zometa 4.2";

function clearanceWarning(
  latest: BtaFollowUpInput["latestClearance"],
  today: string,
): BtaFollowUpWarning | null {
  if (!latest)
    return {
      id: "clearanceMissing",
      label: {
        fr: "Acide zolédronique : aucune clairance de la créatinine (Cockcroft–Gault) enregistrée.",
        en: "Zoledronic acid: no creatinine clearance (Cockcroft–Gault) recorded.",
      },
      source: CLEARANCE_SOURCE,
    };
  // The engine's month convention (dates.ts, decision 104), as the meeting readiness check.
  if (!isAtLeastMonthsAfter(latest.date, today, CLEARANCE_VALID_MONTHS)) return null;
  return {
    id: "clearanceStale",
    label: {
      fr: `Acide zolédronique : clairance du ${dateInLabel(latest.date).fr} datant de plus de ${CLEARANCE_VALID_MONTHS} mois (délai local, non vérifié), à recontrôler.`,
      en: `Zoledronic acid: clearance of ${dateInLabel(latest.date).en} is over ${CLEARANCE_VALID_MONTHS} months old (local limit, unverified), to be rechecked.`,
    },
    // The 3-month validity is a local rule (UNVERIFIED): the label says so.
    source: CLEARANCE_SOURCE,
  };
}

/** What the oncologist must see about a patient's BTA today: next dates, dose band, warnings. */
export function btaFollowUp(
  state: BtaSequenceState,
  indication: BtaIndication,
  input: BtaFollowUpInput,
): BtaFollowUp {
  const v = parseOrThrow(BtaFollowUpInputSchema, input, "btaFollowUp");
  const warnings: BtaFollowUpWarning[] = [];
  const noBtaEver = state.status === "none" && v.firstBtaDate === undefined;
  if (noBtaEver && indication.status === "indicated") {
    if (v.boneMetastasisDiagnosisDate) {
      const delay = btaInitiationDelay({
        boneMetastasisDiagnosisDate: v.boneMetastasisDiagnosisDate,
        today: v.today,
      });
      if (delay.flagged)
        warnings.push({
          id: "noBtaAtThreeMonths",
          label: delay.rationale,
          source: `${OPTIMOS_SOURCE}; ${indication.source}`,
        });
    }
    warnings.push({
      id: "dentalCheckBeforeFirstDose",
      label: {
        fr: "Anti-résorbeur indiqué : bilan bucco-dentaire à faire avant la première dose.",
        en: "BTA indicated: a dental check is due before the first dose.",
      },
      source: GATE_SOURCES.dentalCheck,
    });
  }
  for (const alert of btaSequenceAlerts(state, v.today)) {
    if (alert.id === "doseOverdue") warnings.push({ ...alert, id: "doseOverdue" });
    if (alert.id === "rebound") warnings.push({ ...alert, id: "reboundWithoutFollowOn" });
  }
  const onZoledronic =
    (state.status === "active" || state.status === "paused") &&
    state.regimen.agent === "zoledronicAcid";
  if (onZoledronic) {
    const w = clearanceWarning(v.latestClearance, v.today);
    if (w) warnings.push(w);
  }
  return {
    nextDoseDate: nextDoseDue(state),
    reassessment: nextBtaReassessment(state, v.today),
    zoledronicDose:
      onZoledronic && v.latestClearance ? zoledronicAcidDose(v.latestClearance.mL_min) : null,
    warnings,
  };
}
