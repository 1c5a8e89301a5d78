// Is the board's systemic bone decision legal for the patient's sequence now? (issue 11 §5). The
// answer comes from the BTA state machine and start gates of app/domain/bta (one owner): the
// decision is turned into the sequence event it stands for and applied to the current state.
import * as z from "zod";
import { DENOSUMAB_DOSE_MG } from "../bta/agents";
import { type StartCondition, startDecisionConditions } from "../bta/gates";
import {
  applyBtaEvent,
  BTA_STATUS_LABELS,
  type BtaEvent,
  type BtaSequenceState,
  BtaSequenceStateSchema,
  type BtaWarning,
  NO_SEQUENCE,
} from "../bta/sequence";
import type { Refusal } from "../common";
import { IsoDateSchema } from "../dates";
import { parseOrThrow } from "../errors";
import { type SystemicDecision, SystemicDecisionSchema } from "./schema";

/** What the patient record says about the start gates and the kidney, as of the meeting. */
export const SystemicContextSchema = z.object({
  sequence: BtaSequenceStateSchema,
  decidedOn: IsoDateSchema,
  dentalCheckDate: IsoDateSchema.optional(),
  calciumVitaminDPlan: z.boolean().optional(),
  baselineCalcium_mmol_L: z.number().positive().max(6).optional(),
  baselineCreatinineClearance_mL_min: z.number().min(0).max(400).optional(),
  baselineCreatinine_umol_L: z.number().positive().optional(),
  /** Latest serum creatinine, for resuming zoledronic acid after a renal pause. */
  currentCreatinine_umol_L: z.number().positive().optional(),
});
export type SystemicContext = z.input<typeof SystemicContextSchema>;

export type SystemicCheck =
  | {
      ok: true;
      /** The sequence after the decision; null for a start whose conditions are still to meet. */
      after: BtaSequenceState | null;
      warnings: BtaWarning[];
      /** Start gates to meet before the first dose (decision 119); empty for other actions. */
      conditions: StartCondition[];
    }
  | Refusal;

function refusal(code: string, fr: string, en: string): Refusal {
  return { ok: false, code, reason: { fr, en } };
}

/**
 * Checks a systemic decision against the sequence. "initiate" after a stopped sequence opens a new
 * one (the state machine keeps "stopped" final, clinical.md §6.4 DEV NOTES); "continue" is legal
 * only on an active sequence and "noBta" only when none is running. A start's unmet gates are
 * conditions before the first dose, not refusals (decision 119). A proposed dose must be the one
 * the engine computes (zoledronic acid: from the baseline clearance, SmPC 4.2; denosumab 120);
 * without the clearance the zoledronic dose is left to set before the first dose.
 */
export function checkSystemicDecision(
  decisionInput: SystemicDecision,
  contextInput: SystemicContext,
): SystemicCheck {
  const decision = parseOrThrow(SystemicDecisionSchema, decisionInput, "decision");
  const ctx = parseOrThrow(SystemicContextSchema, contextInput, "decision");
  const state = ctx.sequence;
  const status = BTA_STATUS_LABELS[state.status];
  const date = ctx.decidedOn;
  const gates = {
    dentalCheckDate: ctx.dentalCheckDate,
    calciumVitaminDPlan: ctx.calciumVitaminDPlan,
    baselineCalcium_mmol_L: ctx.baselineCalcium_mmol_L,
    baselineCreatinineClearance_mL_min: ctx.baselineCreatinineClearance_mL_min,
    baselineCreatinine_umol_L: ctx.baselineCreatinine_umol_L,
  };
  let from = state;
  let event: BtaEvent;
  switch (decision.action) {
    case "noBta":
      if (state.status === "none" || state.status === "stopped")
        return { ok: true, after: state, warnings: [], conditions: [] };
      return refusal(
        `illegalDecision.${state.status}.noBta`,
        `« Pas d'anti-résorbeur » alors que la séquence est « ${status.fr} » : choisir suspendre ou arrêter.`,
        `"No bone-targeting agent" while the sequence is ${status.en}: choose pause or stop.`,
      );
    case "continue":
      if (state.status === "active")
        return { ok: true, after: state, warnings: [], conditions: [] };
      return refusal(
        `illegalDecision.${state.status}.continue`,
        `Impossible de poursuivre : la séquence est « ${status.fr} ».`,
        `Cannot continue: the sequence is ${status.en}.`,
      );
    case "initiate":
      if (state.status === "stopped") from = NO_SEQUENCE;
      event = {
        type: "initiate",
        date,
        agent: decision.agent,
        intervalWeeks: decision.intervalWeeks,
        ...gates,
      };
      break;
    case "switch":
      event = {
        type: "switch",
        date,
        agent: decision.agent,
        intervalWeeks: decision.intervalWeeks,
        ...gates,
      };
      break;
    case "pause":
      event = { type: "pause", date, reason: decision.reason };
      break;
    case "resume":
      event = { type: "resume", date, creatinine_umol_L: ctx.currentCreatinine_umol_L };
      break;
    case "stop":
      event = { type: "stop", date };
      break;
  }
  const result = applyBtaEvent(from, event);
  if (decision.action !== "initiate" && decision.action !== "switch") {
    if (!result.ok) return result;
    return { ok: true, after: result.state, warnings: result.warnings, conditions: [] };
  }
  if (result.ok) {
    const dose = doseProblem(
      decision.dose_mg,
      result.state.status === "active" ? result.state.regimen.dose_mg : null,
    );
    if (dose) return dose;
    return { ok: true, after: result.state, warnings: result.warnings, conditions: [] };
  }
  // The machine checks the start gates last (after date order, status, same agent, interval):
  // any other refusal is the decision's own illegality and stands.
  if (result.code !== "startGatesNotMet") return result;
  const start = startDecisionConditions({ ...gates, agent: decision.agent, startDate: date });
  if (!start.ok) return start;
  const computed = decision.agent === "denosumab" ? DENOSUMAB_DOSE_MG : start.dose_mg;
  const dose = doseProblem(decision.dose_mg, computed);
  if (dose) return dose;
  const warnings: BtaWarning[] = start.warnings.map((label) => ({
    id: "denosumabHypocalcaemia",
    label,
    // FDA boxed warning (2024) on severe hypocalcaemia with denosumab; Peddi 2013 (as sequence.ts).
    source: "Peddi 2013; FDA 2024",
  }));
  return { ok: true, after: null, warnings, conditions: start.conditions };
}

/**
 * The proposed dose against the engine's: equal when the engine can compute it; left blank when it
 * cannot (zoledronic acid without a baseline clearance: set from it before the first dose, SmPC
 * 4.2), so the fiche never prints a dose nobody could check (decision 119).
 */
function doseProblem(proposed: number | undefined, computed: number | null): Refusal | null {
  if (computed === null) {
    if (proposed === undefined) return null;
    return refusal(
      "doseWithoutClearance",
      `Dose proposée ${proposed} mg sans clairance de la créatinine : laisser la dose vide, elle sera fixée selon la clairance avant la première dose.`,
      `Proposed dose ${proposed} mg without a creatinine clearance: leave the dose blank, it will be set from the clearance before the first dose.`,
    );
  }
  if (proposed === undefined)
    return refusal(
      "doseRequired",
      `Dose à indiquer : la dose attendue est ${computed} mg.`,
      `Dose required: the expected dose is ${computed} mg.`,
    );
  if (proposed !== computed)
    return refusal(
      "doseMismatch",
      `Dose proposée ${proposed} mg ; la dose attendue est ${computed} mg.`,
      `Proposed dose ${proposed} mg; the expected dose is ${computed} mg.`,
    );
  return null;
}
