import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dutchSpinalScore,
  LesionInputSchema,
  lesionRiskSummary,
  MIRELS_RANGE,
  mirelsScore,
  SINS_LOCATION_RANGES,
  SINS_RANGE,
  SKELETON_SITES,
  SPINAL_LEVELS,
  sinsScore,
  spinalLevelIndex,
  TOKUHASHI_RANGE,
  TOMITA_RANGE,
  tokuhashiScore,
  tomitaScore,
  zoledronicAcidDose,
} from "~/domain";

// Items listed from least to most severe, so that a later value is "worse".
const MIRELS_ORDER = {
  pain: ["mild", "moderate", "functional"],
  lesionType: ["blastic", "mixed", "lytic"],
  size: ["lessThanOneThird", "oneThirdToTwoThirds", "moreThanTwoThirds"],
} as const;
const SINS_ORDER = {
  pain: ["painFree", "occasionalNonMechanical", "mechanical"],
  lesionType: ["blastic", "mixed", "lytic"],
  alignment: ["normal", "deNovoDeformity", "subluxationTranslation"],
  collapse: ["none", "noCollapseOver50Involved", "under50", "over50"],
  posterolateral: ["none", "unilateral", "bilateral"],
} as const;

const mirelsSites = SKELETON_SITES.filter((s) => s.mirelsSite).map((s) => s.id);
const sinsSites = SKELETON_SITES.filter((s) => s.sinsLocation).map((s) => s.id);

const mirelsArb = fc.record({
  siteId: fc.constantFrom(...mirelsSites),
  pain: fc.constantFrom(...MIRELS_ORDER.pain),
  lesionType: fc.constantFrom(...MIRELS_ORDER.lesionType),
  size: fc.constantFrom(...MIRELS_ORDER.size),
});
const sinsArb = fc.record({
  siteId: fc.constantFrom(...sinsSites),
  pain: fc.constantFrom(...SINS_ORDER.pain),
  lesionType: fc.constantFrom(...SINS_ORDER.lesionType),
  alignment: fc.constantFrom(...SINS_ORDER.alignment),
  collapse: fc.constantFrom(...SINS_ORDER.collapse),
  posterolateral: fc.constantFrom(...SINS_ORDER.posterolateral),
});
const tokuhashiArb = fc.record({
  karnofsky: fc.integer({ min: 1, max: 10 }).map((k) => k * 10),
  extraspinalBoneMetastases: fc.integer({ min: 0, max: 20 }),
  vertebralBodyMetastases: fc.integer({ min: 1, max: 20 }),
  majorOrganMetastases: fc.constantFrom("unremovable", "removable", "none"),
  primary: fc.constantFrom(
    "lung",
    "liver",
    "other",
    "kidney",
    "rectum",
    "breast",
    "prostate",
    "thyroid",
  ),
  frankel: fc.constantFrom("A", "B", "C", "D", "E"),
} as const);
const tomitaArb = fc.record({
  primaryGrowth: fc.constantFrom("slow", "moderate", "rapid"),
  visceralMetastases: fc.constantFrom("none", "treatable", "untreatable"),
  boneMetastases: fc.constantFrom("solitary", "multiple"),
} as const);

function worsen<T extends string>(order: readonly T[], value: T): T {
  const next = order[Math.min(order.indexOf(value) + 1, order.length - 1)];
  return next ?? value;
}

