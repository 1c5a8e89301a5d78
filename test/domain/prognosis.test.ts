import { describe, expect, it } from "vitest";
import {
  DomainInputError,
  dutchSpinalCategory,
  dutchSpinalKarnofskyPoints,
  dutchSpinalScore,
  TOKUHASHI_PRIMARY_POINTS,
  TOMITA_POINTS,
  tokuhashiCategory,
  tokuhashiExtraspinalPoints,
  tokuhashiGeneralConditionPoints,
  tokuhashiScore,
  tokuhashiVertebralPoints,
  tomitaCategory,
  tomitaScore,
} from "~/domain";

describe("Revised Tokuhashi (2005)", () => {
  it.each([
    [10, 0],
    [40, 0],
    [50, 1],
    [70, 1],
    [80, 2],
    [100, 2],
  ])("gives Karnofsky %i %i point(s) for general condition", (kps, points) => {
    expect(tokuhashiGeneralConditionPoints(kps)).toBe(points);
  });

  it.each([
    [5, 0],
    [3, 0],
    [2, 1],
    [1, 1],
    [0, 2],
  ])("gives %i extraspinal bone metastases %i point(s)", (n, points) => {
    expect(tokuhashiExtraspinalPoints(n)).toBe(points);
  });

  it.each([
    [4, 0],
    [3, 0],
    [2, 1],
    [1, 2],
  ])("gives %i vertebral body metastases %i point(s)", (n, points) => {
    expect(tokuhashiVertebralPoints(n)).toBe(points);
  });

  it.each([
    ["lung", 0],
    ["osteosarcoma", 0],
    ["stomach", 0],
    ["bladder", 0],
    ["oesophagus", 0],
    ["pancreas", 0],
    ["liver", 1],
    ["gallbladder", 1],
    ["unidentified", 1],
    ["other", 2],
    ["kidney", 3],
    ["uterus", 3],
    ["rectum", 4],
    ["thyroid", 5],
    ["breast", 5],
    ["prostate", 5],
    ["carcinoid", 5],
  ] as const)("gives a %s primary %i point(s)", (primary, points) => {
    expect(TOKUHASHI_PRIMARY_POINTS[primary]).toBe(points);
  });

  const base = {
    karnofsky: 90,
    extraspinalBoneMetastases: 0,
    vertebralBodyMetastases: 1,
    majorOrganMetastases: "none",
    primary: "breast",
    frankel: "E",
  } as const;

  it.each([
    ["unremovable", 0],
    ["removable", 1],
    ["none", 2],
  ] as const)("gives %s major-organ metastases %i point(s)", (majorOrganMetastases, points) => {
    expect(tokuhashiScore({ ...base, majorOrganMetastases }).items.majorOrganMetastases).toBe(
      points,
    );
  });

  it.each([
    ["A", 0],
    ["B", 0],
    ["C", 1],
    ["D", 1],
    ["E", 2],
  ] as const)("gives palsy Frankel %s %i point(s)", (frankel, points) => {
    expect(tokuhashiScore({ ...base, frankel }).items.palsy).toBe(points);
  });

  it("scores the best case 15: predicted survival of at least a year", () => {
    const r = tokuhashiScore(base);
    expect(r.points).toBe(15);
    expect(r.category).toBe("atLeast1Year");
  });

  it("scores the worst case 0", () => {
    const r = tokuhashiScore({
      karnofsky: 30,
      extraspinalBoneMetastases: 4,
      vertebralBodyMetastases: 3,
      majorOrganMetastases: "unremovable",
      primary: "lung",
      frankel: "A",
    });
    expect(r.points).toBe(0);
    expect(r.category).toBe("lessThan6Months");
  });

  it.each([
    [0, "lessThan6Months"],
    [8, "lessThan6Months"],
    [9, "atLeast6Months"],
    [11, "atLeast6Months"],
    [12, "atLeast1Year"],
    [15, "atLeast1Year"],
  ])("classes a total of %i as %s", (total, category) => {
    expect(tokuhashiCategory(total)).toBe(category);
  });

  it("flags the single-vertebra item as unverified against the primary paper", () => {
    expect(tokuhashiScore(base).unverified).toHaveLength(1);
    expect(tokuhashiScore({ ...base, vertebralBodyMetastases: 2 }).unverified).toHaveLength(0);
  });

  it("refuses a Karnofsky of 85", () => {
    expect(() => tokuhashiScore({ ...base, karnofsky: 85 })).toThrow(DomainInputError);
  });
});

