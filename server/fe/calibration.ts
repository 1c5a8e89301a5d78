/**
 * From Hounsfield units to Young's modulus (issue 13 item 2; fe.md §1.1, §1.2, §8 "Material
 * mapping"): HU → equivalent mineral density (phantom rods, entered line, phantomless internal
 * calibration in internalCalibration.ts, or a flagged default) → ash density
 * (Keyak 1994) → apparent density (Schileo 2008) → site-specific modulus (Morgan 2003), with a
 * modulus floor for marrow and lesion voxels. Every law used is described by a `LawRecord`
 * stored with the result, so a result always says which paper produced its moduli.
 */

export interface Calibration {
  /**
   * ρ_eq [mg/cm³ K₂HPO₄-equivalent] = quadratic·HU² + slope·HU + intercept. The quadratic term is
   * 0 except for the internal calibration, whose two-component model (Michalski 2020, as in Ogo)
   * is the product of two lines in HU (internalCalibration.ts).
   */
  slope_mg_per_HU: number;
  intercept_mg: number;
  quadratic_mg_per_HU2: number;
  /** R² of the rod fit, or of the internal calibration's HU–μ/ρ fit; null for entered or default. */
  r2: number | null;
  source: "phantom-rods" | "entered" | "default" | "internal";
  /** True when no scanner-specific calibration was given (results must say so). */
  isDefault: boolean;
  /** The scan's effective energy found by the internal calibration; null for the others. */
  energy_keV: number | null;
  /** How the internal calibration was reached (reference regions, coefficients); internal only. */
  internal?: InternalCalibrationDetails;
}

export interface InternalCalibrationDetails {
  reference_HU: Record<string, number>;
  /** μ/ρ of each material at the effective energy (NIST tables, massAttenuation.ts). */
  mass_attenuation_cm2_per_g: Record<string, number>;
  hu_to_mass_attenuation: { slope_per_HU: number; intercept_cm2_per_g: number };
  /** Ogo's "HU-Material Density" line: tissue (Archimedean) density, g/cm³, not mineral. */
  hu_to_material_density: { slope_g_per_cm3_per_HU: number; intercept_g_per_cm3: number };
  method: string;
}

export interface CalibrationRod {
  mean_HU: number;
  density_mg_per_cm3: number;
}

/**
 * A rod fit below this R² is refused. Calibrated QCT fits are far better (Schileo 2008: CT vs ash
 * density R² = 0.997; the VerSe internal calibration R² 0.999, fe.md §1.1); 0.98 still accepts a
 * noisy scan but catches a rod entered with the wrong value. Decision 081.
 */
export const MIN_CALIBRATION_R2 = 0.98;

/**
 * Used only when the user gives no calibration: the example case of issue 13 (0.8 mg/cm³ per HU,
 * −1.2 mg/cm³). Not a measured scanner calibration: the result is flagged, and only the strength
 * loss (a ratio, in which the calibration largely cancels: fe.md §0.2, Gardegaront 2024) should
 * be read from it. Decision 081.
 */
export const DEFAULT_CALIBRATION: Calibration = {
  slope_mg_per_HU: 0.8,
  intercept_mg: -1.2,
  quadratic_mg_per_HU2: 0,
  r2: null,
  source: "default",
  isDefault: true,
  energy_keV: null,
};

/**
 * A refused calibration. The message is English (CLI, logs); `fr` is the same refusal for the
 * French screens, where the job form shows it under the calibration choice.
 */
export class CalibrationError extends Error {
  constructor(
    message: string,
    readonly fr: string = message,
  ) {
    super(message);
  }
}

/** French decimal comma for a refusal's figures. */
export const frNumber = (n: number, digits?: number): string =>
  (digits === undefined ? String(n) : n.toFixed(digits)).replace(".", ",");

/** Least-squares line through the rods, refused with fewer than 3 rods or R² < MIN_CALIBRATION_R2. */
export function fitRodCalibration(rods: readonly CalibrationRod[]): Calibration {
  if (rods.length < 3) {
    throw new CalibrationError(
      `calibration needs at least 3 phantom rods (got ${rods.length}): two points always fit a line`,
      `il faut au moins 3 inserts du fantôme (${rods.length} saisis) : deux points s'alignent toujours`,
    );
  }
  const n = rods.length;
  let sx = 0;
  let sy = 0;
  for (const r of rods) {
    sx += r.mean_HU;
    sy += r.density_mg_per_cm3;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const r of rods) {
    sxx += (r.mean_HU - mx) ** 2;
    sxy += (r.mean_HU - mx) * (r.density_mg_per_cm3 - my);
    syy += (r.density_mg_per_cm3 - my) ** 2;
  }
  if (sxx === 0 || syy === 0) {
    throw new CalibrationError(
      "calibration rods must differ in HU and in density",
      "les inserts doivent différer en UH et en densité",
    );
  }
  const slope = sxy / sxx;
  const r2 = (sxy * sxy) / (sxx * syy);
  if (!(slope > 0))
    throw new CalibrationError(
      "calibration slope must be positive (denser rods read higher HU)",
      "la pente doit être positive (un insert plus dense se lit plus haut en UH)",
    );
  if (r2 < MIN_CALIBRATION_R2) {
    throw new CalibrationError(
      `calibration refused: R² = ${r2.toFixed(4)} is below ${MIN_CALIBRATION_R2}; check each rod's mean HU and known density`,
      `R² = ${frNumber(r2, 4)}, inférieur à ${frNumber(MIN_CALIBRATION_R2)} ; vérifiez l'UH moyenne et la densité connue de chaque insert`,
    );
  }
  return {
    slope_mg_per_HU: slope,
    intercept_mg: my - slope * mx,
    quadratic_mg_per_HU2: 0,
    r2,
    source: "phantom-rods",
    isDefault: false,
    energy_keV: null,
  };
}

