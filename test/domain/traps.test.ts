import { describe, expect, it } from "vitest";
import {
  ESCC_GRADES,
  MIRELS_POINTS,
  SINS_POINTS,
  sinsCategory,
  TOKUHASHI_RANGE,
  TOMITA_POINTS,
  TOMITA_RANGE,
  tokuhashiCategory,
  zoledronicAcidDose,
} from "~/domain";
import { MirelsSizeSchema } from "~/domain/scores/mirels";

// clinical.md §9: known inconsistencies in secondary sources, kept as regression tests.
describe("regression traps from secondary sources (clinical.md §9)", () => {
  it("SINS pain is 3/1/0, not 3/2/1", () => {
    expect(SINS_POINTS.pain).toEqual({ mechanical: 3, occasionalNonMechanical: 1, painFree: 0 });
  });

  it("the SINS stable band is 0–6, not 1–6: a total of 0 is stable", () => {
    expect(sinsCategory(0)).toBe("stable");
    expect(sinsCategory(6)).toBe("stable");
    expect(sinsCategory(7)).toBe("potentiallyUnstable");
  });

  it("revised Tokuhashi 0–8 predicts less than 6 months, not more", () => {
    for (let total = TOKUHASHI_RANGE.min; total <= 8; total++) {
      expect(tokuhashiCategory(total)).toBe("lessThan6Months");
    }
  });

  it("Tomita rapid growth scores 4, not 3, so that the range is 2–10", () => {
    expect(TOMITA_POINTS.primaryGrowth.rapid).toBe(4);
    const max =
      TOMITA_POINTS.primaryGrowth.rapid +
      TOMITA_POINTS.visceralMetastases.untreatable +
      TOMITA_POINTS.boneMetastases.multiple;
    expect(max).toBe(TOMITA_RANGE.max);
    expect(TOMITA_RANGE).toEqual({ min: 2, max: 10 });
  });

  it("Mirels size is a fraction of the bone diameter (thirds), not of the cortex", () => {
    expect(MirelsSizeSchema.options).toEqual([
      "lessThanOneThird",
      "oneThirdToTwoThirds",
      "moreThanTwoThirds",
    ]);
    expect(MIRELS_POINTS.size).toEqual({
      lessThanOneThird: 1,
      oneThirdToTwoThirds: 2,
      moreThanTwoThirds: 3,
    });
  });

  it("ESCC has six grades, not four", () => {
    expect(ESCC_GRADES).toHaveLength(6);
  });

  it("zoledronic acid bands follow the SmPC creatinine clearance, not eGFR variants", () => {
    expect([65, 55, 45, 35, 25].map((c) => zoledronicAcidDose(c).dose_mg)).toEqual([
      4,
      3.5,
      3.3,
      3,
      null,
    ]);
  });
});
