import * as z from "zod";

/** A text shown to users, French first (the interface is French), English second. */
export interface Label {
  fr: string;
  en: string;
}

export const LabelSchema = z.object({ fr: z.string().min(1), en: z.string().min(1) });

/** Radiographic lesion type, shared by Mirels, SINS and the lesion record. */
export const LesionTypeSchema = z.enum(["lytic", "blastic", "mixed"]);
export type LesionType = z.infer<typeof LesionTypeSchema>;

export const LESION_TYPE_LABELS: Record<LesionType, Label> = {
  lytic: { fr: "ostéolytique", en: "lytic" },
  blastic: { fr: "ostéocondensante", en: "blastic" },
  mixed: { fr: "mixte", en: "mixed" },
};

/** Level used to colour the map and sort worklists. */
export const RiskLevelSchema = z.enum(["low", "moderate", "high", "unknown"]);
export type RiskLevel = z.infer<typeof RiskLevelSchema>;

export const RISK_LEVEL_LABELS: Record<RiskLevel, Label> = {
  low: { fr: "faible", en: "low" },
  moderate: { fr: "intermédiaire", en: "moderate" },
  high: { fr: "élevé", en: "high" },
  unknown: { fr: "non évalué", en: "not assessed" },
};

/**
 * Result of every score (decision 012). The headline value has one name per kind, never a
 * "total" that means a sum here and a grade there:
 * - `points`: a sum of item points (Mirels, SINS, Tokuhashi, Tomita, Dutch spinal);
 * - `grade`: one ordinal grade read by the clinician (ESCC, Frankel, ASIA);
 * - `criteria`: yes/no criteria, `criteriaMet` lists those met (Harrington, femoral cortical);
 * - `rating`: a value on a rating scale (pain NRS 0–10);
 * - `decision`: a decision framework whose result is the category itself (NOMS).
 */
interface ScoreResultBase<TCategory extends string, TItems> {
  category: TCategory;
  categoryLabel: Label;
  /** Points (or value) of each item. */
  items: TItems;
  rationale: Label;
  source: string;
  /** Values used that clinical.md marks UNVERIFIED; shown to the user when not empty. */
  unverified: Label[];
}

export type PointsResult<TCategory extends string, TItems> = ScoreResultBase<TCategory, TItems> & {
  kind: "points";
  points: number;
};

export type GradeResult<TGrade extends string, TCategory extends string, TItems> = ScoreResultBase<
  TCategory,
  TItems
> & { kind: "grade"; grade: TGrade };

export type CriteriaResult<
  TCriterion extends string,
  TCategory extends string,
  TItems,
> = ScoreResultBase<TCategory, TItems> & { kind: "criteria"; criteriaMet: TCriterion[] };

export type RatingResult<TCategory extends string, TItems> = ScoreResultBase<TCategory, TItems> & {
  kind: "rating";
  rating: number;
};

export type DecisionResult<TCategory extends string, TItems> = ScoreResultBase<
  TCategory,
  TItems
> & { kind: "decision" };

/** Any score result, discriminated by `kind`. */
export type ScoreResult =
  | PointsResult<string, object>
  | GradeResult<string, string, object>
  | CriteriaResult<string, string, object>
  | RatingResult<string, object>
  | DecisionResult<string, object>;

/** The headline value to show: points, grade, number of criteria met, rating, or the category. */
export function scoreValue(result: ScoreResult): number | string {
  switch (result.kind) {
    case "points":
      return result.points;
    case "grade":
      return result.grade;
    case "criteria":
      return result.criteriaMet.length;
    case "rating":
      return result.rating;
    case "decision":
      return result.category;
  }
}

/**
 * The negative branch of every rule that can say "no" as a normal clinical outcome (decision
 * 012): a discriminated union on `ok`, `{ ok: true, … } | { ok: false, code, reason }`. `code` is
 * a stable identifier for tests and logs, `reason` the French/English text for the user.
 */
export interface Refusal<TCode extends string = string> {
  ok: false;
  code: TCode;
  reason: Label;
}

export function worseOf(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_ORDER[a] >= RISK_ORDER[b] ? a : b;
}

/** Severity order of known levels; 'unknown' sorts below 'low' when combining known rules. */
export const RISK_ORDER: Record<RiskLevel, number> = { unknown: -1, low: 0, moderate: 1, high: 2 };

/** One criterion of a rule read on a patient: an unknown fact is "unknown", never assumed. */
export type CriterionStatus = "met" | "unmet" | "unknown";

/**
 * Standard gravity (9.80665 m/s², CGPM 1901), to turn a body mass in kg into a weight in newtons:
 * the one g of the board's FE rule and of the FE pipeline's body-weight multiples.
 */
export const STANDARD_GRAVITY_M_S2 = 9.80665;
