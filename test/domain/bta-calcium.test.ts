// The calcium gate of a BTA reads the value, not only its presence (issue 12 §7.2): Peddi 2013
// (correct hypocalcaemia before dosing), Zometa SmPC / Brown 2021 (calcium + vitamin D unless
// hypercalcaemia), Payne 1973 (albumin correction: + 0.02 mmol/L per g/L of albumin under 40).
import { describe, expect, it } from "vitest";
import { btaStartGates, correctedCalcium, type StartGatesInput } from "~/domain";

const base: StartGatesInput = {
  agent: "denosumab",
  startDate: "2026-03-10",
  dentalCheckDate: "2026-03-01",
  calciumVitaminDPlan: true,
  baselineCalcium_mmol_L: 2.4,
};

describe("albumin-corrected calcium (Payne 1973)", () => {
  it("raises a total calcium of 2.10 to 2.30 mmol/L when albumin is 30 g/L", () => {
    expect(correctedCalcium(2.1, 30)).toBe(2.3);
  });
  it("lowers a total calcium of 2.30 to 2.10 mmol/L when albumin is 50 g/L", () => {
    expect(correctedCalcium(2.3, 50)).toBe(2.1);
  });
  it("leaves the calcium as measured when albumin is 40 g/L", () => {
    expect(correctedCalcium(2.45, 40)).toBe(2.45);
  });
});

describe("calcium gate before a first BTA dose", () => {
  it("refuses denosumab for a patient with a calcium of 2.05 mmol/L: hypocalcaemia to correct first", () => {
    const r = btaStartGates({ ...base, baselineCalcium_mmol_L: 2.05 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("startGatesNotMet");
    expect(r.missing).toEqual([]);
    expect(r.blockers.map((b) => b.fr).join()).toContain("hypocalcémie à corriger");
    expect(r.reason.fr).toContain("2,05 mmol/L");
    expect(r.calcium?.band).toBe("hypocalcaemia");
  });

  it("lets a patient with low albumin start: total 2.10 mmol/L with albumin 30 g/L is 2.30 corrected", () => {
    const r = btaStartGates({ ...base, baselineCalcium_mmol_L: 2.1, baselineAlbumin_g_L: 30 });
    expect(r.ok).toBe(true);
    expect(r.calcium?.corrected_mmol_L).toBe(2.3);
    expect(r.calcium?.band).toBe("normal");
  });

  it("stops a patient whose normal-looking total calcium of 2.30 is 2.10 once corrected for an albumin of 50 g/L", () => {
    const r = btaStartGates({
      ...base,
      agent: "zoledronicAcid",
      baselineCreatinineClearance_mL_min: 80,
      baselineCalcium_mmol_L: 2.3,
      baselineAlbumin_g_L: 50,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason.fr).toContain("Calcémie corrigée");
    expect(r.reason.fr).toContain("2,10 mmol/L");
  });

  it("accepts the lower limit itself: 2.20 mmol/L is not hypocalcaemia", () => {
    expect(btaStartGates({ ...base, baselineCalcium_mmol_L: 2.2 }).ok).toBe(true);
  });

  it("still asks for the calcium and vitamin D plan of a normocalcaemic patient", () => {
    const r = btaStartGates({ ...base, calciumVitaminDPlan: false });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missing.map((m) => m.gate)).toEqual(["calciumVitaminDPlan"]);
  });

  it("does not ask for calcium supplementation in a hypercalcaemic patient (2.85 mmol/L)", () => {
    const r = btaStartGates({ ...base, calciumVitaminDPlan: false, baselineCalcium_mmol_L: 2.85 });
    expect(r.ok).toBe(true);
    expect(r.calcium?.band).toBe("hypercalcaemia");
  });

  it("still needs a baseline calcium before any judgement on its value", () => {
    const { baselineCalcium_mmol_L: _c, ...noCalcium } = base;
    const r = btaStartGates(noCalcium);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missing.map((m) => m.gate)).toEqual(["baselineCalcium"]);
    expect(r.calcium).toBeNull();
  });

  it("refuses an albumin of 0 g/L as input the engine cannot use, naming the field", () => {
    expect(() => btaStartGates({ ...base, baselineAlbumin_g_L: 0 })).toThrow(
      expect.objectContaining({ field: "baselineAlbumin_g_L" }),
    );
  });
});
