import * as z from "zod";
import type { Label, Refusal } from "../common";
import { parseOrThrow } from "../errors";

export const BtaAgentSchema = z.enum(["zoledronicAcid", "denosumab"]);
export type BtaAgent = z.infer<typeof BtaAgentSchema>;

export const BTA_AGENT_LABELS: Record<BtaAgent, Label> = {
  zoledronicAcid: { fr: "acide zolédronique", en: "zoledronic acid" },
  denosumab: { fr: "dénosumab", en: "denosumab" },
};

export const ZOLEDRONIC_SOURCE = "SmPC Zometa 4.2";
export const DENOSUMAB_SOURCE = "SmPC Xgeva";

/**
 * Dosing intervals in weeks. Zoledronic acid: 3–4-weekly (SmPC) or 12-weekly (CALGB 70604,
 * ZOOM); the choice is a per-patient board parameter (clinical.md §6.2 DEV NOTE). Denosumab: 4-weekly.
 */
export const ALLOWED_INTERVALS_WEEKS: Record<BtaAgent, readonly number[]> = {
  zoledronicAcid: [3, 4, 12],
  denosumab: [4],
};

export const DENOSUMAB_DOSE_MG = 120;
export const ZOLEDRONIC_FULL_DOSE_MG = 4;

export const ZoledronicCrClSchema = z.number().finite().min(0).max(400);
const ZoledronicDoseInputSchema = z.object({ creatinineClearance_mL_min: ZoledronicCrClSchema });

export type ZoledronicDose =
  | { ok: true; dose_mg: number; band: Label; source: string }
  | (Refusal<"crclBelow30"> & { dose_mg: null; band: Label; source: string });

/**
 * Zoledronic acid dose from baseline creatinine clearance (Cockcroft–Gault, mL/min), SmPC 4.2:
 * > 60 → 4.0 mg; 50–60 → 3.5 mg; 40–49 → 3.3 mg; 30–39 → 3.0 mg; < 30 → not recommended.
 * No rounding: the SmPC bands are integers, so a value between two bands (49.5) falls in the lower
 * band (3.3 mg), the conservative reading; 60 is 3.5 mg and 60.1 is 4 mg (clinical.md §6.3).
 * A value that is not a clearance (negative, NaN) throws a DomainInputError naming
 * `creatinineClearance_mL_min`; under 30 mL/min the answer is a refusal value (`ok: false`).
 */
export function zoledronicAcidDose(creatinineClearance_mL_min: number): ZoledronicDose {
  const { creatinineClearance_mL_min: crcl } = parseOrThrow(
    ZoledronicDoseInputSchema,
    { creatinineClearance_mL_min },
    "zoledronicAcidDose",
  );
  if (crcl > 60)
    return {
      ok: true,
      dose_mg: 4.0,
      band: { fr: "> 60 mL/min", en: "> 60 mL/min" },
      source: ZOLEDRONIC_SOURCE,
    };
  if (crcl >= 50)
    return {
      ok: true,
      dose_mg: 3.5,
      band: { fr: "50–60 mL/min", en: "50–60 mL/min" },
      source: ZOLEDRONIC_SOURCE,
    };
  if (crcl >= 40)
    return {
      ok: true,
      dose_mg: 3.3,
      band: { fr: "40–49 mL/min", en: "40–49 mL/min" },
      source: ZOLEDRONIC_SOURCE,
    };
  if (crcl >= 30)
    return {
      ok: true,
      dose_mg: 3.0,
      band: { fr: "30–39 mL/min", en: "30–39 mL/min" },
      source: ZOLEDRONIC_SOURCE,
    };
  return {
    ok: false,
    code: "crclBelow30",
    dose_mg: null,
    band: { fr: "< 30 mL/min", en: "< 30 mL/min" },
    reason: {
      fr: `Clairance de la créatinine ${crcl} mL/min < 30 : acide zolédronique non recommandé (insuffisance rénale sévère). Le dénosumab n'a pas d'adaptation rénale mais expose à l'hypocalcémie.`,
      en: `Creatinine clearance ${crcl} mL/min < 30: zoledronic acid not recommended (severe renal impairment). Denosumab needs no renal adjustment but carries a hypocalcaemia risk.`,
    },
    source: ZOLEDRONIC_SOURCE,
  };
}

export interface BtaRegimen {
  agent: BtaAgent;
  dose_mg: number;
  intervalWeeks: number;
  route: Label;
  source: string;
}

/** Standard regimen of denosumab: 120 mg SC every 4 weeks, no renal adjustment. */
export function denosumabRegimen(): BtaRegimen {
  return {
    agent: "denosumab",
    dose_mg: DENOSUMAB_DOSE_MG,
    intervalWeeks: 4,
    route: { fr: "sous-cutané", en: "subcutaneous" },
    source: DENOSUMAB_SOURCE,
  };
}

export function isAllowedInterval(agent: BtaAgent, intervalWeeks: number): boolean {
  return ALLOWED_INTERVALS_WEEKS[agent].includes(intervalWeeks);
}
