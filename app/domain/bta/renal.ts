import * as z from "zod";
import type { Label } from "../common";
import { parseOrThrow } from "../errors";

/** µmol/L per mg/dL of creatinine. */
export const CREATININE_UMOL_PER_MG_DL = 88.4;

export function creatinineMgDlToUmolL(mgDl: number): number {
  return mgDl * CREATININE_UMOL_PER_MG_DL;
}

/**
 * SmPC zoledronic acid (trial definition of renal deterioration, clinical.md §6.3): baseline
 * < 124 µmol/L (1.4 mg/dL) is normal and a rise ≥ 44 µmol/L (0.5 mg/dL) is deterioration;
 * baseline ≥ 124 µmol/L: a rise ≥ 88 µmol/L (1.0 mg/dL). Exactly 124 counts as abnormal because
 * "normal" is defined as strictly below it.
 */
export const NORMAL_BASELINE_CREATININE_BELOW_UMOL_L = 124;
export const DETERIORATION_RISE_NORMAL_BASELINE_UMOL_L = 44;
export const DETERIORATION_RISE_ABNORMAL_BASELINE_UMOL_L = 88;
/** Resume only when creatinine is back within 10 % of baseline. */
export const RESUME_WITHIN_FRACTION_OF_BASELINE = 0.1;

export const CreatininePairSchema = z.object({
  baselineCreatinine_umol_L: z.number().positive().max(3000),
  currentCreatinine_umol_L: z.number().positive().max(3000),
});
export type CreatininePair = z.infer<typeof CreatininePairSchema>;

export interface RenalCheck {
  withhold: boolean;
  canResume: boolean;
  rise_umol_L: number;
  threshold_umol_L: number;
  rationale: Label;
  source: string;
}

/** Creatinine check before each zoledronic acid dose: withhold on deterioration, resume rule. */
export function zoledronicRenalCheck(input: CreatininePair): RenalCheck {
  const { baselineCreatinine_umol_L: baseline, currentCreatinine_umol_L: current } = parseOrThrow(
    CreatininePairSchema,
    input,
    "zoledronicRenalCheck",
  );
  const normalBaseline = baseline < NORMAL_BASELINE_CREATININE_BELOW_UMOL_L;
  const threshold = normalBaseline
    ? DETERIORATION_RISE_NORMAL_BASELINE_UMOL_L
    : DETERIORATION_RISE_ABNORMAL_BASELINE_UMOL_L;
  const rise = current - baseline;
  const withhold = rise >= threshold;
  const canResume = current <= baseline * (1 + RESUME_WITHIN_FRACTION_OF_BASELINE);
  return {
    withhold,
    canResume,
    rise_umol_L: rise,
    threshold_umol_L: threshold,
    rationale: withhold
      ? {
          fr: `Créatinine ${current} µmol/L, hausse de ${rise} µmol/L ≥ ${threshold} (créatinine initiale ${normalBaseline ? "normale" : "anormale"} ${baseline}) : suspendre l'acide zolédronique.`,
          en: `Creatinine ${current} µmol/L, rise of ${rise} µmol/L ≥ ${threshold} (${normalBaseline ? "normal" : "abnormal"} baseline ${baseline}): withhold zoledronic acid.`,
        }
      : {
          fr: `Créatinine ${current} µmol/L (initiale ${baseline}) : pas de dégradation rénale au sens du RCP.`,
          en: `Creatinine ${current} µmol/L (baseline ${baseline}): no renal deterioration by the SmPC definition.`,
        },
    // SmPC: renal deterioration → withhold; resume within 10 % of baseline.
    source: "SmPC Zometa 4.4",
  };
}
