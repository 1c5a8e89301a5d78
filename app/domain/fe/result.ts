// The FE result as it sits on a lesion of the live board (issue 13 §6, decision 086): written by
// the server only, into the board document's server-owned root "feResults" (keyed by lesion id),
// which no client connection may write (server/collab/room.ts allowedRoots, update guard).
import * as z from "zod";
import { type AxisTilt, AxisTiltSchema, mirrorTiltInX, NO_TILT } from "./axisTilt";

export const FeLesionResultSchema = z
  .object({
    jobId: z.number().int().positive(),
    /** Failure load of the governing (weakest) load case, N. */
    failureLoad_N: z.number().positive(),
    /** The same as a multiple of body weight (N / (kg × 9.80665)), with `bodyWeight_kg`. */
    failureLoad_BW: z.number().positive(),
    /**
     * The body weight the multiple was computed with: the one recorded with the job (typed in the
     * run form, prefilled from the patient record), kg. The board's FE rule uses this multiple too,
     * so one result shows one multiple (decision 132). Absent on results stored before.
     */
    bodyWeight_kg: z.number().positive().max(400).optional(),
    /** When that weight was entered: the job's creation time (ISO). */
    bodyWeightEnteredAt: z.string().min(1).max(40).optional(),
    /** The tilt of the analysis axes from the bone's principal axes (decision 127). */
    tilt_deg: AxisTiltSchema.optional(),
    /**
     * The comparator's tilt: the contralateral's is mirrored in x (coronal sign changed), the
     * repaired bone's is the same (server/fe/pipeline.ts runClinicalAnalysis).
     */
    comparatorTilt_deg: AxisTiltSchema.optional(),
    /** Strength loss against the comparator, % (negative: the lesioned bone is the stronger). */
    strengthLoss_pct: z.number().finite(),
    comparator: z.enum(["contralateral", "digitally-repaired"]),
    governingLoadCase: z.string().min(1).max(60),
    /** Healthy left/right difference band, % (fe.md: 15–17 % between healthy pairs). */
    healthyBand_pct: z.tuple([z.number(), z.number()]),
    withinHealthyBand: z.boolean(),
    weakestRegion: z.object({
      mode: z.enum(["tension", "compression"]),
      position_mm: z.tuple([z.number(), z.number(), z.number()]),
    }),
    /** Always true: the analysis is not a validated medical device (docs/fe-pipeline.md). */
    researchUseOnly: z.literal(true),
    finishedAt: z.string().min(1).max(40),
  })
  .strict();
export type FeLesionResult = z.infer<typeof FeLesionResultSchema>;

/** What the patient page's job row shows of a job's parameters and result (decisions 127, 132). */
export interface FeJobFacts {
  /** The tilt of the analysis axes: the analysed one once done, else the one asked for. */
  tilt_deg: AxisTilt;
  comparator: "contralateral" | "digitally-repaired" | null;
  /** The comparator's tilt: mirrored in x for the contralateral, the same for the repaired bone. */
  comparatorTilt_deg: AxisTilt | null;
  /** The weight recorded with the job, kg: the one its multiple of body weight uses. */
  bodyWeight_kg: number | null;
  /** Failure load (N, × body weight) and strength loss (%) of a finished job. */
  failureLoad: { N: number; BW: number; strengthLoss_pct: number } | null;
}

const JobParamsFactsSchema = z.object({
  tilt_deg: AxisTiltSchema.optional(),
  body_weight_kg: z.number().positive().optional(),
  compare_with: z.unknown().optional(),
  repair: z.unknown().optional(),
});

const JobResultFactsSchema = z.object({
  failure_load_N: z.number().positive(),
  failure_load_BW: z.number().positive(),
  strength_loss_percent: z.number().finite(),
  frame: z.object({ tilt_deg: AxisTiltSchema }).optional(),
  comparator_frame: z.object({ tilt_deg: AxisTiltSchema }).optional(),
});

/**
 * The facts of a stored job (fe_jobs params and result JSON, read as unknown): what was analysed
 * wins over what was asked for. A job without `tilt_deg` ran on the principal axes exactly
 * (server/fe/pipeline.ts: absent is 0° and 0°).
 */
export function feJobFacts(params: unknown, result: unknown): FeJobFacts {
  const p = JobParamsFactsSchema.safeParse(params);
  const r = JobResultFactsSchema.safeParse(result);
  const asked = p.success ? (p.data.tilt_deg ?? NO_TILT) : NO_TILT;
  const comparator = !p.success
    ? null
    : p.data.compare_with !== undefined
      ? "contralateral"
      : p.data.repair !== undefined
        ? "digitally-repaired"
        : null;
  const tilt_deg = r.success && r.data.frame ? r.data.frame.tilt_deg : asked;
  const comparatorTilt_deg =
    r.success && r.data.comparator_frame
      ? r.data.comparator_frame.tilt_deg
      : comparator === "contralateral"
        ? mirrorTiltInX(asked)
        : comparator === null
          ? null
          : asked;
  return {
    tilt_deg,
    comparator,
    comparatorTilt_deg,
    bodyWeight_kg: p.success ? (p.data.body_weight_kg ?? null) : null,
    failureLoad: r.success
      ? {
          N: r.data.failure_load_N,
          BW: r.data.failure_load_BW,
          strengthLoss_pct: r.data.strength_loss_percent,
        }
      : null,
  };
}
