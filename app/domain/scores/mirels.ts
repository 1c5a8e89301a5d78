import * as z from "zod";
import { type Label, LesionTypeSchema, type PointsResult } from "../common";
import { DomainInputError, parseOrThrow } from "../errors";
import { getSite, type MirelsSiteCategory } from "../skeleton/catalogue";
import { itemRange, sumRanges } from "./partial";

export const MIRELS_SOURCE = "Mirels 1989 (Clin Orthop Relat Res 249:256-64)";

export const MirelsPainSchema = z.enum(["mild", "moderate", "functional"]);
export type MirelsPain = z.infer<typeof MirelsPainSchema>;
/** Proportion of the bone diameter involved, chosen by the clinician (clinical.md §1.1 DEV NOTE). */
export const MirelsSizeSchema = z.enum([
  "lessThanOneThird",
  "oneThirdToTwoThirds",
  "moreThanTwoThirds",
]);
export type MirelsSize = z.infer<typeof MirelsSizeSchema>;

export const MirelsItemsSchema = z.object({
  siteId: z.string(),
  pain: MirelsPainSchema,
  lesionType: LesionTypeSchema,
  size: MirelsSizeSchema,
});
export type MirelsItems = z.infer<typeof MirelsItemsSchema>;

// Mirels 1989 item points (clinical.md §1.1), each item 1–3.
export const MIRELS_POINTS = {
  site: { upperLimb: 1, lowerLimb: 2, peritrochanteric: 3 } satisfies Record<
    MirelsSiteCategory,
    number
  >,
  pain: { mild: 1, moderate: 2, functional: 3 },
  lesionType: { blastic: 1, mixed: 2, lytic: 3 },
  size: { lessThanOneThird: 1, oneThirdToTwoThirds: 2, moreThanTwoThirds: 3 },
} as const;

export const MIRELS_RANGE = { min: 4, max: 12 } as const;

export type MirelsCategory = "fixationNotIndicated" | "borderline" | "prophylacticFixation";

export const MIRELS_CATEGORY_LABELS: Record<MirelsCategory, Label> = {
  fixationNotIndicated: {
    fr: "risque faible (< 4 %) : surveillance ou radiothérapie",
    en: "low risk (< 4 %): observation or radiotherapy",
  },
  borderline: {
    fr: "limite (~15 %) : jugement clinique",
    en: "borderline (~15 %): clinical judgement",
  },
  prophylacticFixation: {
    fr: "risque élevé (≥ 33 %) : avis chirurgical, fixation préventive",
    en: "high risk (≥ 33 %): surgical opinion, prophylactic fixation",
  },
};

export function mirelsCategory(points: number): MirelsCategory {
  // Mirels 1989: ≤ 7 fixation not indicated, 8 borderline, ≥ 9 prophylactic fixation.
  if (points >= 9) return "prophylacticFixation";
  if (points === 8) return "borderline";
  return "fixationNotIndicated";
}

export interface MirelsItemPoints {
  site: number;
  pain: number;
  lesionType: number;
  size: number;
}

export type MirelsResult = PointsResult<MirelsCategory, MirelsItemPoints> & {
  siteCategory: MirelsSiteCategory;
};

/** The Mirels site item of a catalogue site; throws for any site that is not a limb long bone. */
export function mirelsSiteCategory(siteId: string): MirelsSiteCategory {
  const site = getSite(siteId);
  if (!site.mirelsSite) {
    throw new DomainInputError(
      "mirels",
      "notLongBone",
      {
        fr: `Le score de Mirels ne s'applique qu'aux os longs des membres ; « ${site.label.fr} » n'en est pas un (utiliser SINS pour le rachis).`,
        en: `The Mirels score applies to limb long bones only; "${site.label.en}" is not one (use SINS for the spine).`,
      },
      "siteId",
    );
  }
  return site.mirelsSite;
}

/** Mirels score for impending pathological fracture of a long bone. */
export function mirelsScore(input: MirelsItems): MirelsResult {
  const items = parseOrThrow(MirelsItemsSchema, input, "mirels");
  const siteCategory = mirelsSiteCategory(items.siteId);
  const points: MirelsItemPoints = {
    site: MIRELS_POINTS.site[siteCategory],
    pain: MIRELS_POINTS.pain[items.pain],
    lesionType: MIRELS_POINTS.lesionType[items.lesionType],
    size: MIRELS_POINTS.size[items.size],
  };
  const total = points.site + points.pain + points.lesionType + points.size;
  const category = mirelsCategory(total);
  return {
    kind: "points",
    points: total,
    category,
    categoryLabel: MIRELS_CATEGORY_LABELS[category],
    items: points,
    siteCategory,
    rationale: {
      fr: `Mirels ${total}/12 (site ${points.site}, douleur ${points.pain}, type ${points.lesionType}, taille ${points.size}) : ${MIRELS_CATEGORY_LABELS[category].fr}.`,
      en: `Mirels ${total}/12 (site ${points.site}, pain ${points.pain}, type ${points.lesionType}, size ${points.size}): ${MIRELS_CATEGORY_LABELS[category].en}.`,
    },
    source: MIRELS_SOURCE,
    unverified: [],
  };
}

export const MirelsPartialItemsSchema = MirelsItemsSchema.partial().required({ siteId: true });
export type MirelsPartialItems = z.infer<typeof MirelsPartialItemsSchema>;

/**
 * Range of points still possible for a partly scored lesion (missing items take their 1–3 span).
 * When min and max fall in the same category, the category is already decided.
 */
export function mirelsPointsRange(input: MirelsPartialItems): { min: number; max: number } {
  const items = parseOrThrow(MirelsPartialItemsSchema, input, "mirels");
  const site = mirelsSiteCategory(items.siteId);
  return sumRanges([
    itemRange(MIRELS_POINTS.site, site),
    itemRange(MIRELS_POINTS.pain, items.pain),
    itemRange(MIRELS_POINTS.lesionType, items.lesionType),
    itemRange(MIRELS_POINTS.size, items.size),
  ]);
}
