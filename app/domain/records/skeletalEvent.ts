// The kinds of skeletal event recorded on a lesion (issue 12 §3). The list is the zoledronic-acid
// label's skeletal-related events (Zometa EU SmPC: "fractures pathologiques, compression
// médullaire, irradiation ou chirurgie osseuse, hypercalcémie induite par des tumeurs"; clinical.md
// §"Skeletal-related event"). The stored column (db/schema.ts skeletal_events.kind) uses the same
// identifiers; which of them count as SRE or SSE is the engine's rule, not this list's.
import * as z from "zod";
import { blankToUndefined, optionalText, pastDate, requiredChoice } from "./fields";

export const SKELETAL_EVENT_KINDS = [
  "pathologicalFracture",
  "spinalCordCompression",
  "radiotherapyToBone",
  "surgeryToBone",
  "hypercalcaemia",
] as const;
export type SkeletalEventKind = (typeof SKELETAL_EVENT_KINDS)[number];

export const SKELETAL_EVENT_LABELS: Record<SkeletalEventKind, { fr: string; en: string }> = {
  pathologicalFracture: { fr: "Fracture pathologique", en: "Pathological fracture" },
  spinalCordCompression: { fr: "Compression médullaire", en: "Spinal cord compression" },
  radiotherapyToBone: { fr: "Radiothérapie osseuse", en: "Radiotherapy to bone" },
  surgeryToBone: { fr: "Chirurgie osseuse", en: "Surgery to bone" },
  hypercalcaemia: { fr: "Hypercalcémie", en: "Hypercalcaemia" },
};

// ---- The form (issue 12 §3) ----

/** Where the event came from: a plan item of a signed decision, or an emergency. */
export const SKELETAL_EVENT_ORIGINS = ["planned", "emergency"] as const;
export type SkeletalEventOrigin = (typeof SKELETAL_EVENT_ORIGINS)[number];

const positiveId = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: "errors.choice" })
    .int({ error: "errors.choice" })
    .positive({ error: "errors.choice" })
    .optional(),
);

/**
 * What the user records: the kind, the date (it happened: not after `today`, passed in), the
 * lesion (every kind but hypercalcaemia, which is systemic), and whether it was planned or an
 * emergency, never pre-selected. A planned event names its plan item; whether that item may
 * stand behind it (same patient and lesion, not cancelled) is the use case's check (decision 105).
 * Field names carry the `event` prefix so they do not clash with the BTA form on the same page.
 */
export function makeSkeletalEventInputSchema(today: string) {
  return z
    .object({
      eventKind: requiredChoice(SKELETAL_EVENT_KINDS),
      eventDate: pastDate(today),
      lesionId: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
      origin: requiredChoice(SKELETAL_EVENT_ORIGINS),
      planItemId: positiveId,
      note: optionalText(500),
    })
    .superRefine((e, ctx) => {
      const required = (path: string) =>
        ctx.addIssue({ code: "custom", path: [path], message: "errors.required" });
      // Hypercalcaemia is a metabolic event of the whole patient (Zometa SmPC 4.1), not a lesion's.
      if (e.eventKind !== "hypercalcaemia" && e.lesionId === undefined) required("lesionId");
      if (e.origin === "planned" && e.planItemId === undefined) required("planItemId");
    });
}
export type SkeletalEventInput = z.infer<ReturnType<typeof makeSkeletalEventInputSchema>>;
