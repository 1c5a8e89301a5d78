/**
 * The clinical case file of issue 13 item 7, so that the whole chain can be scripted and
 * compared: `npm run fe -- CASE.json` with
 * {"volume": "ct.nrrd", "quantity": "hounsfield",
 *  "calibration": {"slope_mg_per_HU": 0.8, "intercept_mg": -1.2},
 *     (or {"rods": [...]}, or {"internal": {"air_HU": ..., "adipose_HU": ..., "muscle_HU": ...}})
 *  "site": "proximal-femur", "side": "left", "load_case": "femur-stance", "body_weight_kg": 70,
 *  "compare_with": {"volume": "contralateral.nrrd"}}      (or "repair": {"lesion_mask": "mask.nrrd"})
 * Relative paths are read from the case file's folder. The solver-only case files of issue 4
 * (caseFile.ts) keep working: the CLI tells them apart by `quantity`.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AxisTiltSchema } from "../../app/domain/fe/axisTilt";
import { boxOutsideVolume, type RegionBox, RegionBoxSchema } from "../../app/domain/fe/regionBox";
import {
  type Calibration,
  DEFAULT_CALIBRATION,
  enteredCalibration,
  fitRodCalibration,
} from "./calibration";
import { describeCaseError, peakRssMb } from "./caseFile";
import { type CtVolume, readCtVolume } from "./ctVolume";
import { internalCalibration } from "./internalCalibration";
import {
  type ClinicalAnalysis,
  type Comparator,
  DEFAULT_THRESHOLDS,
  runClinicalAnalysis,
  type StageTimes,
} from "./pipeline";

const volumePath = z.string().min(1, "give the path of a NRRD volume");

const LoadCase = z.enum(["femur-stance", "femur-fall", "vertebra-compression"]);

const meanHU = z.number().finite();

/**
 * How HU become density (calibration.ts): entered line, phantom rods, the phantomless internal
 * calibration from the mean HU of reference regions (internalCalibration.ts, decision 126), or the
 * flagged default.
 */
export const CalibrationInputSchema = z.union([
  z.literal("default"),
  z.object({
    slope_mg_per_HU: z.number().positive("must be > 0 mg/cm³ per HU"),
    intercept_mg: z.number().finite(),
  }),
  z.object({
    rods: z
      .array(
        z.object({
          mean_HU: z.number().finite(),
          density_mg_per_cm3: z.number().finite(),
        }),
      )
      .min(3, "give at least 3 phantom rods"),
  }),
  z.object({
    internal: z
      .object({
        air_HU: meanHU,
        adipose_HU: meanHU,
        muscle_HU: meanHU,
        blood_HU: meanHU.optional(),
        cortical_HU: meanHU.optional(),
      })
      .strict(),
  }),
]);

/**
 * The fields a clinical case shares with an FE job's parameters (server/fe/jobParams.ts): only
 * the volumes differ (paths here, stored CT series there).
 */
export const clinicalCaseFields = {
  calibration: CalibrationInputSchema,
  site: z.enum(["proximal-femur", "vertebra"]),
  side: z.enum(["left", "right", "midline"]),
  load_case: z.union([LoadCase, z.array(LoadCase).min(1)]),
  body_weight_kg: z.number().min(20, "must be at least 20 kg").max(300, "must be at most 300 kg"),
  voxel_mm: z.number().min(0.5).max(5).optional(),
  segmentation_threshold_HU: z.number().finite().optional(),
  tissue_threshold_HU: z.number().finite().optional(),
  /** Region of interest, mm of the CT (crop.ts, decision 121); absent: the whole volume. */
  region: RegionBoxSchema.optional(),
  /** Tilt of the principal axes, degrees (axisTilt.ts, decision 127); absent: 0° and 0°. */
  tilt_deg: AxisTiltSchema.optional(),
};

type CaseRuleInput = {
  compare_with?: unknown;
  repair?: unknown;
  site: "proximal-femur" | "vertebra";
  load_case: z.infer<typeof LoadCase> | z.infer<typeof LoadCase>[];
  segmentation_threshold_HU?: number;
  tissue_threshold_HU?: number;
};

/** The rules across fields, shared by the case file and the FE job parameters. */
export function checkCaseRules(c: CaseRuleInput, ctx: z.RefinementCtx): void {
  if ((c.compare_with ? 1 : 0) + (c.repair ? 1 : 0) !== 1) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["compare_with"],
      message:
        'give exactly one comparator: "compare_with" (the contralateral CT) or "repair" (a lesion mask)',
    });
  }
  const site = c.site;
  for (const name of Array.isArray(c.load_case) ? c.load_case : [c.load_case]) {
    const fits =
      site === "vertebra" ? name === "vertebra-compression" : name !== "vertebra-compression";
    if (!fits) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["load_case"],
        message: `${name} does not apply to site ${site}`,
      });
    }
  }
  if (
    c.segmentation_threshold_HU !== undefined &&
    c.tissue_threshold_HU !== undefined &&
    c.tissue_threshold_HU > c.segmentation_threshold_HU
  ) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["tissue_threshold_HU"],
      message: "must not exceed segmentation_threshold_HU",
    });
  }
}

