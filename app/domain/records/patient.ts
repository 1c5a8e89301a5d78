import * as z from "zod";
import { PrimaryCancerSchema } from "./cancer";
import {
  blankToUndefined,
  numberIn,
  optionalNumberIn,
  optionalPastDate,
  optionalText,
  pastDate,
  requiredChoice,
  requiredText,
} from "./fields";

export const SEXES = ["F", "M", "X"] as const;
export const SYSTEMIC_TREATMENTS = [
  "none",
  "chemotherapy",
  "hormone_therapy",
  "targeted_therapy",
  "immunotherapy",
  "cdk46_inhibitor",
  // A systemic bone treatment that is not a BTA (treatments/catalogue.ts SYSTEMIC_TREATMENTS;
  // decision 124): a patient on it must be recordable as such.
  "radium223",
  "other",
] as const;
export const SURVIVAL_BANDS = ["lt_3m", "3_6m", "6_12m", "1_2y", "gt_2y", "unknown"] as const;

/**
 * The patient record as entered. `today` bounds the dates (no clock here). Weight bounds are
 * plausibility limits for an adult or child patient, not clinical thresholds.
 */
export function makePatientInputSchema(today: string) {
  return z
    .object({
      hospitalId: requiredText(40),
      lastName: requiredText(100),
      firstName: requiredText(100),
      birthDate: pastDate(today),
      sex: requiredChoice(SEXES),
      primaryCancer: PrimaryCancerSchema,
      cancerDiagnosisDate: optionalPastDate(today),
      boneMetastasisDiagnosisDate: optionalPastDate(today),
      weightKg: optionalNumberIn(1, 350),
      ecog: optionalNumberIn(0, 4, { integer: true }),
      karnofsky: optionalNumberIn(0, 100, { integer: true }).refine(
        (k) => k === undefined || k % 10 === 0,
        { error: "errors.karnofsky_step" },
      ),
      // Blank is refused rather than read as "none": "Aucun" is a clinical statement (issue 10 §4).
      systemicTreatment: requiredChoice(SYSTEMIC_TREATMENTS),
      systemicTreatmentDetail: optionalText(200),
      creatinineClearanceMlMin: optionalNumberIn(0, 250),
      creatinineClearanceDate: optionalPastDate(today),
      // Not given is "unknown" ("Non estimée"), the form's starting choice: never a band.
      survivalBand: z.preprocess(
        blankToUndefined,
        z.enum(SURVIVAL_BANDS, { error: "errors.choice" }).default("unknown"),
      ),
      wishes: optionalText(2000),
      // Before a first bone-targeting agent (Brown 2021 J Bone Oncol Table 3; issue 11 §2).
      dentalCheckDate: optionalPastDate(today),
    })
    .superRefine((p, ctx) => {
      for (const key of [
        "cancerDiagnosisDate",
        "boneMetastasisDiagnosisDate",
        "dentalCheckDate",
      ] as const) {
        const d = p[key];
        if (d !== undefined && d < p.birthDate)
          ctx.addIssue({ code: "custom", path: [key], message: "errors.before_birth" });
      }
      if (p.creatinineClearanceMlMin !== undefined && p.creatinineClearanceDate === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["creatinineClearanceDate"],
          message: "errors.clearance_date_required",
        });
    });
}
export type PatientInput = z.infer<ReturnType<typeof makePatientInputSchema>>;

/** RCPs a patient can be filed under are checked by the route (membership), not here. */
export const rcpIdField = numberIn(1, Number.MAX_SAFE_INTEGER, { integer: true });

/** Turns flat form fields (`primaryCancer.type`, `primaryCancer.her2`) into the nested input. */
export function patientFormToInput(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const cancer: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k.startsWith("primaryCancer.")) cancer[k.slice("primaryCancer.".length)] = v;
    else out[k] = v;
  }
  if (Object.keys(cancer).length > 0 && out.primaryCancer === undefined) out.primaryCancer = cancer;
  return out;
}

/** The edit form's initial values from a stored patient (the inverse of patientFormToInput). */
export function patientToFormValues(p: {
  [k: string]: unknown;
  primaryCancer: unknown;
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === "primaryCancer" && v && typeof v === "object") {
      for (const [ck, cv] of Object.entries(v)) out[`primaryCancer.${ck}`] = String(cv);
    } else if (v !== null && v !== undefined && typeof v !== "object") out[k] = String(v);
  }
  return out;
}

/** Whole years between two ISO dates. */
export function ageYears(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  if (!by || !bm || !bd || !ty || !tm || !td) return Number.NaN;
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** How a patient is named on every screen and in page titles: "LASTNAME Firstname". */
export function patientDisplayName(p: { lastName: string; firstName: string }): string {
  return `${p.lastName.toUpperCase()} ${p.firstName}`;
}
