// Patchell 2005 eligibility for decompressive surgery + radiotherapy (clinical.md §7.3): single area
// of compression, expected survival ≥ 3 months, not paraplegic > 48 h, tumour not radiosensitive.
import { describe, expect, it } from "vitest";
import { type LesionInput, type RiskContext, riskContextOf, treatmentTriggers } from "~/domain";

const t8: LesionInput = { id: "T8", siteId: "spine.T8", side: "midline", escc: "3", frankel: "D" };

function statuses(lesion: LesionInput, context: RiskContext): Record<string, string> | null {
  const p = treatmentTriggers(lesion, context).patchell;
  if (!p) return null;
  return { status: p.status, ...Object.fromEntries(p.criteria.map((c) => [c.id, c.status])) };
}

describe("Patchell criteria beside the surgery + radiotherapy trigger", () => {
  it("finds a walking patient with a single renal-cancer compression at T8 and 8 months to live eligible", () => {
    expect(
      statuses(t8, {
        spinalCompressionAreas: "single",
        expectedSurvival_months: 8,
        radiosensitivity: "radioresistant",
      }),
    ).toEqual({
      status: "eligible",
      singleAreaOfCompression: "met",
      expectedSurvivalAtLeast3Months: "met",
      notParaplegicOver48h: "met",
      notRadiosensitive: "met",
    });
  });

  it("says unknown for every fact the record does not hold, and asks the board to assess", () => {
    const { frankel: _f, ...noGrade } = t8;
    expect(statuses(noGrade, {})).toEqual({
      status: "toAssess",
      singleAreaOfCompression: "unknown",
      expectedSurvivalAtLeast3Months: "unknown",
      notParaplegicOver48h: "unknown",
      notRadiosensitive: "unknown",
    });
  });

  it("excludes a patient paraplegic (Frankel A) for more than 48 hours", () => {
    const s = statuses(
      { ...t8, frankel: "A" },
      { spinalCompressionAreas: "single", expectedSurvival_months: 8, paraplegiaOver48h: true },
    );
    expect(s?.notParaplegicOver48h).toBe("unmet");
    expect(s?.status).toBe("notEligible");
  });

  it("does not assume the duration of a paraplegia (Frankel B) that was not recorded", () => {
    expect(statuses({ ...t8, frankel: "B" }, {})?.notParaplegicOver48h).toBe("unknown");
  });

  it("keeps a paraplegia of less than 48 hours (ASIA A) within the criterion", () => {
    const { frankel: _f, ...noFrankel } = t8;
    expect(
      statuses({ ...noFrankel, asia: "A" }, { paraplegiaOver48h: false })?.notParaplegicOver48h,
    ).toBe("met");
  });

  it("excludes compression at several areas, 2 months of expected survival or a radiosensitive tumour", () => {
    const s = statuses(t8, {
      spinalCompressionAreas: "multiple",
      expectedSurvival_months: 2,
      radiosensitivity: "radiosensitive",
    });
    expect(s).toMatchObject({
      status: "notEligible",
      singleAreaOfCompression: "unmet",
      expectedSurvivalAtLeast3Months: "unmet",
      notRadiosensitive: "unmet",
    });
  });

  it("counts exactly 3 months of expected survival as meeting the criterion (≥ 3 months)", () => {
    expect(statuses(t8, { expectedSurvival_months: 3 })?.expectedSurvivalAtLeast3Months).toBe(
      "met",
    );
  });

  it("names Patchell 2005 on every criterion and words it in French", () => {
    const p = treatmentTriggers(t8, { spinalCompressionAreas: "single" }).patchell;
    expect(p?.criteria.every((c) => c.source.startsWith("Patchell 2005"))).toBe(true);
    expect(p?.criteria[0]?.label.fr).toBe("Compression en un seul site : rempli");
  });

  it("gives no Patchell criteria for a spinal lesion without cord compression, nor for a femur", () => {
    expect(treatmentTriggers({ ...t8, escc: "1a" }).patchell).toBeNull();
    expect(
      treatmentTriggers({ id: "F", siteId: "femur.diaphysis", side: "left", pain: { nrs: 5 } })
        .patchell,
    ).toBeNull();
  });

  it("says which fact each unknown criterion waits for, and nothing for a met or unmet one", () => {
    const missing = (lesion: LesionInput, context: RiskContext) =>
      Object.fromEntries(
        (treatmentTriggers(lesion, context).patchell?.criteria ?? []).map((c) => [c.id, c.missing]),
      );
    const { frankel: _f, ...noGrade } = t8;
    expect(missing(noGrade, {})).toEqual({
      singleAreaOfCompression: "compressionAreas",
      expectedSurvivalAtLeast3Months: "expectedSurvival",
      notParaplegicOver48h: "neurologicalGrade",
      notRadiosensitive: "radiosensitivity",
    });
    // Frankel B is recorded: only how long the paraplegia has lasted is missing.
    expect(missing({ ...t8, frankel: "B" }, {}).notParaplegicOver48h).toBe("paraplegiaDuration");
    expect(
      missing(t8, { spinalCompressionAreas: "multiple", expectedSurvival_months: 2 }),
    ).toMatchObject({
      singleAreaOfCompression: null,
      expectedSurvivalAtLeast3Months: null,
      notParaplegicOver48h: null,
    });
  });

  it("reads the survival criterion from the patient's survival band: < 3 months unmet, 3–6 months met, unknown unknown", () => {
    const survival = (survivalBand: string) =>
      statuses(t8, riskContextOf({ patient: { weightKg: 70, survivalBand }, rcp: undefined }))
        ?.expectedSurvivalAtLeast3Months;
    expect(survival("lt_3m")).toBe("unmet");
    expect(survival("3_6m")).toBe("met");
    expect(survival("gt_2y")).toBe("met");
    expect(survival("unknown")).toBe("unknown");
  });

  it("lets a number of months outweigh the survival band", () => {
    expect(
      statuses(t8, { expectedSurvival_months: 2, expectedSurvivalAtLeast3Months: true })
        ?.expectedSurvivalAtLeast3Months,
    ).toBe("unmet");
  });
});
