import * as z from "zod";
import { type Label, LabelSchema, type Refusal } from "../common";
import { compareIsoDates, IsoDateSchema } from "../dates";
import { parseOrThrow } from "../errors";
import { BTA_AGENT_LABELS, BtaAgentSchema, zoledronicAcidDose } from "./agents";
import { type CalciumReading, calciumReading, hypocalcaemiaBlocker } from "./calcium";

/** What must be in place before a BTA starts (clinical.md §6.4; Brown 2021 Table 3; SmPC). */
export const StartGatesInputSchema = z.object({
  agent: BtaAgentSchema,
  startDate: IsoDateSchema,
  dentalCheckDate: IsoDateSchema.optional(),
  calciumVitaminDPlan: z.boolean().optional(),
  /** Total serum calcium. */
  baselineCalcium_mmol_L: z.number().positive().max(6).optional(),
  /** Serum albumin of the same sample, for the corrected calcium (Payne 1973); absent: total judged. */
  baselineAlbumin_g_L: z.number().positive().max(80).optional(),
  /** Cockcroft–Gault creatinine clearance, required for zoledronic acid. */
  baselineCreatinineClearance_mL_min: z.number().min(0).max(400).optional(),
});
export type StartGatesInput = z.infer<typeof StartGatesInputSchema>;

export const START_GATE_IDS = [
  "dentalCheck",
  "calciumVitaminDPlan",
  "baselineCalcium",
  "baselineCreatinineClearance",
] as const;
export type StartGateId = (typeof START_GATE_IDS)[number];

export interface StartGateProblem {
  gate: StartGateId;
  label: Label;
  source: string;
}

/** Every gate passed (`ok: true`), or a refusal listing what is missing and what blocks. */
export type StartGatesResult =
  | {
      ok: true;
      warnings: Label[];
      /** Dose for zoledronic acid from the baseline clearance; null for denosumab. */
      dose_mg: number | null;
      /** How the baseline calcium was read (corrected when albumin is known). */
      calcium: CalciumReading | null;
    }
  | (Refusal<"startGatesNotMet"> & {
      missing: StartGateProblem[];
      /** Clinical refusals, e.g. zoledronic acid under 30 mL/min. */
      blockers: Label[];
      warnings: Label[];
      calcium: CalciumReading | null;
    });

const GATE_LABELS: Record<StartGateId, Label> = {
  dentalCheck: {
    fr: "Bilan bucco-dentaire fait avant l'initiation",
    en: "Dental check done before initiation",
  },
  calciumVitaminDPlan: {
    fr: "Supplémentation calcium et vitamine D prévue (sauf hypercalcémie)",
    en: "Calcium and vitamin D plan in place (unless hypercalcaemia)",
  },
  baselineCalcium: { fr: "Calcémie initiale", en: "Baseline serum calcium" },
  baselineCreatinineClearance: {
    fr: "Clairance de la créatinine initiale (Cockcroft–Gault)",
    en: "Baseline creatinine clearance (Cockcroft–Gault)",
  },
};

export const GATE_SOURCES: Record<StartGateId, string> = {
  // Brown 2021 Table 3; MASCC/ISOO/ASCO MRONJ guideline (Yarom 2019).
  dentalCheck: "Brown 2021 (J Bone Oncol 29:100375); MASCC/ISOO/ASCO 2019",
  calciumVitaminDPlan:
    // Brown 2021 Table 3: calcium 500 mg + vitamin D 400 IU.
    "SmPC Zometa; Brown 2021 (J Bone Oncol 29:100375)",
  // Peddi 2013: correct hypocalcaemia before dosing.
  baselineCalcium: "Peddi 2013",
  // SmPC 4.2: the dose follows the baseline creatinine clearance.
  baselineCreatinineClearance: "SmPC Zometa 4.2",
};

function problem(gate: StartGateId): StartGateProblem {
  return { gate, label: GATE_LABELS[gate], source: GATE_SOURCES[gate] };
}

