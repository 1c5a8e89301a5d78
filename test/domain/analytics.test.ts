// The centre's figures on a fixture computed by hand (issue 12 §6 acceptance): every expected
// number below is derived in the comments from the dates, not taken from the code's output.
// Today is 01/12/2026. 2026 is not a leap year. Patient-years = days / 365.25 (decision 109).
import { describe, expect, it } from "vitest";
import {
  centreFigures,
  type Figure,
  type FigureId,
  FiguresFilterSchema,
  type FiguresInput,
  startGroup,
} from "~/domain";

const TODAY = "2026-12-01";

// P1 diagnosed 01/01/2026, first dose 10/02/2026: 31 (Jan) + 9 = 40 days → early.
// P2 diagnosed 01/01/2026, first dose 01/06/2026: 31+28+31+30+31 = 151 days → late.
// P3 diagnosed 01/03/2026, no dose; 01/03 → 01/12 = 275 days > 100 → never.
// P4 diagnosed 01/10/2026, no dose; 01/10 → 01/12 = 61 days ≤ 100 → not classifiable yet.
// P5 diagnosed 01/12/2025, a dose on 20/11/2025, before the diagnosis → day 0 → early.
// P6 no diagnosis date (not in the cohort), a dose on 01/05/2026.
// P7 diagnosed 01/02/2026, first dose 12/04/2026: 28 (Feb) + 31 (Mar) + 11 = 70 days → early.
const input: FiguresInput = {
  today: TODAY,
  patients: [
    { patientId: 1, boneMetastasisDiagnosisDate: "2026-01-01", firstBtaDoseDate: "2026-02-10" },
    { patientId: 2, boneMetastasisDiagnosisDate: "2026-01-01", firstBtaDoseDate: "2026-06-01" },
    { patientId: 3, boneMetastasisDiagnosisDate: "2026-03-01", firstBtaDoseDate: null },
    { patientId: 4, boneMetastasisDiagnosisDate: "2026-10-01", firstBtaDoseDate: null },
    { patientId: 5, boneMetastasisDiagnosisDate: "2025-12-01", firstBtaDoseDate: "2025-11-20" },
    { patientId: 6, boneMetastasisDiagnosisDate: null, firstBtaDoseDate: "2026-05-01" },
    { patientId: 7, boneMetastasisDiagnosisDate: "2026-02-01", firstBtaDoseDate: "2026-04-12" },
  ],
  skeletalEvents: [
    // P1: a fracture operated in emergency the same day (one episode), radiotherapy in July.
    { patientId: 1, kind: "pathologicalFracture", date: "2026-03-01", planned: false },
    { patientId: 1, kind: "surgeryToBone", date: "2026-03-01", planned: false },
    { patientId: 1, kind: "radiotherapyToBone", date: "2026-07-01", planned: true },
    // P2: one planned operation.
    { patientId: 2, kind: "surgeryToBone", date: "2026-08-01", planned: true },
    // P3: three episodes.
    { patientId: 3, kind: "spinalCordCompression", date: "2026-04-01", planned: false },
    { patientId: 3, kind: "surgeryToBone", date: "2026-05-01", planned: false },
    { patientId: 3, kind: "radiotherapyToBone", date: "2026-09-01", planned: true },
    // P4 (not classifiable) and P6 (no diagnosis date): only their operations count.
    { patientId: 4, kind: "surgeryToBone", date: "2026-11-01", planned: true },
    { patientId: 6, kind: "surgeryToBone", date: "2026-05-15", planned: false },
    // P5: a fracture before the diagnosis of the metastasis: not in the rates.
    { patientId: 5, kind: "pathologicalFracture", date: "2025-11-01", planned: false },
  ],
  planItems: [
    { targetDate: "2026-06-01", state: "done", doneDate: "2026-05-20" }, // a: on time
    { targetDate: "2026-06-01", state: "done", doneDate: "2026-06-01" }, // b: on time (the day)
    { targetDate: "2026-06-01", state: "done", doneDate: "2026-06-15" }, // c: late
    { targetDate: "2026-11-01", state: "scheduled", doneDate: null }, // d: overdue
    { targetDate: "2026-12-15", state: "planned", doneDate: null }, // e: not due yet
    { targetDate: null, state: "done", doneDate: "2026-05-01" }, // f: no deadline
    { targetDate: "2026-03-01", state: "cancelled", doneDate: null }, // g: cancelled
    { targetDate: TODAY, state: "planned", doneDate: null }, // h: due today, not past
  ],
  decisions: [
    { caseId: 1, signedDate: "2026-02-01", quorumMet: true },
    { caseId: 2, signedDate: "2026-06-10", quorumMet: false },
    { caseId: 3, signedDate: "2026-09-09", quorumMet: true },
  ],
};