export const ClinicalCaseSchema = z
  .object({
    volume: volumePath,
    quantity: z.literal("hounsfield"),
    ...clinicalCaseFields,
    compare_with: z
      .object({ volume: volumePath, region: RegionBoxSchema.optional() })
      .strict()
      .optional(),
    repair: z.object({ lesion_mask: volumePath }).strict().optional(),
    workers: z.number().int().min(0).max(64).optional(),
  })
  .strict()
  .superRefine(checkCaseRules);
export type ClinicalCase = z.infer<typeof ClinicalCaseSchema>;

export function parseClinicalCase(json: unknown): ClinicalCase {
  const parsed = ClinicalCaseSchema.safeParse(json);
  if (!parsed.success) throw new Error(describeCaseError(parsed.error));
  return parsed.data;
}

export function caseCalibration(c: ClinicalCase["calibration"]): Calibration {
  if (c === "default") return DEFAULT_CALIBRATION;
  if ("rods" in c) return fitRodCalibration(c.rods);
  if ("internal" in c) return internalCalibration(c.internal);
  return enteredCalibration(c.slope_mg_per_HU, c.intercept_mg);
}

/** A box that does not fit its volume, as the case file's error naming the corner and axis. */
function checkRegionInside(field: string, box: RegionBox | undefined, ct: CtVolume): void {
  if (!box) return;
  const issue = boxOutsideVolume(box, [ct.nx, ct.ny, ct.nz], ct.spacing)[0];
  if (issue)
    throw new Error(`case file field "${field}.${issue.path.join(".")}": ${issue.message}`);
}

/** Reads a volume named by the case file, with an error that says which field and why. */
function readVolume(field: string, file: string): CtVolume {
  let isDirectory = false;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch (error) {
    throw new Error(`case file field "${field}": cannot read ${file}: ${(error as Error).message}`);
  }
  if (isDirectory) {
    throw new Error(
      `case file field "${field}": ${file} is a folder; DICOM series are not read yet, give a NRRD volume (docs/fe-pipeline.md)`,
    );
  }
  try {
    return readCtVolume(file);
  } catch (error) {
    throw new Error(`case file field "${field}": ${(error as Error).message}`);
  }
}

export type ClinicalCaseResult = ClinicalAnalysis & {
  side: ClinicalCase["side"];
  stages_s: StageTimes & { read: number };
  wall_s: number;
  peak_rss_mb: number;
  converged: boolean;
};

export async function runClinicalCase(
  json: unknown,
  caseDir: string,
  options: { workers?: number; signal?: AbortSignal } = {},
): Promise<ClinicalCaseResult> {
  const start = performance.now();
  const c = parseClinicalCase(json);
  const calibration = caseCalibration(c.calibration);
  const resolve = (p: string) => path.resolve(caseDir, p);
  const ct = readVolume("volume", resolve(c.volume));
  checkRegionInside("region", c.region, ct);
  let comparator: Comparator;
  if (c.compare_with) {
    const other = readVolume("compare_with.volume", resolve(c.compare_with.volume));
    checkRegionInside("compare_with.region", c.compare_with.region, other);
    comparator = { kind: "contralateral", ct: other, region: c.compare_with.region };
  } else if (c.repair) {
    const mask = readVolume("repair.lesion_mask", resolve(c.repair.lesion_mask));
    if (mask.nx !== ct.nx || mask.ny !== ct.ny || mask.nz !== ct.nz) {
      throw new Error(
        `case file field "repair.lesion_mask": the mask is ${mask.nx}×${mask.ny}×${mask.nz} voxels, the CT ${ct.nx}×${ct.ny}×${ct.nz}; they must share one grid`,
      );
    }
    comparator = {
      kind: "repaired",
      lesionMask: Uint8Array.from(mask.hu, (v) => (v > 0.5 ? 1 : 0)),
    };
  } else {
    // parseClinicalCase refuses a case without exactly one comparator.
    throw new Error('case file field "compare_with": give a comparator');
  }
  const read = (performance.now() - start) / 1000;
  const site = c.site;
  const defaults = DEFAULT_THRESHOLDS[site];
  const analysis = await runClinicalAnalysis(
    ct,
    comparator,
    {
      site,
      loadCases: Array.isArray(c.load_case) ? c.load_case : [c.load_case],
      calibration,
      voxel_mm: c.voxel_mm ?? 1,
      region: c.region,
      tilt: c.tilt_deg,
      thresholds: {
        segmentation_HU: c.segmentation_threshold_HU ?? defaults.segmentation_HU,
        tissue_HU: c.tissue_threshold_HU ?? defaults.tissue_HU,
      },
      workers: options.workers ?? c.workers,
      signal: options.signal,
    },
    c.body_weight_kg,
  );
  const converged = analysis.load_cases.every((l) => l.bone.converged && l.comparator.converged);
  return {
    ...analysis,
    side: c.side,
    stages_s: { read, ...analysis.stages_s },
    wall_s: (performance.now() - start) / 1000,
    peak_rss_mb: peakRssMb(),
    converged,
  };
}

/** True when a parsed JSON case is a clinical one (the solver-only case has another quantity). */
export function isClinicalCase(json: unknown): boolean {
  return (
    typeof json === "object" &&
    json !== null &&
    (json as { quantity?: unknown }).quantity === "hounsfield"
  );
}

export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read case file ${file}: ${(error as Error).message}`);
  }
}
