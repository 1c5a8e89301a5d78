// What the fiche RCP and its FHIR export are built from (issue 11 §7–8; docs/fiche.md): the signed
// decision version (decision, attendance, quorum stamp, lesion table, signer, time: frozen at
// signing, decision 093) and the context a version does not hold (the RCP, the patient's
// identity, the referring physician, the question asked and the summary). Parsed with zod at the
// door of both builders, so a caller gets a DomainInputError naming the field, never a half PDF.
import * as z from "zod";
import { DecisionVersionSchema, IsoDateSchema, parseOrThrow } from "../../app/domain";
import { SEXES } from "../../app/domain/records/patient";

const Name = z.string().trim().min(1).max(120);
const Text = z.string().trim().min(1).max(4_000);

export const FichePatientSchema = z.object({
  familyName: Name,
  givenName: Name,
  birthDate: IsoDateSchema,
  sex: z.enum(SEXES),
  /** The hospital's patient id (IPP), as on every French hospital document. */
  hospitalId: z.string().trim().min(1).max(40),
});

export const FicheInputSchema = z
  .object({
    version: DecisionVersionSchema,
    rcp: z.object({ name: Name, institution: Name }),
    /** The meeting's date (the fiche's date), ISO. */
    meetingDate: IsoDateSchema,
    patient: FichePatientSchema,
    referringPhysician: Name,
    /** "Question posée à la RCP" (glossary). */
    question: Text,
    /** "Résumé du dossier" presented to the meeting; null when the case has none (printed so). */
    summary: Text.nullable(),
    /** FE strength loss per lesion id when the FE pipeline ran (percent of the intact bone). */
    feStrengthLoss_pct: z.record(z.string().min(1), z.number().min(0).max(100)).default({}),
  })
  .superRefine((f, ctx) => {
    if (f.version.decision.decidedOn !== f.meetingDate)
      ctx.addIssue({
        code: "custom",
        path: ["meetingDate"],
        message: "the decision was taken on another date",
      });
    const rows = new Set(f.version.lesionTable.map((r) => r.lesionId));
    for (const id of Object.keys(f.feStrengthLoss_pct))
      if (!rows.has(id))
        ctx.addIssue({
          code: "custom",
          path: ["feStrengthLoss_pct", id],
          message: "no such lesion in the signed table",
        });
  });
export type FicheInput = z.infer<typeof FicheInputSchema>;
export type FicheInputRaw = z.input<typeof FicheInputSchema>;

/** Parses a fiche input; throws DomainInputError (scope decisionVersion) naming the field. */
export function parseFicheInput(input: unknown): FicheInput {
  return parseOrThrow(FicheInputSchema, input, "decisionVersion");
}
