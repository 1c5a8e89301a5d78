// Neurological worsening from dated Frankel / ASIA grades (A worst … E normal, clinical.md §3.2–3.3):
// a drop of one grade or more from the previous examination.
import { describe, expect, it } from "vitest";
import { neurologicalCourse } from "~/domain";

describe("neurological course over time", () => {
  it("finds the worsening of a patient walking with aid (Frankel D) who could no longer walk (C) on 12 March", () => {
    const c = neurologicalCourse({
      scale: "frankel",
      readings: [
        { date: "2026-03-01", grade: "D" },
        { date: "2026-03-12", grade: "C" },
      ],
    });
    expect(c.worsened).toBe(true);
    expect(c.first).toEqual({
      date: "2026-03-12",
      previousDate: "2026-03-01",
      from: "D",
      to: "C",
      gradesLost: 1,
    });
    expect(c.rationale.fr).toBe("Aggravation neurologique : Frankel D → C le 12/03/2026.");
  });

  it("counts a fall from normal (E) to sensory only (B) as three grades lost", () => {
    const c = neurologicalCourse({
      scale: "asia",
      readings: [
        { date: "2026-01-10", grade: "E" },
        { date: "2026-01-11", grade: "B" },
      ],
    });
    expect(c.first?.gradesLost).toBe(3);
    expect(c.source).toMatch(/ASIA/);
  });

  it("reads the examinations in date order whatever order they were entered in", () => {
    const c = neurologicalCourse({
      scale: "frankel",
      readings: [
        { date: "2026-02-20", grade: "D" },
        { date: "2026-02-01", grade: "E" },
      ],
    });
    expect(c.first?.from).toBe("E");
    expect(c.first?.date).toBe("2026-02-20");
  });

  it("does not call a recovery (C → D) or a stable grade a worsening", () => {
    const c = neurologicalCourse({
      scale: "frankel",
      readings: [
        { date: "2026-04-01", grade: "C" },
        { date: "2026-04-10", grade: "D" },
        { date: "2026-04-20", grade: "D" },
      ],
    });
    expect(c.worsened).toBe(false);
    expect(c.first).toBeNull();
  });

  it("compares with the previous examination: recovered to D then back to C is a second worsening", () => {
    const c = neurologicalCourse({
      scale: "frankel",
      readings: [
        { date: "2026-05-01", grade: "D" },
        { date: "2026-05-03", grade: "C" },
        { date: "2026-05-20", grade: "D" },
        { date: "2026-06-02", grade: "C" },
      ],
    });
    expect(c.worsenings.map((w) => w.date)).toEqual(["2026-05-03", "2026-06-02"]);
  });

  it("has nothing to say from a single examination", () => {
    expect(
      neurologicalCourse({ scale: "frankel", readings: [{ date: "2026-05-01", grade: "A" }] })
        .worsened,
    ).toBe(false);
  });

  it("refuses a grade F, naming the reading at fault", () => {
    expect(() =>
      neurologicalCourse({
        scale: "frankel",
        readings: [{ date: "2026-05-01", grade: "F" as "A" }],
      }),
    ).toThrow(
      expect.objectContaining({ code: "neurologicalCourse.notAllowed", field: "readings.0.grade" }),
    );
  });
});
