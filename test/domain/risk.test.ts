import { describe, expect, it } from "vitest";
import {
  boardRiskSummary,
  DomainInputError,
  type LesionInput,
  LesionInputSchema,
  lesionRiskSummary,
} from "~/domain";

const femur: LesionInput = {
  id: "L1",
  siteId: "femur.trochanteric",
  side: "right",
  lesionType: "lytic",
};

describe("lesion risk summary", () => {
  it("rates a Mirels 12 peritrochanteric lesion as high fracture risk, decided by Mirels", () => {
    const r = lesionRiskSummary({
      ...femur,
      mirels: { pain: "functional", size: "moreThanTwoThirds" },
    });
    expect(r.fracture.level).toBe("high");
    expect(r.fracture.decidedBy?.ruleId).toBe("fracture.mirels");
    expect(r.fracture.decidedBy?.source).toMatch(/Mirels 1989/);
    expect(r.scores.mirels?.points).toBe(12);
  });

  it("rates Mirels 8 as moderate and Mirels 7 as low", () => {
    const eight = lesionRiskSummary({
      ...femur,
      siteId: "femur.diaphysis",
      mirels: { pain: "moderate", size: "lessThanOneThird" },
    });
    expect(eight.scores.mirels?.points).toBe(8);
    expect(eight.fracture.level).toBe("moderate");
    const seven = lesionRiskSummary({
      ...femur,
      siteId: "humerus.diaphysis",
      lesionType: "mixed",
      mirels: { pain: "moderate", size: "oneThirdToTwoThirds" },
    });
    expect(seven.scores.mirels?.points).toBe(7);
    expect(seven.fracture.level).toBe("low");
  });

  it("decides a partly scored lesion when the missing items cannot change the category", () => {
    const r = lesionRiskSummary({ ...femur, mirels: { pain: "functional" } });
    expect(r.fracture.level).toBe("high");
    expect(r.fracture.decidedBy?.ruleId).toBe("fracture.mirelsPartial");
  });

  it("leaves fracture risk unknown when nothing decisive is scored", () => {
    const r = lesionRiskSummary({ id: "L2", siteId: "femur.diaphysis", side: "left" });
    expect(r.fracture.level).toBe("unknown");
    expect(r.fracture.decidedBy).toBeNull();
    expect(r.complete).toBe(false);
  });

  it("lets a completed fracture override a low Mirels", () => {
    const r = lesionRiskSummary({
      ...femur,
      siteId: "humerus.diaphysis",
      lesionType: "blastic",
      completedFracture: true,
      mirels: { pain: "mild", size: "lessThanOneThird" },
    });
    expect(r.fracture.level).toBe("high");
    expect(r.fracture.decidedBy?.ruleId).toBe("fracture.completed");
    expect(r.fracture.rules.map((x) => x.ruleId)).toEqual([
      "fracture.completed",
      "fracture.mirels",
    ]);
  });

  it("rates femoral axial cortical involvement of 35 mm as high fracture risk", () => {
    const r = lesionRiskSummary({
      ...femur,
      siteId: "femur.diaphysis",
      cortical: { axialCorticalInvolvement_mm: 35 },
    });
    expect(r.fracture.decidedBy?.ruleId).toBe("fracture.femoralCortical");
    expect(r.fracture.level).toBe("high");
  });

  it("applies the FE rule with the board's N and the patient's weight", () => {
    // 70 kg × 9.80665 = 686.5 N; N = 7.5 → threshold 5149 N.
    const lesion: LesionInput = {
      id: "F1",
      siteId: "femur.diaphysis",
      side: "right",
      fe: { failureLoad_N: 5000 },
    };
    const below = lesionRiskSummary(lesion, {
      feFailureLoadThreshold_bodyWeights: 7.5,
      bodyWeight_kg: 70,
    });
    expect(below.fracture.decidedBy?.ruleId).toBe("fracture.feFailureLoad");
    expect(below.fracture.level).toBe("high");
    // 5000 / 686.5 = 7.28 → "7,3" in French, with the board's 7.5 as "7,5".
    const rule = below.fracture.rules.find((r) => r.ruleId === "fracture.feFailureLoad");
    expect(rule?.rationale.fr).toBe(
      "Force à la rupture 5\u202f000 N = 7,3 × poids du corps (70 kg, poids du dossier patient), sous le seuil de 7,5 × poids du corps.",
    );
    expect(rule?.rationale.en).toContain("= 7.3 × body weight");
    const above = lesionRiskSummary(lesion, {
      feFailureLoadThreshold_bodyWeights: 7,
      bodyWeight_kg: 70,
    });
    expect(above.fracture.level).toBe("low");
    expect(lesionRiskSummary(lesion).fracture.level).toBe("unknown");
  });

  it("uses SINS for a vertebra and the ESCC grade for its neurological risk", () => {
    const r = lesionRiskSummary({
      id: "V1",
      siteId: "spine.L3",
      side: "midline",
      lesionType: "lytic",
      sins: { pain: "mechanical", alignment: "normal", collapse: "none", posterolateral: "none" },
      escc: "1c",
      pain: { nrs: 5 },
    });
    expect(r.scores.sins?.points).toBe(7);
    expect(r.fracture.level).toBe("moderate");
    expect(r.neurological.level).toBe("moderate");
    expect(r.pain.level).toBe("moderate");
    expect(r.worst).toBe("moderate");
    expect(r.complete).toBe(true);
  });

  it("rates high-grade ESCC, a new deficit or Frankel D as high neurological risk", () => {
    const base: LesionInput = { id: "V2", siteId: "spine.T8", side: "midline" };
    expect(lesionRiskSummary({ ...base, escc: "2" }).neurological.level).toBe("high");
    expect(
      lesionRiskSummary({ ...base, newNeurologicalDeficit: true }).neurological.decidedBy?.ruleId,
    ).toBe("neuro.newDeficit");
    expect(lesionRiskSummary({ ...base, frankel: "D" }).neurological.level).toBe("high");
    expect(lesionRiskSummary({ ...base, asia: "E", escc: "0" }).neurological.level).toBe("low");
  });

  it("rates the neurological risk of a limb lesion as low", () => {
    expect(lesionRiskSummary(femur).neurological).toMatchObject({
      level: "low",
      decidedBy: { ruleId: "neuro.nonSpinalSite" },
    });
  });

  it.each([
    [0, "low"],
    [3, "low"],
    [4, "moderate"],
    [6, "moderate"],
    [7, "high"],
  ] as const)("maps NRS %i to a %s pain level", (nrs, level) => {
    expect(lesionRiskSummary({ ...femur, pain: { nrs } }).pain.level).toBe(level);
  });

  it("warns when Mirels items are recorded on a vertebra and ignores them", () => {
    const r = lesionRiskSummary({
      id: "V3",
      siteId: "spine.L1",
      side: "midline",
      mirels: { pain: "functional" },
    });
    expect(r.warnings).toHaveLength(1);
    expect(r.scores.mirels).toBeUndefined();
  });

  it("sorts a board with the most urgent lesion first and unassessed above known low risk", () => {
    const board: LesionInput[] = [
      { id: "low", siteId: "rib.5", side: "left", pain: { nrs: 1 } },
      { id: "unassessed", siteId: "femur.diaphysis", side: "left" },
      { id: "cord", siteId: "spine.T4", side: "midline", escc: "3" },
    ];
    expect(boardRiskSummary(board).map((s) => s.lesionId)).toEqual(["cord", "unassessed", "low"]);
  });
});

describe("LesionInputSchema (the board's stored lesion)", () => {
  it("accepts a lesion with only a site and a side", () => {
    expect(
      LesionInputSchema.safeParse({ id: "x", siteId: "sternum", side: "midline" }).success,
    ).toBe(true);
  });

  it("round-trips through JSON unchanged", () => {
    const lesion: LesionInput = {
      ...femur,
      pain: { nrs: 6, character: "mechanical" },
      mirels: { pain: "moderate" },
      escc: "1b",
    };
    expect(LesionInputSchema.parse(JSON.parse(JSON.stringify(lesion)))).toEqual(lesion);
  });

  it("refuses a side that does not fit the site", () => {
    const r = LesionInputSchema.safeParse({ id: "x", siteId: "femur.neck", side: "midline" });
    expect(r.success).toBe(false);
    expect(() => lesionRiskSummary({ id: "x", siteId: "spine.T4", side: "left" })).toThrow(
      DomainInputError,
    );
  });

  it("refuses an unknown site", () => {
    expect(() => lesionRiskSummary({ id: "x", siteId: "hand.thumb", side: "left" })).toThrow(
      /siteId/,
    );
  });
});
