import * as z from "zod";
import { requiredText } from "./fields";

export const CASE_URGENCIES = ["routine", "priority", "urgent"] as const;
export const CASE_STATUSES = ["draft", "ready", "discussed", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CaseInputSchema = z.object({
  question: requiredText(2000),
  referringPhysician: requiredText(120),
  urgency: z.enum(CASE_URGENCIES, { error: "errors.choice" }),
  status: z.enum(CASE_STATUSES, { error: "errors.choice" }).default("draft"),
});
export type CaseInput = z.infer<typeof CaseInputSchema>;
