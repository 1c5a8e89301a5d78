// Is a case ready to be decided? (issue 11 §2). What is missing, each item with a stable code, a
// French/English reason and its source, computed from the case, the patient record and the live
// board. Not ready does not block the discussion: the missing codes go into the decision.
import * as z from "zod";
import { GATE_SOURCES } from "../bta/gates";
import type { Label } from "../common";
import { dateInLabel, IsoDateSchema, isAtLeastMonthsAfter } from "../dates";
import { parseOrThrow } from "../errors";
import { SCORE_APPLICABILITY } from "../risk/applicability";
import { withDerivedFacts } from "../risk/facts";
import { LesionInputSchema } from "../risk/lesion";
import { getSite } from "../skeleton/catalogue";

/**
 * A creatinine clearance older than this no longer counts before a BTA decision: the board's
 * working rule (issue 11 §2), resting on the SmPC's dose by baseline clearance; no guideline gives
 * a validity period.
 */
export const CLEARANCE_VALID_MONTHS = 3;

export const READINESS_CODES = [
  "btaQuestionUnstated",
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
 * What the kernel reads: the case, the patient record, the patient's live board and BTA sequence
 * (server/usecases/readiness.ts gathers them).
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
    /** Date of the dental check (same fact as the BTA start gate's dentalCheckDate). */
    dentalCheckDate: IsoDateSchema.optional(),
    wishes: z.string().max(2000).optional(),
  }),
  case: z.object({
    /** The question put to the board includes a bone-targeting agent; null = not stated. */
    btaInQuestion: z.boolean().nullable(),
    /** Date of the imaging the board reviews. */
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

/** The working rule of the board, in the words the clinician reads beside a source. */
const BOARD_RULE = "Règle de fonctionnement de la RCP";

/**
 * Published sources shown beside each missing item (issue 10 §7: a clinician reads them, so never
 * a pointer to the project's own files). Where the item is the board's working rule rather than a
 * guideline, the source says so and names the text the rule rests on.
 */
export const READINESS_SOURCES: Record<Exclude<ReadinessCode, "lesionScoresMissing">, string> &
  Record<`scores.${ReadinessScore}`, string> = {
  // The question asked is part of the file presented to the RCP (HAS fiche méthode RCP 2014).
  btaQuestionUnstated: "HAS, Fiche méthode RCP (2014)",
  // The board decides per lesion (clinical.md §8.2: proposal per lesion, Vieillard 2013).
  noLesion: `${BOARD_RULE} ; HAS, Fiche méthode RCP (2014)`,
  // PS weighs in Tokuhashi and Katagiri (clinical.md §5) and in the clinical summary.
  performanceStatus: `${BOARD_RULE} ; Tokuhashi 2005 ; Katagiri 2014`,
  creatinineClearanceMissing: GATE_SOURCES.baselineCreatinineClearance,
  // 3 months is the board's rule; the SmPC sets the dose from the baseline clearance.
  creatinineClearanceStale: `${BOARD_RULE} (${CLEARANCE_VALID_MONTHS} mois) ; ${GATE_SOURCES.baselineCreatinineClearance}`,
  dentalStatus: GATE_SOURCES.dentalCheck,
  // "Imaging reviewed" is standard DCC practice (clinical.md §8.2, not a regulatory item).
  imagingDate: `${BOARD_RULE} ; HAS, Fiche méthode RCP (2014)`,
  // The patient is informed and the proposal goes into the PPS (décret 2022-689, R.6123-91-1 CSP).
  patientWishes: "HAS, Fiche méthode RCP (2014) ; Décret 2022-689 (art. R.6123-91-1 CSP)",
  "scores.mirels": SCORE_APPLICABILITY.mirels.source,
  "scores.sins": SCORE_APPLICABILITY.sins.source,
  "scores.escc": SCORE_APPLICABILITY.neurological.source,
  // NRS 0–10, worst pain at the site (clinical.md §6.5).
  "scores.pain": "Chow 2001 (Radiother Oncol 61:77)",
};

type Lesion = z.infer<typeof LesionInputSchema>;

/** The lesion inputs a score needs, named as the lesion panel names them (the checklist's words). */
const SCORE_FIELD_LABELS: Record<string, Label> = {
  lesionType: { fr: "type de lésion", en: "lesion type" },
  "mirels.pain": { fr: "douleur (Mirels)", en: "pain (Mirels)" },
  "mirels.size": {
    fr: "taille rapportée au diamètre (Mirels)",
    en: "size relative to the diameter (Mirels)",
  },
  "sins.pain": { fr: "douleur (SINS)", en: "pain (SINS)" },
  "sins.alignment": { fr: "alignement", en: "alignment" },
  "sins.collapse": { fr: "tassement", en: "vertebral collapse" },
  "sins.posterolateral": {
    fr: "atteinte des éléments postérolatéraux",
    en: "posterolateral involvement",
  },
  escc: { fr: "grade ESCC (Bilsky)", en: "ESCC grade (Bilsky)" },
  "pain.nrs": { fr: "douleur EN 0–10", en: "pain NRS 0–10" },
};

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
      source: READINESS_SOURCES.noLesion,
    });
  for (const lesion of lesions) {
    for (const { score, fields } of missingScoreFields(lesion)) {
      const name = SCORE_NAMES[score];
      const names = (lang: "fr" | "en") =>
        fields.map((f) => SCORE_FIELD_LABELS[f]?.[lang] ?? f).join(", ");
      missing.push({
        code: "lesionScoresMissing",
        lesionId: lesion.id,
        score,
        fields,
        label: {
          fr: `Lésion ${getSite(lesion.siteId).label.fr} : ${name.fr} incomplet (${names("fr")}).`,
          en: `Lesion ${getSite(lesion.siteId).label.en}: ${name.en} incomplete (${names("en")}).`,
        },
        source: READINESS_SOURCES[`scores.${score}`],
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
      source: READINESS_SOURCES.performanceStatus,
    });
  // Not stated is its own missing item: guessing "no" would hide the clearance and dental items.
  if (c.btaInQuestion === null)
    missing.push({
      code: "btaQuestionUnstated",
      label: {
        fr: "Anti-résorbeur en question ? non renseigné sur la demande.",
        en: "Bone-targeting agent in question? not stated on the request.",
      },
      source: READINESS_SOURCES.btaQuestionUnstated,
    });
  if (c.btaInQuestion === true) {
    const date = patient.creatinineClearanceDate;
    if (patient.creatinineClearanceMlMin === undefined || date === undefined)
      missing.push({
        code: "creatinineClearanceMissing",
        label: {
          fr: "Clairance de la créatinine (Cockcroft–Gault) non renseignée : un anti-résorbeur est en question.",
          en: "Creatinine clearance (Cockcroft–Gault) not recorded: a bone-targeting agent is in question.",
        },
        source: READINESS_SOURCES.creatinineClearanceMissing,
      });
    // The engine's month convention (dates.ts, decision 104): counted forward from the clearance,
    // month end clamped; a clearance of 31 Aug is 3 months old on 30 Nov (31 Aug + 3 = 30 Nov).
    else if (isAtLeastMonthsAfter(date, today, CLEARANCE_VALID_MONTHS))
      missing.push({
        code: "creatinineClearanceStale",
        label: {
          fr: `Clairance de la créatinine du ${dateInLabel(date).fr} : plus de ${CLEARANCE_VALID_MONTHS} mois, à recontrôler.`,
          en: `Creatinine clearance of ${dateInLabel(date).en}: over ${CLEARANCE_VALID_MONTHS} months old, to be rechecked.`,
        },
        source: READINESS_SOURCES.creatinineClearanceStale,
      });
    const firstBta = btaStatus === "none" || btaStatus === "stopped";
    if (firstBta && patient.dentalCheckDate === undefined)
      missing.push({
        code: "dentalStatus",
        label: {
          fr: "État bucco-dentaire inconnu avant un premier anti-résorbeur.",
          en: "Dental status unknown before a first bone-targeting agent.",
        },
        source: READINESS_SOURCES.dentalStatus,
      });
  }
  if (c.imagingDate === undefined)
    missing.push({
      code: "imagingDate",
      label: {
        fr: "Date de l'imagerie revue non renseignée.",
        en: "Date of the reviewed imaging not recorded.",
      },
      source: READINESS_SOURCES.imagingDate,
    });
  if (!patient.wishes?.trim())
    missing.push({
      code: "patientWishes",
      label: { fr: "Souhaits du patient non recueillis.", en: "Patient's wishes not recorded." },
      source: READINESS_SOURCES.patientWishes,
    });
  return { ready: missing.length === 0, missing };
}
