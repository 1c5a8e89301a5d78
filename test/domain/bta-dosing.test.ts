import { describe, expect, it } from "vitest";
import {
  btaStartGates,
  denosumabRegimen,
  zoledronicAcidDose,
  zoledronicRenalCheck,
} from "~/domain";

describe("zoledronic acid dose by creatinine clearance (SmPC)", () => {
  it.each([
    [120, 4.0],
    [60.1, 4.0],
    [60, 3.5],
    [55, 3.5],
    [50, 3.5],
    [49.9, 3.3],
    [49.5, 3.3],
    [49, 3.3],
    [40, 3.3],
    [39.9, 3.0],
    [39, 3.0],
    [30, 3.0],
  ])("gives %f mL/min a dose of %f mg", (crcl, dose) => {
    const r = zoledronicAcidDose(crcl);
    expect(r.ok).toBe(true);
    expect(r.dose_mg).toBe(dose);
    expect(r.source).toMatch(/SmPC Zometa/);
  });

  it.each([29.9, 29, 10, 0])("does not recommend zoledronic acid at %f mL/min", (crcl) => {
    const r = zoledronicAcidDose(crcl);
    expect(r.ok).toBe(false);
    expect(r.dose_mg).toBeNull();
    if (!r.ok) expect(r.reason.fr).toMatch(/non recommandé/);
  });

  it("refuses a negative clearance", () => {
    expect(() => zoledronicAcidDose(-1)).toThrow();
    expect(() => zoledronicAcidDose(Number.NaN)).toThrow();
  });
});

describe("denosumab regimen", () => {
  it("is 120 mg subcutaneously every 4 weeks with no renal adjustment", () => {
    expect(denosumabRegimen()).toMatchObject({
      agent: "denosumab",
      dose_mg: 120,
      intervalWeeks: 4,
    });
  });
});

describe("zoledronic acid renal withhold and resume (SmPC)", () => {
  it("withholds after a rise of 44 µmol/L from a normal baseline, not after 43", () => {
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 80, currentCreatinine_umol_L: 124 })
        .withhold,
    ).toBe(true);
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 80, currentCreatinine_umol_L: 123 })
        .withhold,
    ).toBe(false);
  });

  it("withholds after a rise of 88 µmol/L from an abnormal baseline, not after 87", () => {
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 150, currentCreatinine_umol_L: 238 })
        .withhold,
    ).toBe(true);
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 150, currentCreatinine_umol_L: 237 })
        .withhold,
    ).toBe(false);
  });

  it("treats a baseline of exactly 124 µmol/L as abnormal", () => {
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 124, currentCreatinine_umol_L: 170 })
        .threshold_umol_L,
    ).toBe(88);
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 123, currentCreatinine_umol_L: 170 })
        .threshold_umol_L,
    ).toBe(44);
  });

  it("allows resuming only within 10 % of baseline", () => {
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 100, currentCreatinine_umol_L: 110 })
        .canResume,
    ).toBe(true);
    expect(
      zoledronicRenalCheck({ baselineCreatinine_umol_L: 100, currentCreatinine_umol_L: 111 })
        .canResume,
    ).toBe(false);
  });
});

describe("BTA start gates", () => {
  const ready = {
    startDate: "2025-03-10",
    dentalCheckDate: "2025-03-01",
    calciumVitaminDPlan: true,
    baselineCalcium_mmol_L: 2.35,
    baselineCreatinineClearance_mL_min: 72,
  };

  it("lets zoledronic acid start at 4 mg when every gate is met", () => {
    const r = btaStartGates({ agent: "zoledronicAcid", ...ready });
    expect(r).toMatchObject({ ok: true, dose_mg: 4 });
  });

  it("lists every missing gate by name", () => {
    const r = btaStartGates({ agent: "zoledronicAcid", startDate: "2025-03-10" });
    expect(!r.ok && r.code).toBe("startGatesNotMet");
    expect(r.ok ? [] : r.missing.map((m) => m.gate)).toEqual([
      "dentalCheck",
      "calciumVitaminDPlan",
      "baselineCalcium",
      "baselineCreatinineClearance",
    ]);
  });

  it("does not count a dental check dated after the start", () => {
    const r = btaStartGates({ agent: "denosumab", ...ready, dentalCheckDate: "2025-03-11" });
    expect(r.ok ? [] : r.missing.map((m) => m.gate)).toEqual(["dentalCheck"]);
  });

  it("does not need a clearance for denosumab but warns of hypocalcaemia under 30 mL/min", () => {
    const { baselineCreatinineClearance_mL_min: _omit, ...noClearance } = ready;
    expect(btaStartGates({ agent: "denosumab", ...noClearance }).ok).toBe(true);
    const r = btaStartGates({
      agent: "denosumab",
      ...ready,
      baselineCreatinineClearance_mL_min: 25,
    });
    expect(r.ok).toBe(true);
    expect(r.warnings[0]?.en).toMatch(/hypocalcaemia/);
  });

  it("blocks zoledronic acid under 30 mL/min", () => {
    const r = btaStartGates({
      agent: "zoledronicAcid",
      ...ready,
      baselineCreatinineClearance_mL_min: 29,
    });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.blockers).toHaveLength(1);
    expect(r.ok ? "" : r.reason.fr).toMatch(
      /^Prérequis non remplis pour acide zolédronique : .*< 30/,
    );
  });
});
