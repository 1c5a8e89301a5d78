// The structured decision of the board for one case (issue 11 §5; "proposition thérapeutique,
// avis de la RCP"). One zod schema shared by the decision form, the signing use case, the fiche
// RCP (PDF) and the FHIR export. No default is a clinical value: every choice is made by the board.
import * as z from "zod";
import { ImagingModalitySchema } from "../board/schema";
import { BtaAgentSchema } from "../bta/agents";
import { PauseReasonSchema } from "../bta/sequence";
import type { Label } from "../common";
import { IsoDateSchema } from "../dates";
import { SpecialtySchema } from "../meeting/quorum";
import { READINESS_CODES } from "../meeting/readiness";
import { LOCAL_TREATMENT_IDS } from "../treatments/catalogue";
import type { TreatmentFlagId } from "../treatments/triggers";
import { TRIAL_IDS } from "./trials";

export const TEXT_MAX_CHARS = 4_000;
const Text = z.string().trim().min(1).max(TEXT_MAX_CHARS);

const TREATMENT_FLAG_IDS = [
  "ortho.mirelsFixation",
  "ortho.mirelsBorderline",
  "ortho.harrington",
  "ortho.femoralCortical",
  "ortho.feFailureLoad",
  "ortho.completedFracture",
  "spine.sinsOpinion",
  "spine.highGradeEscc",
  "neuro.emergencyPathway",
  "caution.shortExpectedSurvival",
] as const satisfies readonly TreatmentFlagId[];
// Compile-time check that the list above names every flag of the engine (one owner: triggers.ts).
type MissingFlag = Exclude<TreatmentFlagId, (typeof TREATMENT_FLAG_IDS)[number]>;
const everyFlagListed: [MissingFlag] extends [never] ? true : MissingFlag = true;
void everyFlagListed;

/**
 * Per lesion: the chosen local action from the treatment catalogue ("observation" is the
 * catalogue's "surveillance"), its target date and the specialty responsible, with the engine's
 * triggers that motivated it (shown beside the action on the form and the fiche).
 */
export const LesionDecisionSchema = z.object({
  lesionId: z.string().min(1).max(64),
  action: z.enum(LOCAL_TREATMENT_IDS),
  targetDate: IsoDateSchema.optional(),
  responsibleSpecialty: SpecialtySchema,
  triggers: z.array(z.enum(TREATMENT_FLAG_IDS)).max(TREATMENT_FLAG_IDS.length),
  note: z.string().trim().max(TEXT_MAX_CHARS).optional(),
});
export type LesionDecision = z.infer<typeof LesionDecisionSchema>;

export const SYSTEMIC_ACTIONS = [
  "noBta",
  "initiate",
  "continue",
  "pause",
  "resume",
  "switch",
  "stop",
] as const;
export type SystemicAction = (typeof SYSTEMIC_ACTIONS)[number];

export const SYSTEMIC_ACTION_LABELS: Record<SystemicAction, Label> = {
  noBta: { fr: "pas d'anti-résorbeur", en: "no bone-targeting agent" },
  initiate: { fr: "initier", en: "initiate" },
  continue: { fr: "poursuivre", en: "continue" },
  pause: { fr: "suspendre", en: "pause" },
  resume: { fr: "reprendre", en: "resume" },
  switch: { fr: "changer d'agent", en: "switch agent" },
  stop: { fr: "arrêter", en: "stop" },
};

const Regimen = {
  agent: BtaAgentSchema,
  /** Absent only when the engine cannot compute it yet: zoledronic acid without a baseline
   * clearance, the dose then set from it before the first dose (SmPC 4.2; decision 119). */
  dose_mg: z.number().positive().max(1000).optional(),
  intervalWeeks: z.number().int().positive().max(52),
};

/** The systemic bone decision; its legality is checked against the sequence (systemic.ts). */
export const SystemicDecisionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("noBta") }),
  z.object({ action: z.literal("initiate"), ...Regimen }),
  z.object({ action: z.literal("continue") }),
  z.object({ action: z.literal("pause"), reason: PauseReasonSchema }),
  z.object({ action: z.literal("resume") }),
  z.object({ action: z.literal("switch"), ...Regimen }),
  z.object({ action: z.literal("stop") }),
]);
export type SystemicDecision = z.infer<typeof SystemicDecisionSchema>;

export const ImagingFollowUpSchema = z.object({
  modality: ImagingModalitySchema,
  dueDate: IsoDateSchema,
});

/** A departure from the référentiel must be traced as such, with its reason (clinical.md §8.2). */
export const GuidelineSchema = z.object({
  followed: Text,
  departures: z.array(z.object({ what: Text, reason: Text })).max(20),
});

export const TrialProposalSchema = z.discriminatedUnion("proposed", [
  z.object({ proposed: z.literal(false) }),
  z.object({ proposed: z.literal(true), trialId: z.enum(TRIAL_IDS) }),
]);

export const DecisionSchema = z
  .object({
    caseId: z.number().int().positive(),
    meetingId: z.number().int().positive(),
    /** The meeting's date: the date of the systemic event and of the decision. */
    decidedOn: IsoDateSchema,
    lesions: z.array(LesionDecisionSchema).max(200),
    systemic: SystemicDecisionSchema,
    imagingFollowUp: z.array(ImagingFollowUpSchema).max(10),
    guideline: GuidelineSchema,
    trial: TrialProposalSchema,
    /** Patient informed that the file is presented, and not objecting (clinical.md §8.2). */
    patientInformed: z.boolean(),
    patientNotObjecting: z.boolean(),
    rationale: Text,
    /** Readiness items missing when the case was discussed, written into the decision. */
    missingReadiness: z.array(z.enum(READINESS_CODES)).max(READINESS_CODES.length),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    for (const [i, l] of d.lesions.entries()) {
      if (seen.has(l.lesionId))
        ctx.addIssue({
          code: "custom",
          path: ["lesions", i, "lesionId"],
          message: "lesion decided twice",
          params: { reason: "duplicate" },
        });
      seen.add(l.lesionId);
    }
  });
export type Decision = z.infer<typeof DecisionSchema>;
export type DecisionInput = z.input<typeof DecisionSchema>;
