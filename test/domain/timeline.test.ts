// The patient timeline's layout (issue 12 §5, decision 108): BTA periods by agent with pauses,
// doses, local treatments, skeletal events planned vs emergency, meetings and decisions, imaging.
import { describe, expect, it } from "vitest";
import { BoardLesionSchema } from "../../app/domain/board/schema";
import {
  btaPeriods,
  type LesionAssessmentFact,
  lesionAssessmentFacts,
  type TimelineFacts,
  timelineLayout,
} from "../../app/domain/timeline";

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

describe("imaging assessments per lesion (decision 129)", () => {
  it("numbers the lesions as the board does (oldest first, unassessed ones too) and lists each assessment oldest first", () => {
    const lesion = (id: string, createdAt: string, assessments: object) =>
      BoardLesionSchema.parse({ id, siteId: "femur.neck", side: "left", createdAt, assessments });
    const facts = lesionAssessmentFacts([
      // Given out of board order: "b" was mapped first, so it is lesion 1.
      lesion("a", "2026-09-02T10:00:00Z", {
        x2: { id: "x2", imagingDate: "2026-11-10", modality: "ct", response: "progression" },
        x1: { id: "x1", imagingDate: "2026-09-15", modality: "fdgPet", response: "new" },
      }),
      lesion("c", "2026-09-03T10:00:00Z", {
        y1: { id: "y1", imagingDate: "2026-11-10", modality: "ct", response: "stable" },
      }),
      lesion("b", "2026-09-01T10:00:00Z", {}),
    ]);
    expect(facts.map((f) => [f.lesionId, f.number, f.date, f.modality, f.response])).toEqual([
      ["a", 2, "2026-09-15", "fdgPet", "new"],
      ["a", 2, "2026-11-10", "ct", "progression"],
      ["c", 3, "2026-11-10", "ct", "stable"],
    ]);
  });

  it("gives each of Mme Chevalier's lesions its own row under the case imaging, with a marker per response", () => {
    const at = (
      number: number,
      date: string,
      response: LesionAssessmentFact["response"],
    ): LesionAssessmentFact => ({
      lesionId: `l${number}`,
      number,
      siteId: "rib.5",
      side: "left",
      date,
      modality: "fdgPet",
      response,
    });
    const t = timelineLayout(
      {
        ...none,
        imaging: [{ caseId: 1, date: "2026-06-10" }],
        lesionAssessments: [
          at(1, "2026-06-10", "new"),
          at(1, "2026-11-05", "progression"),
          at(2, "2026-06-10", "new"),
          at(2, "2026-08-26", "partialResponse"),
          at(2, "2026-11-05", "completeResponse"),
          at(4, "2026-11-05", "scleroticCondensation"),
        ],
      },
      30,
    );
    const imaging = t.lanes.find((l) => l.id === "imaging");
    // Row 0: the case's imaging date; rows 1-3: lesions 1, 2 and 4 (3 has no assessment).
    expect(imaging?.rows).toBe(4);
    expect(imaging?.lesionRows.map((r) => (r.kind === "lesion" ? [r.row, r.number] : r))).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
    ]);
    expect(
      imaging?.items.map((i) => (i.type === "point" ? [i.date, i.row, i.marker] : null)),
    ).toEqual([
      ["2026-06-10", 0, "imaging"],
      ["2026-06-10", 1, "responseNew"],
      ["2026-11-05", 1, "responseProgression"],
      ["2026-06-10", 2, "responseNew"],
      ["2026-08-26", 2, "responsePartial"],
      ["2026-11-05", 2, "responseComplete"],
      ["2026-11-05", 3, "responseSclerotic"],
    ]);
    // The span: a fortnight before 10/06/2026, a fortnight after today (01/12/2026).
    expect([t.from, t.to]).toEqual(["2026-05-27", "2026-12-15"]);
  });

  it("keeps seven lesions on their rows and groups the other three on an eighth, named +3", () => {
    const facts: LesionAssessmentFact[] = Array.from({ length: 10 }, (_, i) => ({
      lesionId: `l${i + 1}`,
      number: i + 1,
      siteId: "spine.L1",
      side: "midline",
      date: "2026-10-01",
      modality: "mri",
      response: "stable",
    }));
    const imaging = timelineLayout({ ...none, lesionAssessments: facts }, 30).lanes.find(
      (l) => l.id === "imaging",
    );
    // No case imaging: one empty first row, then rows 1-7 for lesions 1-7 and row 8 for 8-10.
    expect(imaging?.rows).toBe(9);
    expect(imaging?.lesionRows.at(-1)).toEqual({ row: 8, kind: "more", count: 3 });
    expect(imaging?.lesionRows.filter((r) => r.kind === "lesion")).toHaveLength(7);
    expect(imaging?.items.map((i) => (i.type === "point" ? i.row : -1))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 8, 8,
    ]);
  });

  it("refuses an assessment with a response the board does not know", () => {
    expect(() =>
      timelineLayout(
        {
          ...none,
          lesionAssessments: [
            {
              lesionId: "l1",
              number: 1,
              siteId: "rib.5",
              side: "left",
              date: "2026-10-01",
              modality: "ct",
              // @ts-expect-error: not a response of LesionResponseSchema
              response: "better",
            },
          ],
        },
        10,
      ),
    ).toThrow();
  });
});
