import * as z from "zod";
import type { Label, PointsResult } from "../common";
import { parseOrThrow } from "../errors";

export const DUTCH_SPINAL_SOURCE =
  "van der Linden 2005 (Dutch Bone Metastasis Study, Cancer 103:320), via medicalalgorithms";

export const DutchSpinalItemsSchema = z.object({
  /** Karnofsky performance status 20–100 (the table starts at 20). */
  karnofsky: z.number().int().min(20).max(100).multipleOf(10),
  primary: z.enum(["breast", "prostate", "lung", "other"]),
  visceralMetastases: z.enum(["absent", "present"]),
});
export type DutchSpinalItems = z.infer<typeof DutchSpinalItemsSchema>;

// van der Linden 2005 (clinical.md §5.4a).
export const DUTCH_SPINAL_POINTS = {
  primary: { breast: 3, prostate: 2, lung: 1, other: 0 },
  visceralMetastases: { absent: 1, present: 0 },
} as const;

export function dutchSpinalKarnofskyPoints(karnofsky: number): number {
  // KPS 80–100 → 2, 50–70 → 1, 20–40 → 0.
  if (karnofsky >= 80) return 2;
  if (karnofsky >= 50) return 1;
  return 0;
}

export const DUTCH_SPINAL_RANGE = { min: 0, max: 6 } as const;

export type DutchSpinalCategory = "groupA" | "groupB" | "groupC";

export const DUTCH_SPINAL_MEDIAN_SURVIVAL_MONTHS: Record<DutchSpinalCategory, number> = {
  groupA: 3,
  groupB: 9,
  groupC: 19,
};

export const DUTCH_SPINAL_CATEGORY_LABELS: Record<DutchSpinalCategory, Label> = {
  groupA: { fr: "groupe A (survie médiane ~3 mois)", en: "group A (median survival ~3 months)" },
  groupB: { fr: "groupe B (survie médiane ~9 mois)", en: "group B (median survival ~9 months)" },
  groupC: { fr: "groupe C (survie médiane ~19 mois)", en: "group C (median survival ~19 months)" },
};

export function dutchSpinalCategory(points: number): DutchSpinalCategory {
  // ≤ 3 group A, 4–5 group B, 6 group C.
  if (points >= 6) return "groupC";
  if (points >= 4) return "groupB";
  return "groupA";
}

export type DutchSpinalResult = PointsResult<
  DutchSpinalCategory,
  { karnofsky: number; primary: number; visceralMetastases: number }
> & { medianSurvivalMonths: number };

/** van der Linden (Dutch) survival score for spinal metastases. */
export function dutchSpinalScore(input: DutchSpinalItems): DutchSpinalResult {
  const items = parseOrThrow(DutchSpinalItemsSchema, input, "dutchSpinal");
  const points = {
    karnofsky: dutchSpinalKarnofskyPoints(items.karnofsky),
    primary: DUTCH_SPINAL_POINTS.primary[items.primary],
    visceralMetastases: DUTCH_SPINAL_POINTS.visceralMetastases[items.visceralMetastases],
  };
  const total = points.karnofsky + points.primary + points.visceralMetastases;
  const category = dutchSpinalCategory(total);
  const label = DUTCH_SPINAL_CATEGORY_LABELS[category];
  return {
    kind: "points",
    points: total,
    category,
    categoryLabel: label,
    items: points,
    medianSurvivalMonths: DUTCH_SPINAL_MEDIAN_SURVIVAL_MONTHS[category],
    rationale: {
      fr: `Score de van der Linden ${total}/6 : ${label.fr}.`,
      en: `van der Linden score ${total}/6: ${label.en}.`,
    },
    source: DUTCH_SPINAL_SOURCE,
    unverified: [],
  };
}
