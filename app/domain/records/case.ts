import * as z from "zod";
import { blankToUndefined, optionalPastDate, optionalText, requiredText } from "./fields";

export const CASE_URGENCIES = ["routine", "priority", "urgent"] as const;
export const CASE_STATUSES = ["draft", "ready", "discussed", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** "Anti-résorbeur en question ?" as the form's radio sends it. */
export const BTA_QUESTION_ANSWERS = ["yes", "no"] as const;

const answer = z.enum(BTA_QUESTION_ANSWERS, {
  error: (issue) => (issue.input === undefined ? "errors.required" : "errors.choice"),
});

/**
 * The case as entered. `today` bounds the imaging date (no clock in schemas). The BTA question
 * must be answered on a new case (issue 11 §2: no default, a yes or no is a clinical statement)
 * and stays answered once stated; only a case filed before the question existed may be saved
 * with it still unstated (null): pass `answerRequired: false` for that case alone.
 */
export function makeCaseInputSchema(today: string, opts: { answerRequired: boolean }) {
  const btaAnswer = opts.answerRequired ? answer : answer.optional();
  return z.object({
    question: requiredText(2000),
    referringPhysician: requiredText(120),
    urgency: z.enum(CASE_URGENCIES, { error: "errors.choice" }),
    status: z.enum(CASE_STATUSES, { error: "errors.choice" }).default("draft"),
    btaInQuestion: z
      .preprocess(blankToUndefined, btaAnswer)
      .transform((a): boolean | null => (a === undefined ? null : a === "yes")),
    imagingDate: optionalPastDate(today),
    summary: optionalText(4000),
  });
}
export type CaseInput = z.infer<ReturnType<typeof makeCaseInputSchema>>;

/** The edit form's values from a stored case (the inverse of the schema's parsing). */
export function caseToFormValues(c: {
  question: string;
  referringPhysician: string;
  urgency: string;
  status: string;
  btaInQuestion: boolean | null;
  imagingDate: string | null;
  summary: string | null;
}): Record<string, string> {
  const out: Record<string, string> = {
    question: c.question,
    referringPhysician: c.referringPhysician,
    urgency: c.urgency,
    status: c.status,
  };
  if (c.btaInQuestion !== null) out.btaInQuestion = c.btaInQuestion ? "yes" : "no";
  if (c.imagingDate !== null) out.imagingDate = c.imagingDate;
  if (c.summary !== null) out.summary = c.summary;
  return out;
}
