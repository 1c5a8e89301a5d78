import { describe, expect, it } from "vitest";
import {
  DomainInputError,
  MIRELS_POINTS,
  mirelsCategory,
  mirelsPointsRange,
  mirelsScore,
} from "~/domain";

describe("Mirels score (Mirels 1989)", () => {
  it("flags a peritrochanteric lytic lesion with functional pain over two thirds of the diameter as Mirels 12", () => {
    const r = mirelsScore({
      siteId: "femur.trochanteric",
      pain: "functional",
      lesionType: "lytic",
      size: "moreThanTwoThirds",
    });
    expect(r.points).toBe(12);
    expect(r.category).toBe("prophylacticFixation");
    expect(r.items).toEqual({ site: 3, pain: 3, lesionType: 3, size: 3 });
    expect(r.source).toMatch(/Mirels 1989/);
    expect(r.rationale.fr).toMatch(/^Mirels 12\/12/);
  });

  it("scores a small blastic humeral lesion with mild pain as the minimum 4", () => {
    const r = mirelsScore({
      siteId: "humerus.diaphysis",
      pain: "mild",
      lesionType: "blastic",
      size: "lessThanOneThird",
    });
    expect(r.points).toBe(4);
    expect(r.category).toBe("fixationNotIndicated");
  });

  it.each([
    ["humerus.proximal", 1],
    ["radius.diaphysis", 1],
    ["ulna.distal", 1],
    ["tibia.diaphysis", 2],
    ["femur.diaphysis", 2],
    ["femur.distal", 2],
    ["femur.neck", 3],
    ["femur.trochanteric", 3],
  ])("gives the site item of %s %i point(s)", (siteId, points) => {
    const r = mirelsScore({
      siteId,
      pain: "mild",
      lesionType: "blastic",
      size: "lessThanOneThird",
    });
    expect(r.items.site).toBe(points);
  });

  it.each([
    ["mild", 1],
    ["moderate", 2],
    ["functional", 3],
  ] as const)("gives %s pain %i point(s)", (pain, points) => {
    expect(MIRELS_POINTS.pain[pain]).toBe(points);
    expect(
      mirelsScore({
        siteId: "humerus.diaphysis",
        pain,
        lesionType: "blastic",
        size: "lessThanOneThird",
      }).items.pain,
    ).toBe(points);
  });

  it.each([
    ["blastic", 1],
    ["mixed", 2],
    ["lytic", 3],
  ] as const)("gives a %s lesion %i point(s)", (lesionType, points) => {
    expect(
      mirelsScore({
        siteId: "humerus.diaphysis",
        pain: "mild",
        lesionType,
        size: "lessThanOneThird",
      }).items.lesionType,
    ).toBe(points);
  });

  it.each([
    ["lessThanOneThird", 1],
    ["oneThirdToTwoThirds", 2],
    ["moreThanTwoThirds", 3],
  ] as const)("gives a size of %s of the bone diameter %i point(s)", (size, points) => {
    expect(
      mirelsScore({ siteId: "humerus.diaphysis", pain: "mild", lesionType: "blastic", size }).items
        .size,
    ).toBe(points);
  });

  it.each([
    [4, "fixationNotIndicated"],
    [7, "fixationNotIndicated"],
    [8, "borderline"],
    [9, "prophylacticFixation"],
    [12, "prophylacticFixation"],
  ])("classes a total of %i as %s", (total, category) => {
    expect(mirelsCategory(total)).toBe(category);
  });

  it("refuses a vertebra with a clear error pointing to SINS", () => {
    const call = () =>
      mirelsScore({
        siteId: "spine.L3",
        pain: "mild",
        lesionType: "lytic",
        size: "lessThanOneThird",
      });
    expect(call).toThrow(DomainInputError);
    expect(call).toThrow(/long bones only.*SINS/);
  });

  it("refuses the acetabulum: Mirels is not for the pelvis", () => {
    try {
      mirelsScore({
        siteId: "pelvis.acetabulum",
        pain: "functional",
        lesionType: "lytic",
        size: "moreThanTwoThirds",
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainInputError);
      if (e instanceof DomainInputError) {
        expect(e.code).toBe("mirels.notLongBone");
        expect(e.field).toBe("siteId");
        expect(e.label.fr).toMatch(/os longs/);
      }
    }
  });

  it("refuses an item outside its scale and names the field", () => {
    const bad = {
      siteId: "femur.neck",
      pain: "severe",
      lesionType: "lytic",
      size: "lessThanOneThird",
    };
    // @ts-expect-error the pain item is mild/moderate/functional only
    expect(() => mirelsScore(bad)).toThrow(/field "pain"/);
  });

  it("bounds a partly scored femoral neck lesion between 6 and 12", () => {
    expect(mirelsPointsRange({ siteId: "femur.neck" })).toEqual({ min: 6, max: 12 });
    expect(
      mirelsPointsRange({ siteId: "femur.neck", pain: "functional", lesionType: "lytic" }),
    ).toEqual({ min: 10, max: 12 });
  });
});
