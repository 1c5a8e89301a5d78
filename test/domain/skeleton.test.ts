import { describe, expect, it } from "vitest";
import {
  allowedSides,
  bodyOutline,
  DomainInputError,
  getSite,
  hitTestSkeleton,
  SiteIdSchema,
  SKELETON_SITES,
  SPINAL_LEVELS,
  sinsLocationGroup,
  siteLabel,
} from "~/domain";

describe("skeleton catalogue", () => {
  it("uses stable dotted ids for the sites the board records", () => {
    for (const id of [
      "femur.head",
      "femur.neck",
      "femur.trochanteric",
      "femur.subtrochanteric",
      "femur.diaphysis",
      "femur.distal",
      "humerus.proximal",
      "humerus.diaphysis",
      "humerus.distal",
      "tibia.proximal",
      "radius.diaphysis",
      "ulna.distal",
      "fibula.proximal",
      "pelvis.ilium",
      "pelvis.acetabulum",
      "pelvis.ischium",
      "pelvis.pubis",
      "spine.occiput",
      "spine.C1",
      "spine.T12",
      "spine.L5",
      "spine.S1",
      "spine.S5",
      "spine.coccyx",
      "rib.1",
      "rib.7",
      "rib.12",
      "sternum",
      "clavicle",
      "scapula",
      "skull",
      "mandible",
    ]) {
      expect(getSite(id).id).toBe(id);
    }
  });

  it("has one site per spinal level from occiput to coccyx", () => {
    const spine = SKELETON_SITES.filter((s) => s.spinalLevel !== null).map((s) => s.spinalLevel);
    expect(spine).toEqual([...SPINAL_LEVELS]);
  });

  it("has twelve ribs", () => {
    expect(SKELETON_SITES.filter((s) => s.bone === "rib")).toHaveLength(12);
  });

  it("refuses an unknown site id with a clear error", () => {
    expect(() => getSite("femur.knee")).toThrow(DomainInputError);
    expect(() => getSite("femur.knee")).toThrow(/Unknown skeleton site/);
    expect(SiteIdSchema.safeParse("spine.T13").success).toBe(false);
    expect(SiteIdSchema.safeParse("spine.T12").success).toBe(true);
  });

  it("pairs limb, rib, pelvic and shoulder-girdle sites and keeps spine, skull and sternum midline", () => {
    for (const id of [
      "femur.neck",
      "humerus.diaphysis",
      "rib.7",
      "pelvis.acetabulum",
      "clavicle",
      "scapula",
    ]) {
      expect(allowedSides(getSite(id))).toEqual(["left", "right"]);
    }
    for (const id of ["spine.T12", "spine.S3", "skull", "mandible", "sternum", "spine.coccyx"]) {
      expect(allowedSides(getSite(id))).toEqual(["midline"]);
    }
  });

  it("classes long bones, weight-bearing bones and regions", () => {
    expect(getSite("femur.diaphysis")).toMatchObject({
      longBone: true,
      weightBearing: true,
      region: "appendicular",
    });
    expect(getSite("humerus.proximal")).toMatchObject({ longBone: true, weightBearing: false });
    expect(getSite("pelvis.acetabulum")).toMatchObject({
      longBone: false,
      weightBearing: true,
      region: "axial",
    });
    expect(getSite("spine.L3")).toMatchObject({
      longBone: false,
      weightBearing: true,
      region: "axial",
    });
    expect(getSite("rib.4")).toMatchObject({
      longBone: false,
      weightBearing: false,
      region: "axial",
    });
  });

  it.each([
    ["humerus.proximal", "upperLimb"],
    ["radius.distal", "upperLimb"],
    ["ulna.diaphysis", "upperLimb"],
    ["femur.neck", "peritrochanteric"],
    ["femur.trochanteric", "peritrochanteric"],
    ["femur.subtrochanteric", "peritrochanteric"],
    ["femur.diaphysis", "lowerLimb"],
    ["femur.distal", "lowerLimb"],
    ["tibia.diaphysis", "lowerLimb"],
    ["fibula.distal", "lowerLimb"],
  ])("gives %s the Mirels site category %s", (id, category) => {
    expect(getSite(id).mirelsSite).toBe(category);
  });

  it("gives no Mirels site to the spine, pelvis, ribs or skull", () => {
    for (const id of ["spine.T12", "pelvis.acetabulum", "rib.3", "skull", "clavicle"]) {
      expect(getSite(id).mirelsSite).toBeNull();
    }
  });

  it("writes side labels in French first", () => {
    expect(siteLabel(getSite("femur.neck"), "right")).toEqual({
      fr: "Fémur – col fémoral, côté droit",
      en: "Femur – femoral neck, right",
    });
    expect(siteLabel(getSite("spine.T12"), "midline").fr).toBe("Vertèbre T12");
  });
});

