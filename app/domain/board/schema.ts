// The live case board (issue 5 §1): one document per case, edited by the whole meeting. This file
// is its shape as plain JSON, defined once; app/domain/board/ydoc.ts maps it onto Yjs types and the
// collaboration server validates what it projects with these schemas. Pure: no Yjs, no clock.
import * as z from "zod";
import type { Label } from "../common";
import { IsoDateSchema } from "../dates";
import { FeLesionResultSchema } from "../fe/result";
import { LesionInputSchema } from "../risk/lesion";
import { AsiaGradeSchema } from "../scores/asia";
import { FrankelGradeSchema } from "../scores/frankel";
import { LOCAL_TREATMENT_IDS } from "../treatments/catalogue";

/** Free-text limits: a board is a meeting's notes, not a document store (keeps frames small). */
export const DISCUSSION_MAX_CHARS = 20_000;
export const NOTE_MAX_CHARS = 2_000;

const IdSchema = z.string().min(1).max(64);
/** Timestamps written by clients (ISO 8601 with time); informative only, never trusted for audit. */
const TimestampSchema = z.iso.datetime({ offset: true });

// ---- Local-treatment options under discussion ----

export const OptionStatusSchema = z.enum(["proposed", "retained", "rejected"]);
export type OptionStatus = z.infer<typeof OptionStatusSchema>;

export const OPTION_STATUS_LABELS: Record<OptionStatus, Label> = {
  proposed: { fr: "proposée", en: "proposed" },
  retained: { fr: "retenue", en: "retained" },
  rejected: { fr: "écartée", en: "rejected" },
};

export const TreatmentOptionSchema = z.object({
  id: IdSchema,
  /** Local treatment from the catalogue (app/domain/treatments). */
  treatmentId: z.enum(LOCAL_TREATMENT_IDS),
  /** users.id of the member who proposed it; names are resolved by the UI, never stored here. */
  proposedBy: z.number().int().positive(),
  proposedAt: TimestampSchema.optional(),
  status: OptionStatusSchema,
  note: z.string().max(NOTE_MAX_CHARS).default(""),
});
export type TreatmentOption = z.infer<typeof TreatmentOptionSchema>;

// ---- Dated imaging assessments ----

export const ImagingModalitySchema = z.enum(["ct", "mri", "fdgPet", "boneScan", "psmaPet", "xray"]);
export type ImagingModality = z.infer<typeof ImagingModalitySchema>;

export const IMAGING_MODALITY_LABELS: Record<ImagingModality, Label> = {
  ct: { fr: "TDM", en: "CT" },
  mri: { fr: "IRM", en: "MRI" },
  fdgPet: { fr: "TEP-FDG", en: "FDG-PET" },
  boneScan: { fr: "Scintigraphie osseuse", en: "Bone scan" },
  psmaPet: { fr: "TEP-PSMA", en: "PSMA-PET" },
  xray: { fr: "Radiographie", en: "X-ray" },
};

export const LesionResponseSchema = z.enum([
  "new",
  "progression",
  "stable",
  "partialResponse",
  "completeResponse",
  "scleroticCondensation",
]);
export type LesionResponse = z.infer<typeof LesionResponseSchema>;

export const LESION_RESPONSE_LABELS: Record<LesionResponse, Label> = {
  new: { fr: "nouvelle lésion", en: "new lesion" },
  progression: { fr: "progression", en: "progression" },
  stable: { fr: "stabilité", en: "stable" },
  partialResponse: { fr: "réponse partielle", en: "partial response" },
  completeResponse: { fr: "réponse complète", en: "complete response" },
  scleroticCondensation: { fr: "condensation (sclérose)", en: "sclerotic condensation" },
};

export const LesionAssessmentSchema = z.object({
  id: IdSchema,
  imagingDate: IsoDateSchema,
  modality: ImagingModalitySchema,
  response: LesionResponseSchema,
  note: z.string().max(NOTE_MAX_CHARS).optional(),
});
export type LesionAssessment = z.infer<typeof LesionAssessmentSchema>;

// ---- Dated clinical readings (decision 130) ----

