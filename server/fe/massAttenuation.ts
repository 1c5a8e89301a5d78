/**
 * Mass attenuation coefficients μ/ρ (cm²/g) of the reference tissues and of the two components
 * of the internal calibration's mixture model, 1–200 keV, for internalCalibration.ts.
 *
 * Source of the numbers: NIST. The tissues and water are the NIST X-Ray Mass Attenuation
 * Coefficients, Table 4 (Hubbell & Seltzer, NIST Standard Reference Database 126,
 * https://physics.nist.gov/PhysRefData/XrayMassCoef/tab4.html): Adipose Tissue (ICRU-44), Air Dry
 * (near sea level), Blood Whole (ICRU-44), Bone Cortical (ICRU-44), Muscle Skeletal (ICRU-44),
 * Water Liquid. K₂HPO₄ and triglyceride (C₅₅H₉₈O₆) were computed with NIST XCOM from their
 * chemical formulas (https://physics.nist.gov/PhysRefData/Xcom/html/xcom1.html).
 *
 * Transcribed from the tables of the Bonelab "Ogo" toolkit (github.com/Bonelab/Ogo,
 * ogo/dat/MassAttenuationTables.py, commit a7e74fc; repository licence GPL-3.0), which holds the
 * NIST values above: only the points up to 200 keV are kept (the energy search of Ogo stops
 * there), energies converted from MeV to keV. The values are NIST's measured/computed data, not
 * Ogo's code. Repeated energies are absorption edges (the value just below, then just above).
 */

export interface AttenuationTable {
  /** Increasing; an energy repeated twice is an absorption edge. */
  energy_keV: readonly number[];
  mu_rho_cm2_per_g: readonly number[];
}

