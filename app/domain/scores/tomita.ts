import * as z from "zod";
import type { Label, PointsResult } from "../common";
import { parseOrThrow } from "../errors";

export const TOMITA_SOURCE = "Tomita 2001 (Spine 26:298), table as in Adler 2019 (JCMT 5:45)";

export const TomitaItemsSchema = z.object({
  primaryGrowth: z.enum(["slow", "moderate", "rapid"]),
  visceralMetastases: z.enum(["none", "treatable", "untreatable"]),
  boneMetastases: z.enum(["solitary", "multiple"]),
});
export type TomitaItems = z.infer<typeof TomitaItemsSchema>;

// Tomita 2001 (clinical.md §5.2). Rapid growth is 4, not 3 (clinical.md §9 trap 4): with 3 the
// stated maximum of 10 is unreachable. The value 4 is UNVERIFIED against the primary full text.
export const TOMITA_POINTS = {
  primaryGrowth: { slow: 1, moderate: 2, rapid: 4 },
  visceralMetastases: { none: 0, treatable: 2, untreatable: 4 },
  boneMetastases: { solitary: 1, multiple: 2 },
} as const;

export const TOMITA_RANGE = { min: 2, max: 10 } as const;

export type TomitaCategory =
  | "longTermLocalControl"
  | "middleTermLocalControl"
  | "shortTermPalliation"
  | "terminalCare";

export const TOMITA_CATEGORY_LABELS: Record<TomitaCategory, Label> = {
  longTermLocalControl: {
    fr: "contrôle local à long terme : exérèse large ou marginale",
    en: "long-term local control: wide or marginal excision",
  },
  middleTermLocalControl: {
    fr: "contrôle local à moyen terme : exérèse marginale ou intralésionnelle",
    en: "middle-term local control: marginal or intralesional excision",
  },
  shortTermPalliation: {
    fr: "palliation à court terme : chirurgie palliative",
    en: "short-term palliation: palliative surgery",
  },
  terminalCare: {
    fr: "soins de support, pas de chirurgie (ou très limitée)",
    en: "terminal care: supportive care, no (or very limited) surgery",
  },
};

export function tomitaCategory(points: number): TomitaCategory {
  if (points >= 8) return "terminalCare";
  if (points >= 6) return "shortTermPalliation";
  if (points >= 4) return "middleTermLocalControl";
  return "longTermLocalControl";
}

export const TOMITA_RAPID_GROWTH_UNVERIFIED: Label = {
  fr: "Croissance rapide = 4 points : cohérent avec le maximum de 10 mais non vérifié sur l'article original (Tomita 2001) ; une source secondaire imprime 3.",
  en: "Rapid growth = 4 points: consistent with the maximum of 10 but not verified against the primary paper (Tomita 2001); a secondary source prints 3.",
};

export type TomitaResult = PointsResult<
  TomitaCategory,
  { primaryGrowth: number; visceralMetastases: number; boneMetastases: number }
>;

export function tomitaScore(input: TomitaItems): TomitaResult {
  const items = parseOrThrow(TomitaItemsSchema, input, "tomita");
  const points = {
    primaryGrowth: TOMITA_POINTS.primaryGrowth[items.primaryGrowth],
    visceralMetastases: TOMITA_POINTS.visceralMetastases[items.visceralMetastases],
    boneMetastases: TOMITA_POINTS.boneMetastases[items.boneMetastases],
  };
  const total = points.primaryGrowth + points.visceralMetastases + points.boneMetastases;
  const category = tomitaCategory(total);
  return {
    kind: "points",
    points: total,
    category,
    categoryLabel: TOMITA_CATEGORY_LABELS[category],
    items: points,
    rationale: {
      fr: `Tomita ${total}/10 : ${TOMITA_CATEGORY_LABELS[category].fr}.`,
      en: `Tomita ${total}/10: ${TOMITA_CATEGORY_LABELS[category].en}.`,
    },
    source: TOMITA_SOURCE,
    unverified: items.primaryGrowth === "rapid" ? [TOMITA_RAPID_GROWTH_UNVERIFIED] : [],
  };
}
