// The one place that turns the records into the risk context every lesion is scored with: the
// RCP's FE threshold N (failure load below N × body weight flags the lesion, issue 3 §4) and
// the patient's weight. The board page, the history page and the projection all call this.
import type { RiskContext } from "./lesion";

export type { RiskContext };

export interface RiskContextSources {
  /** survivalBand: the patient record's estimated survival (SURVIVAL_BANDS); absent: not known here. */
  patient: { weightKg: number | null; survivalBand?: string | null };
  rcp: { feFailureLoadBodyWeights: number } | undefined;
}

/**
 * The survival band against Patchell 2005's inclusion (expected survival ≥ 3 months; clinical.md
 * §7.3): "< 3 mois" is below it, every other band starts at 3 months or more, "unknown" says
 * nothing (decision 124).
 */
function survivalAtLeast3Months(band: string | null | undefined): boolean | undefined {
  if (band === "lt_3m") return false;
  if (band === "3_6m" || band === "6_12m" || band === "1_2y" || band === "gt_2y") return true;
  return undefined;
}

export function riskContextOf({ patient, rcp }: RiskContextSources): RiskContext {
  const weight = patient.weightKg;
  const survival = survivalAtLeast3Months(patient.survivalBand);
  return {
    ...(survival === undefined ? {} : { expectedSurvivalAtLeast3Months: survival }),
    ...(rcp ? { feFailureLoadThreshold_bodyWeights: rcp.feFailureLoadBodyWeights } : {}),
    // A missing or zero weight means "unknown": the FE trigger then cannot compare with it.
    ...(weight !== null && weight > 0 ? { bodyWeight_kg: weight } : {}),
  };
}
