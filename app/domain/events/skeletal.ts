import * as z from "zod";
import type { BtaAgent } from "../bta/agents";
import type { Label } from "../common";
import { compareIsoDates, IsoDateSchema } from "../dates";
import { parseOrThrow } from "../errors";
import { SKELETAL_EVENT_KINDS, type SkeletalEventKind } from "../records/skeletalEvent";

/**
 * Which recorded skeletal events count as skeletal-related events (SRE) and as symptomatic
 * skeletal events (SSE), clinical.md §6.5:
 * - SRE (denosumab label, CALGB 70604): pathological fracture, radiation to bone, surgery to bone,
 *   spinal cord compression. VERIFIED: Himelstein 2017; Xgeva EU indication.
 * - SRE of the zoledronic-acid label: the same four + tumour-induced hypercalcaemia. VERIFIED: Zometa
 *   EU SmPC ("fractures pathologiques, compression médullaire, irradiation ou chirurgie osseuse,
 *   hypercalcémie induite par des tumeurs"). clinical.md §9 item 6: the list depends on the source,
 *   so both are given, never one silently.
 * - SSE: clinically driven events only: EBRT to relieve skeletal symptoms, new symptomatic
 *   pathological fracture, spinal cord compression, tumour-related orthopaedic surgery;
 *   radiographic-only fractures do not count. Concept VERIFIED (SSE endpoint); the exact ALSYMPCA
 *   wording (Parker 2013) is UNVERIFIED.
 * A fact the SSE needs and the record does not hold gives "unknown", never "no" (decision 104).
 */
export const SRE_SOURCE = "Himelstein 2017 (CALGB 70604); Xgeva EU SmPC";
export const SRE_ZOLEDRONIC_SOURCE = "Zometa EU SmPC";
export const SSE_SOURCE = "Parker 2013 (ALSYMPCA)";

export const SkeletalEventRecordSchema = z.object({
  kind: z.enum(SKELETAL_EVENT_KINDS),
  date: IsoDateSchema,
  /** Fracture: found clinically (symptomatic) rather than on imaging only; absent: not recorded. */
  symptomatic: z.boolean().optional(),
  /** Radiotherapy: given to relieve skeletal symptoms (not prophylactic); absent: not recorded. */
  toRelieveSymptoms: z.boolean().optional(),
});
export type SkeletalEventRecord = z.infer<typeof SkeletalEventRecordSchema>;

export type Answer = "yes" | "no" | "unknown";

export interface SkeletalEventClass {
  kind: SkeletalEventKind;
  /** SRE per the denosumab label and CALGB 70604 (four kinds). */
  sre: boolean;
  /** SRE per the zoledronic-acid label (the four + hypercalcaemia). */
  sreZoledronicLabel: boolean;
  /** SSE: "unknown" when the fact it needs (symptomatic fracture, RT for symptoms) is missing. */
  sse: Answer;
  rationale: Label;
  source: string;
}

const FOUR_SRE_KINDS: ReadonlySet<SkeletalEventKind> = new Set([
  "pathologicalFracture",
  "spinalCordCompression",
  "radiotherapyToBone",
  "surgeryToBone",
]);

const fromFlag = (flag: boolean | undefined): Answer =>
  flag === undefined ? "unknown" : flag ? "yes" : "no";

function sseOf(e: SkeletalEventRecord): { sse: Answer; rationale: Label } {
  switch (e.kind) {
    case "pathologicalFracture": {
      const sse = fromFlag(e.symptomatic);
      const rationale: Record<Answer, Label> = {
        yes: { fr: "Fracture pathologique symptomatique", en: "Symptomatic pathological fracture" },
        no: {
          fr: "Fracture vue à l'imagerie seulement : pas un événement symptomatique",
          en: "Fracture on imaging only: not a symptomatic event",
        },
        unknown: {
          fr: "Fracture : symptomatique ou non, non renseigné",
          en: "Fracture: whether symptomatic is not recorded",
        },
      };
      return { sse, rationale: rationale[sse] };
    }
    case "radiotherapyToBone": {
      const sse = fromFlag(e.toRelieveSymptoms);
      const rationale: Record<Answer, Label> = {
        yes: {
          fr: "Radiothérapie pour soulager des symptômes osseux",
          en: "Radiotherapy to relieve skeletal symptoms",
        },
        no: {
          fr: "Radiothérapie sans symptôme osseux à soulager : pas un événement symptomatique",
          en: "Radiotherapy not given for skeletal symptoms: not a symptomatic event",
        },
        unknown: {
          fr: "Radiothérapie : indication symptomatique non renseignée",
          en: "Radiotherapy: whether given for symptoms is not recorded",
        },
      };
      return { sse, rationale: rationale[sse] };
    }
    // A surgery recorded on a bone lesion of this board is tumour-related orthopaedic surgery.
    case "surgeryToBone":
      return {
        sse: "yes",
        rationale: { fr: "Chirurgie osseuse liée à la tumeur", en: "Tumour-related bone surgery" },
      };
    case "spinalCordCompression":
      return {
        sse: "yes",
        rationale: { fr: "Compression médullaire", en: "Spinal cord compression" },
      };
    case "hypercalcaemia":
      return {
        sse: "no",
        rationale: {
          fr: "Hypercalcémie : événement osseux du seul libellé de l'acide zolédronique",
          en: "Hypercalcaemia: a skeletal-related event of the zoledronic-acid label only",
        },
      };
  }
}

