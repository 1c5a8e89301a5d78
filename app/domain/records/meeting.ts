// The forms of the meeting pages (issue 11 §1, §3), parsed at the route and shared with the tests
// and the seed. Forms send strings; each error is an i18n key naming what is expected. The rules
// themselves (state machine, quorum) are the kernel's: app/domain/meeting/.
import * as z from "zod";
import { PRESENCES } from "../meeting/quorum";
import { blankToUndefined, requiredChoice, requiredText } from "./fields";
import { SPECIALTIES } from "./permissions";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A meeting date: today or later (a meeting is planned ahead; `today` is passed in). */
export const meetingDate = (today: string) =>
  z
    .string({ error: "errors.required" })
    .min(1, { error: "errors.required", abort: true })
    .regex(ISO_DATE, { error: "errors.date_format", abort: true })
    .refine(isRealDate, { error: "errors.date_format", abort: true })
    .refine((s) => s >= today, { error: "errors.date_past" });

/** An https link only (calendar.ts VideoLinkSchema: a meeting link is never plain http). */
const videoLink = z.preprocess(
  blankToUndefined,
  z
    .url({ protocol: /^https$/, error: "errors.https_url" })
    .max(500, { error: "errors.too_long" })
    .optional(),
);

const id = z.coerce
  .number({ error: "errors.choice" })
  .int({ error: "errors.choice" })
  .positive({ error: "errors.choice" });

/** A meeting typed by the coordinator (a one-off session, or a date of the RCP's calendar). */
export const makePlanMeetingSchema = (today: string) =>
  z.object({
    rcpId: id,
    date: meetingDate(today),
    time: z
      .string({ error: "errors.required" })
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
        error: "errors.time_format",
      }),
    place: requiredText(200),
    videoLink,
  });
export type PlanMeetingInput = z.infer<ReturnType<typeof makePlanMeetingSchema>>;

/** A date offered by an RCP's calendar: "<rcpId> YYYY-MM-DD HH:MM" (place and link come from it). */
export const ScheduledSlotSchema = z.object({
  slot: z
    .string({ error: "errors.required" })
    .min(1, { error: "errors.required", abort: true })
    .regex(/^\d{1,12} \d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/, { error: "errors.choice" })
    .transform((s) => {
      const [rcpId = "", date = "", time = ""] = s.split(" ");
      return { rcpId: Number(rcpId), date, time };
    }),
});

export const ChairSchema = z.object({ chairUserId: id });
export const CaseOnAgendaSchema = z.object({ caseId: id });
export const MoveSchema = z.object({
  caseId: id,
  direction: requiredChoice(["up", "down"] as const),
});
/** The suggested order, posted back as "12,7,9". */
export const OrderSchema = z.object({
  order: z
    .string({ error: "errors.required" })
    .regex(/^\d{1,12}(,\d{1,12})*$/, { error: "errors.invalid" })
    .transform((s) => s.split(",").map(Number)),
});
/** Where to postpone or carry to: blank = the next planned meeting of the same RCP. */
export const TargetMeetingSchema = z.object({
  toMeetingId: z.preprocess(blankToUndefined, id.optional()),
});
/**
 * Closing a meeting and postponing a case are confirmed by ticking a box in the same form (works
 * without JavaScript; a slip of the finger on a big button must not close the session).
 */
export const ConfirmSchema = z.object({
  confirm: z.literal("yes", { error: "errors.confirm_required" }),
});
export const PostponeSchema = CaseOnAgendaSchema.extend(TargetMeetingSchema.shape).extend(
  ConfirmSchema.shape,
);

export const PresenceSchema = z.object({
  attendeeKey: z
    .string({ error: "errors.required" })
    .regex(/^(member:\d{1,12}|guest:[A-Za-z0-9-]{1,64})$/, { error: "errors.choice" }),
  presence: requiredChoice(PRESENCES),
});

/** A guest: name, physician or not, specialty (required for a physician: quorum counts it). */
export const GuestSchema = z
  .object({
    name: requiredText(120),
    physician: requiredChoice(["yes", "no"] as const).transform((v) => v === "yes"),
    specialty: z.preprocess(
      blankToUndefined,
      z.enum(SPECIALTIES, { error: "errors.choice" }).optional(),
    ),
    presence: requiredChoice(PRESENCES),
  })
  .refine((g) => !g.physician || g.specialty !== undefined, {
    path: ["specialty"],
    error: "errors.required",
  });
export type GuestInput = z.infer<typeof GuestSchema>;
