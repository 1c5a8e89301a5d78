/**
 * The parameters of an FE job (issue 13 §6, decision 085): the clinical case of clinicalCase.ts
 * with the same fields and rules, except that the volumes are stored CT series of the patient
 * (ct_series ids) instead of paths, and the digital-repair lesion is a sphere marked on the CT
 * (issue 13 §3: "the lesion marked as a sphere ... on the slices") instead of a mask file.
 */
import { z } from "zod";
import { RegionBoxSchema } from "../../app/domain/fe/regionBox";
import { caseCalibration, checkCaseRules, clinicalCaseFields } from "./clinicalCase";
import type { CtVolume } from "./ctVolume";
import {
  type Comparator,
  type CtSource,
  DEFAULT_THRESHOLDS,
  type PipelineSettings,
  readSource,
} from "./pipeline";

const mm = z.number().finite();

export const FeJobParamsSchema = z
  .object({
    ...clinicalCaseFields,
    /** The contralateral bone: another CT series of the same patient. */
    compare_with: z
      .object({
        ct_series_id: z.number().int().positive(),
        /** Its own region of interest; absent: the bone's box mirrored in x (decision 121). */
        region: RegionBoxSchema.optional(),
      })
      .strict()
      .optional(),
    /** Digital repair of a lesion marked as a sphere, in mm from the corner of voxel (0, 0, 0). */
    repair: z
      .object({
        lesion_sphere: z
          .object({
            center_mm: z.tuple([mm, mm, mm]),
            radius_mm: z.number().positive().max(100, "must be at most 100 mm"),
          })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(checkCaseRules);
export type FeJobParams = z.infer<typeof FeJobParamsSchema>;

/** Voxels whose centre lies inside the sphere (the CT's own coordinates, as weakest_region). */
export function sphereMask(
  ct: CtVolume,
  sphere: { center_mm: [number, number, number]; radius_mm: number },
): Uint8Array {
  const mask = new Uint8Array(ct.nx * ct.ny * ct.nz);
  const [sx, sy, sz] = ct.spacing;
  const [cx, cy, cz] = sphere.center_mm;
  const r2 = sphere.radius_mm * sphere.radius_mm;
  for (let k = 0; k < ct.nz; k++) {
    const dz = (k + 0.5) * sz - cz;
    for (let j = 0; j < ct.ny; j++) {
      const dy = (j + 0.5) * sy - cy;
      for (let i = 0; i < ct.nx; i++) {
        const dx = (i + 0.5) * sx - cx;
        if (dx * dx + dy * dy + dz * dz <= r2) mask[i + ct.nx * (j + ct.ny * k)] = 1;
      }
    }
  }
  return mask;
}

/**
 * The comparator of a job: the contralateral CT (as read, or read when the comparator starts), or
 * the sphere to repair (its mask is made on the bone CT's grid).
 */
export function jobComparator(
  params: FeJobParams,
  ct: CtSource,
  contralateral?: CtSource,
): Comparator {
  if (params.compare_with) {
    if (!contralateral) throw new Error("the contralateral CT series was not read");
    return { kind: "contralateral", ct: contralateral, region: params.compare_with.region };
  }
  if (params.repair)
    return {
      kind: "repaired",
      lesionMask: sphereMask(readSource(ct), params.repair.lesion_sphere),
    };
  // FeJobParamsSchema refuses parameters without exactly one comparator.
  throw new Error("the job has no comparator");
}

/** The pipeline settings of a job (the case file's defaults: 1 mm, the site's thresholds). */
export function jobSettings(
  params: FeJobParams,
  extra: Pick<PipelineSettings, "signal" | "onProgress" | "workers">,
): PipelineSettings {
  const defaults = DEFAULT_THRESHOLDS[params.site];
  return {
    site: params.site,
    loadCases: Array.isArray(params.load_case) ? params.load_case : [params.load_case],
    calibration: caseCalibration(params.calibration),
    voxel_mm: params.voxel_mm ?? 1,
    region: params.region,
    tilt: params.tilt_deg,
    thresholds: {
      segmentation_HU: params.segmentation_threshold_HU ?? defaults.segmentation_HU,
      tissue_HU: params.tissue_threshold_HU ?? defaults.tissue_HU,
    },
    ...extra,
  };
}
