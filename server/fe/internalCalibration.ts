/**
 * Phantomless (internal) density calibration (issue 13 item 2; fe.md §1.1; decision 126): the
 * mean HU of reference regions of the patient's own scan (air, adipose tissue, skeletal muscle,
 * optionally blood and cortical bone) instead of phantom rods.
 *
 * Method: Michalski AS, Besler BA, Michalak GJ, Boyd SK, "CT-based internal density calibration
 * for opportunistic skeletal assessment using abdominal CT scans", Med Eng Phys 2020;78:55-63, as
 * implemented in the Bonelab "Ogo" toolkit (github.com/Bonelab/Ogo,
 * ogo/calib/internal_calibration.py, commit a7e74fc; repository licence GPL-3.0). This is our
 * own TypeScript writing of the published method, checked against Ogo's output for VerSe scan
 * sub-verse004 (test/fe/internalCalibration.test.ts); the attenuation tables are NIST's
 * (massAttenuation.ts). Phantomless calibration was shown equivalent to phantom calibration for
 * BMD and strength by Lee, Hoffmann, Kopperdahl, Keaveny, Bone 2017;103:325 (fe.md §1.1).
 *
 * 1. Effective energy: for every energy from 1.5 to 200 keV by 0.5 keV, the linear fit of the
 *    regions' mass attenuation μ/ρ (NIST) against their measured HU; the energy with the highest
 *    R² is the scan's effective energy.
 * 2. At that energy: the line HU → μ/ρ, and the line HU → tissue density, each region's density
 *    being (HU/1000·μ_w + μ_w)/μ_region (water at 1 g/cm³).
 * 3. A voxel is a mixture of K₂HPO₄ and triglyceride (fat): its K₂HPO₄ mass fraction is
 *    (μ/ρ − μ_tg)/(μ_K2HPO4 − μ_tg), so ρ_K2HPO4 [mg/cm³] = 1000·ρ(HU)·(μ/ρ(HU) − μ_tg)/(μ_K − μ_tg):
 *    the product of two lines in HU, i.e. quadratic in HU.
 */
import { type Calibration, CalibrationError, frNumber } from "./calibration";
import { type AttenuationMaterial, MASS_ATTENUATION, massAttenuationAt } from "./massAttenuation";

/** Mean HU of each reference region; air, adipose and muscle are required (decision 126). */
export interface InternalReferenceHU {
  air_HU: number;
  adipose_HU: number;
  muscle_HU: number;
  blood_HU?: number;
  cortical_HU?: number;
}

/**
 * An internal calibration whose best energy fits worse than this R² is refused. Ogo sets no
 * threshold; we take the phantom rods' 0.98 (decision 081): the VerSe example reaches 0.999
 * (fe.md §1.1), and a region drawn in the wrong tissue falls far below. Decision 126.
 */
export const MIN_INTERNAL_R2 = 0.98;

/** Ogo's energy grid: 1 to 200 keV by 0.5 keV, its first point (1 keV) never tried. */
const ENERGY_MIN_KEV = 1.5;
const ENERGY_MAX_KEV = 200;
const ENERGY_STEP_KEV = 0.5;

const METHOD =
  "Michalski et al. 2020 Med Eng Phys (internal calibration), as in Bonelab/Ogo; NIST μ/ρ tables";

type Region = "air" | "adipose" | "muscle" | "blood" | "cortical";
/** The regions as the job form names them, for the French refusals. */
const REGION_FR: Record<keyof InternalReferenceHU, string> = {
  air_HU: "l'air",
  adipose_HU: "la graisse",
  muscle_HU: "le muscle",
  blood_HU: "le sang",
  cortical_HU: "l'os cortical",
};

const FIELD: Record<Region, keyof InternalReferenceHU> = {
  air: "air_HU",
  adipose: "adipose_HU",
  muscle: "muscle_HU",
  blood: "blood_HU",
  cortical: "cortical_HU",
};

interface Line {
  slope: number;
  intercept: number;
  r2: number;
}

/** Least-squares line y = slope·x + intercept and its R² (Pearson r², as scipy linregress). */
function fitLine(x: readonly number[], y: readonly number[]): Line {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy) };
}

/** Refuses a region out of the tissues' HU order, naming the field (air lowest, bone highest). */
function checkOrder(ref: InternalReferenceHU): void {
  for (const [field, value] of Object.entries(ref)) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw new CalibrationError(
        `internal calibration: ${field} must be a number of HU`,
        `calibration interne : ${REGION_FR[field as keyof InternalReferenceHU]} doit être un nombre d'UH`,
      );
    }
  }
  // Physical order of the tissues' attenuation (NIST densities: air ≪ fat < muscle, blood <
  // cortical bone); blood and muscle are not ordered (contrast raises blood).
  const below = (lower: Region, upper: Region) => {
    const lo = ref[FIELD[lower]];
    const hi = ref[FIELD[upper]];
    if (lo !== undefined && hi !== undefined && !(lo < hi)) {
      throw new CalibrationError(
        `internal calibration: ${FIELD[upper]} (${hi} HU) must be above ${FIELD[lower]} (${lo} HU): ` +
          `measure ${lower} and ${upper} in their own regions`,
        `calibration interne : ${REGION_FR[FIELD[upper]]} (${frNumber(hi)} UH) doit être au-dessus de ` +
          `${REGION_FR[FIELD[lower]]} (${frNumber(lo)} UH) ; mesurez chacun dans sa propre région`,
      );
    }
  };
  below("air", "adipose");
  below("adipose", "muscle");
  below("adipose", "blood");
  below("muscle", "cortical");
  below("blood", "cortical");
}

