// ESMO 2020 BTA indication (clinical.md §6.1), the cases the follow-up file does not pin, and the
// "no BTA 3 months after the diagnosis" warning only where a BTA is indicated (issue 12 §7.1).
import { describe, expect, it } from "vitest";
import { btaFollowUp, btaIndication, NO_SEQUENCE } from "~/domain";

const warnsNoBta = (indication: ReturnType<typeof btaIndication>) =>
  btaFollowUp(NO_SEQUENCE, indication, {
    today: "2026-09-01",
    boneMetastasisDiagnosisDate: "2026-01-01",
  }).warnings.some((w) => w.id === "noBtaAtThreeMonths");

describe("ESMO 2020: who should receive a bone-targeting agent", () => {
  it("indicates a BTA in breast cancer even when expected survival is under 3 months (all patients)", () => {
    expect(
      btaIndication({
        primaryCancer: { type: "breast", hormoneReceptor: "negative", her2: "positive" },
        survivalBand: "lt_3m",
      }).status,
    ).toBe("indicated");
  });

  it("indicates a BTA in castration-resistant prostate cancer whatever the expected survival", () => {
    expect(
      btaIndication({
        primaryCancer: { type: "prostate", castration: "resistant" },
        survivalBand: "lt_3m",
      }).status,
    ).toBe("indicated");
  });

  it("does not indicate a BTA in differentiated thyroid cancer with bone metastases the board judged not significant", () => {
    expect(
      btaIndication({
        primaryCancer: { type: "thyroid", histology: "differentiated" },
        survivalBand: "gt_2y",
        clinicallySignificantBoneMetastases: false,
      }).status,
    ).toBe("notIndicated");
  });

  it("indicates a BTA in myeloma at diagnosis with no agent preferred while the clearance is unknown", () => {
    expect(
      btaIndication({ primaryCancer: { type: "myeloma" }, survivalBand: "unknown" }),
    ).toMatchObject({ status: "indicated", preferredAgent: null });
  });

  it("prefers denosumab in myeloma only below 60 mL/min: 60 has no preference, 59 prefers denosumab", () => {
    const at = (crcl: number) =>
      btaIndication({
        primaryCancer: { type: "myeloma" },
        survivalBand: "unknown",
        creatinineClearance_mL_min: crcl,
      }).preferredAgent;
    expect(at(60)).toBeNull();
    expect(at(59)).toBe("denosumab");
  });
});

describe("the 'no BTA 3 months after the bone-metastasis diagnosis' warning", () => {
  it("fires for a castration-resistant prostate cancer left without a BTA for 8 months", () => {
    expect(
      warnsNoBta(
        btaIndication({
          primaryCancer: { type: "prostate", castration: "resistant" },
          survivalBand: "unknown",
        }),
      ),
    ).toBe(true);
  });

  it("stays silent for a castration-sensitive prostate cancer (no ESMO indication)", () => {
    expect(
      warnsNoBta(
        btaIndication({
          primaryCancer: { type: "prostate", castration: "sensitive" },
          survivalBand: "gt_2y",
        }),
      ),
    ).toBe(false);
  });

  it("stays silent while a kidney cancer's indication is still to be assessed (survival not estimated)", () => {
    expect(
      warnsNoBta(
        btaIndication({
          primaryCancer: { type: "kidney" },
          survivalBand: "unknown",
          clinicallySignificantBoneMetastases: true,
        }),
      ),
    ).toBe(false);
  });

  it("stays silent for a primary bone tumour, which the bone-metastasis rule does not cover", () => {
    expect(
      warnsNoBta(
        btaIndication({ primaryCancer: { type: "giant_cell_tumour" }, survivalBand: "gt_2y" }),
      ),
    ).toBe(false);
  });
});
