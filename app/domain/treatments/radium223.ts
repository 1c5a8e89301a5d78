import * as z from "zod";
import type { CriterionStatus, Label } from "../common";
import { parseOrThrow } from "../errors";
import { PrimaryCancerSchema } from "../records/cancer";
import { SYSTEMIC_TREATMENTS } from "./catalogue";

/**
 * Radium-223 indication (clinical.md §6.1): ESMO 2020 (Coleman, Ann Oncol 2020;31:1650), level I, A:
 * "Radium-223 for mCRPC with symptomatic, bone-dominant disease". The trial behind it is ALSYMPCA
 * (Parker C et al. NEJM 2013), which enrolled patients without known visceral metastases: that
 * criterion is not in clinical.md and is UNVERIFIED here (listed in `unverified`), shown to the
 * board, to be confirmed by a clinician (decision 104). A fact the record does not hold is
 * "unknown", never assumed; the board decides.
 */
export const RADIUM223_SOURCE = SYSTEMIC_TREATMENTS.radium223.source;
export const RADIUM223_UNVERIFIED = ["ALSYMPCA: no known visceral metastases"] as const;

export const Radium223InputSchema = z.object({
  primaryCancer: PrimaryCancerSchema,
  /** Bone metastases causing symptoms (pain, analgesic use); absent: not recorded. */
  symptomaticBoneMetastases: z.boolean().optional(),
  /** Disease predominantly in bone (ESMO "bone-dominant"); absent: not stated. */
  boneDominantDisease: z.boolean().optional(),
  /** Known visceral metastases (liver, lung…); absent: not stated. */
  visceralMetastases: z.boolean().optional(),
});
export type Radium223Input = z.infer<typeof Radium223InputSchema>;

export type Radium223CriterionId =
  | "castrationResistantProstate"
  | "symptomaticBoneMetastases"
  | "boneDominantDisease"
  | "noKnownVisceralMetastases";

export interface Radium223Criterion {
  id: Radium223CriterionId;
  status: CriterionStatus;
  label: Label;
  source: string;
}

export interface Radium223Indication {
  status: "indicated" | "notIndicated" | "toAssess";
  criteria: Radium223Criterion[];
  rationale: Label;
  source: string;
  unverified: readonly string[];
}

const CRITERION_LABELS: Record<Radium223CriterionId, Label> = {
  castrationResistantProstate: {
    fr: "Cancer de la prostate résistant à la castration",
    en: "Castration-resistant prostate cancer",
  },
  symptomaticBoneMetastases: {
    fr: "Métastases osseuses symptomatiques",
    en: "Symptomatic bone metastases",
  },
  boneDominantDisease: { fr: "Maladie à prédominance osseuse", en: "Bone-dominant disease" },
  noKnownVisceralMetastases: {
    fr: "Pas de métastase viscérale connue (ALSYMPCA, non vérifié)",
    en: "No known visceral metastases (ALSYMPCA, unverified)",
  },
};

const STATUS_WORDS: Record<CriterionStatus, Label> = {
  met: { fr: "rempli", en: "met" },
  unmet: { fr: "non rempli", en: "not met" },
  unknown: { fr: "inconnu", en: "unknown" },
};

const fromFlag = (met: boolean | undefined): CriterionStatus =>
  met === undefined ? "unknown" : met ? "met" : "unmet";

function criterion(id: Radium223CriterionId, status: CriterionStatus): Radium223Criterion {
  const l = CRITERION_LABELS[id];
  const w = STATUS_WORDS[status];
  return {
    id,
    status,
    label: { fr: `${l.fr} : ${w.fr}`, en: `${l.en}: ${w.en}` },
    source: id === "noKnownVisceralMetastases" ? "Parker 2013 (ALSYMPCA)" : "ESMO 2020 (I, A)",
  };
}

function castrationStatus(cancer: Radium223Input["primaryCancer"]): CriterionStatus {
  if (cancer.type !== "prostate") return "unmet";
  if (cancer.castration === "resistant") return "met";
  return cancer.castration === "unknown" ? "unknown" : "unmet";
}

/**
 * Whether radium-223's indication can concern a patient with this primary cancer at all: ESMO 2020
 * (clinical.md §6.1) gives it for mCRPC only, so for any other primary (or none recorded yet) the
 * patient form does not show the indication, which would read as a suggestion (issue 12 review).
 */
export function radium223MayApply(primaryCancerType: string): boolean {
  return primaryCancerType === "prostate";
}

/** Whether radium-223 is indicated for this patient (ESMO 2020), criterion by criterion. */
export function radium223Indication(input: Radium223Input): Radium223Indication {
  const v = parseOrThrow(Radium223InputSchema, input, "radium223");
  const visceral = v.visceralMetastases;
  const criteria = [
    criterion("castrationResistantProstate", castrationStatus(v.primaryCancer)),
    criterion("symptomaticBoneMetastases", fromFlag(v.symptomaticBoneMetastases)),
    criterion("boneDominantDisease", fromFlag(v.boneDominantDisease)),
    criterion(
      "noKnownVisceralMetastases",
      visceral === undefined ? "unknown" : fromFlag(!visceral),
    ),
  ];
  let status: Radium223Indication["status"] = "indicated";
  if (criteria.some((c) => c.status === "unmet")) status = "notIndicated";
  else if (criteria.some((c) => c.status === "unknown")) status = "toAssess";
  const rationale: Record<Radium223Indication["status"], Label> = {
    indicated: {
      fr: "Radium 223 à discuter : prostate résistante à la castration, métastases osseuses symptomatiques, maladie à prédominance osseuse (ESMO I, A).",
      en: "Radium-223 to discuss: castration-resistant prostate cancer, symptomatic bone metastases, bone-dominant disease (ESMO I, A).",
    },
    notIndicated: {
      fr: "Radium 223 non indiqué : un critère n'est pas rempli.",
      en: "Radium-223 not indicated: a criterion is not met.",
    },
    toAssess: {
      fr: "Radium 223 : indication à évaluer, un critère n'est pas renseigné.",
      en: "Radium-223: indication to assess, a criterion is not recorded.",
    },
  };
  return {
    status,
    criteria,
    rationale: rationale[status],
    source: RADIUM223_SOURCE,
    unverified: RADIUM223_UNVERIFIED,
  };
}