export const MASS_ATTENUATION = {
  /** Adipose Tissue (ICRU-44). */
  adipose: {
    energy_keV: [
      1.0, 1.03542, 1.0721, 1.0721, 1.5, 2.0, 2.472, 2.472, 2.6414, 2.8224, 2.8224, 3.0, 4.0, 5.0,
      6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 80.0, 100.0, 150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      2628.0, 2392.0, 2176.0, 2182.0, 862.2, 380.0, 205.3, 207.2, 170.7, 140.5, 142.0, 118.8, 50.54,
      25.87, 14.94, 6.3, 3.268, 1.083, 0.5677, 0.3063, 0.2396, 0.2123, 0.1974, 0.18, 0.1688, 0.15,
      0.1368,
    ],
  },
  /** Air, Dry (near sea level). */
  air: {
    energy_keV: [
      1.0, 1.5, 2.0, 3.0, 3.2029, 3.2029, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
      60.0, 80.0, 100.0, 150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      3606.0, 1191.0, 527.9, 162.5, 134.0, 148.5, 77.88, 40.27, 23.41, 9.921, 5.12, 1.614, 0.7779,
      0.3538, 0.2485, 0.208, 0.1875, 0.1662, 0.1541, 0.1356, 0.1233,
    ],
  },
  /** Blood, Whole (ICRU-44). */
  blood: {
    energy_keV: [
      1.0, 1.03542, 1.0721, 1.0721, 1.5, 2.0, 2.1455, 2.1455, 2.30297, 2.472, 2.472, 2.6414, 2.8224,
      2.8224, 3.0, 3.6074, 3.6074, 4.0, 5.0, 6.0, 7.112, 7.112, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0,
      50.0, 60.0, 80.0, 100.0, 150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      3806.0, 3473.0, 3167.0, 3173.0, 1282.0, 573.7, 470.0, 472.2, 385.8, 314.9, 318.6, 263.3,
      217.5, 221.9, 186.2, 108.8, 110.9, 81.87, 42.32, 24.58, 14.79, 15.14, 10.68, 5.519, 1.744,
      0.8428, 0.3852, 0.2715, 0.2278, 0.2057, 0.1827, 0.1695, 0.1492, 0.1358,
    ],
  },
  /** Bone, Cortical (ICRU-44). */
  cortical: {
    energy_keV: [
      1.0, 1.03542, 1.0721, 1.0721, 1.18283, 1.305, 1.305, 1.5, 2.0, 2.1455, 2.1455, 2.30297, 2.472,
      2.472, 3.0, 4.0, 4.0381, 4.0381, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0,
      80.0, 100.0, 150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      3781.0, 3452.0, 3150.0, 3156.0, 2434.0, 1873.0, 1883.0, 1295.0, 586.9, 482.4, 711.4, 591.6,
      490.7, 496.2, 295.8, 133.1, 129.6, 333.2, 191.7, 117.1, 53.23, 28.51, 9.032, 4.001, 1.331,
      0.6655, 0.4242, 0.3148, 0.2229, 0.1855, 0.148, 0.1309,
    ],
  },
  /** Muscle, Skeletal (ICRU-44). */
  muscle: {
    energy_keV: [
      1.0, 1.03542, 1.0721, 1.0721, 1.5, 2.0, 2.1455, 2.1455, 2.30297, 2.472, 2.472, 2.6414, 2.8224,
      2.8224, 3.0, 3.6074, 3.6074, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0,
      80.0, 100.0, 150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      3719.0, 3393.0, 3094.0, 3100.0, 1251.0, 559.4, 458.1, 462.6, 377.6, 308.5, 314.0, 259.7,
      214.5, 216.0, 181.2, 105.7, 110.0, 81.27, 42.06, 24.46, 10.37, 5.356, 1.693, 0.8205, 0.3783,
      0.2685, 0.2262, 0.2048, 0.1823, 0.1693, 0.1492, 0.1358,
    ],
  },
  /** Water, Liquid. */
  water: {
    energy_keV: [
      1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 80.0, 100.0,
      150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      4078.0, 1376.0, 617.3, 192.9, 82.78, 42.58, 24.64, 10.37, 5.329, 1.673, 0.8096, 0.3756,
      0.2683, 0.2269, 0.2059, 0.1837, 0.1707, 0.1505, 0.137,
    ],
  },
  /** K2HPO4, computed by XCOM from its formula. */
  k2hpo4: {
    energy_keV: [
      1.0, 1.5, 2.0, 2.145, 2.145, 3.0, 3.607, 3.607, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0,
      40.0, 50.0, 60.0, 80.0, 100.0, 150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      3848.0, 1322.0, 605.0, 498.3, 893.8, 377.3, 229.1, 708.6, 542.9, 301.4, 184.7, 83.84, 44.87,
      14.11, 6.18, 1.975, 0.9327, 0.5573, 0.389, 0.2508, 0.1972, 0.148, 0.1283,
    ],
  },
  /** triglyceride C55H98O6, computed by XCOM from its formula. */
  triglyceride: {
    energy_keV: [
      1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 80.0, 100.0,
      150.0, 200.0,
    ],
    mu_rho_cm2_per_g: [
      2223.0, 715.0, 311.8, 94.18, 39.69, 20.19, 11.61, 4.885, 2.545, 0.8731, 0.4811, 0.2815,
      0.2293, 0.2072, 0.1945, 0.1789, 0.1683, 0.1499, 0.1369,
    ],
  },
} as const satisfies Record<string, AttenuationTable>;

export type AttenuationMaterial = keyof typeof MASS_ATTENUATION;

/**
 * μ/ρ at an energy, linear in energy between the table's points, as Ogo does (scipy
 * `griddata(..., method="linear")` on the same points). Outside the table: NaN.
 */
export function massAttenuationAt(table: AttenuationTable, energy_keV: number): number {
  const e = table.energy_keV;
  const mu = table.mu_rho_cm2_per_g;
  if (!(energy_keV >= e[0] && energy_keV <= e[e.length - 1])) return Number.NaN;
  for (let i = 1; i < e.length; i++) {
    if (energy_keV <= e[i] && e[i] > e[i - 1]) {
      const t = (energy_keV - e[i - 1]) / (e[i] - e[i - 1]);
      return mu[i - 1] + t * (mu[i] - mu[i - 1]);
    }
  }
  return mu[0];
}