describe("SINS location groups by spinal level (Fisher 2010)", () => {
  it.each([
    ["occiput", "junctional"],
    ["C1", "junctional"],
    ["C2", "junctional"],
    ["C3", "mobile"],
    ["C6", "mobile"],
    ["C7", "junctional"],
    ["T1", "junctional"],
    ["T2", "junctional"],
    ["T3", "semiRigid"],
    ["T10", "semiRigid"],
    ["T11", "junctional"],
    ["T12", "junctional"],
    ["L1", "junctional"],
    ["L2", "mobile"],
    ["L4", "mobile"],
    ["L5", "junctional"],
    ["S1", "junctional"],
    ["S2", "rigid"],
    ["S5", "rigid"],
  ] as const)("puts %s in the %s group", (level, group) => {
    expect(sinsLocationGroup(level)).toBe(group);
    expect(getSite(`spine.${level}`).sinsLocation).toBe(group);
  });

  it("leaves the coccyx out of SINS", () => {
    expect(sinsLocationGroup("coccyx")).toBeNull();
  });
});

describe("skeleton map geometry", () => {
  it("draws the patient's right on the viewer's left in the anterior view and on the right in the posterior view", () => {
    const neck = getSite("femur.neck");
    const antRight = neck.geometry.anterior.right;
    const postRight = neck.geometry.posterior.right;
    expect(antRight && antRight.cx < 200).toBe(true);
    expect(postRight && postRight.cx > 200).toBe(true);
  });

  it("keeps every shape inside the 400 × 1000 frame", () => {
    for (const site of SKELETON_SITES) {
      for (const view of ["anterior", "posterior"] as const) {
        for (const shape of Object.values(site.geometry[view])) {
          expect(shape.cx - shape.rx).toBeGreaterThanOrEqual(0);
          expect(shape.cx + shape.rx).toBeLessThanOrEqual(400);
          expect(shape.cy - Math.max(shape.rx, shape.ry)).toBeGreaterThanOrEqual(0);
          expect(shape.cy + Math.max(shape.rx, shape.ry)).toBeLessThanOrEqual(1000);
          expect(shape.path).toMatch(/^M [\d.]+ [\d.]+ A .+ Z$/);
        }
      }
    }
  });

  it("hit-tests the anchor of every visible shape back to its own site and side", () => {
    for (const site of SKELETON_SITES) {
      for (const view of ["anterior", "posterior"] as const) {
        for (const side of allowedSides(site)) {
          const shape = site.geometry[view][side];
          if (!shape || shape.occluded) continue;
          const hit = hitTestSkeleton(view, shape.anchor.x, shape.anchor.y);
          expect(hit ? `${hit.site.id}/${hit.side}` : null).toBe(`${site.id}/${side}`);
        }
      }
    }
  });

  it("returns nothing outside the skeleton", () => {
    expect(hitTestSkeleton("anterior", 5, 5)).toBeNull();
  });

  it("offers a body outline for both views", () => {
    for (const view of ["anterior", "posterior"] as const) {
      const outline = bodyOutline(view);
      expect(outline.head).toMatch(/^M /);
      expect(outline.body).toMatch(/^M .* Z$/);
    }
  });
});
