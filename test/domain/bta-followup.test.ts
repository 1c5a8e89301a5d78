// BTA indication (ESMO 2020) and the follow-up warnings of a stored sequence (issue 12 §1, §7).
import { describe, expect, it } from "vitest";
import {
  applyToBtaHistory,
  type BtaEvent,
  type BtaIndication,
  btaFollowUp,
  btaIndication,
  nextBtaReassessment,
  replayBtaHistory,
} from "~/domain";

const INDICATED: BtaIndication = btaIndication({
  primaryCancer: { type: "breast", hormoneReceptor: "positive", her2: "negative" },
  survivalBand: "unknown",
});

const GATES = {
  dentalCheckDate: "2026-01-02",
  calciumVitaminDPlan: true,
  baselineCalcium_mmol_L: 2.4,
};
const dmab: BtaEvent = {
  type: "initiate",
  date: "2026-01-10",
  agent: "denosumab",
  intervalWeeks: 4,
  ...GATES,
};
const zol: BtaEvent = {
  type: "initiate",
  date: "2026-01-10",
  agent: "zoledronicAcid",
  intervalWeeks: 4,
  baselineCreatinineClearance_mL_min: 55,
  ...GATES,
};

function state(...events: BtaEvent[]) {
  const r = replayBtaHistory(events);
  if (!r.ok) throw new Error(r.reason.en);
  return r.state;
}

describe("ESMO 2020 indication of a bone-targeting agent", () => {
  it("indicates a BTA for every breast cancer with bone metastases", () => {
    expect(INDICATED.status).toBe("indicated");
  });
  it("indicates a BTA in castration-resistant prostate cancer but not in castration-sensitive disease", () => {
    const crpc = btaIndication({
      primaryCancer: { type: "prostate", castration: "resistant" },
      survivalBand: "unknown",
    });
    const hspc = btaIndication({
      primaryCancer: { type: "prostate", castration: "sensitive" },
      survivalBand: "gt_2y",
    });
    expect(crpc.status).toBe("indicated");
    expect(hspc.status).toBe("notIndicated");
  });
  it("leaves the indication to assess when the castration status is unknown", () => {
    expect(
      btaIndication({
        primaryCancer: { type: "prostate", castration: "unknown" },
        survivalBand: "gt_2y",
      }).status,
    ).toBe("toAssess");
  });
  it("does not indicate a BTA in lung cancer with an expected survival under 3 months", () => {
    const lung = { type: "lung", histology: "adenocarcinoma", driver: "EGFR" } as const;
    expect(
      btaIndication({
        primaryCancer: lung,
        survivalBand: "lt_3m",
        clinicallySignificantBoneMetastases: true,
      }).status,
    ).toBe("notIndicated");
  });
  it("indicates a BTA in kidney cancer with survival of 3 to 6 months and significant bone metastases", () => {
    expect(
      btaIndication({
        primaryCancer: { type: "kidney" },
        survivalBand: "3_6m",
        clinicallySignificantBoneMetastases: true,
      }).status,
    ).toBe("indicated");
  });
  it("asks for an assessment when survival is not estimated or significance not stated", () => {
    expect(
      btaIndication({
        primaryCancer: { type: "kidney" },
        survivalBand: "unknown",
        clinicallySignificantBoneMetastases: true,
      }).status,
    ).toBe("toAssess");
    expect(btaIndication({ primaryCancer: { type: "kidney" }, survivalBand: "1_2y" }).status).toBe(
      "toAssess",
    );
  });
  it("indicates a BTA in myeloma at diagnosis, preferring denosumab with a clearance of 45 mL/min", () => {
    const normal = btaIndication({
      primaryCancer: { type: "myeloma" },
      survivalBand: "unknown",
      creatinineClearance_mL_min: 90,
    });
    const impaired = btaIndication({
      primaryCancer: { type: "myeloma" },
      survivalBand: "unknown",
      creatinineClearance_mL_min: 45,
    });
    expect(normal).toMatchObject({ status: "indicated", preferredAgent: null });
    expect(impaired).toMatchObject({ status: "indicated", preferredAgent: "denosumab" });
    expect(impaired.source).toContain("ESMO");
  });
  it("does not apply the bone-metastasis rule to a giant-cell tumour of bone", () => {
    expect(
      btaIndication({ primaryCancer: { type: "giant_cell_tumour" }, survivalBand: "gt_2y" }).status,
    ).toBe("notIndicated");
  });
});

describe("a patient's BTA history across sequences", () => {
  it("opens a new sequence with an initiate after a stop", () => {
    const stopped = state(dmab, { type: "stop", date: "2026-03-01" });
    const r = applyToBtaHistory(stopped, { ...zol, date: "2026-03-05" });
    expect(r.ok && r.state.status).toBe("active");
  });
  it("refuses a resume after a stop, and a new initiate dated before the stop", () => {
    const stopped = state(dmab, { type: "stop", date: "2026-03-01" });
    expect(applyToBtaHistory(stopped, { type: "resume", date: "2026-03-05" }).ok).toBe(false);
    expect(applyToBtaHistory(stopped, { ...zol, date: "2026-02-20" }).ok).toBe(false);
  });
});

