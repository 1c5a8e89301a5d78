import * as z from "zod";
import type { GradeResult, Label } from "../common";
import { parseOrThrow } from "../errors";

export const FRANKEL_SOURCE =
  "Frankel 1969 (Paraplegia), modified table as in Tokuhashi 2005 / NICE CG75";

export const FrankelGradeSchema = z.enum(["A", "B", "C", "D", "E"]);
export type FrankelGradeValue = z.infer<typeof FrankelGradeSchema>;

export const FrankelItemsSchema = z.object({ grade: FrankelGradeSchema });
export type FrankelItems = z.infer<typeof FrankelItemsSchema>;

export type FrankelCategory =
  | "complete"
  | "sensoryOnly"
  | "motorUseless"
  | "motorUseful"
  | "normal";

// Frankel 1969 (clinical.md §3.2).
export const FRANKEL_GRADES: Record<
  FrankelGradeValue,
  { category: FrankelCategory; label: Label }
> = {
  A: {
    category: "complete",
    label: {
      fr: "complet : ni motricité ni sensibilité sous le niveau",
      en: "complete: no motor or sensory function below the level",
    },
  },
  B: {
    category: "sensoryOnly",
    label: {
      fr: "sensitif seul : sensibilité partielle, pas de motricité",
      en: "sensory only: some sensation, no motor function",
    },
  },
  C: {
    category: "motorUseless",
    label: {
      fr: "motricité inutile : motricité non fonctionnelle",
      en: "motor useless: some motor function, not of practical use",
    },
  },
  D: {
    category: "motorUseful",
    label: {
      fr: "motricité utile : marche possible avec ou sans aide",
      en: "motor useful: can walk with or without aid",
    },
  },
  E: {
    category: "normal",
    label: {
      fr: "normal : motricité et sensibilité normales",
      en: "normal motor and sensory function",
    },
  },
};

/** Tokuhashi 2005 palsy item: complete (A, B), incomplete (C, D), none (E). */
export type PalsyCategory = "complete" | "incomplete" | "none";

export function frankelPalsy(grade: FrankelGradeValue): PalsyCategory {
  if (grade === "A" || grade === "B") return "complete";
  if (grade === "C" || grade === "D") return "incomplete";
  return "none";
}

export type FrankelResult = GradeResult<
  FrankelGradeValue,
  FrankelCategory,
  { deficit: boolean; palsy: PalsyCategory }
>;

export function frankelScore(input: FrankelItems): FrankelResult {
  const { grade } = parseOrThrow(FrankelItemsSchema, input, "frankel");
  const entry = FRANKEL_GRADES[grade];
  return {
    kind: "grade",
    grade,
    category: entry.category,
    categoryLabel: entry.label,
    items: { deficit: grade !== "E", palsy: frankelPalsy(grade) },
    rationale: {
      fr: `Frankel ${grade} : ${entry.label.fr}.`,
      en: `Frankel ${grade}: ${entry.label.en}.`,
    },
    source: FRANKEL_SOURCE,
    unverified: [],
  };
}
