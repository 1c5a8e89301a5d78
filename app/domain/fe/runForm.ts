// The browser's form that starts an FE analysis of an imported CT series (issue 13 §6), shared by
// the form (field names, choices) and the route that parses it. Form fields are strings; the
// result is the use case's input ({ ctSeriesId, lesionId, params }), whose parameters the server
// checks again against the clinical case's own schema (server/fe/jobParams.ts). Nothing clinical
// is pre-selected: every choice starts blank and is required (issue 10 §4).
import * as z from "zod";
import { numberIn, optionalNumberIn, requiredChoice, requiredText } from "../records/fields";
import { MAX_TILT_DEG } from "./axisTilt";
import { MIN_REGION_SIDE_MM } from "./regionBox";

export const FE_SITES = ["proximal-femur", "vertebra"] as const;
export const FE_SIDES = ["left", "right", "midline"] as const;
/** One choice per set of load cases the pipeline runs together (server/fe/loadCases.ts). */
export const FE_LOAD_CASE_SETS = {
  "femur-stance": ["femur-stance"],
  "femur-fall": ["femur-fall"],
  "femur-stance+femur-fall": ["femur-stance", "femur-fall"],
  "vertebra-compression": ["vertebra-compression"],
} as const;
export type FeLoadCaseSet = keyof typeof FE_LOAD_CASE_SETS;
const LOAD_CASE_SET_KEYS = Object.keys(FE_LOAD_CASE_SETS) as [FeLoadCaseSet, ...FeLoadCaseSet[]];
export const FE_CALIBRATIONS = ["default", "entered", "internal"] as const;
/**
 * The mean HU of the reference regions of the phantomless internal calibration
 * (server/fe/internalCalibration.ts, decision 126): air, fat and muscle required, blood and
 * cortical bone optional (they make its R² a real check).
 */
export const INTERNAL_CALIBRATION_FIELDS = [
  "airHu",
  "adiposeHu",
  "muscleHu",
  "bloodHu",
  "corticalHu",
] as const;
const REQUIRED_INTERNAL_FIELDS = ["airHu", "adiposeHu", "muscleHu"] as const;
export const FE_COMPARATORS = ["contralateral", "repair"] as const;

/**
 * A French decimal comma ("0,8") read as a point: the fields are typed on French keyboards, whose
 * numeric pad gives a comma (found by the browser acceptance test, decision 088).
 */
const frenchDecimal = (v: unknown) =>
  typeof v === "string" ? v.trim().replace(/^([-+]?\d*),(\d+)$/, "$1.$2") : v;
const decimal = <S extends z.ZodType>(schema: S) => z.preprocess(frenchDecimal, schema);

/** Millimetres from the corner of voxel (0, 0, 0), as jobParams.ts's lesion sphere. */
const mm = decimal(optionalNumberIn(-5000, 5000));

/** A region's mean HU: within the 12-bit CT range (stored 0–4095, rescale intercept −1024). */
const meanHu = decimal(optionalNumberIn(-1024, 3071));

/**
 * The region of interest's fields (decision 121): min and max per axis, mm of the CT. All blank is
 * the whole volume (the default, nothing chosen for the user); all six or none.
 */
export const REGION_FIELDS = {
  min: ["regionMinX_mm", "regionMinY_mm", "regionMinZ_mm"],
  max: ["regionMaxX_mm", "regionMaxY_mm", "regionMaxZ_mm"],
} as const;
type RegionField = (typeof REGION_FIELDS.min)[number] | (typeof REGION_FIELDS.max)[number];
const ALL_REGION_FIELDS: readonly RegionField[] = [...REGION_FIELDS.min, ...REGION_FIELDS.max];

type CalibrationFields = {
  calibration: (typeof FE_CALIBRATIONS)[number];
  slopeMgPerHu?: number;
  interceptMg?: number;
} & Partial<Record<(typeof INTERNAL_CALIBRATION_FIELDS)[number], number>>;

/** The case file's calibration (server/fe/clinicalCase.ts CalibrationInputSchema) from the form. */
function formCalibration(f: CalibrationFields) {
  if (f.calibration === "entered") {
    return { slope_mg_per_HU: f.slopeMgPerHu ?? 0, intercept_mg: f.interceptMg ?? 0 };
  }
  if (f.calibration === "internal") {
    return {
      internal: {
        air_HU: f.airHu ?? 0,
        adipose_HU: f.adiposeHu ?? 0,
        muscle_HU: f.muscleHu ?? 0,
        ...(f.bloodHu === undefined ? {} : { blood_HU: f.bloodHu }),
        ...(f.corticalHu === undefined ? {} : { cortical_HU: f.corticalHu }),
      },
    };
  }
  return "default" as const;
}

