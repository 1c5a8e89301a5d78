/**
 * Phantomless internal calibration (issue 13 item 2, decision 126) against Ogo's own output for
 * VerSe scan sub-verse004: Bonelab/spineFE-benchmark data/calibration_files/sub-verse004_0000.txt
 * (written by Ogo's ogoImageCalibration, 2025-04-08; fe.md §1.1). The expected figures below are
 * read from that file, printed there to 6 decimals (energy, R², lines) or 3 (μ/ρ).
 */
import { describe, expect, it } from "vitest";
import { CalibrationError, equivalentDensity } from "../../server/fe/calibration";
import { internalCalibration, MIN_INTERNAL_R2 } from "../../server/fe/internalCalibration";

/** The file's "Density [HU]" means of the five regions, all marked [used]. */
const VERSE004 = {
  adipose_HU: -82.579,
  air_HU: -956.834,
  blood_HU: 39.249,
  cortical_HU: 1226.214,
  muscle_HU: 24.561,
};

describe("internal calibration of VerSe sub-verse004 (Ogo's calibration file)", () => {
  const c = internalCalibration(VERSE004);

  it("finds the scan's effective energy at 97 keV with max R² 0.998965", () => {
    expect(c.energy_keV).toBe(97);
    expect(c.r2).toBeCloseTo(0.998965, 6);
    expect(c).toMatchObject({ source: "internal", isDefault: false });
  });

  it("reads the NIST mass attenuations of the file at 97 keV", () => {
    const mu = c.internal?.mass_attenuation_cm2_per_g ?? {};
    const expected = {
      adipose: 0.17,
      air: 0.156,
      blood: 0.171,
      cortical: 0.191,
      muscle: 0.171,
      k2hpo4: 0.205,
      triglyceride: 0.17,
      water: 0.173,
    };
    for (const [m, v] of Object.entries(expected)) expect(mu[m], m).toBeCloseTo(v, 3);
  });

  it("gives the file's HU–μ/ρ line and HU–material density slope 0.000893", () => {
    // "HU-Material Density Slope 0.000893" is NOT a mineral calibration slope: it is the slope of
    // the tissue's own (Archimedean) density, g/cm³ per HU, fitted through the regions' densities
    // (HU/1000·μ_w + μ_w)/μ_region (Ogo internal_calibration.py _determine_hu_to_density); its
    // intercept 0.968731 g/cm³ is that density at 0 HU. The K₂HPO₄-equivalent density is derived
    // from it and the HU–μ/ρ line (next test), in mg/cm³ and quadratic in HU.
    const internal = c.internal;
    expect(internal?.hu_to_material_density.slope_g_per_cm3_per_HU).toBeCloseTo(0.000893, 6);
    expect(internal?.hu_to_material_density.intercept_g_per_cm3).toBeCloseTo(0.968731, 6);
    expect(internal?.hu_to_mass_attenuation.slope_per_HU).toBeCloseTo(0.000016, 6);
    expect(internal?.hu_to_mass_attenuation.intercept_cm2_per_g).toBeCloseTo(0.17124, 6);
  });

  it("turns HU into K₂HPO₄ density with Ogo's two-component model", () => {
    const internal = c.internal;
    if (!internal) throw new Error("no internal details");
    const mu = internal.mass_attenuation_cm2_per_g;
    // Ogo predict(): arch = ρ(HU); u_p = μ/ρ(HU); K₂HPO₄ mg/cm³ = 1000·arch·(u_p − μ_tg)/(μ_K − μ_tg).
    const ogo = (hu: number) => {
      const arch =
        internal.hu_to_material_density.slope_g_per_cm3_per_HU * hu +
        internal.hu_to_material_density.intercept_g_per_cm3;
      const up =
        internal.hu_to_mass_attenuation.slope_per_HU * hu +
        internal.hu_to_mass_attenuation.intercept_cm2_per_g;
      return (1000 * arch * (up - mu.triglyceride)) / (mu.k2hpo4 - mu.triglyceride);
    };
    for (const hu of [60, 200, 700, 1226.214]) {
      expect(equivalentDensity(hu, c)).toBeCloseTo(ogo(hu), 9);
    }
    // Denser bone reads more mineral.
    expect(equivalentDensity(700, c)).toBeGreaterThan(equivalentDensity(200, c));
  });

  it("stores only the regions given, and works with the three required ones", () => {
    const three = internalCalibration({
      air_HU: VERSE004.air_HU,
      adipose_HU: VERSE004.adipose_HU,
      muscle_HU: VERSE004.muscle_HU,
    });
    expect(Object.keys(three.internal?.reference_HU ?? {}).sort()).toEqual([
      "adipose_HU",
      "air_HU",
      "muscle_HU",
    ]);
    expect(three.r2).toBeGreaterThanOrEqual(MIN_INTERNAL_R2);
  });
});

describe("internal calibration refusals", () => {
  const base = { air_HU: -1000, adipose_HU: -100, muscle_HU: 40 };

  it("refuses air that is not the lowest region, naming the fields", () => {
    expect(() => internalCalibration({ ...base, air_HU: -50 })).toThrow(
      /adipose_HU \(-100 HU\) must be above air_HU \(-50 HU\)/,
    );
  });

  it("refuses fat above muscle", () => {
    expect(() => internalCalibration({ ...base, adipose_HU: 60 })).toThrow(
      /muscle_HU \(40 HU\) must be above adipose_HU/,
    );
  });

  it("refuses cortical bone below muscle or blood, and blood below fat", () => {
    expect(() => internalCalibration({ ...base, cortical_HU: 30 })).toThrow(
      /cortical_HU \(30 HU\) must be above muscle_HU/,
    );
    expect(() => internalCalibration({ ...base, blood_HU: 300, cortical_HU: 200 })).toThrow(
      /cortical_HU \(200 HU\) must be above blood_HU/,
    );
    expect(() => internalCalibration({ ...base, blood_HU: -200 })).toThrow(
      /blood_HU \(-200 HU\) must be above adipose_HU/,
    );
  });

  it("refuses a value that is not a number", () => {
    expect(() => internalCalibration({ ...base, muscle_HU: Number.NaN })).toThrow(
      /muscle_HU must be a number/,
    );
  });

  it("refuses regions in order whose HU fit no energy, with the R² and the threshold", () => {
    // Blood read as enhanced bone and cortical bone barely above it: in order, but no energy puts
    // the five NIST μ/ρ (cortical bone 0.191 well above blood 0.171 cm²/g near 100 keV) on one
    // line with these HU. With only air, fat and muscle the energy search nearly always finds a
    // good line through three points (decision 126): blood and cortical bone make R² a real check.
    const bad = { ...base, blood_HU: 500, cortical_HU: 600 };
    expect(() => internalCalibration(bad)).toThrow(CalibrationError);
    expect(() => internalCalibration(bad)).toThrow(
      /best R² = 0\.\d{4} \(at \d+(\.5)? keV\) is below 0\.98/,
    );
  });
});