/** HU of each region of the calibration → K₂HPO₄-equivalent density calibration. */
export function internalCalibration(ref: InternalReferenceHU): Calibration {
  checkOrder(ref);
  const regions = (["adipose", "air", "blood", "cortical", "muscle"] as const).filter(
    (r) => ref[FIELD[r]] !== undefined,
  );
  const hu = regions.map((r) => ref[FIELD[r]] ?? 0);
  const table = (m: AttenuationMaterial) => MASS_ATTENUATION[m];

  let best = { energy: Number.NaN, r2: Number.NEGATIVE_INFINITY };
  const steps = Math.round((ENERGY_MAX_KEV - ENERGY_MIN_KEV) / ENERGY_STEP_KEV);
  for (let k = 0; k <= steps; k++) {
    const energy = ENERGY_MIN_KEV + k * ENERGY_STEP_KEV;
    const mu = regions.map((r) => massAttenuationAt(table(r), energy));
    const { r2 } = fitLine(hu, mu);
    // Strictly greater: the lowest of equal energies, as Ogo.
    if (r2 > best.r2) best = { energy, r2 };
  }
  if (best.r2 < MIN_INTERNAL_R2) {
    throw new CalibrationError(
      `internal calibration refused: best R² = ${best.r2.toFixed(4)} (at ${best.energy} keV) is below ${MIN_INTERNAL_R2}; ` +
        "check each region's mean HU (air outside the body, subcutaneous fat, a large muscle)",
      `calibration interne refusée : meilleur R² = ${frNumber(best.r2, 4)} (à ${frNumber(best.energy)} keV), ` +
        `inférieur à ${frNumber(MIN_INTERNAL_R2)} ; vérifiez l'UH moyenne de chaque région (air hors du patient, graisse sous-cutanée, un gros muscle)`,
    );
  }
  if (best.energy === ENERGY_MIN_KEV || best.energy === ENERGY_MAX_KEV) {
    throw new CalibrationError(
      `internal calibration refused: the best fit is at the edge of the tables (${best.energy} keV), so no effective energy was found; check each region's mean HU`,
      `calibration interne refusée : le meilleur ajustement est au bord des tables (${frNumber(best.energy)} keV), aucune énergie effective trouvée ; vérifiez l'UH moyenne de chaque région`,
    );
  }

  const energy = best.energy;
  const at = (m: AttenuationMaterial) => massAttenuationAt(table(m), energy);
  const muRegions = regions.map((r) => at(r));
  const toMu = fitLine(hu, muRegions);
  const muWater = at("water");
  const density = regions.map((_, i) => (hu[i] / 1000 + 1) * (muWater / muRegions[i]));
  const toDensity = fitLine(hu, density);

  // ρ_K = 1000·(a_d·HU + b_d)·(a_u·HU + b_u − μ_tg)/(μ_K − μ_tg), expanded in powers of HU.
  const muTg = at("triglyceride");
  const scale = 1000 / (at("k2hpo4") - muTg);
  const bu = toMu.intercept - muTg;
  const quadratic = scale * toDensity.slope * toMu.slope;
  const slope = scale * (toDensity.slope * bu + toDensity.intercept * toMu.slope);
  const intercept = scale * toDensity.intercept * bu;
  // Increasing from 0 HU up (a positive slope and a non-negative curvature): bone voxels, all
  // above the tissue threshold (≥ 60 HU), then get denser with HU.
  if (!(slope > 0 && quadratic >= 0)) {
    throw new CalibrationError(
      "internal calibration refused: the density it gives does not increase with HU; check each region's mean HU",
      "calibration interne refusée : la densité obtenue ne croît pas avec les UH ; vérifiez l'UH moyenne de chaque région",
    );
  }

  const mass: Record<string, number> = {};
  for (const m of Object.keys(MASS_ATTENUATION) as AttenuationMaterial[]) mass[m] = at(m);
  const reference: Record<string, number> = {};
  for (const r of regions) reference[FIELD[r]] = ref[FIELD[r]] ?? 0;
  return {
    slope_mg_per_HU: slope,
    intercept_mg: intercept,
    quadratic_mg_per_HU2: quadratic,
    r2: best.r2,
    source: "internal",
    isDefault: false,
    energy_keV: energy,
    internal: {
      reference_HU: reference,
      mass_attenuation_cm2_per_g: mass,
      hu_to_mass_attenuation: { slope_per_HU: toMu.slope, intercept_cm2_per_g: toMu.intercept },
      hu_to_material_density: {
        slope_g_per_cm3_per_HU: toDensity.slope,
        intercept_g_per_cm3: toDensity.intercept,
      },
      method: METHOD,
    },
  };
}