describe("follow-up warnings of a BTA sequence", () => {
  const ids = (w: { id: string }[]) => w.map((x) => x.id);

  it("warns that no BTA has started 3 months after the diagnosis of a breast cancer's bone metastases", () => {
    // Diagnosis 1 Jan; the window ends 1 Apr; on 2 Apr nothing has started.
    const f = btaFollowUp(state(), INDICATED, {
      today: "2026-04-02",
      boneMetastasisDiagnosisDate: "2026-01-01",
    });
    expect(ids(f.warnings)).toContain("noBtaAtThreeMonths");
    expect(ids(f.warnings)).toContain("dentalCheckBeforeFirstDose");
  });
  it("does not warn on the last day of the 3-month window", () => {
    const f = btaFollowUp(state(), INDICATED, {
      today: "2026-04-01",
      boneMetastasisDiagnosisDate: "2026-01-01",
    });
    expect(ids(f.warnings)).not.toContain("noBtaAtThreeMonths");
  });
  it("does not warn about a missing BTA where none is indicated (expected survival under 3 months)", () => {
    const no = btaIndication({ primaryCancer: { type: "kidney" }, survivalBand: "lt_3m" });
    const f = btaFollowUp(state(), no, {
      today: "2026-09-01",
      boneMetastasisDiagnosisDate: "2026-01-01",
    });
    expect(f.warnings).toEqual([]);
  });
  it("clears the start warnings once the first dose is given", () => {
    const f = btaFollowUp(state(dmab), INDICATED, {
      today: "2026-01-20",
      boneMetastasisDiagnosisDate: "2025-06-01",
      firstBtaDate: "2026-01-10",
    });
    expect(f.warnings).toEqual([]);
    // Denosumab every 4 weeks: 10 Jan + 28 days.
    expect(f.nextDoseDate).toBe("2026-02-07");
  });
  it("flags a dose overdue the day after it was due", () => {
    const f = btaFollowUp(state(dmab), INDICATED, {
      today: "2026-02-08",
      firstBtaDate: "2026-01-10",
    });
    expect(ids(f.warnings)).toEqual(["doseOverdue"]);
  });
  it("flags denosumab stopped without a follow-on plan, and clears it when a bisphosphonate follows", () => {
    const stopped = state(dmab, { type: "stop", date: "2026-02-01" });
    expect(
      ids(
        btaFollowUp(stopped, INDICATED, { today: "2026-02-02", firstBtaDate: "2026-01-10" })
          .warnings,
      ),
    ).toEqual(["reboundWithoutFollowOn"]);
    const followOn = state(dmab, {
      type: "switch",
      date: "2026-02-01",
      agent: "zoledronicAcid",
      intervalWeeks: 4,
      baselineCreatinineClearance_mL_min: 70,
      ...GATES,
    });
    const f = btaFollowUp(followOn, INDICATED, {
      today: "2026-02-02",
      firstBtaDate: "2026-01-10",
      latestClearance: { mL_min: 70, date: "2026-02-01" },
    });
    expect(ids(f.warnings)).toEqual([]);
  });
  it("gives the zoledronic-acid dose of the latest clearance's band: 45 mL/min is 3.3 mg", () => {
    const f = btaFollowUp(state(zol), INDICATED, {
      today: "2026-01-20",
      firstBtaDate: "2026-01-10",
      latestClearance: { mL_min: 45, date: "2026-01-15" },
    });
    expect(f.zoledronicDose).toMatchObject({ ok: true, dose_mg: 3.3 });
  });
  it("flags a clearance older than 3 months under zoledronic acid, and a missing one", () => {
    const s = state(zol, { type: "administer", date: "2026-05-01", creatinine_umol_L: 80 });
    const stale = btaFollowUp(s, INDICATED, {
      today: "2026-05-20",
      firstBtaDate: "2026-01-10",
      latestClearance: { mL_min: 55, date: "2026-01-10" },
    });
    expect(ids(stale.warnings)).toEqual(["clearanceStale"]);
    const fresh = btaFollowUp(s, INDICATED, {
      today: "2026-05-20",
      firstBtaDate: "2026-01-10",
      latestClearance: { mL_min: 55, date: "2026-04-01" },
    });
    expect(ids(fresh.warnings)).toEqual([]);
    const none = btaFollowUp(s, INDICATED, { today: "2026-05-20", firstBtaDate: "2026-01-10" });
    expect(ids(none.warnings)).toEqual(["clearanceMissing"]);
  });
});

describe("reassessment of a BTA 3 to 6 months after the start", () => {
  it("is due between 10 April and 10 July for an agent started on 10 January", () => {
    expect(nextBtaReassessment(state(dmab), "2026-02-01")).toEqual({
      from: "2026-04-10",
      by: "2026-07-10",
    });
  });
  it("moves to the next 6-month window once the first has passed", () => {
    expect(nextBtaReassessment(state(dmab), "2026-07-11")).toEqual({
      from: "2026-10-10",
      by: "2027-01-10",
    });
  });
  it("is not due when no BTA is running", () => {
    expect(nextBtaReassessment(state(), "2026-02-01")).toBeNull();
  });
});

describe("replaying a stored history parses each event once, at the entry", () => {
  it("refuses a dose dated 31 February with the event's field, as applying it alone does", () => {
    const bad = { type: "administer", date: "2026-02-31" } as BtaEvent;
    const alone = () => applyToBtaHistory(state(dmab), bad);
    const replayed = () => replayBtaHistory([dmab, bad]);
    expect(alone).toThrow(/btaEvent/);
    expect(replayed).toThrow(/btaEvent/);
    expect(replayed).toThrow(/date/);
  });
  it("ends a 4-weekly denosumab sequence in the state applying each event in turn gives", () => {
    const doses: BtaEvent[] = ["2026-02-07", "2026-03-07", "2026-04-04"].map((date) => ({
      type: "administer",
      date,
    }));
    let stepwise = state(dmab);
    for (const d of doses) {
      const t = applyToBtaHistory(stepwise, d);
      if (!t.ok) throw new Error(t.reason.en);
      stepwise = t.state;
    }
    expect(state(dmab, ...doses)).toEqual(stepwise);
    expect(stepwise).toMatchObject({ status: "active", lastDoseDate: "2026-04-04" });
  });
});
