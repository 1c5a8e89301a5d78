import * as z from "zod";
import type { GradeResult, Label } from "../common";
import { parseOrThrow } from "../errors";

export const ASIA_SOURCE = "ASIA Impairment Scale (ISNCSCI), PMC4303793 Table 1";

export const AsiaGradeSchema = z.enum(["A", "B", "C", "D", "E"]);
export type AsiaGradeValue = z.infer<typeof AsiaGradeSchema>;

export const AsiaItemsSchema = z.object({ grade: AsiaGradeSchema });
export type AsiaItems = z.infer<typeof AsiaItemsSchema>;

export type AsiaCategory = "complete" | "sensoryIncomplete" | "motorIncomplete" | "normal";

// ISNCSCI AIS (clinical.md §3.3).
export const ASIA_GRADES: Record<AsiaGradeValue, { category: AsiaCategory; label: Label }> = {
  A: {
    category: "complete",
    label: {
      fr: "complet : aucune fonction sensitive ni motrice en S4–S5",
      en: "complete: no sensory or motor function preserved in S4–S5",
    },
  },
  B: {
    category: "sensoryIncomplete",
    label: {
      fr: "incomplet sensitif : sensibilité sans motricité sous le niveau, y compris S4–S5",
      en: "sensory incomplete: sensory but not motor function below the level, including S4–S5",
    },
  },
  C: {
    category: "motorIncomplete",
    label: {
      fr: "incomplet moteur : plus de la moitié des muscles clés sous le niveau cotés < 3",
      en: "motor incomplete: more than half of key muscles below the level graded < 3",
    },
  },
  D: {
    category: "motorIncomplete",
    label: {
      fr: "incomplet moteur : au moins la moitié des muscles clés sous le niveau cotés ≥ 3",
      en: "motor incomplete: at least half of key muscles below the level graded ≥ 3",
    },
  },
  E: {
    category: "normal",
    label: {
      fr: "normal : sensibilité et motricité normales",
      en: "normal sensory and motor function",
    },
  },
};

export type AsiaResult = GradeResult<AsiaGradeValue, AsiaCategory, { deficit: boolean }>;

export function asiaScore(input: AsiaItems): AsiaResult {
  const { grade } = parseOrThrow(AsiaItemsSchema, input, "asia");
  const entry = ASIA_GRADES[grade];
  return {
    kind: "grade",
    grade,
    category: entry.category,
    categoryLabel: entry.label,
    items: { deficit: grade !== "E" },
    rationale: {
      fr: `ASIA ${grade} : ${entry.label.fr}.`,
      en: `ASIA ${grade}: ${entry.label.en}.`,
    },
    source: ASIA_SOURCE,
    unverified: [],
  };
}
