// The one place that turns the records into the risk context every lesion is scored with: the
// RCP's FE threshold N (failure load below N × body weight flags the lesion, issue 3 §4) and
// the patient's weight. The board page, the history page and the projection all call this.
import type { RiskContext } from "./lesion";

export type { RiskContext };

export interface RiskContextSources {
  patient: { weightKg: number | null };
  rcp: { feFailureLoadBodyWeights: number } | undefined;
}

export function riskContextOf({ patient, rcp }: RiskContextSources): RiskContext {
  const weight = patient.weightKg;
  return {
    ...(rcp ? { feFailureLoadThreshold_bodyWeights: rcp.feFailureLoadBodyWeights } : {}),
    // A missing or zero weight means "unknown": the FE trigger then cannot compare with it.
    ...(weight !== null && weight > 0 ? { bodyWeight_kg: weight } : {}),
  };
}
