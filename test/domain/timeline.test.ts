// The patient timeline's layout (issue 12 §5, decision 108): BTA periods by agent with pauses,
// doses, local treatments, skeletal events planned vs emergency, meetings and decisions, imaging.
import { describe, expect, it } from "vitest";
import { btaPeriods, type TimelineFacts, timelineLayout } from "../../app/domain/timeline";

const none: TimelineFacts = {
  lesionAssessments: [],
  today: "2026-12-01",
  bta: [],
  planItems: [],
  skeletal: [],
  meetings: [],
  decisions: [],
  imaging: [],
};

describe("BTA periods", () => {
  it("shows zoledronic acid, a pause for dental care, the resume, then denosumab still running", () => {
    const periods = btaPeriods(
      [
        { kind: "initiate", date: "2026-01-05", agent: "zoledronicAcid" },
        { kind: "dose_given", date: "2026-02-02", agent: "zoledronicAcid" },
        { kind: "pause", date: "2026-03-01", agent: "zoledronicAcid" },
        { kind: "resume", date: "2026-04-01", agent: "zoledronicAcid" },
        { kind: "switch", date: "2026-06-01", agent: "denosumab" },
      ],
      "2026-12-01",
    );
    expect(periods.map((p) => [p.agent, p.from, p.to, p.paused, p.open])).toEqual([
      ["zoledronicAcid", "2026-01-05", "2026-03-01", false, false],
      ["zoledronicAcid", "2026-03-01", "2026-04-01", true, false],
      ["zoledronicAcid", "2026-04-01", "2026-06-01", false, false],
      ["denosumab", "2026-06-01", "2026-12-01", false, true],
    ]);
  });

  it("ends the period on the stop date, with nothing running after it", () => {
    const periods = btaPeriods(
      [
        { kind: "initiate", date: "2026-01-05", agent: "denosumab" },
        { kind: "stop", date: "2026-05-10", agent: "denosumab" },
      ],
      "2026-12-01",
    );
    expect(periods).toEqual([
      {
        type: "period",
        agent: "denosumab",
        from: "2026-01-05",
        to: "2026-05-10",
        paused: false,
        open: false,
      },
    ]);
  });
});

describe("the timeline's lanes", () => {
  it("is empty for a patient with no dated fact, spanning a fortnight either side of today", () => {
    const t = timelineLayout(none, 10);
    expect(t.empty).toBe(true);
    expect([t.from, t.to]).toEqual(["2026-11-17", "2026-12-15"]);
    expect(t.lanes.map((l) => l.id)).toEqual([
      "bta",
      "doses",
      "local",
      "skeletal",
      "meetings",
      "imaging",
    ]);
  });

  it("gives a planned and an emergency skeletal event different markers", () => {
    const t = timelineLayout(
      {
        ...none,
        skeletal: [
          { id: 1, kind: "surgeryToBone", date: "2026-10-01", planned: true, lesionId: "a" },
          {
            id: 2,
            kind: "pathologicalFracture",
            date: "2026-11-01",
            planned: false,
            lesionId: null,
          },
        ],
      },
      10,
    );
    const lane = t.lanes.find((l) => l.id === "skeletal");
    expect(lane?.items.map((i) => (i.type === "point" ? i.marker : i.type))).toEqual([
      "skeletalPlanned",
      "skeletalEmergency",
    ]);
  });

  it("places a done fixation on its done date and an open item on its scheduled date", () => {
    const t = timelineLayout(
      {
        ...none,
        planItems: [
          {
            id: 1,
            action: "surgery.prophylacticFixation",
            lesionId: "l1",
            state: "done",
            targetDate: "2026-11-01",
            scheduledDate: "2026-11-10",
            doneDate: "2026-11-12",
          },
          {
            id: 2,
            action: "rt.conventional",
            lesionId: "l2",
            state: "scheduled",
            targetDate: "2026-12-20",
            scheduledDate: "2026-12-15",
            doneDate: null,
          },
        ],
      },
      10,
    );
    const lane = t.lanes.find((l) => l.id === "local");
    expect(lane?.items.map((i) => (i.type === "point" ? [i.date, i.marker] : null))).toEqual([
      ["2026-11-12", "planItemDone"],
      ["2026-12-15", "planItemOpen"],
    ]);
    // The chart reaches a fortnight past the last fact, here a date after today.
    expect(t.to).toBe("2026-12-29");
  });

  it("puts points closer than the label width on a second row, and a third back on the first when it is far enough", () => {
    const t = timelineLayout(
      {
        ...none,
        meetings: [
          { id: 1, date: "2026-09-01" },
          { id: 2, date: "2026-09-29" },
          { id: 3, date: "2026-10-27" },
        ],
      },
      30,
    );
    const lane = t.lanes.find((l) => l.id === "meetings");
    // 28 days apart < 30: the second goes one row down; the third is 56 days after the first.
    expect(lane?.items.map((i) => (i.type === "point" ? i.row : -1))).toEqual([0, 1, 0]);
    expect(lane?.rows).toBe(2);
  });

  it("keeps every dose of a 4-weekly sequence on one row (doses carry no label)", () => {
    const t = timelineLayout(
      {
        ...none,
        bta: [
          { kind: "initiate", date: "2026-09-01", agent: "zoledronicAcid" },
          { kind: "dose_given", date: "2026-09-29", agent: "zoledronicAcid" },
          { kind: "dose_given", date: "2026-10-27", agent: "zoledronicAcid" },
        ],
      },
      30,
    );
    const doses = t.lanes.find((l) => l.id === "doses");
    expect(doses?.items.map((i) => (i.type === "point" ? [i.date, i.row] : null))).toEqual([
      ["2026-09-01", 0],
      ["2026-09-29", 0],
      ["2026-10-27", 0],
    ]);
    expect(doses?.rows).toBe(1);
  });

  it("refuses a fact with an impossible date", () => {
    expect(() =>
      timelineLayout({ ...none, imaging: [{ caseId: 1, date: "2026-02-30" }] }, 10),
    ).toThrow();
  });
});
