import { z } from "zod";

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
 * Error thrown when input does not match a schema or a score is asked for where it does not
 * apply (e.g. Mirels on a vertebra). Clinical refusals that are normal outcomes (zoledronic acid
 * under 30 mL/min, an illegal BTA transition) are returned as values instead, never thrown.
 */
export class DomainInputError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly label: Label;

  constructor(code: string, label: Label, field?: string) {
    super(`${label.en} (${code}${field ? `, field ${field}` : ""})`);
    this.name = "DomainInputError";
    this.code = code;
    this.field = field;
    this.label = label;
  }
}

/** Parses with a zod schema and turns a failure into a DomainInputError naming the field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? issue.path.map(String).join(".") : "";
  const detail = issue ? issue.message : "invalid input";
  throw new DomainInputError(
    `${what}.invalidInput`,
    {
      fr: `${what} : saisie invalide${field ? ` (champ « ${field} »)` : ""} : ${detail}`,
      en: `${what}: invalid input${field ? ` (field "${field}")` : ""}: ${detail}`,
    },
    field || undefined,
  );
}

/** Common shape of every score result. */
export interface ScoreResult<TTotal, TCategory extends string, TItems> {
  total: TTotal;
  category: TCategory;
  categoryLabel: Label;
  items: TItems;
  rationale: Label;
  source: string;
  /** Values used that clinical.md marks UNVERIFIED; shown to the user when not empty. */
  unverified: Label[];
}

export function worseOf(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_ORDER[a] >= RISK_ORDER[b] ? a : b;
}

/** Severity order of known levels; 'unknown' sorts below 'low' when combining known rules. */
export const RISK_ORDER: Record<RiskLevel, number> = { unknown: -1, low: 0, moderate: 1, high: 2 };
