import * as z from "zod";
import type { GradeResult, Label } from "../common";
import { compareIsoDates, dateInLabel, IsoDateSchema } from "../dates";
import { parseOrThrow } from "../errors";
import { ASIA_SOURCE } from "./asia";

export const FRANKEL_SOURCE =
  "Frankel 1969 (Paraplegia 7:179); tableau modifié : Tokuhashi 2005, NICE CG75";

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

/**
 * Neurological course from dated Frankel or ASIA grades (both A worst … E normal; clinical.md
 * §3.2, §3.3). A worsening is a drop of one grade or more from the previous examination: the
 * "Frankel/AIS worsening" of the emergency pathway (clinical.md §7.4, "general"; its time targets
 * UNVERIFIED). Readings are taken in date order; readings of the same date keep the order given.
 */
export const NeurologicalReadingSchema = z.object({
  date: IsoDateSchema,
  grade: FrankelGradeSchema,
});
export const NeurologicalCourseInputSchema = z.object({
  scale: z.enum(["frankel", "asia"]),
  readings: z.array(NeurologicalReadingSchema).max(500),
});
export type NeurologicalCourseInput = z.infer<typeof NeurologicalCourseInputSchema>;

export interface NeurologicalWorsening {
  /** Date of the examination that found the lower grade. */
  date: string;
  /** Date of the previous examination, the one compared with. */
  previousDate: string;
  from: FrankelGradeValue;
  to: FrankelGradeValue;
  /** Number of grades lost (1 for D → C, 3 for E → B). */
  gradesLost: number;
}

export interface NeurologicalCourse {
  worsened: boolean;
  /** The first worsening, null when none. */
  first: NeurologicalWorsening | null;
  /** Every worsening, in date order. */
  worsenings: NeurologicalWorsening[];
  rationale: Label;
  source: string;
}

const GRADE_RANK: Record<FrankelGradeValue, number> = { A: 0, B: 1, C: 2, D: 3, E: 4 };

/** Whether, when, and from which grade to which the Frankel (or ASIA) grade worsened. */
export function neurologicalCourse(input: NeurologicalCourseInput): NeurologicalCourse {
  const v = parseOrThrow(NeurologicalCourseInputSchema, input, "neurologicalCourse");
  const readings = [...v.readings].sort((a, b) => compareIsoDates(a.date, b.date));
  const worsenings: NeurologicalWorsening[] = [];
  for (let i = 1; i < readings.length; i += 1) {
    const before = readings[i - 1];
    const after = readings[i];
    if (!before || !after) continue;
    const lost = GRADE_RANK[before.grade] - GRADE_RANK[after.grade];
    if (lost >= 1)
      worsenings.push({
        date: after.date,
        previousDate: before.date,
        from: before.grade,
        to: after.grade,
        gradesLost: lost,
      });
  }
  const name = v.scale === "frankel" ? "Frankel" : "ASIA";
  const first = worsenings[0] ?? null;
  return {
    worsened: first !== null,
    first,
    worsenings,
    rationale: first
      ? {
          fr: `Aggravation neurologique : ${name} ${first.from} → ${first.to} le ${dateInLabel(first.date).fr}.`,
          en: `Neurological worsening: ${name} ${first.from} → ${first.to} on ${dateInLabel(first.date).en}.`,
        }
      : {
          fr: `Pas d'aggravation du grade ${name}.`,
          en: `No worsening of the ${name} grade.`,
        },
    source: v.scale === "frankel" ? FRANKEL_SOURCE : ASIA_SOURCE,
  };
}