describe("score properties", () => {
  it("keeps every Mirels total within 4–12", () => {
    fc.assert(
      fc.property(mirelsArb, (items) => {
        const { points: total } = mirelsScore(items);
        return total >= MIRELS_RANGE.min && total <= MIRELS_RANGE.max;
      }),
    );
  });

  it("never lowers the Mirels total when one item gets worse", () => {
    fc.assert(
      fc.property(
        mirelsArb,
        fc.constantFrom("pain", "lesionType", "size" as const),
        (items, key) => {
          const worse = { ...items, [key]: worsen<string>(MIRELS_ORDER[key], items[key]) };
          return mirelsScore(worse).points >= mirelsScore(items).points;
        },
      ),
    );
  });

  it("keeps every SINS total within 0–18", () => {
    fc.assert(
      fc.property(sinsArb, (items) => {
        const { points: total } = sinsScore(items);
        return total >= SINS_RANGE.min && total <= SINS_RANGE.max;
      }),
    );
  });

  it("never lowers the SINS total when one item gets worse", () => {
    const keys = ["pain", "lesionType", "alignment", "collapse", "posterolateral"] as const;
    fc.assert(
      fc.property(sinsArb, fc.constantFrom(...keys), (items, key) => {
        const worse = { ...items, [key]: worsen<string>(SINS_ORDER[key], items[key]) };
        return sinsScore(worse).points >= sinsScore(items).points;
      }),
    );
  });

  it("keeps Tokuhashi within 0–15 and never raises it when the patient's condition worsens", () => {
    fc.assert(
      fc.property(tokuhashiArb, fc.integer({ min: 1, max: 5 }), (items, extra) => {
        const { points: total } = tokuhashiScore(items);
        const worse = tokuhashiScore({
          ...items,
          extraspinalBoneMetastases: items.extraspinalBoneMetastases + extra,
          vertebralBodyMetastases: items.vertebralBodyMetastases + extra,
          karnofsky: Math.max(10, items.karnofsky - 10 * extra),
        }).points;
        return total >= TOKUHASHI_RANGE.min && total <= TOKUHASHI_RANGE.max && worse <= total;
      }),
    );
  });

  it("keeps Tomita within 2–10 and never lowers it when disease is worse", () => {
    fc.assert(
      fc.property(tomitaArb, (items) => {
        const { points: total } = tomitaScore(items);
        const worse = tomitaScore({
          primaryGrowth: worsen(["slow", "moderate", "rapid"] as const, items.primaryGrowth),
          visceralMetastases: worsen(
            ["none", "treatable", "untreatable"] as const,
            items.visceralMetastases,
          ),
          boneMetastases: "multiple",
        }).points;
        return total >= TOMITA_RANGE.min && total <= TOMITA_RANGE.max && worse >= total;
      }),
    );
  });

  it("keeps the Dutch spinal score within 0–6", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.constantFrom("breast", "prostate", "lung", "other" as const),
        fc.constantFrom("absent", "present" as const),
        (k, primary, visceralMetastases) => {
          const { points: total } = dutchSpinalScore({
            karnofsky: k * 10,
            primary,
            visceralMetastases,
          });
          return total >= 0 && total <= 6;
        },
      ),
    );
  });

  it("never raises the zoledronic acid dose when clearance falls", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (a, b) => {
          const [low, high] = a < b ? [a, b] : [b, a];
          return (zoledronicAcidDose(low).dose_mg ?? 0) <= (zoledronicAcidDose(high).dose_mg ?? 0);
        },
      ),
    );
  });
});

describe("catalogue properties", () => {
  it("gives every site labels in both languages and geometry in both views", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SKELETON_SITES), (site) => {
        const sides = site.paired ? (["left", "right"] as const) : (["midline"] as const);
        return (
          site.label.fr.length > 0 &&
          site.label.en.length > 0 &&
          sides.every(
            (side) =>
              site.geometry.anterior[side] !== undefined &&
              site.geometry.posterior[side] !== undefined,
          )
        );
      }),
    );
    // Exhaustive as well: the catalogue is small.
    for (const site of SKELETON_SITES) {
      expect(site.label.fr, site.id).not.toBe("");
      const keys = site.paired ? ["left", "right"] : ["midline"];
      expect(Object.keys(site.geometry.anterior).sort(), site.id).toEqual(keys);
      expect(Object.keys(site.geometry.posterior).sort(), site.id).toEqual(keys);
    }
  });

  it("maps every spinal level from occiput to S5 to exactly one SINS group", () => {
    const covered = SPINAL_LEVELS.filter((l) => l !== "coccyx");
    fc.assert(
      fc.property(fc.constantFrom(...covered), (level) => {
        const i = spinalLevelIndex(level);
        const matching = SINS_LOCATION_RANGES.filter(
          (r) => spinalLevelIndex(r.from) <= i && i <= spinalLevelIndex(r.to),
        );
        return matching.length === 1;
      }),
    );
  });

  it("summarises any schema-valid partial lesion without throwing", () => {
    const lesionArb = fc
      .record(
        {
          site: fc.constantFrom(...SKELETON_SITES),
          lesionType: fc.constantFrom("lytic", "blastic", "mixed"),
          nrs: fc.integer({ min: 0, max: 10 }),
          mirelsPain: fc.constantFrom("mild", "moderate", "functional"),
          escc: fc.constantFrom("0", "1a", "1b", "1c", "2", "3"),
          sinsPain: fc.constantFrom("mechanical", "occasionalNonMechanical", "painFree"),
          axial: fc.integer({ min: 0, max: 80 }),
        } as const,
        { requiredKeys: ["site"] },
      )
      .map((r) => ({
        id: "p",
        siteId: r.site.id,
        side: r.site.paired ? ("left" as const) : ("midline" as const),
        lesionType: r.lesionType,
        pain: r.nrs === undefined ? undefined : { nrs: r.nrs },
        mirels: r.mirelsPain ? { pain: r.mirelsPain } : undefined,
        sins: r.sinsPain ? { pain: r.sinsPain } : undefined,
        escc: r.escc,
        cortical: r.axial === undefined ? undefined : { axialCorticalInvolvement_mm: r.axial },
      }));
    fc.assert(
      fc.property(lesionArb, (lesion) => {
        const parsed = LesionInputSchema.parse(lesion);
        const summary = lesionRiskSummary(parsed);
        return ["low", "moderate", "high", "unknown"].includes(summary.worst);
      }),
    );
  });
});
