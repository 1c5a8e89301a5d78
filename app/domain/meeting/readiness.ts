// Is a case ready to be decided? (issue 11 §2). What is missing, each item with a stable code, a
// French/English reason and its source, computed from the case, the patient record and the live
// board. Not ready does not block the discussion: the missing codes go into the decision.
import * as z from "zod";
import type { Label } from "../common";
import { addMonths, compareIsoDates, dateInLabel, IsoDateSchema } from "../dates";
import { parseOrThrow } from "../errors";
import { SCORE_APPLICABILITY } from "../risk/applicability";
import { withDerivedFacts } from "../risk/facts";
import { LesionInputSchema } from "../risk/lesion";
import { getSite } from "../skeleton/catalogue";

/** A creatinine clearance older than this no longer counts before a BTA decision (issue 11 §2). */
export const CLEARANCE_VALID_MONTHS = 3;

export const READINESS_CODES = [
  "noLesion",
  "lesionScoresMissing",
  "performanceStatus",
  "creatinineClearanceMissing",
  "creatinineClearanceStale",
  "dentalStatus",
  "imagingDate",
  "patientWishes",
] as const;
export type ReadinessCode = (typeof READINESS_CODES)[number];

export const READINESS_SCORES = ["mirels", "sins", "escc", "pain"] as const;
export type ReadinessScore = (typeof READINESS_SCORES)[number];

/**
 * What the kernel reads. Fields the patient record and the case do not have yet are marked
 * "NEW": the persistence step adds them (dentalCheckDate, imagingDate, btaInQuestion).
 */
export const ReadinessInputSchema = z.object({
  today: IsoDateSchema,
  /** The board's lesions (BoardLesion extends LesionInput; extra fields are ignored). */
  lesions: z.array(LesionInputSchema).max(200),
  patient: z.object({
    ecog: z.number().int().min(0).max(4).optional(),
    karnofsky: z.number().int().min(0).max(100).optional(),
    creatinineClearanceMlMin: z.number().min(0).max(400).optional(),
    creatinineClearanceDate: IsoDateSchema.optional(),
    /** NEW: date of the dental check (same fact as the BTA start gate's dentalCheckDate). */
    dentalCheckDate: IsoDateSchema.optional(),
    wishes: z.string().max(2000).optional(),
  }),
  case: z.object({
    /** NEW: the question put to the board includes a bone-targeting agent. */
    btaInQuestion: z.boolean(),
    /** NEW: date of the imaging the board reviews. */
    imagingDate: IsoDateSchema.optional(),
  }),
  /** Status of the patient's BTA sequence (app/domain/bta); none or stopped = a first BTA. */
  btaStatus: z.enum(["none", "active", "paused", "stopped"]),
});
export type ReadinessInput = z.input<typeof ReadinessInputSchema>;

export interface ReadinessItem {
  code: ReadinessCode;
  label: Label;
  source: string;
  lesionId?: string;
  score?: ReadinessScore;
  /** Lesion fields to fill in for that score. */
  fields?: string[];
}

export interface Readiness {
  ready: boolean;
  missing: ReadinessItem[];
}

const SCORE_NAMES: Record<ReadinessScore, Label> = {
  mirels: { fr: "score de Mirels", en: "Mirels score" },
  sins: { fr: "SINS", en: "SINS" },
  escc: { fr: "grade ESCC (Bilsky)", en: "ESCC grade (Bilsky)" },
  pain: { fr: "douleur (EN 0–10)", en: "pain (NRS 0–10)" },
};

const SCORE_SOURCES: Record<ReadinessScore, string> = {
  mirels: SCORE_APPLICABILITY.mirels.source,
  sins: SCORE_APPLICABILITY.sins.source,
  escc: SCORE_APPLICABILITY.neurological.source,
  pain: "clinical.md §6.5 (pain, every site)",
};

type Lesion = z.infer<typeof LesionInputSchema>;

/** Input fields of each score still empty on a lesion, read after the derived facts (decision 073). */
function missingScoreFields(raw: Lesion): { score: ReadinessScore; fields: string[] }[] {
  const site = getSite(raw.siteId);
  const lesion = withDerivedFacts(raw);
  const out: { score: ReadinessScore; fields: string[] }[] = [];
  const empty = (pairs: [string, unknown][]) =>
    pairs.filter(([, v]) => v === undefined).map(([k]) => k);
  if (SCORE_APPLICABILITY.mirels.applies(site)) {
    const fields = empty([
      ["lesionType", lesion.lesionType],
      ["mirels.pain", lesion.mirels?.pain],
      ["mirels.size", lesion.mirels?.size],
    ]);
    if (fields.length > 0) out.push({ score: "mirels", fields });
  }
  if (SCORE_APPLICABILITY.sins.applies(site)) {
    const fields = empty([
      ["lesionType", lesion.lesionType],
      ["sins.pain", lesion.sins?.pain],
      ["sins.alignment", lesion.sins?.alignment],
      ["sins.collapse", lesion.sins?.collapse],
      ["sins.posterolateral", lesion.sins?.posterolateral],
    ]);
    if (fields.length > 0) out.push({ score: "sins", fields });
  }
  if (SCORE_APPLICABILITY.neurological.applies(site) && lesion.escc === undefined)
    out.push({ score: "escc", fields: ["escc"] });
  if (lesion.pain?.nrs === undefined) out.push({ score: "pain", fields: ["pain.nrs"] });
  return out;
}