/** The measures a reading may hold; at least one is required. */
export const READING_MEASURES = ["painNrs", "omedMgPerDay", "frankel", "asia"] as const;

/**
 * One dated examination of the patient at this lesion: worst pain NRS 0–10 at the site (Chow
 * 2001, clinical.md §6.5), the oral morphine equivalent daily dose (mg/day, the 2012 consensus'
 * OMED), and the Frankel / ASIA grades (clinical.md §3.2, §3.3). Written once and replaced whole,
 * like an imaging assessment; the pain response after radiotherapy and the neurological course are
 * computed from these (app/domain/board/readings.ts), never from the lesion's current values.
 */
export const LesionReadingSchema = z
  .object({
    id: IdSchema,
    /** The day the patient was examined (not the day it was typed). */
    date: IsoDateSchema,
    painNrs: z.number().int().min(0).max(10).optional(),
    omedMgPerDay: z.number().min(0).max(10_000).optional(),
    frankel: FrankelGradeSchema.optional(),
    asia: AsiaGradeSchema.optional(),
    note: z.string().max(NOTE_MAX_CHARS).default(""),
  })
  .refine((r) => READING_MEASURES.some((m) => r[m] !== undefined), {
    message: "a reading needs at least one measure (pain, OMED, Frankel or ASIA)",
    path: ["painNrs"],
    params: { reason: "oneMeasureRequired" },
  });
export type LesionReading = z.infer<typeof LesionReadingSchema>;
/** What a client writes (the note may be left out). */
export type LesionReadingDraft = z.input<typeof LesionReadingSchema>;

// ---- Lesions and the board ----

/**
 * A lesion on the board: the clinical engine's LesionInput (site, side, type, size, score inputs,
 * FE reference; one owner, app/domain/risk/lesion.ts) plus what the meeting adds around it.
 * safeExtend keeps LesionInputSchema's site/side refinement.
 */
export const BoardLesionSchema = LesionInputSchema.safeExtend({
  createdBy: z.number().int().positive().optional(),
  createdAt: TimestampSchema.optional(),
  options: z.record(IdSchema, TreatmentOptionSchema).default({}),
  assessments: z.record(IdSchema, LesionAssessmentSchema).default({}),
  readings: z.record(IdSchema, LesionReadingSchema).default({}),
  discussion: z.string().max(DISCUSSION_MAX_CHARS).default(""),
  /**
   * The computed FE result, when the server attached one (decision 086). Only ever the copy of
   * the board's server-owned "feResults" root (app/domain/board/ydoc.ts boardJson); a value a
   * client wrote into the lesion itself is dropped there.
   */
  feResult: FeLesionResultSchema.optional(),
});
export type BoardLesion = z.infer<typeof BoardLesionSchema>;
/** What a client writes: the defaulted collections may be left out. */
export type BoardLesionDraft = z.input<typeof BoardLesionSchema>;

export const BoardDocumentSchema = z
  .object({
    lesions: z.record(IdSchema, BoardLesionSchema).default({}),
    discussion: z
      .string()
      .max(DISCUSSION_MAX_CHARS * 5)
      .default(""),
  })
  .superRefine((board, ctx) => {
    for (const [key, lesion] of Object.entries(board.lesions)) {
      if (key !== lesion.id) {
        ctx.addIssue({
          code: "custom",
          path: ["lesions", key, "id"],
          message: "key and id differ",
          params: { reason: "keyAndIdDiffer" },
        });
      }
    }
  });
export type BoardDocument = z.infer<typeof BoardDocumentSchema>;

export interface InvalidLesion {
  lesionId: string;
  /** Field paths of the problems (no values: they may be clinical text). */
  fields: string[];
}

export interface LenientBoard {
  lesions: BoardLesion[];
  invalid: InvalidLesion[];
  discussion: string;
}

/**
 * Parses a board lesion by lesion: a lesion that a client wrote wrongly (or half-way) must not
 * hide the others from the worklists. Lesions come out in a stable order (by id).
 */
