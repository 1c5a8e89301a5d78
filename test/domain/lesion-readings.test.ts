// Dated clinical readings of a lesion (decision 130): which readings the pain response after
// radiotherapy compares, and the neurological course over the graded examinations. Expected
// answers are worked by hand from clinical.md §6.5 (Chow 2001, 2012 consensus) and §3.2–3.3.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  latestReadingApart,
  neurologicalCourseOfReadings,
  painResponseAfterRadiotherapy,
  radiotherapyDatesOf,
} from "../../app/domain/board/readings";
import {
  type LesionReading,
  type LesionReadingDraft,
  LesionReadingSchema,
} from "../../app/domain/board/schema";
import { addLesion, addReading, readLesion } from "../../app/domain/board/ydoc";

function reading(draft: LesionReadingDraft): LesionReading {
  return LesionReadingSchema.parse(draft);
}

const RT = "2026-01-15";

describe("pain response after the last radiotherapy to the lesion", () => {
  it("a patient from 6/10 to 2/10 at 3 months without a recorded dose has a partial response (Chow 2001)", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2026-01-10", painNrs: 6 }),
        reading({ id: "b", date: "2026-04-15", painNrs: 2 }),
      ],
      [RT],
    );
    expect(result.status).toBe("computed");
    if (result.status !== "computed") return;
    expect(result.response.response).toBe("partial");
    expect(result.response.definition).toBe("scoreOnly2001");
    expect(result.response.source).toMatch(/Chow 2001/);
    expect(result.baseline.id).toBe("a");
    expect(result.followUp.id).toBe("b");
  });

  it("a patient from 4/10 to 0/10 a month after radiotherapy has a complete response", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2026-01-15", painNrs: 4 }),
        reading({ id: "b", date: "2026-02-15", painNrs: 0 }),
      ],
      [RT],
    );
    expect(result.status === "computed" && result.response.response).toBe("complete");
  });

  it("a pain from 2/10 to 1/10 is a partial response: half the baseline (Chow 2001's 50 %)", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2026-01-02", painNrs: 2 }),
        reading({ id: "b", date: "2026-02-01", painNrs: 1 }),
      ],
      [RT],
    );
    expect(result.status === "computed" && result.response.response).toBe("partial");
  });

  it("a pain from 3/10 to 2/10 is no response: one point, a third of the baseline", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2026-01-02", painNrs: 3 }),
        reading({ id: "b", date: "2026-02-01", painNrs: 2 }),
      ],
      [RT],
    );
    expect(result.status === "computed" && result.response.response).toBe("noResponse");
  });

  it("with the morphine dose at both visits the 2012 consensus applies: 6→2 but 60→90 mg/day (+50 %) is a progression", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2026-01-10", painNrs: 6, omedMgPerDay: 60 }),
        reading({ id: "b", date: "2026-03-01", painNrs: 2, omedMgPerDay: 90 }),
      ],
      [RT],
    );
    expect(result.status).toBe("computed");
    if (result.status !== "computed") return;
    expect(result.response.definition).toBe("consensus2012");
    expect(result.response.response).toBe("progression");
    expect(result.response.source).toMatch(/Chow 2012/);
  });

  it("judges the last radiotherapy: the baseline is the last pain score on or before it", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2025-10-01", painNrs: 8 }),
        reading({ id: "b", date: "2025-11-01", painNrs: 3 }),
        reading({ id: "c", date: "2026-01-15", painNrs: 7 }),
        reading({ id: "d", date: "2026-02-20", painNrs: 5 }),
      ],
      ["2025-10-05", RT],
    );
    expect(result.status).toBe("computed");
    if (result.status !== "computed") return;
    expect(result.radiotherapyDate).toBe(RT);
    expect(result.baseline.id).toBe("c");
    expect(result.followUp.id).toBe("d");
    // 7 → 5: two points.
    expect(result.response.response).toBe("partial");
  });

  it("readings without a pain score (a Frankel grade alone) are neither baseline nor follow-up", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2026-01-10", painNrs: 6 }),
        reading({ id: "b", date: "2026-02-01", painNrs: 6 }),
        reading({ id: "c", date: "2026-02-10", frankel: "D" }),
      ],
      [RT],
    );
    expect(result.status === "computed" && result.followUp.id).toBe("b");
  });

  it("is indeterminate, saying so, when no radiotherapy of the lesion is recorded", () => {
    const result = painResponseAfterRadiotherapy(
      [reading({ id: "a", date: "2026-01-10", painNrs: 6 })],
      [],
    );
    expect(result).toMatchObject({ status: "indeterminate", gap: "noRadiotherapy" });
    if (result.status === "indeterminate") expect(result.reason.fr).toMatch(/aucune radiothérapie/);
  });

  it("is indeterminate when no pain was scored before the radiotherapy", () => {
    const result = painResponseAfterRadiotherapy(
      [reading({ id: "b", date: "2026-02-01", painNrs: 1 })],
      [RT],
    );
    expect(result).toMatchObject({ status: "indeterminate", gap: "noBaselinePain" });
    if (result.status === "indeterminate") expect(result.reason.fr).toContain("15/01/2026");
  });

  it("is indeterminate when no pain was scored after the radiotherapy", () => {
    const result = painResponseAfterRadiotherapy(
      [reading({ id: "a", date: "2026-01-10", painNrs: 6 })],
      [RT],
    );
    expect(result).toMatchObject({ status: "indeterminate", gap: "noFollowUpPain" });
  });

  it("does not use a follow-up more than 3 months after the radiotherapy (15/01 → 16/04)", () => {
    const result = painResponseAfterRadiotherapy(
      [
        reading({ id: "a", date: "2026-01-10", painNrs: 6 }),
        reading({ id: "b", date: "2026-04-16", painNrs: 0 }),
      ],
      [RT],
    );
    expect(result).toMatchObject({ status: "indeterminate", gap: "followUpAfterWindow" });
  });
});

