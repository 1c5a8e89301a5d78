import * as z from "zod";
import type { CriteriaResult, Label } from "../common";
import { parseOrThrow } from "../errors";

export const HARRINGTON_SOURCE = "Harrington 1986 (Instr Course Lect 35:357), via Radiopaedia";

/** Harrington criteria for impending fracture; any one met is enough (clinical.md §4.1). */
export const HarringtonItemsSchema = z.object({
  corticalDestructionAtLeast50: z.boolean(),
  lesionAtLeast25mmProximalFemur: z.boolean(),
  lesserTrochanterAvulsion: z.boolean(),
  painPersistingAfterRadiotherapy: z.boolean(),
});
export type HarringtonItems = z.infer<typeof HarringtonItemsSchema>;
export type HarringtonCriterion = keyof HarringtonItems;

export const HARRINGTON_CRITERIA_LABELS: Record<HarringtonCriterion, Label> = {
  corticalDestructionAtLeast50: {
    fr: "destruction corticale ≥ 50 %",
    en: "≥ 50 % destruction of the cortical bone",
  },
  lesionAtLeast25mmProximalFemur: {
    fr: "lésion ≥ 2,5 cm (fémur proximal)",
    en: "lesion ≥ 2.5 cm (proximal femur)",
  },
  lesserTrochanterAvulsion: {
    fr: "fracture-avulsion pathologique du petit trochanter",
    en: "pathological avulsion fracture of the lesser trochanter",
  },
  painPersistingAfterRadiotherapy: {
    fr: "douleur persistante ou croissante malgré la radiothérapie",
    en: "persistent or increasing pain despite radiotherapy",
  },
};

export type HarringtonCategory = "impendingFracture" | "noCriterionMet";

export type HarringtonResult = CriteriaResult<
  HarringtonCriterion,
  HarringtonCategory,
  Record<HarringtonCriterion, number>
>;

export function harringtonScore(input: HarringtonItems): HarringtonResult {
  const items = parseOrThrow(HarringtonItemsSchema, input, "harrington");
  const criteria = Object.keys(HARRINGTON_CRITERIA_LABELS) as HarringtonCriterion[];
  const criteriaMet = criteria.filter((c) => items[c]);
  const points = Object.fromEntries(criteria.map((c) => [c, items[c] ? 1 : 0])) as Record<
    HarringtonCriterion,
    number
  >;
  // Harrington: any single criterion = impending fracture (not validated; precedes Mirels).
  const category: HarringtonCategory =
    criteriaMet.length > 0 ? "impendingFracture" : "noCriterionMet";
  const categoryLabel: Label =
    category === "impendingFracture"
      ? {
          fr: "fracture imminente (critère de Harrington)",
          en: "impending fracture (Harrington criterion)",
        }
      : { fr: "aucun critère de Harrington", en: "no Harrington criterion met" };
  const met = criteriaMet.map((c) => HARRINGTON_CRITERIA_LABELS[c]);
  return {
    kind: "criteria",
    criteriaMet,
    category,
    categoryLabel,
    items: points,
    rationale: {
      fr:
        met.length > 0
          ? `Harrington : ${met.map((l) => l.fr).join(" ; ")}.`
          : "Harrington : aucun critère rempli.",
      en:
        met.length > 0
          ? `Harrington: ${met.map((l) => l.en).join("; ")}.`
          : "Harrington: no criterion met.",
    },
    source: HARRINGTON_SOURCE,
    unverified: [],
  };
}
