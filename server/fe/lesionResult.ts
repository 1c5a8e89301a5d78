// What of a finished FE analysis goes onto the lesion of the live board (decision 086): the
// headline figures and where the bone is weakest; the full result stays in the fe_jobs row.
import { type FeLesionResult, FeLesionResultSchema } from "../../app/domain/fe/result";
import type { ClinicalAnalysis } from "./pipeline";

export function feLesionResult(
  jobId: number,
  analysis: ClinicalAnalysis,
  finishedAt: string,
  /** When the job (and so its body weight) was entered: the fe_jobs row's created_at. */
  bodyWeightEnteredAt: string,
): FeLesionResult {
  const governing = analysis.load_cases.find((c) => c.load_case === analysis.governing_load_case);
  if (!governing) throw new Error("the governing load case is not among the load cases");
  const weakest = governing.bone.weakest_region;
  // Parsed: the board root is read back by every client with this schema.
  return FeLesionResultSchema.parse({
    jobId,
    failureLoad_N: analysis.failure_load_N,
    failureLoad_BW: analysis.failure_load_BW,
    // The weight the multiple was computed with, and the tilts analysed (decisions 127 and 132):
    // who reads the card must see both without opening the job.
    bodyWeight_kg: analysis.body_weight_kg,
    bodyWeightEnteredAt,
    tilt_deg: analysis.frame.tilt_deg,
    comparatorTilt_deg: analysis.comparator_frame.tilt_deg,
    strengthLoss_pct: analysis.strength_loss_percent,
    comparator: analysis.comparator,
    governingLoadCase: analysis.governing_load_case,
    healthyBand_pct: [
      analysis.healthy_pair_band_percent.low,
      analysis.healthy_pair_band_percent.high,
    ],
    withinHealthyBand: analysis.within_healthy_side_difference,
    weakestRegion: { mode: weakest.mode, position_mm: [...weakest.position_mm] },
    researchUseOnly: true,
    finishedAt,
  });
}