describe("neurological course over the dated readings", () => {
  it("a patient walking normally (Frankel E) in January and with useful motor function only (D) in February has worsened", () => {
    const result = neurologicalCourseOfReadings(
      [
        reading({ id: "b", date: "2026-02-03", frankel: "D" }),
        reading({ id: "a", date: "2026-01-05", frankel: "E", painNrs: 3 }),
        reading({ id: "c", date: "2026-01-20", painNrs: 4 }),
      ],
      "frankel",
    );
    expect(result.status).toBe("computed");
    if (result.status !== "computed") return;
    expect(result.course.worsened).toBe(true);
    expect(result.course.first).toMatchObject({
      from: "E",
      to: "D",
      date: "2026-02-03",
      previousDate: "2026-01-05",
    });
    expect(result.course.source).toMatch(/Frankel 1969/);
  });

  it("an ASIA grade that recovers from C to D is not a worsening", () => {
    const result = neurologicalCourseOfReadings(
      [
        reading({ id: "a", date: "2026-01-05", asia: "C" }),
        reading({ id: "b", date: "2026-02-05", asia: "D" }),
      ],
      "asia",
    );
    expect(result.status === "computed" && result.course.worsened).toBe(false);
    expect(result.status === "computed" && result.course.source).toMatch(/ASIA/);
  });

  it("one graded examination tells nothing of the course: indeterminate, not 'no worsening'", () => {
    const result = neurologicalCourseOfReadings(
      [
        reading({ id: "a", date: "2026-01-05", frankel: "C" }),
        reading({ id: "b", date: "2026-02-05", asia: "C" }),
      ],
      "frankel",
    );
    expect(result).toEqual({ status: "indeterminate", scale: "frankel", gradedReadings: 1 });
  });
});

describe("a reading as the board stores it", () => {
  it("needs at least one measure: a date and a note alone are refused", () => {
    const parsed = LesionReadingSchema.safeParse({ id: "r1", date: "2026-01-05", note: "vu" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["painNrs"]);
  });

  it("refuses a pain score outside 0–10, a grade outside A–E and a date that is not one", () => {
    expect(
      LesionReadingSchema.safeParse({ id: "r", date: "2026-01-05", painNrs: 11 }).success,
    ).toBe(false);
    expect(
      LesionReadingSchema.safeParse({ id: "r", date: "2026-01-05", frankel: "F" }).success,
    ).toBe(false);
    expect(LesionReadingSchema.safeParse({ id: "r", date: "2026-02-30", asia: "A" }).success).toBe(
      false,
    );
  });

  it("a bad reading written through addReading throws and leaves the lesion without it", () => {
    const doc = new Y.Doc();
    addLesion(doc, { id: "L1", siteId: "femur.neck", side: "left" });
    expect(() => addReading(doc, "L1", { id: "r1", date: "2026-01-05" })).toThrow();
    addReading(doc, "L1", { id: "r2", date: "2026-01-05", omedMgPerDay: 30 });
    expect(Object.keys(readLesion(doc, "L1")?.readings ?? {})).toEqual(["r2"]);
  });

  it("takes the radiotherapy dates of this lesion only", () => {
    expect(
      radiotherapyDatesOf("L1", [
        { lesionId: "L1", date: "2026-01-15", from: "skeletalEvent" },
        { lesionId: "L2", date: "2026-03-01", from: "planItem" },
        { lesionId: "L1", date: "2025-06-01", from: "planItem" },
      ]),
    ).toEqual(["2026-01-15", "2025-06-01"]);
  });
});

describe("the latest dated reading beside the lesion's current pain and grades (issue 12 review)", () => {
  const readingsOf = (...rs: LesionReadingDraft[]) =>
    Object.fromEntries(rs.map((r) => [r.id, reading(r)]));

  it("shows pain 6/10 of 10/09/2026 beside a current pain of 3/10: the score reads 3, the reading says 6", () => {
    const lesion = {
      pain: { nrs: 3 },
      readings: readingsOf(
        { id: "b", date: "2026-09-10", painNrs: 6 },
        { id: "a", date: "2026-08-01", painNrs: 8 },
      ),
    };
    expect(latestReadingApart(lesion, "painNrs")).toEqual({
      measure: "painNrs",
      date: "2026-09-10",
      value: "6",
      current: "3",
    });
  });

  it("says nothing when the latest reading agrees with the current value, even if an older one did not", () => {
    const lesion = {
      frankel: "D" as const,
      readings: readingsOf(
        { id: "a", date: "2026-08-01", frankel: "E" },
        { id: "b", date: "2026-09-10", frankel: "D" },
      ),
    };
    expect(latestReadingApart(lesion, "frankel")).toBeNull();
  });

  it("shows the reading when the current field is empty, and skips readings without that measure", () => {
    const lesion = {
      readings: readingsOf(
        { id: "a", date: "2026-08-01", asia: "C" },
        { id: "b", date: "2026-09-10", painNrs: 2 },
      ),
    };
    expect(latestReadingApart(lesion, "asia")).toEqual({
      measure: "asia",
      date: "2026-08-01",
      value: "C",
      current: null,
    });
    expect(latestReadingApart(lesion, "frankel")).toBeNull();
  });

  it("says nothing for a lesion with no readings", () => {
    expect(latestReadingApart({ pain: { nrs: 5 }, readings: {} }, "painNrs")).toBeNull();
  });
});
