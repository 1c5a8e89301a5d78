/** HU → density → modulus chain of issue 13 item 2, each step against its paper's formula. */
import { describe, expect, it } from "vitest";
import {
  boneModulus,
  CalibrationError,
  DEFAULT_CALIBRATION,
  enteredCalibration,
  fitRodCalibration,
  lawsUsed,
  MODULUS_FLOOR_MPA,
} from "../../server/fe/calibration";

describe("phantom-rod calibration", () => {
  it("fits the line through rods that lie on one exactly, with R² = 1", () => {
    // ρ = 0.75·HU − 5 for rods at 0, 100, 400, 800 HU.
    const rods = [0, 100, 400, 800].map((hu) => ({
      mean_HU: hu,
      density_mg_per_cm3: 0.75 * hu - 5,
    }));
    const c = fitRodCalibration(rods);
    expect(c.slope_mg_per_HU).toBeCloseTo(0.75, 12);
    expect(c.intercept_mg).toBeCloseTo(-5, 10);
    expect(c.r2).toBeCloseTo(1, 12);
    expect(c).toMatchObject({ source: "phantom-rods", isDefault: false });
  });

  it("reports the R² of noisy rods as computed by hand", () => {
    // x = 0, 1, 2, 3; y = 0, 1, 1, 3: Sxx = 5, Sxy = 4.5, Syy = 4.75 → R² = 20.25/23.75 = 0.8526.
    const rods = [0, 1, 2, 3].map((x, i) => ({
      mean_HU: 100 * x,
      density_mg_per_cm3: [0, 1, 1, 3][i] * 100,
    }));
    expect(() => fitRodCalibration(rods)).toThrow(/R² = 0\.8526 is below 0\.98/);
  });

  it("refuses a rod entered with the wrong density, and fewer than three rods", () => {
    const rods = [
      { mean_HU: 0, density_mg_per_cm3: 0 },
      { mean_HU: 200, density_mg_per_cm3: 150 },
      { mean_HU: 400, density_mg_per_cm3: 30 },
      { mean_HU: 600, density_mg_per_cm3: 450 },
    ];
    expect(() => fitRodCalibration(rods)).toThrow(CalibrationError);
    expect(() => fitRodCalibration(rods.slice(0, 2))).toThrow(/at least 3 phantom rods/);
    expect(() => enteredCalibration(-0.8, 0)).toThrow(/slope must be > 0/);
  });

  it("flags the default calibration as a default", () => {
    expect(DEFAULT_CALIBRATION).toMatchObject({ isDefault: true, source: "default", r2: null });
  });
});

describe("density-modulus laws", () => {
  const identity = enteredCalibration(1, 0);

  it("maps femoral bone through Keyak 1994, Schileo 2008 and Morgan 2003 (femoral neck)", () => {
    // 1000 mg/cm³ → ash 1.06·1000 + 38.9 = 1098.9 mg/cm³ → apparent 1.0989/0.6 g/cm³.
    const apparent = 1.0989 / 0.6;
    expect(boneModulus(1000, identity, "proximal-femur")).toBeCloseTo(6850 * apparent ** 1.49, 6);
  });

  it("maps vertebral bone through Morgan 2003 (vertebra)", () => {
    // 150 mg/cm³ → ash 197.9 mg/cm³ → apparent 0.1979/0.6 g/cm³.
    const apparent = 0.1979 / 0.6;
    expect(boneModulus(150, identity, "vertebra")).toBeCloseTo(4730 * apparent ** 1.56, 6);
  });

  it("never goes below the modulus floor, even for fat", () => {
    expect(boneModulus(-100, identity, "proximal-femur")).toBe(MODULUS_FLOOR_MPA);
  });

  it("names the paper of every law it stores with a result", () => {
    const sources = lawsUsed("proximal-femur").map((l) => l.source);
    expect(sources.join(" | ")).toMatch(/Keyak et al\. 1994/);
    expect(sources.join(" | ")).toMatch(/Schileo et al\. 2008/);
    expect(sources.join(" | ")).toMatch(/Morgan et al\. 2003 .*femoral neck/);
  });
});
