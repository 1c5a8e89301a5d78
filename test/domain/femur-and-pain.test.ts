import { describe, expect, it } from "vitest";
import {
  DomainInputError,
  femoralCorticalScore,
  harringtonScore,
  painBand,
  painScore,
} from "~/domain";

const NONE = {
  corticalDestructionAtLeast50: false,
  lesionAtLeast25mmProximalFemur: false,
  lesserTrochanterAvulsion: false,
  painPersistingAfterRadiotherapy: false,
};

describe("Harrington criteria (any one = impending fracture)", () => {
  it("finds no impending fracture when no criterion is met", () => {
    const r = harringtonScore(NONE);
    expect(r.criteriaMet).toEqual([]);
    expect(r.category).toBe("noCriterionMet");
  });

  it.each([
    "corticalDestructionAtLeast50",
    "lesionAtLeast25mmProximalFemur",
    "lesserTrochanterAvulsion",
    "painPersistingAfterRadiotherapy",
  ] as const)("calls a fracture impending on %s alone", (criterion) => {
    const r = harringtonScore({ ...NONE, [criterion]: true });
    expect(r.category).toBe("impendingFracture");
    expect(r.criteriaMet).toEqual([criterion]);
    expect(r.items[criterion]).toBe(1);
  });
});

describe("Femoral cortical criteria (Van der Linden 2004)", () => {
  it("flags axial cortical involvement of 31 mm but not 30 mm", () => {
    expect(
      femoralCorticalScore({ siteId: "femur.diaphysis", axialCorticalInvolvement_mm: 31 }).category,
    ).toBe("criterionMet");
    expect(
      femoralCorticalScore({ siteId: "femur.diaphysis", axialCorticalInvolvement_mm: 30 }).category,
    ).toBe("criterionNotMet");
  });

  it("flags circumferential cortical involvement of 51 % but not 50 %", () => {
    expect(
      femoralCorticalScore({ siteId: "femur.neck", circumferentialCorticalInvolvement_pct: 51 })
        .criteriaMet,
    ).toEqual(["circumferentialOver50pct"]);
    expect(
      femoralCorticalScore({ siteId: "femur.neck", circumferentialCorticalInvolvement_pct: 50 })
        .criteriaMet,
    ).toEqual([]);
  });

  it("counts both criteria when both are met", () => {
    const r = femoralCorticalScore({
      siteId: "femur.subtrochanteric",
      axialCorticalInvolvement_mm: 45,
      circumferentialCorticalInvolvement_pct: 70,
    });
    expect(r.criteriaMet).toEqual(["axialOver30mm", "circumferentialOver50pct"]);
    expect(r.source).toMatch(/Van der Linden 2004/);
  });

  it("refuses the humerus: the criteria were validated in the femur only", () => {
    expect(() =>
      femoralCorticalScore({ siteId: "humerus.diaphysis", axialCorticalInvolvement_mm: 40 }),
    ).toThrow(DomainInputError);
  });

  it("asks for at least one measurement", () => {
    expect(() => femoralCorticalScore({ siteId: "femur.diaphysis" })).toThrow(
      /axial \(mm\) or the circumferential/,
    );
  });
});

describe("Pain (NRS 0–10)", () => {
  it.each([
    [0, "none"],
    [1, "mild"],
    [3, "mild"],
    [4, "moderate"],
    [6, "moderate"],
    [7, "severe"],
    [10, "severe"],
  ] as const)("puts NRS %i in the %s band", (nrs, band) => {
    expect(painBand(nrs)).toBe(band);
    expect(painScore({ nrs }).category).toBe(band);
  });

  it("keeps the mechanical character in the rationale", () => {
    expect(painScore({ nrs: 7, character: "mechanical" }).rationale.fr).toBe(
      "EN 7/10 : douleur sévère, douleur mécanique.",
    );
  });

  it("refuses 11 and 2.5", () => {
    expect(() => painScore({ nrs: 11 })).toThrow(DomainInputError);
    expect(() => painScore({ nrs: 2.5 })).toThrow(DomainInputError);
  });
});
