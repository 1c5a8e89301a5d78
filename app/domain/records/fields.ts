// Field parsers shared by the record's schemas. Forms send strings: an empty field means "not
// given". Messages are i18n keys (errors.*), translated where they are shown.
import * as z from "zod";

export const blankToUndefined = (v: unknown) =>
  typeof v === "string" && v.trim() === "" ? undefined : v;

export const requiredText = (max = 200) =>
  z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(max, { error: "errors.too_long" });

/**
 * One of a list of choices that must be made: a blank form field (the "— non renseigné —" option)
 * is "errors.required", a value off the list "errors.choice" (issue 10 §4: a required field left
 * empty says so, not that its format is wrong).
 */
export const requiredChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    blankToUndefined,
    z.enum(values, {
      error: (issue) => (issue.input === undefined ? "errors.required" : "errors.choice"),
    }),
  );

export const optionalText = (max = 2000) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, { error: "errors.too_long" }).optional(),
  );

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A calendar date (YYYY-MM-DD) that is not after `today` (passed in: no clock in schemas). */
export const pastDate = (today: string) =>
  z
    .string({ error: "errors.required" })
    // An empty required date is "obligatoire", not a format error (issue 10 §4); abort: one message.
    .min(1, { error: "errors.required", abort: true })
    .regex(ISO_DATE, { error: "errors.date_format", abort: true })
    .refine(isRealDate, { error: "errors.date_format" })
    .refine((s) => s <= today, { error: "errors.date_future" });

export const optionalPastDate = (today: string) =>
  z.preprocess(blankToUndefined, pastDate(today).optional());

export const numberIn = (min: number, max: number, opts: { integer?: boolean } = {}) => {
  let n = z.coerce.number({ error: "errors.number" });
  if (opts.integer) n = n.int({ error: "errors.integer" });
  return n.min(min, { error: `errors.min:${min}` }).max(max, { error: `errors.max:${max}` });
};

export const optionalNumberIn = (min: number, max: number, opts: { integer?: boolean } = {}) =>
  z.preprocess(blankToUndefined, numberIn(min, max, opts).optional());

export interface FieldError {
  field: string;
  /** i18n key, optionally followed by ':' and a parameter (errors.max:350). */
  code: string;
  /** The clinical engine's own words for a refusal (app/domain/bta), shown instead of the key's. */
  reason?: { fr: string; en: string };
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "_form",
    code: issue.message.startsWith("errors.") ? issue.message : "errors.invalid",
  }));
}