export const FeRunFormSchema = z
  .object({
    ctSeriesId: numberIn(1, Number.MAX_SAFE_INTEGER, { integer: true }),
    lesionId: requiredText(100),
    site: requiredChoice(FE_SITES),
    side: requiredChoice(FE_SIDES),
    loadCases: requiredChoice(LOAD_CASE_SET_KEYS),
    // Same bounds as the clinical case (server/fe/clinicalCase.ts body_weight_kg).
    bodyWeightKg: decimal(numberIn(20, 300)),
    calibration: requiredChoice(FE_CALIBRATIONS),
    slopeMgPerHu: decimal(optionalNumberIn(0.001, 10)),
    interceptMg: decimal(optionalNumberIn(-1000, 1000)),
    airHu: meanHu,
    adiposeHu: meanHu,
    muscleHu: meanHu,
    bloodHu: meanHu,
    corticalHu: meanHu,
    comparator: requiredChoice(FE_COMPARATORS),
    contralateralId: optionalNumberIn(1, Number.MAX_SAFE_INTEGER, { integer: true }),
    centreX_mm: mm,
    centreY_mm: mm,
    centreZ_mm: mm,
    // jobParams.ts: a lesion sphere of at most 100 mm.
    radius_mm: decimal(optionalNumberIn(1, 100)),
    // Analysis voxel size; blank: the pipeline's 1 mm (server/fe/jobParams.ts jobSettings).
    voxel_mm: decimal(optionalNumberIn(0.5, 5)),
    regionMinX_mm: mm,
    regionMinY_mm: mm,
    regionMinZ_mm: mm,
    regionMaxX_mm: mm,
    regionMaxY_mm: mm,
    regionMaxZ_mm: mm,
    // The tilt of the analysis axes (axisTilt.ts, decision 127): blank is 0°, the bone's principal
    // axis, stated on the form; not a clinical choice made for the user.
    tiltCoronal_deg: decimal(optionalNumberIn(-MAX_TILT_DEG, MAX_TILT_DEG)),
    tiltSagittal_deg: decimal(optionalNumberIn(-MAX_TILT_DEG, MAX_TILT_DEG)),
  })
  .superRefine((f, ctx) => {
    const required = (path: string) =>
      ctx.addIssue({ code: "custom", path: [path], message: "errors.required" });
    if (f.calibration === "entered") {
      if (f.slopeMgPerHu === undefined) required("slopeMgPerHu");
      if (f.interceptMg === undefined) required("interceptMg");
    }
    if (f.calibration === "internal") {
      for (const k of REQUIRED_INTERNAL_FIELDS) if (f[k] === undefined) required(k);
    }
    if (f.comparator === "contralateral" && f.contralateralId === undefined) {
      required("contralateralId");
    }
    if (f.comparator === "contralateral" && f.contralateralId === f.ctSeriesId) {
      ctx.addIssue({ code: "custom", path: ["contralateralId"], message: "errors.fe_same_series" });
    }
    if (f.comparator === "repair") {
      for (const k of ["centreX_mm", "centreY_mm", "centreZ_mm", "radius_mm"] as const) {
        if (f[k] === undefined) required(k);
      }
    }
    const given = ALL_REGION_FIELDS.filter((k) => f[k] !== undefined);
    if (given.length > 0) {
      for (const k of ALL_REGION_FIELDS) if (f[k] === undefined) required(k);
      for (let a = 0; a < 3; a++) {
        const lo = f[REGION_FIELDS.min[a]];
        const hi = f[REGION_FIELDS.max[a]];
        if (lo !== undefined && hi !== undefined && hi - lo < MIN_REGION_SIDE_MM) {
          ctx.addIssue({
            code: "custom",
            path: [REGION_FIELDS.max[a]],
            message: "errors.fe_region_side",
          });
        }
      }
    }
    const cases: readonly string[] = FE_LOAD_CASE_SETS[f.loadCases];
    if ((f.site === "vertebra") !== cases.includes("vertebra-compression")) {
      ctx.addIssue({ code: "custom", path: ["loadCases"], message: "errors.fe_load_case_site" });
    }
  })
  // The transform runs only when no issue was raised above, so the `?? 0` below are never used:
  // they only satisfy the types of the optional fields the refinement made required.
  .transform((f) => ({
    ctSeriesId: f.ctSeriesId,
    lesionId: f.lesionId,
    params: {
      site: f.site,
      side: f.side,
      load_case: [...FE_LOAD_CASE_SETS[f.loadCases]],
      body_weight_kg: f.bodyWeightKg,
      ...(f.voxel_mm === undefined ? {} : { voxel_mm: f.voxel_mm }),
      ...(f.regionMinX_mm === undefined
        ? {}
        : {
            region: {
              min_mm: REGION_FIELDS.min.map((k) => f[k] ?? 0) as [number, number, number],
              max_mm: REGION_FIELDS.max.map((k) => f[k] ?? 0) as [number, number, number],
            },
          }),
      ...(f.tiltCoronal_deg === undefined && f.tiltSagittal_deg === undefined
        ? {}
        : {
            tilt_deg: {
              coronal_deg: f.tiltCoronal_deg ?? 0,
              sagittal_deg: f.tiltSagittal_deg ?? 0,
            },
          }),
      calibration: formCalibration(f),
      ...(f.comparator === "contralateral"
        ? { compare_with: { ct_series_id: f.contralateralId ?? 0 } }
        : {
            repair: {
              lesion_sphere: {
                center_mm: [f.centreX_mm ?? 0, f.centreY_mm ?? 0, f.centreZ_mm ?? 0] as [
                  number,
                  number,
                  number,
                ],
                radius_mm: f.radius_mm ?? 0,
              },
            },
          }),
    },
  }));
export type FeRunInput = z.output<typeof FeRunFormSchema>;
