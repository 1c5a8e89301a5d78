// Is the board's systemic bone decision legal for the patient's sequence now? (issue 11 §5). The
// answer comes from the BTA state machine and start gates of app/domain/bta (one owner): the
// decision is turned into the sequence event it stands for and applied to the current state.
import * as z from "zod";
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

export type SystemicCheck = { ok: true; after: BtaSequenceState; warnings: BtaWarning[] } | Refusal;

function refusal(code: string, fr: string, en: string): Refusal {
  return { ok: false, code, reason: { fr, en } };
}

/**
 * Checks a systemic decision against the sequence. "initiate" after a stopped sequence opens a new
 * one (the state machine keeps "stopped" final, clinical.md §6.4 DEV NOTES); "continue" is legal
 * only on an active sequence and "noBta" only when none is running. A proposed dose must be the
 * one the engine computes (zoledronic acid: from the baseline clearance, SmPC 4.2; denosumab 120).
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
        return { ok: true, after: state, warnings: [] };
      return refusal(
        `illegalDecision.${state.status}.noBta`,
        `« Pas d'anti-résorbeur » alors que la séquence est « ${status.fr} » : choisir suspendre ou arrêter.`,
        `"No bone-targeting agent" while the sequence is ${status.en}: choose pause or stop.`,
      );
    case "continue":
      if (state.status === "active") return { ok: true, after: state, warnings: [] };
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
  if (!result.ok) return result;
  if (decision.action === "initiate" || decision.action === "switch") {
    const computed = result.state.status === "active" ? result.state.regimen.dose_mg : null;
    if (computed !== decision.dose_mg)
      return refusal(
        "doseMismatch",
        `Dose proposée ${decision.dose_mg} mg ; la dose attendue est ${computed} mg.`,
        `Proposed dose ${decision.dose_mg} mg; the expected dose is ${computed} mg.`,
      );
  }
  return { ok: true, after: result.state, warnings: result.warnings };
}
