// The forms of a plan item (issue 12 §2): schedule, mark done, cancel. These schemas only type the
// input; whether the change is legal is the state machine's call (app/domain/plans).
import * as z from "zod";
import { pastDate, requiredChoice, requiredText } from "./fields";

export const PLAN_ITEM_INTENTS = ["schedule", "complete", "cancel"] as const;
export type PlanItemIntent = (typeof PLAN_ITEM_INTENTS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A calendar date in the past or the future (an operating slot is booked ahead). */
const calendarDate = z
  .string({ error: "errors.required" })
  .min(1, { error: "errors.required", abort: true })
  .regex(ISO_DATE, { error: "errors.date_format", abort: true })
  .refine(isRealDate, { error: "errors.date_format" });

const planItemId = z.coerce
  .number({ error: "errors.required" })
  .int({ error: "errors.choice" })
  .positive({ error: "errors.choice" });

export const PlanItemIntentSchema = z.object({ intent: requiredChoice(PLAN_ITEM_INTENTS) });

export const ScheduleItemSchema = z.object({ planItemId, scheduledDate: calendarDate });

/** `today` bounds the date: an item is marked done once it was done (no clock in schemas). */
export const makeCompleteItemSchema = (today: string) =>
  z.object({ planItemId, doneDate: pastDate(today) });

export const CancelItemSchema = z.object({ planItemId, cancelReason: requiredText(200) });
