// The form of a BTA event (issue 12 §1): what the oncologist records. The engine
// (app/domain/bta) decides whether the event is legal and sets the dose; this schema only types it.
import * as z from "zod";
import { BtaAgentSchema } from "../bta/agents";
import { PauseReasonSchema } from "../bta/sequence";
import {
  numberIn,
  optionalNumberIn,
  optionalPastDate,
  optionalText,
  pastDate,
  requiredChoice,
} from "./fields";

export const BTA_EVENT_KINDS = [
  "initiate",
  "dose_given",
  "pause",
  "resume",
  "switch",
  "stop",
] as const;
export type BtaEventKind = (typeof BTA_EVENT_KINDS)[number];

const optionalChoice = <T extends Readonly<Record<string, string>>>(values: T) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.enum(values, { error: "errors.choice" }).optional(),
  );

/** `today` bounds the dates: an event is recorded once it has happened (no clock here). */
export function makeBtaEventInputSchema(today: string) {
  return z
    .object({
      kind: requiredChoice(BTA_EVENT_KINDS),
      date: pastDate(today),
      agent: optionalChoice(BtaAgentSchema.enum),
      intervalWeeks: optionalNumberIn(1, 52, { integer: true }),
      pauseReason: optionalChoice(PauseReasonSchema.enum),
      pauseReasonOther: optionalText(200),
      dentalCheckDate: optionalPastDate(today),
      calciumVitaminDPlan: optionalChoice({ yes: "yes", no: "no" } as const),
      // Plausibility limits, not clinical thresholds (the engine's schema caps calcium at 6).
      baselineCalciumMmolL: optionalNumberIn(0.5, 6),
      creatinineClearanceMlMin: optionalNumberIn(0, 250),
      baselineCreatinineUmolL: optionalNumberIn(1, 3000),
      creatinineUmolL: optionalNumberIn(1, 3000),
      decisionVersionId: z.preprocess(
        (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
        numberIn(1, Number.MAX_SAFE_INTEGER, { integer: true }).optional(),
      ),
    })
    .superRefine((e, ctx) => {
      const required = (path: string) =>
        ctx.addIssue({ code: "custom", path: [path], message: "errors.required" });
      if (e.kind === "initiate" || e.kind === "switch") {
        if (e.agent === undefined) required("agent");
        if (e.intervalWeeks === undefined) required("intervalWeeks");
      }
      if (e.kind === "pause") {
        if (e.pauseReason === undefined) required("pauseReason");
        if (e.pauseReason === "other" && e.pauseReasonOther === undefined)
          required("pauseReasonOther");
      }
    });
}
export type BtaEventInput = z.infer<ReturnType<typeof makeBtaEventInputSchema>>;