/** Whether one recorded event is an SRE (both definitions) and an SSE. */
export function skeletalEventClass(input: SkeletalEventRecord): SkeletalEventClass {
  const e = parseOrThrow(SkeletalEventRecordSchema, input, "skeletalEvent");
  const sre = FOUR_SRE_KINDS.has(e.kind);
  const { sse, rationale } = sseOf(e);
  return {
    kind: e.kind,
    sre,
    sreZoledronicLabel: sre || e.kind === "hypercalcaemia",
    sse,
    rationale,
    source: `${SRE_SOURCE}; ${SRE_ZOLEDRONIC_SOURCE}; ${SSE_SOURCE}`,
  };
}

export type SreDefinition = "denosumab" | "zoledronicLabel";

export interface FirstAndSecondSre<T> {
  first: T | null;
  second: T | null;
}

/**
 * A patient's first and second SRE under one definition, in date order (a stable sort: events of
 * the same date keep the order given). Every event counts on its own, even on the same day: no
 * merging window is in clinical.md (decision 104).
 */
export function firstAndSecondSre<T extends SkeletalEventRecord>(
  events: readonly T[],
  definition: SreDefinition,
): FirstAndSecondSre<T> {
  for (const e of events) parseOrThrow(SkeletalEventRecordSchema, e, "skeletalEvent");
  const sres = [...events]
    .sort((a, b) => compareIsoDates(a.date, b.date))
    .filter((e) => {
      const c = skeletalEventClass(e);
      return definition === "denosumab" ? c.sre : c.sreZoledronicLabel;
    });
  return { first: sres[0] ?? null, second: sres[1] ?? null };
}

export interface SreUnderDefinition<T> extends FirstAndSecondSre<T> {
  definition: SreDefinition;
  source: string;
}

export interface SkeletalEventSummary<T> {
  /**
   * The first and second SRE under the definition of the patient's agent (denosumab: the four
   * kinds; zoledronic acid: its label, with hypercalcaemia); both, labelled, when no agent is known.
   */
  sre: SreUnderDefinition<T>[];
  /** Symptomatic skeletal events: those known to be one, and those a missing fact leaves open. */
  sse: { count: number; undetermined: number; source: string };
}

const SRE_OF_AGENT: Record<BtaAgent, SreDefinition> = {
  denosumab: "denosumab",
  zoledronicAcid: "zoledronicLabel",
};
const SRE_DEFINITION_SOURCE: Record<SreDefinition, string> = {
  denosumab: SRE_SOURCE,
  zoledronicLabel: SRE_ZOLEDRONIC_SOURCE,
};

/**
 * What the patient page says of the recorded events (issue 12, decision 124): the first and second
 * SRE under the definition that fits the patient's agent (clinical.md §9 item 6: never one list
 * silently), and the SSE count, with the events whose symptomatic nature is not recorded counted
 * apart rather than as "no".
 */
export function skeletalEventSummary<T extends SkeletalEventRecord>(
  events: readonly T[],
  agent: BtaAgent | null,
): SkeletalEventSummary<T> {
  const definitions: SreDefinition[] =
    agent === null ? ["denosumab", "zoledronicLabel"] : [SRE_OF_AGENT[agent]];
  const classes = events.map((e) => skeletalEventClass(e));
  return {
    sre: definitions.map((definition) => ({
      definition,
      ...firstAndSecondSre(events, definition),
      source: SRE_DEFINITION_SOURCE[definition],
    })),
    sse: {
      count: classes.filter((c) => c.sse === "yes").length,
      undetermined: classes.filter((c) => c.sse === "unknown").length,
      source: SSE_SOURCE,
    },
  };
}