/** The start gates of a BTA; ok only when nothing is missing and nothing blocks. */
export function btaStartGates(input: StartGatesInput): StartGatesResult {
  const g = parseOrThrow(StartGatesInputSchema, input, "btaStartGates");
  const missing: StartGateProblem[] = [];
  const blockers: Label[] = [];
  const warnings: Label[] = [];
  if (!g.dentalCheckDate || compareIsoDates(g.dentalCheckDate, g.startDate) > 0)
    missing.push(problem("dentalCheck"));
  const calcium =
    g.baselineCalcium_mmol_L === undefined
      ? null
      : calciumReading(g.baselineCalcium_mmol_L, g.baselineAlbumin_g_L);
  // Zometa SmPC; Brown 2021 Table 3: calcium + vitamin D daily unless hypercalcaemia.
  if (g.calciumVitaminDPlan !== true && calcium?.band !== "hypercalcaemia")
    missing.push(problem("calciumVitaminDPlan"));
  if (calcium === null) missing.push(problem("baselineCalcium"));
  // Peddi 2013 (clinical.md §6.4): correct hypocalcaemia before dosing; the value, not only its presence.
  else if (calcium.band === "hypocalcaemia") blockers.push(hypocalcaemiaBlocker(calcium));
  let dose_mg: number | null = null;
  const crcl = g.baselineCreatinineClearance_mL_min;
  if (g.agent === "zoledronicAcid") {
    if (crcl === undefined) {
      missing.push(problem("baselineCreatinineClearance"));
    } else {
      const dose = zoledronicAcidDose(crcl);
      if (dose.ok) dose_mg = dose.dose_mg;
      else blockers.push(dose.reason);
    }
  } else if (crcl !== undefined && crcl < 30) {
    // Boxed warning (denosumab-desu FDA label): severe hypocalcaemia in advanced CKD.
    warnings.push({
      fr: "Insuffisance rénale sévère : risque d'hypocalcémie sévère sous dénosumab, surveiller la calcémie.",
      en: "Severe renal impairment: risk of severe hypocalcaemia with denosumab, monitor calcium.",
    });
  }
  if (missing.length === 0 && blockers.length === 0)
    return { ok: true, warnings, dose_mg, calcium };
  const agentLabel = BTA_AGENT_LABELS[g.agent];
  const problems = [...missing.map((m) => m.label), ...blockers];
  return {
    ok: false,
    code: "startGatesNotMet",
    reason: {
      fr: `Prérequis non remplis pour ${agentLabel.fr} : ${problems.map((p) => p.fr).join(" ; ")}.`,
      en: `Start gates not met for ${agentLabel.en}: ${problems.map((p) => p.en).join("; ")}.`,
    },
    missing,
    blockers,
    warnings,
    calcium,
  };
}

/**
 * A start gate still to meet before the first dose, written into the board's signed decision
 * (decision 119): the board decides to start; the gates are conditions of the first dose.
 */
export const StartConditionSchema = z.object({
  gate: z.enum(START_GATE_IDS),
  label: LabelSchema,
  source: z.string().min(1),
});
export type StartCondition = z.infer<typeof StartConditionSchema>;

export type StartDecisionResult =
  | {
      ok: true;
      /** Empty when every gate is already met. */
      conditions: StartCondition[];
      /** Zoledronic acid's dose from the baseline clearance; null when it is still unknown. */
      dose_mg: number | null;
      warnings: Label[];
    }
  | Refusal;

const DOSE_FROM_CLEARANCE: Label = {
  fr: "Clairance de la créatinine (Cockcroft–Gault) : dose d'acide zolédronique à fixer selon la clairance avant la première dose",
  en: "Creatinine clearance (Cockcroft–Gault): zoledronic acid dose to be set from the clearance before the first dose",
};

/**
 * The start gates read at decision time (decision 119): what is missing or pending (dental check,
 * calcium + vitamin D plan, baseline calcium, the clearance that sets the zoledronic dose) and a
 * hypocalcaemia to correct become conditions before the first dose; a clearance under 30 mL/min
 * still refuses zoledronic acid (SmPC 4.2: not recommended; the board chooses another agent).
 * Recording the first dose still needs every gate (btaStartGates through the state machine).
 */
export function startDecisionConditions(input: StartGatesInput): StartDecisionResult {
  const g = parseOrThrow(StartGatesInputSchema, input, "btaStartGates");
  const gates = btaStartGates(g);
  if (gates.ok)
    return { ok: true, conditions: [], dose_mg: gates.dose_mg, warnings: gates.warnings };
  const crcl = g.baselineCreatinineClearance_mL_min;
  let dose_mg: number | null = null;
  if (g.agent === "zoledronicAcid" && crcl !== undefined) {
    const dose = zoledronicAcidDose(crcl);
    if (!dose.ok) return { ok: false, code: dose.code, reason: dose.reason };
    dose_mg = dose.dose_mg;
  }
  const conditions: StartCondition[] = gates.missing.map((m) =>
    m.gate === "baselineCreatinineClearance"
      ? { gate: m.gate, label: DOSE_FROM_CLEARANCE, source: m.source }
      : { gate: m.gate, label: m.label, source: m.source },
  );
  // Peddi 2013 (clinical.md §6.4): a low calcium is corrected before dosing, not a reason to not decide.
  if (gates.calcium?.band === "hypocalcaemia")
    conditions.push({
      gate: "baselineCalcium",
      label: hypocalcaemiaBlocker(gates.calcium),
      source: gates.calcium.source,
    });
  return { ok: true, conditions, dose_mg, warnings: gates.warnings };
}