const byId = (figures: Figure[]) => new Map(figures.map((f) => [f.id, f]));
function figure(figures: Map<FigureId, Figure>, id: FigureId): Figure {
  const f = figures.get(id);
  if (!f) throw new Error(`no figure ${id}`);
  return f;
}

describe("the centre's figures (issue 12 §6, OPTIMOS questions)", () => {
  describe("over all dates", () => {
    const all = byId(centreFigures(input, {}));

    it("counts 4 of the 6 diagnosed patients with a BTA started (P6 has no diagnosis date)", () => {
      expect(figure(all, "btaStarted")).toMatchObject({ numerator: 4, denominator: 6 });
      expect(figure(all, "btaStarted").value).toBeCloseTo(4 / 6, 10);
    });

    it("takes the median of 0, 40, 70 and 151 days: (40 + 70) / 2 = 55 days", () => {
      expect(figure(all, "medianDelayDays")).toEqual({
        id: "medianDelayDays",
        unit: "days",
        numerator: null,
        denominator: 4,
        value: 55,
      });
    });

    it("finds 3 of the 4 starters within 100 days", () => {
      expect(figure(all, "startedWithin100Days")).toMatchObject({
        numerator: 3,
        denominator: 4,
        value: 0.75,
      });
    });

    it("counts skeletal events per 100 patient-years for early, late and never starters", () => {
      // Early: P1 (334 days, 2 episodes), P5 (365 days, none after diagnosis), P7 (303 days).
      // 1002 days = 2.7433 PY; 2 events → 200 / 2.7433 = 72.90.
      const early = figure(all, "eventsEarly");
      expect(early.numerator).toBe(2);
      expect(early.denominator).toBeCloseTo(1002 / 365.25, 10);
      expect(early.value).toBeCloseTo(72.904, 3);
      // Late: P2, 334 days, 1 event → 100 × 365.25 / 334 = 109.356.
      expect(figure(all, "eventsLate").value).toBeCloseTo(109.356, 3);
      // Never: P3, 275 days, 3 events → 300 × 365.25 / 275 = 398.455 (P4 is not classified).
      expect(figure(all, "eventsNever")).toMatchObject({ numerator: 3 });
      expect(figure(all, "eventsNever").value).toBeCloseTo(398.455, 3);
    });

    it("counts second events from each patient's first event", () => {
      // Early: only P1 had a first event (01/03/2026 → 01/12 = 275 days) and then a second one.
      expect(figure(all, "secondEventsEarly")).toMatchObject({ numerator: 1 });
      expect(figure(all, "secondEventsEarly").denominator).toBeCloseTo(275 / 365.25, 10);
      expect(figure(all, "secondEventsEarly").value).toBeCloseTo(132.818, 3);
      // Late: P2's only event on 01/08 (122 days at risk), no second → 0.
      expect(figure(all, "secondEventsLate")).toMatchObject({ numerator: 0, value: 0 });
      expect(figure(all, "secondEventsLate").denominator).toBeCloseTo(122 / 365.25, 10);
      // Never: P3 from 01/04 (244 days), a second event → 36525 / 244 = 149.693.
      expect(figure(all, "secondEventsNever").value).toBeCloseTo(149.693, 3);
    });

    it("splits the 5 operations into 2 planned and 3 in emergency", () => {
      expect(figure(all, "operationsPlanned")).toMatchObject({
        numerator: 2,
        denominator: 5,
        value: 0.4,
      });
      expect(figure(all, "operationsEmergency")).toMatchObject({ numerator: 3, denominator: 5 });
    });

    it("finds 2 plan items on time of the 4 due (done, or past their target)", () => {
      expect(figure(all, "planItemsOnTime")).toMatchObject({
        numerator: 2,
        denominator: 4,
        value: 0.5,
      });
    });

    it("finds 2 of 3 cases decided with quorum", () => {
      expect(figure(all, "decisionsWithQuorum")).toMatchObject({ numerator: 2, denominator: 3 });
    });
  });

  describe("over the first half of 2026", () => {
    const half = byId(centreFigures(input, { from: "2026-01-01", to: "2026-06-30" }));

    it("keeps the patients diagnosed in the period: P1, P2, P3, P7", () => {
      expect(figure(half, "btaStarted")).toMatchObject({
        numerator: 3,
        denominator: 4,
        value: 0.75,
      });
      // 40, 70, 151 → 70; within 100 days: 2 of 3.
      expect(figure(half, "medianDelayDays").value).toBe(70);
      expect(figure(half, "startedWithin100Days")).toMatchObject({ numerator: 2, denominator: 3 });
      // Early: P1 (334) + P7 (303) = 637 days, 2 events → 73050 / 637 = 114.678.
      expect(figure(half, "eventsEarly").value).toBeCloseTo(114.678, 3);
    });

    it("keeps the activity dated in the period", () => {
      // Operations 01/03, 01/05, 15/05, all in emergency; 01/08 and 01/11 fall outside.
      expect(figure(half, "operationsPlanned")).toMatchObject({ numerator: 0, denominator: 3 });
      // Items a, b, c (target 01/06); d's target (01/11) is outside.
      expect(figure(half, "planItemsOnTime")).toMatchObject({ numerator: 2, denominator: 3 });
      // Cases 1 (01/02, quorum) and 2 (10/06, no quorum).
      expect(figure(half, "decisionsWithQuorum")).toMatchObject({ numerator: 1, denominator: 2 });
    });
  });

  it("gives no value, not 0 %, when there is nothing to measure", () => {
    const none = centreFigures(
      { today: TODAY, patients: [], skeletalEvents: [], planItems: [], decisions: [] },
      {},
    );
    for (const f of none) {
      expect(f.denominator).toBe(0);
      expect(f.value).toBeNull();
    }
  });

  it("waits 100 days before calling a patient without a dose a never-starter", () => {
    const patient = { patientId: 9, firstBtaDoseDate: null };
    // 23/08/2026 → 31/08 = 8 days, + 30 (Sep) + 31 (Oct) + 30 (Nov) + 1 = 100 days: not yet.
    expect(startGroup({ ...patient, boneMetastasisDiagnosisDate: "2026-08-23" }, TODAY)).toBeNull();
    // 22/08/2026 → 101 days: past the window without a dose.
    expect(startGroup({ ...patient, boneMetastasisDiagnosisDate: "2026-08-22" }, TODAY)).toBe(
      "never",
    );
  });

  it("reads the filter from a query string and names a wrong field", () => {
    expect(FiguresFilterSchema.parse({ from: "", to: "2026-06-30", cancer: "breast" })).toEqual({
      to: "2026-06-30",
      cancer: "breast",
    });
    const bad = FiguresFilterSchema.safeParse({ from: "2026-02-30" });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join("."))).toEqual(["from"]);
    const reversed = FiguresFilterSchema.safeParse({ from: "2026-07-01", to: "2026-06-30" });
    expect(reversed.success ? "" : reversed.error.issues[0]?.message).toBe("errors.period_order");
    expect(FiguresFilterSchema.safeParse({ cancer: "liver" }).success).toBe(false);
  });
});
