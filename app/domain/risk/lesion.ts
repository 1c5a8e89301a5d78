import * as z from "zod";
import { LesionTypeSchema } from "../common";
import { IsoDateSchema } from "../dates";
import { AsiaGradeSchema } from "../scores/asia";
import { EsccGradeSchema } from "../scores/escc";
import { FrankelGradeSchema } from "../scores/frankel";
import { HarringtonItemsSchema } from "../scores/harrington";
import { MirelsPainSchema, MirelsSizeSchema } from "../scores/mirels";
import { RadiosensitivitySchema } from "../scores/noms";
import { PainCharacterSchema } from "../scores/pain";
import {
  SinsAlignmentSchema,
  SinsCollapseSchema,
  SinsPainSchema,
  SinsPosterolateralSchema,
} from "../scores/sins";
import { findSite, isSideAllowed, SideSchema } from "../skeleton/catalogue";

/**
 * One lesion as the live board stores it (in a Yjs document): plain JSON, score *inputs* only,
 * every item optional so a lesion can be partly scored. Totals are never stored: they are computed
 * here. Site-level facts (long bone, spinal level, SINS location, Mirels site) come from the
 * skeleton catalogue through siteId; the lesion type is stored once and feeds Mirels and SINS.
 */
export const LesionInputSchema = z
  .object({
    id: z.string().min(1),
    siteId: z.string().min(1),
    side: SideSchema,
    lesionType: LesionTypeSchema.optional(),
    /** Largest dimension on imaging, in millimetres. */
    size_mm: z.number().positive().max(1000).optional(),
    completedFracture: z.boolean().optional(),
    pain: z
      .object({
        nrs: z.number().int().min(0).max(10).optional(),
        character: PainCharacterSchema.optional(),
      })
      .optional(),
    mirels: z
      .object({ pain: MirelsPainSchema.optional(), size: MirelsSizeSchema.optional() })
      .optional(),
    sins: z
      .object({
        pain: SinsPainSchema.optional(),
        alignment: SinsAlignmentSchema.optional(),
        collapse: SinsCollapseSchema.optional(),
        posterolateral: SinsPosterolateralSchema.optional(),
      })
      .optional(),
    escc: EsccGradeSchema.optional(),
    frankel: FrankelGradeSchema.optional(),
    asia: AsiaGradeSchema.optional(),
    newNeurologicalDeficit: z.boolean().optional(),
    harrington: HarringtonItemsSchema.partial().optional(),
    cortical: z
      .object({
        axialCorticalInvolvement_mm: z.number().min(0).max(600).optional(),
        circumferentialCorticalInvolvement_pct: z.number().min(0).max(100).optional(),
      })
      .optional(),
    /** Finite-element result attached to the lesion: failure load in newtons. */
    fe: z
      .object({
        failureLoad_N: z.number().positive().optional(),
        resultId: z.string().optional(),
        /**
         * Copied from a computed result only (app/domain/board/ydoc.ts withFeResults drops a typed
         * one): its multiple of body weight and the weight it was computed with, so the FE rule
         * shows the card's multiple, not one from today's record weight (decision 132).
         */
        failureLoad_BW: z.number().positive().optional(),
        bodyWeight_kg: z.number().positive().max(400).optional(),
      })
      .optional(),
    previousRadiotherapy: z.object({ lastFractionDate: IsoDateSchema.optional() }).optional(),
  })
  .superRefine((lesion, ctx) => {
    const site = findSite(lesion.siteId);
    if (!site) {
      ctx.addIssue({
        code: "custom",
        path: ["siteId"],
        message: `unknown skeleton site "${lesion.siteId}"`,
        params: { reason: "unknownSite" },
      });
      return;
    }
    if (!isSideAllowed(site, lesion.side)) {
      ctx.addIssue({
        code: "custom",
        path: ["side"],
        message: site.paired
          ? `site "${site.id}" is paired: side must be left or right`
          : `site "${site.id}" is midline: side must be midline`,
        params: { reason: site.paired ? "sideMustBeLeftOrRight" : "sideMustBeMidline" },
      });
    }
  });
export type LesionInput = z.infer<typeof LesionInputSchema>;

/**
 * Board- and patient-level parameters the rules need. feFailureLoadThreshold_bodyWeights is the
 * board parameter N of the rule "FE failure load below N × body weight".
 */
export const RiskContextSchema = z.object({
  feFailureLoadThreshold_bodyWeights: z.number().positive().max(50).optional(),
  bodyWeight_kg: z.number().positive().max(400).optional(),
  radiosensitivity: RadiosensitivitySchema.optional(),
  expectedSurvival_months: z.number().min(0).optional(),
  /**
   * The patient's estimated survival band says ≥ 3 months (true) or < 3 months (false); absent:
   * "unknown" band or not given. Read by the Patchell 2005 criterion only when
   * expectedSurvival_months is absent (decision 124).
   */
  expectedSurvivalAtLeast3Months: z.boolean().optional(),
  fitForSurgery: z.boolean().optional(),
  /** Hypervascular primary (renal, thyroid…): pre-operative embolisation may be discussed. */
  hypervascularPrimary: z.boolean().optional(),
  /** Areas of spinal cord compression on imaging (Patchell 2005 included a single area). */
  spinalCompressionAreas: z.enum(["single", "multiple"]).optional(),
  /** Totally paraplegic for more than 48 h (a Patchell 2005 exclusion); absent: not recorded. */
  paraplegiaOver48h: z.boolean().optional(),
  today: IsoDateSchema.optional(),
});
export type RiskContext = z.infer<typeof RiskContextSchema>;
