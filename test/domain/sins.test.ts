import { describe, expect, it } from "vitest";
import { DomainInputError, SINS_POINTS, sinsCategory, sinsPointsRange, sinsScore } from "~/domain";

const STABLE_BASE = {
  pain: "painFree",
  lesionType: "blastic",
  alignment: "normal",
  collapse: "none",
  posterolateral: "none",
} as const;

describe("SINS (Fisher 2010)", () => {
  it("scores the minimum 0 for a pain-free blastic S3 lesion with normal alignment", () => {
    const r = sinsScore({ siteId: "spine.S3", ...STABLE_BASE });
    expect(r.points).toBe(0);
    expect(r.category).toBe("stable");
    expect(r.location).toBe("rigid");
  });

  it("scores the maximum 18 for a junctional lytic lesion with subluxation, collapse and bilateral involvement", () => {
    const r = sinsScore({
      siteId: "spine.T12",
      pain: "mechanical",
      lesionType: "lytic",
      alignment: "subluxationTranslation",
      collapse: "over50",
      posterolateral: "bilateral",
    });
    expect(r.points).toBe(18);
    expect(r.category).toBe("unstable");
    expect(r.items).toEqual({
      location: 3,
      pain: 3,
      lesionType: 2,
      alignment: 4,
      collapse: 3,
      posterolateral: 3,
    });
    expect(r.surgicalOpinion).toBe(true);
  });

  it.each([
    ["spine.C1", 3],
    ["spine.C4", 2],
    ["spine.T1", 3],
    ["spine.T6", 1],
    ["spine.L1", 3],
    ["spine.L3", 2],
    ["spine.S1", 3],
    ["spine.S4", 0],
  ])("derives the location item of %s as %i (never typed)", (siteId, points) => {
    expect(sinsScore({ siteId, ...STABLE_BASE }).items.location).toBe(points);
  });

  it.each([
    ["mechanical", 3],
    ["occasionalNonMechanical", 1],
    ["painFree", 0],
  ] as const)("gives %s pain %i points", (pain, points) => {
    expect(SINS_POINTS.pain[pain]).toBe(points);
    expect(sinsScore({ siteId: "spine.S3", ...STABLE_BASE, pain }).items.pain).toBe(points);
  });

  it.each([
    ["lytic", 2],
    ["mixed", 1],
    ["blastic", 0],
  ] as const)("gives a %s lesion %i points", (lesionType, points) => {
    expect(sinsScore({ siteId: "spine.S3", ...STABLE_BASE, lesionType }).items.lesionType).toBe(
      points,
    );
  });

  it.each([
    ["subluxationTranslation", 4],
    ["deNovoDeformity", 2],
    ["normal", 0],
  ] as const)("gives %s alignment %i points", (alignment, points) => {
    expect(sinsScore({ siteId: "spine.S3", ...STABLE_BASE, alignment }).items.alignment).toBe(
      points,
    );
  });

  it.each([
    ["over50", 3],
    ["under50", 2],
    ["noCollapseOver50Involved", 1],
    ["none", 0],
  ] as const)("gives vertebral body collapse %s %i points", (collapse, points) => {
    expect(sinsScore({ siteId: "spine.S3", ...STABLE_BASE, collapse }).items.collapse).toBe(points);
  });

  it.each([
    ["bilateral", 3],
    ["unilateral", 1],
    ["none", 0],
  ] as const)("gives %s posterolateral involvement %i points", (posterolateral, points) => {
    expect(
      sinsScore({ siteId: "spine.S3", ...STABLE_BASE, posterolateral }).items.posterolateral,
    ).toBe(points);
  });

  it.each([
    [0, "stable"],
    [6, "stable"],
    [7, "potentiallyUnstable"],
    [12, "potentiallyUnstable"],
    [13, "unstable"],
    [18, "unstable"],
  ])("classes a total of %i as %s", (total, category) => {
    expect(sinsCategory(total)).toBe(category);
  });

  it("asks for a spine-surgery opinion from 7 and not at 6", () => {
    // L3 mobile 2 + mechanical 3 + lytic 2 = 7
    const seven = sinsScore({
      siteId: "spine.L3",
      ...STABLE_BASE,
      pain: "mechanical",
      lesionType: "lytic",
    });
    expect(seven.points).toBe(7);
    expect(seven.surgicalOpinion).toBe(true);
    // T6 semi-rigid 1 + mechanical 3 + lytic 2 = 6
    const six = sinsScore({
      siteId: "spine.T6",
      ...STABLE_BASE,
      pain: "mechanical",
      lesionType: "lytic",
    });
    expect(six.points).toBe(6);
    expect(six.surgicalOpinion).toBe(false);
  });

  it("refuses the femur and the coccyx with a clear error", () => {
    expect(() => sinsScore({ siteId: "femur.neck", ...STABLE_BASE })).toThrow(DomainInputError);
    expect(() => sinsScore({ siteId: "spine.coccyx", ...STABLE_BASE })).toThrow(/occiput to S5/);
  });

  it("bounds a partly scored T12 lesion from its location alone between 3 and 18", () => {
    expect(sinsPointsRange({ siteId: "spine.T12" })).toEqual({ min: 3, max: 18 });
  });
});