export function enteredCalibration(slope_mg_per_HU: number, intercept_mg: number): Calibration {
  if (!(slope_mg_per_HU > 0 && Number.isFinite(intercept_mg))) {
    throw new CalibrationError(
      "calibration slope must be > 0 mg/cm³ per HU and the intercept finite",
      "la pente doit être > 0 mg/cm³ par UH et l'ordonnée un nombre",
    );
  }
  return {
    slope_mg_per_HU,
    intercept_mg,
    quadratic_mg_per_HU2: 0,
    r2: null,
    source: "entered",
    isDefault: false,
    energy_keV: null,
  };
}

export type Site = "proximal-femur" | "vertebra";

/** One law of the chain, as stored with every result. */
export interface LawRecord {
  step: string;
  formula: string;
  source: string;
}

/** Keyak et al. 1994, J Biomed Mater Res, as implemented in Bonelab/Ogo `bmd_K2hpo4ToAsh` (fe.md §1.1). */
export const ASH_LAW: LawRecord = {
  step: "equivalent mineral → ash density",
  formula: "ρ_ash [mg/cm³] = 1.06·ρ_K2HPO4 + 38.9",
  source: "Keyak et al. 1994 J Biomed Mater Res (Bonelab/Ogo bmd_K2hpo4ToAsh)",
};
const ASH_SLOPE = 1.06;
const ASH_INTERCEPT_MG = 38.9;

/** Schileo et al. 2008 J Biomech 41:2483: ash/apparent ratio constant at 0.598 ± 0.004 (fe.md §1.1). */
export const APPARENT_LAW: LawRecord = {
  step: "ash → apparent density",
  formula: "ρ_app = ρ_ash / 0.6",
  source: "Schileo et al. 2008 J Biomech 41:2483",
};
const ASH_TO_APPARENT = 0.6;

export interface ModulusLaw extends LawRecord {
  /** E [MPa] = coefficient · ρ_app[g/cm³]^exponent. */
  coefficient_MPa: number;
  exponent: number;
}

/**
 * Morgan, Bayraktar, Keaveny 2003, J Biomech 36:897–904 (fe.md §1.2), site-specific fits on
 * apparent density: femoral neck 6850·ρ^1.49 [src: Bonelab vtkn88 femur script], vertebra
 * 4730·ρ^1.56 [src: Bonelab/Ogo material_laws.py]. fe.md §1.2 warns that public code mislabels
 * 6850/1.49 as "proximal tibia": it is the femoral-neck fit.
 */
export const MODULUS_LAWS: Record<Site, ModulusLaw> = {
  "proximal-femur": {
    step: "apparent density → Young's modulus",
    formula: "E [MPa] = 6850·ρ_app^1.49",
    source: "Morgan et al. 2003 J Biomech 36:897, femoral neck",
    coefficient_MPa: 6850,
    exponent: 1.49,
  },
  vertebra: {
    step: "apparent density → Young's modulus",
    formula: "E [MPa] = 4730·ρ_app^1.56",
    source: "Morgan et al. 2003 J Biomech 36:897, vertebra",
    coefficient_MPa: 4730,
    exponent: 1.56,
  },
};

/** fe.md §8: floor E ≥ 0.1–1 MPa for lesion and marrow voxels (they carry no load). */
export const MODULUS_FLOOR_MPA = 1;

/** fe.md §1.3, §8: ν = 0.3 (MITK-GEM, parosol-py, Mechanical Finder). */
export const BONE_POISSON = 0.3;

/** Equivalent mineral density of one voxel, mg/cm³. */
export function equivalentDensity(hu: number, c: Calibration): number {
  return (c.quadratic_mg_per_HU2 * hu + c.slope_mg_per_HU) * hu + c.intercept_mg;
}

/** Young's modulus (MPa) of a bone-tissue voxel from its HU, never below the floor. */
export function boneModulus(hu: number, c: Calibration, site: Site): number {
  const rhoEq = equivalentDensity(hu, c);
  const ashMg = ASH_SLOPE * rhoEq + ASH_INTERCEPT_MG;
  const apparent = Math.max(0, ashMg / 1000 / ASH_TO_APPARENT);
  const law = MODULUS_LAWS[site];
  return Math.max(MODULUS_FLOOR_MPA, law.coefficient_MPa * apparent ** law.exponent);
}

/** The laws and coefficients behind a result. */
export function lawsUsed(site: Site): LawRecord[] {
  const law = MODULUS_LAWS[site];
  return [
    ASH_LAW,
    APPARENT_LAW,
    { step: law.step, formula: law.formula, source: law.source },
    {
      step: "marrow and lesion voxels",
      formula: `E = ${MODULUS_FLOOR_MPA} MPa (voxels inside the bone below the tissue threshold: marrow, lytic lesion)`,
      source: "fe.md §8 modulus floor 0.1–1 MPa",
    },
    {
      step: "Poisson's ratio",
      formula: `ν = ${BONE_POISSON}`,
      source: "fe.md §1.3 (MITK-GEM, parosol-py)",
    },
  ];
}
