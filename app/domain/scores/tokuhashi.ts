import * as z from "zod";
import type { Label, PointsResult } from "../common";
import { parseOrThrow } from "../errors";
import { FrankelGradeSchema, frankelPalsy } from "./frankel";

export const TOKUHASHI_SOURCE =
  "Tokuhashi 2005 revised score (Spine 30:2186), NICE CG75 appendix 3";

export const KarnofskySchema = z.number().int().min(10).max(100).multipleOf(10);

export const TokuhashiPrimarySchema = z.enum([
  "lung",
  "osteosarcoma",
  "stomach",
  "bladder",
  "oesophagus",
  "pancreas",
  "liver",
  "gallbladder",
  "unidentified",
  "other",
  "kidney",
  "uterus",
  "rectum",
  "thyroid",
  "breast",
  "prostate",
  "carcinoid",
]);
export type TokuhashiPrimary = z.infer<typeof TokuhashiPrimarySchema>;

export const TokuhashiItemsSchema = z.object({
  karnofsky: KarnofskySchema,
  extraspinalBoneMetastases: z.number().int().min(0),
  vertebralBodyMetastases: z.number().int().min(1),
  majorOrganMetastases: z.enum(["unremovable", "removable", "none"]),
  primary: TokuhashiPrimarySchema,
  frankel: FrankelGradeSchema,
});
export type TokuhashiItems = z.infer<typeof TokuhashiItemsSchema>;

// Tokuhashi 2005 (clinical.md §5.1).
export const TOKUHASHI_PRIMARY_POINTS: Record<TokuhashiPrimary, number> = {
  lung: 0,
  osteosarcoma: 0,
  stomach: 0,
  bladder: 0,
  oesophagus: 0,
  pancreas: 0,
  liver: 1,
  gallbladder: 1,
  unidentified: 1,
  other: 2,
  kidney: 3,
  uterus: 3,
  rectum: 4,
  thyroid: 5,
  breast: 5,
  prostate: 5,
  carcinoid: 5,
};

export const TOKUHASHI_POINTS = {
  majorOrganMetastases: { unremovable: 0, removable: 1, none: 2 },
  palsy: { complete: 0, incomplete: 1, none: 2 },
} as const;

export function tokuhashiGeneralConditionPoints(karnofsky: number): number {
  // Poor 10–40 % → 0, moderate 50–70 % → 1, good 80–100 % → 2.
  if (karnofsky >= 80) return 2;
  if (karnofsky >= 50) return 1;
  return 0;
}

export function tokuhashiExtraspinalPoints(count: number): number {
  // ≥ 3 → 0, 1–2 → 1, 0 → 2.
  if (count >= 3) return 0;
  if (count >= 1) return 1;
  return 2;
}

export function tokuhashiVertebralPoints(count: number): number {
  // ≥ 3 → 0, 2 → 1, 1 → 2 (clinical.md §5.1; the "≥3 / 1–2 / 0" variant is unresolved, §9 trap 3).
  if (count >= 3) return 0;
  if (count === 2) return 1;
  return 2;
}

export const TOKUHASHI_RANGE = { min: 0, max: 15 } as const;

export type TokuhashiCategory = "lessThan6Months" | "atLeast6Months" | "atLeast1Year";

export const TOKUHASHI_CATEGORY_LABELS: Record<TokuhashiCategory, Label> = {
  lessThan6Months: {
    fr: "survie prédite < 6 mois : traitement conservateur ou chirurgie palliative",
    en: "predicted survival < 6 months: conservative treatment or palliative surgery",
  },
  atLeast6Months: {
    fr: "survie prédite ≥ 6 mois : chirurgie palliative",
    en: "predicted survival ≥ 6 months: palliative surgery",
  },
  atLeast1Year: {
    fr: "survie prédite ≥ 1 an : chirurgie d'exérèse",
    en: "predicted survival ≥ 1 year: excisional surgery",
  },
};

export function tokuhashiCategory(points: number): TokuhashiCategory {
  // NICE CG75: 0–8 < 6 months (one secondary site inverts it, clinical.md §9 trap 2), 9–11 ≥ 6
  // months, 12–15 ≥ 1 year.
  if (points >= 12) return "atLeast1Year";
  if (points >= 9) return "atLeast6Months";
  return "lessThan6Months";
}

export interface TokuhashiItemPoints {
  generalCondition: number;
  extraspinalBoneMetastases: number;
  vertebralBodyMetastases: number;
  majorOrganMetastases: number;
  primary: number;
  palsy: number;
}

export type TokuhashiResult = PointsResult<TokuhashiCategory, TokuhashiItemPoints>;

export function tokuhashiScore(input: TokuhashiItems): TokuhashiResult {
  const items = parseOrThrow(TokuhashiItemsSchema, input, "tokuhashi");
  const points: TokuhashiItemPoints = {
    generalCondition: tokuhashiGeneralConditionPoints(items.karnofsky),
    extraspinalBoneMetastases: tokuhashiExtraspinalPoints(items.extraspinalBoneMetastases),
    vertebralBodyMetastases: tokuhashiVertebralPoints(items.vertebralBodyMetastases),
    majorOrganMetastases: TOKUHASHI_POINTS.majorOrganMetastases[items.majorOrganMetastases],
    primary: TOKUHASHI_PRIMARY_POINTS[items.primary],
    palsy: TOKUHASHI_POINTS.palsy[frankelPalsy(items.frankel)],
  };
  const total = Object.values(points).reduce((a, b) => a + b, 0);
  const category = tokuhashiCategory(total);
  const unverified: Label[] =
    items.vertebralBodyMetastases === 1
      ? [
          {
            fr: "Item « métastases du corps vertébral » : 1 métastase = 2 points selon la reproduction NICE ; une variante donne 1 point. Non vérifié sur l'article original (Spine 2005).",
            en: 'Item "vertebral body metastases": 1 metastasis = 2 points per the NICE reproduction; a variant gives 1 point. Not verified against the primary paper (Spine 2005).',
          },
        ]
      : [];
  return {
    kind: "points",
    points: total,
    category,
    categoryLabel: TOKUHASHI_CATEGORY_LABELS[category],
    items: points,
    rationale: {
      fr: `Tokuhashi révisé ${total}/15 : ${TOKUHASHI_CATEGORY_LABELS[category].fr}.`,
      en: `Revised Tokuhashi ${total}/15: ${TOKUHASHI_CATEGORY_LABELS[category].en}.`,
    },
    source: TOKUHASHI_SOURCE,
    unverified,
  };
}