export function parseBoardLenient(input: unknown): LenientBoard {
  const root = z
    .object({ lesions: z.record(z.string(), z.unknown()).catch({}), discussion: z.unknown() })
    .catch({ lesions: {}, discussion: "" })
    .parse(input ?? {});
  const lesions: BoardLesion[] = [];
  const invalid: InvalidLesion[] = [];
  for (const key of Object.keys(root.lesions).sort()) {
    const parsed = BoardLesionSchema.safeParse(root.lesions[key]);
    if (parsed.success && parsed.data.id === key) {
      lesions.push(parsed.data);
    } else {
      const fields = parsed.success
        ? ["id"]
        : parsed.error.issues.map((i) => i.path.map(String).join(".") || "(lesion)");
      invalid.push({ lesionId: key, fields });
    }
  }
  const discussion = z
    .string()
    .max(DISCUSSION_MAX_CHARS * 5)
    .catch("")
    .parse(root.discussion);
  return { lesions, invalid, discussion };
}

// ---- Dissociated response ----

// Responding vs progressing, per lesion and imaging date. Sclerotic condensation of a lesion under
// treatment counts as response: MD Anderson bone response criteria (Hamaoka T et al., J Clin
// Oncol 2004;22:2942-53) class sclerotic fill-in of lytic lesions as partial/complete response.
// A new lesion counts as progression (RECIST 1.1 and MDA alike).
const RESPONDING: ReadonlySet<LesionResponse> = new Set([
  "partialResponse",
  "completeResponse",
  "scleroticCondensation",
]);
const PROGRESSING: ReadonlySet<LesionResponse> = new Set(["progression", "new"]);

export interface DatedLesionResponse {
  lesionId: string;
  imagingDate: string;
  response: LesionResponse;
}

export interface DissociatedDate {
  imagingDate: string;
  respondingLesionIds: string[];
  progressingLesionIds: string[];
}

export interface DissociatedResponseResult {
  dissociated: boolean;
  /** Imaging dates on which some lesions respond while others progress, oldest first. */
  dates: DissociatedDate[];
}

/**
 * Dissociated response ("réponse dissociée", seed 002): on one imaging date, some lesions respond
 * while others progress. Flagged per date, because the board reads it on the latest examination.
 */
export function dissociatedResponse(
  assessments: readonly DatedLesionResponse[],
): DissociatedResponseResult {
  const byDate = new Map<string, { responding: Set<string>; progressing: Set<string> }>();
  for (const a of assessments) {
    const entry = byDate.get(a.imagingDate) ?? { responding: new Set(), progressing: new Set() };
    byDate.set(a.imagingDate, entry);
    if (RESPONDING.has(a.response)) entry.responding.add(a.lesionId);
    if (PROGRESSING.has(a.response)) entry.progressing.add(a.lesionId);
  }
  const dates: DissociatedDate[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const entry = byDate.get(date);
    if (!entry || entry.responding.size === 0 || entry.progressing.size === 0) continue;
    // One lesion assessed twice the same day with opposite results is not a dissociation.
    const responding = [...entry.responding].filter((id) => !entry.progressing.has(id));
    const progressing = [...entry.progressing].filter((id) => !entry.responding.has(id));
    if (responding.length === 0 || progressing.length === 0) continue;
    dates.push({
      imagingDate: date,
      respondingLesionIds: responding.sort(),
      progressingLesionIds: progressing.sort(),
    });
  }
  return { dissociated: dates.length > 0, dates };
}

/** Every assessment of every lesion of the board, flattened for dissociatedResponse. */
export function boardAssessments(lesions: readonly BoardLesion[]): DatedLesionResponse[] {
  return lesions.flatMap((lesion) =>
    Object.values(lesion.assessments).map((a) => ({
      lesionId: lesion.id,
      imagingDate: a.imagingDate,
      response: a.response,
    })),
  );
}

/** A lesion's assessments, oldest first (ties by id), for its timeline. */
export function lesionHistory(lesion: BoardLesion): LesionAssessment[] {
  return Object.values(lesion.assessments).sort((a, b) =>
    a.imagingDate === b.imagingDate
      ? a.id.localeCompare(b.id)
      : a.imagingDate < b.imagingDate
        ? -1
        : 1,
  );
}
