// The FE result as it sits on a lesion of the live board (issue 13 §6, decision 086): written by
// the server only, into the board document's server-owned root "feResults" (keyed by lesion id),
// which no client connection may write (server/collab/room.ts allowedRoots, update guard).
import * as z from "zod";

export const FeLesionResultSchema = z
  .object({
    jobId: z.number().int().positive(),
    /** Failure load of the governing (weakest) load case, N. */
    failureLoad_N: z.number().positive(),
    /** The same as a multiple of body weight (N / (kg × 9.81)). */
    failureLoad_BW: z.number().positive(),
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
