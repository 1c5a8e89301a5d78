import * as z from "zod";
import { type Label, LesionTypeSchema, type PointsResult } from "../common";
import { DomainInputError, parseOrThrow } from "../errors";
import { getSite } from "../skeleton/catalogue";
import { type SinsLocationGroup, sinsLocationGroup } from "../skeleton/spine";
import { itemRange, sumRanges } from "./partial";

export const SINS_SOURCE = "Fisher 2010 (SINS, Spine 35:E1221); Fourney 2011 (JCO 29:3072)";

export const SinsPainSchema = z.enum(["mechanical", "occasionalNonMechanical", "painFree"]);
export type SinsPain = z.infer<typeof SinsPainSchema>;
export const SinsAlignmentSchema = z.enum(["subluxationTranslation", "deNovoDeformity", "normal"]);
export type SinsAlignment = z.infer<typeof SinsAlignmentSchema>;
export const SinsCollapseSchema = z.enum(["over50", "under50", "noCollapseOver50Involved", "none"]);
export type SinsCollapse = z.infer<typeof SinsCollapseSchema>;
export const SinsPosterolateralSchema = z.enum(["bilateral", "unilateral", "none"]);
export type SinsPosterolateral = z.infer<typeof SinsPosterolateralSchema>;

/** SINS items. The location is never typed: it comes from the site's spinal level. */
export const SinsItemsSchema = z.object({
  siteId: z.string(),
  pain: SinsPainSchema,
  lesionType: LesionTypeSchema,
  alignment: SinsAlignmentSchema,
  collapse: SinsCollapseSchema,
  posterolateral: SinsPosterolateralSchema,
});
export type SinsItems = z.infer<typeof SinsItemsSchema>;

// Fisher 2010 (clinical.md §2.1). Pain is 3/1/0 and not 3/2/1 (clinical.md §9 trap 1).
export const SINS_POINTS = {
  location: { junctional: 3, mobile: 2, semiRigid: 1, rigid: 0 } satisfies Record<
    SinsLocationGroup,
    number
  >,
  pain: { mechanical: 3, occasionalNonMechanical: 1, painFree: 0 },
  lesionType: { lytic: 2, mixed: 1, blastic: 0 },
  alignment: { subluxationTranslation: 4, deNovoDeformity: 2, normal: 0 },
  collapse: { over50: 3, under50: 2, noCollapseOver50Involved: 1, none: 0 },
  posterolateral: { bilateral: 3, unilateral: 1, none: 0 },
} as const;

export const SINS_RANGE = { min: 0, max: 18 } as const;

export type SinsCategory = "stable" | "potentiallyUnstable" | "unstable";

export const SINS_CATEGORY_LABELS: Record<SinsCategory, Label> = {
  stable: { fr: "stable", en: "stable" },
  potentiallyUnstable: {
    fr: "potentiellement instable (indéterminé)",
    en: "potentially unstable (indeterminate)",
  },
  unstable: { fr: "instable", en: "unstable" },
};

export function sinsCategory(points: number): SinsCategory {
  // Fisher 2010: 0–6 stable (not 1–6, clinical.md §9), 7–12 potentially unstable, 13–18 unstable.
  if (points >= 13) return "unstable";
  if (points >= 7) return "potentiallyUnstable";
  return "stable";
}

/** SINS 7–18 → spine-surgery consultation before planned radiotherapy (Fisher 2010; clinical.md §2.2). */
export function sinsNeedsSurgicalOpinion(points: number): boolean {
  return points >= 7;
}

export interface SinsItemPoints {
  location: number;
  pain: number;
  lesionType: number;
  alignment: number;
  collapse: number;
  posterolateral: number;
}

export type SinsResult = PointsResult<SinsCategory, SinsItemPoints> & {
  location: SinsLocationGroup;
  surgicalOpinion: boolean;
};

/** SINS location group of a catalogue site; throws for non-spinal sites and for the coccyx. */
export function sinsLocationForSite(siteId: string): SinsLocationGroup {
  const site = getSite(siteId);
  const group = site.spinalLevel ? sinsLocationGroup(site.spinalLevel) : null;
  if (!group) {
    throw new DomainInputError(
      "sins",
      "notSpinal",
      {
        fr: `Le SINS s'applique au rachis de l'occiput à S5 ; « ${site.label.fr} » n'est pas couvert.`,
        en: `SINS applies to the spine from occiput to S5; "${site.label.en}" is not covered.`,
      },
      "siteId",
    );
  }
  return group;
}

/** Spinal Instability Neoplastic Score. */
export function sinsScore(input: SinsItems): SinsResult {
  const items = parseOrThrow(SinsItemsSchema, input, "sins");
  const location = sinsLocationForSite(items.siteId);
  const points: SinsItemPoints = {
    location: SINS_POINTS.location[location],
    pain: SINS_POINTS.pain[items.pain],
    lesionType: SINS_POINTS.lesionType[items.lesionType],
    alignment: SINS_POINTS.alignment[items.alignment],
    collapse: SINS_POINTS.collapse[items.collapse],
    posterolateral: SINS_POINTS.posterolateral[items.posterolateral],
  };
  const total =
    points.location +
    points.pain +
    points.lesionType +
    points.alignment +
    points.collapse +
    points.posterolateral;
  const category = sinsCategory(total);
  const surgicalOpinion = sinsNeedsSurgicalOpinion(total);
  const label = SINS_CATEGORY_LABELS[category];
  return {
    kind: "points",
    points: total,
    category,
    categoryLabel: label,
    items: points,
    location,
    surgicalOpinion,
    rationale: {
      fr: `SINS ${total}/18 : ${label.fr}${surgicalOpinion ? " ; avis de chirurgie rachidienne avant radiothérapie (SINS ≥ 7)" : ""}.`,
      en: `SINS ${total}/18: ${label.en}${surgicalOpinion ? "; spine-surgery opinion before radiotherapy (SINS ≥ 7)" : ""}.`,
    },
    source: SINS_SOURCE,
    unverified: [],
  };
}

export const SinsPartialItemsSchema = SinsItemsSchema.partial().required({ siteId: true });
export type SinsPartialItems = z.infer<typeof SinsPartialItemsSchema>;

/** Points still possible for a partly scored spinal lesion. */
export function sinsPointsRange(input: SinsPartialItems): { min: number; max: number } {
  const items = parseOrThrow(SinsPartialItemsSchema, input, "sins");
  const location = sinsLocationForSite(items.siteId);
  return sumRanges([
    itemRange(SINS_POINTS.location, location),
    itemRange(SINS_POINTS.pain, items.pain),
    itemRange(SINS_POINTS.lesionType, items.lesionType),
    itemRange(SINS_POINTS.alignment, items.alignment),
    itemRange(SINS_POINTS.collapse, items.collapse),
    itemRange(SINS_POINTS.posterolateral, items.posterolateral),
  ]);
}
