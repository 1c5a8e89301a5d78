import { describe, expect, it } from "vitest";
import {
  asiaScore,
  ESCC_GRADES,
  esccRank,
  esccScore,
  frankelPalsy,
  frankelScore,
  nomsScore,
} from "~/domain";

describe("Bilsky ESCC scale (Bilsky 2010)", () => {
  it("has six ordered grades 0 < 1a < 1b < 1c < 2 < 3", () => {
    expect([...ESCC_GRADES]).toEqual(["0", "1a", "1b", "1c", "2", "3"]);
    expect(ESCC_GRADES.map(esccRank)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.each([
    ["0", "lowGrade"],
    ["1a", "lowGrade"],
    ["1b", "lowGrade"],
    ["1c", "greyZone"],
    ["2", "highGrade"],
    ["3", "highGrade"],
  ] as const)("classes grade %s as %s", (grade, category) => {
    const r = esccScore({ grade });
    expect(r.grade).toBe(grade);
    expect(r.category).toBe(category);
    expect(r.source).toMatch(/Bilsky 2010/);
  });

  it("advises decompression before radiation for grade 3 unless highly radiosensitive", () => {
    expect(esccScore({ grade: "3" }).rationale.en).toMatch(/decompression before radiation unless/);
  });

  it("refuses a numeric grade", () => {
    // @ts-expect-error grades are strings, never integers
    expect(() => esccScore({ grade: 1 })).toThrow(/field "grade"/);
  });
});

describe("Frankel grade", () => {
  it.each([
    ["A", "complete", "complete"],
    ["B", "sensoryOnly", "complete"],
    ["C", "motorUseless", "incomplete"],
    ["D", "motorUseful", "incomplete"],
    ["E", "normal", "none"],
  ] as const)("reads Frankel %s as %s (Tokuhashi palsy %s)", (grade, category, palsy) => {
    const r = frankelScore({ grade });
    expect(r.category).toBe(category);
    expect(frankelPalsy(grade)).toBe(palsy);
    expect(r.items.deficit).toBe(grade !== "E");
  });
});

describe("ASIA impairment scale", () => {
  it.each([
    ["A", "complete"],
    ["B", "sensoryIncomplete"],
    ["C", "motorIncomplete"],
    ["D", "motorIncomplete"],
    ["E", "normal"],
  ] as const)("reads AIS %s as %s", (grade, category) => {
    expect(asiaScore({ grade }).category).toBe(category);
  });

  it("separates C from D by the half of key muscles graded ≥ 3", () => {
    expect(asiaScore({ grade: "C" }).categoryLabel.en).toMatch(/more than half.*< 3/);
    expect(asiaScore({ grade: "D" }).categoryLabel.en).toMatch(/at least half.*≥ 3/);
  });
});

describe("NOMS framework (Laufer 2013)", () => {
  it("sends a radiosensitive tumour to conventional radiotherapy even with grade 3 ESCC", () => {
    const r = nomsScore({ escc: "3", radiosensitivity: "radiosensitive" });
    expect(r.items.neurologic).toBe("highGradeEscc");
    expect(r.items.oncologic).toBe("conventionalEbrt");
  });

  it("sends a radioresistant tumour without high-grade ESCC to stereotactic radiosurgery", () => {
    expect(nomsScore({ escc: "1c", radiosensitivity: "radioresistant" }).items.oncologic).toBe(
      "stereotacticRadiosurgery",
    );
  });

  it("sends a radioresistant tumour with high-grade ESCC to separation surgery then stereotaxy", () => {
    expect(nomsScore({ escc: "2", radiosensitivity: "radioresistant" }).items.oncologic).toBe(
      "separationSurgeryThenStereotactic",
    );
  });

  it.each([
    [14, false, "grossInstability"],
    [9, false, "potentialInstability"],
    [5, true, "stableWithMechanicalPain"],
    [5, false, "stable"],
  ])(
    "reads SINS %i (mechanical pain %s) as %s on the mechanical axis",
    (sinsPoints, mechanicalPain, mechanical) => {
      expect(
        nomsScore({ escc: "0", radiosensitivity: "unknown", sinsPoints, mechanicalPain }).items
          .mechanical,
      ).toBe(mechanical);
    },
  );

  it("doubts surgery when expected survival is under 3 months (Patchell inclusion)", () => {
    expect(
      nomsScore({ escc: "2", radiosensitivity: "radioresistant", expectedSurvival_months: 2 }).items
        .systemic,
    ).toBe("surgeryUnlikelyTolerated");
    expect(
      nomsScore({ escc: "2", radiosensitivity: "radioresistant", expectedSurvival_months: 6 }).items
        .systemic,
    ).toBe("canTolerate");
  });

  it("says so when the board has not stated the radiosensitivity", () => {
    const r = nomsScore({ escc: "0", radiosensitivity: "unknown" });
    expect(r.items.oncologic).toBe("radiosensitivityUnknown");
    expect(r.items.mechanical).toBe("notAssessed");
    expect(r.rationale.fr).toMatch(/^NOMS — N/);
  });
});