describe("Tomita score (2001)", () => {
  it.each([
    ["slow", 1],
    ["moderate", 2],
    ["rapid", 4],
  ] as const)("gives %s primary growth %i point(s)", (growth, points) => {
    expect(TOMITA_POINTS.primaryGrowth[growth]).toBe(points);
  });

  it.each([
    ["none", 0],
    ["treatable", 2],
    ["untreatable", 4],
  ] as const)("gives %s visceral metastases %i point(s)", (visceral, points) => {
    expect(TOMITA_POINTS.visceralMetastases[visceral]).toBe(points);
  });

  it.each([
    ["solitary", 1],
    ["multiple", 2],
  ] as const)("gives %s bone metastases %i point(s)", (bone, points) => {
    expect(TOMITA_POINTS.boneMetastases[bone]).toBe(points);
  });

  it.each([
    [2, "longTermLocalControl"],
    [3, "longTermLocalControl"],
    [4, "middleTermLocalControl"],
    [5, "middleTermLocalControl"],
    [6, "shortTermPalliation"],
    [7, "shortTermPalliation"],
    [8, "terminalCare"],
    [10, "terminalCare"],
  ])("classes a total of %i as %s", (total, category) => {
    expect(tomitaCategory(total)).toBe(category);
  });

  it("reaches the stated maximum of 10 and flags the rapid-growth value as unverified", () => {
    const r = tomitaScore({
      primaryGrowth: "rapid",
      visceralMetastases: "untreatable",
      boneMetastases: "multiple",
    });
    expect(r.points).toBe(10);
    expect(r.unverified).toHaveLength(1);
    expect(r.unverified[0]?.fr).toMatch(/non vérifié/);
  });

  it("has no unverified value for a slow-growing solitary case", () => {
    const r = tomitaScore({
      primaryGrowth: "slow",
      visceralMetastases: "none",
      boneMetastases: "solitary",
    });
    expect(r.points).toBe(2);
    expect(r.unverified).toEqual([]);
  });
});

describe("van der Linden (Dutch) spinal survival score", () => {
  it.each([
    [20, 0],
    [40, 0],
    [50, 1],
    [70, 1],
    [80, 2],
    [100, 2],
  ])("gives Karnofsky %i %i point(s)", (kps, points) => {
    expect(dutchSpinalKarnofskyPoints(kps)).toBe(points);
  });

  it.each([
    ["breast", 3],
    ["prostate", 2],
    ["lung", 1],
    ["other", 0],
  ] as const)("gives a %s primary %i point(s)", (primary, points) => {
    expect(dutchSpinalScore({ karnofsky: 30, primary, visceralMetastases: "present" }).points).toBe(
      points,
    );
  });

  it("gives absent visceral metastases 1 point and present 0", () => {
    expect(
      dutchSpinalScore({ karnofsky: 30, primary: "other", visceralMetastases: "absent" }).items
        .visceralMetastases,
    ).toBe(1);
    expect(
      dutchSpinalScore({ karnofsky: 30, primary: "other", visceralMetastases: "present" }).items
        .visceralMetastases,
    ).toBe(0);
  });

  it.each([
    [0, "groupA", 3],
    [3, "groupA", 3],
    [4, "groupB", 9],
    [5, "groupB", 9],
    [6, "groupC", 19],
  ] as const)("classes a total of %i as %s (median ~%i months)", (total, group, months) => {
    expect(dutchSpinalCategory(total)).toBe(group);
    if (total === 6) {
      const r = dutchSpinalScore({
        karnofsky: 90,
        primary: "breast",
        visceralMetastases: "absent",
      });
      expect(r.points).toBe(6);
      expect(r.medianSurvivalMonths).toBe(months);
    }
  });

  it("refuses a Karnofsky of 10, below the table", () => {
    expect(() =>
      dutchSpinalScore({ karnofsky: 10, primary: "lung", visceralMetastases: "absent" }),
    ).toThrow(DomainInputError);
  });
});