/** What is missing to decide the case; `ready` when nothing is. */
export function caseReadiness(input: ReadinessInput): Readiness {
  const {
    today,
    lesions,
    patient,
    case: c,
    btaStatus,
  } = parseOrThrow(ReadinessInputSchema, input, "readiness");
  const missing: ReadinessItem[] = [];
  if (lesions.length === 0)
    missing.push({
      code: "noLesion",
      label: {
        fr: "Aucune lésion n'est cartographiée sur le tableau.",
        en: "No lesion is mapped on the board.",
      },
      source: "issue 11 §2",
    });
  for (const lesion of lesions) {
    for (const { score, fields } of missingScoreFields(lesion)) {
      const name = SCORE_NAMES[score];
      missing.push({
        code: "lesionScoresMissing",
        lesionId: lesion.id,
        score,
        fields,
        label: {
          fr: `Lésion ${getSite(lesion.siteId).label.fr} : ${name.fr} incomplet (${fields.join(", ")}).`,
          en: `Lesion ${getSite(lesion.siteId).label.en}: ${name.en} incomplete (${fields.join(", ")}).`,
        },
        source: SCORE_SOURCES[score],
      });
    }
  }
  if (patient.ecog === undefined && patient.karnofsky === undefined)
    missing.push({
      code: "performanceStatus",
      label: {
        fr: "État général (ECOG ou Karnofsky) non renseigné.",
        en: "Performance status (ECOG or Karnofsky) not recorded.",
      },
      // PS weighs in Tokuhashi, Tomita and NOMS, and in the fiche's clinical summary.
      source: "clinical.md §5 and §8.2",
    });
  if (c.btaInQuestion) {
    const date = patient.creatinineClearanceDate;
    if (patient.creatinineClearanceMlMin === undefined || date === undefined)
      missing.push({
        code: "creatinineClearanceMissing",
        label: {
          fr: "Clairance de la créatinine (Cockcroft–Gault) non renseignée : un anti-résorbeur est en question.",
          en: "Creatinine clearance (Cockcroft–Gault) not recorded: a bone-targeting agent is in question.",
        },
        source: "clinical.md §6.3 (SmPC zoledronic acid 4.2)",
      });
    // Counted back from today (today − 3 months, end of month clamped): on 30 Nov a clearance of
    // 30 Aug is 3 months old, one of 31 Aug is not yet.
    else if (compareIsoDates(date, addMonths(today, -CLEARANCE_VALID_MONTHS)) <= 0)
      missing.push({
        code: "creatinineClearanceStale",
        label: {
          fr: `Clairance de la créatinine du ${dateInLabel(date).fr} : plus de ${CLEARANCE_VALID_MONTHS} mois, à recontrôler.`,
          en: `Creatinine clearance of ${dateInLabel(date).en}: over ${CLEARANCE_VALID_MONTHS} months old, to be rechecked.`,
        },
        // The 3-month window is the board's working rule (issue 11 §2), not a guideline figure.
        source: "issue 11 §2; clinical.md §6.3",
      });
    const firstBta = btaStatus === "none" || btaStatus === "stopped";
    if (firstBta && patient.dentalCheckDate === undefined)
      missing.push({
        code: "dentalStatus",
        label: {
          fr: "État bucco-dentaire inconnu avant un premier anti-résorbeur.",
          en: "Dental status unknown before a first bone-targeting agent.",
        },
        source: "clinical.md §6.4 (Brown 2021 J Bone Oncol Table 3)",
      });
  }
  if (c.imagingDate === undefined)
    missing.push({
      code: "imagingDate",
      label: {
        fr: "Date de l'imagerie revue non renseignée.",
        en: "Date of the reviewed imaging not recorded.",
      },
      source: "clinical.md §8.2 (imaging reviewed)",
    });
  if (!patient.wishes?.trim())
    missing.push({
      code: "patientWishes",
      label: { fr: "Souhaits du patient non recueillis.", en: "Patient's wishes not recorded." },
      source: "clinical.md §8.2 (patient informed; PPS); issue 11 §2",
    });
  return { ready: missing.length === 0, missing };
}
