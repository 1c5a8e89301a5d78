// The small catalogue of clinical trials a decision may propose (issue 11 §5). Starts with the
// sarcoma radiotherapy + immunotherapy trials of shared/seeds/004 (a French sarcoma meeting's
// slides listing ongoing trials). The fiche must say whether a trial was proposed (clinical.md §8.2).
import type { Label } from "../common";
import type { CANCER_TYPES } from "../records/cancer";

type CancerType = (typeof CANCER_TYPES)[number];

export const TRIAL_IDS = ["SU2C-SARC032", "STEREOSARC", "PROMIS", "AGADIR"] as const;
export type TrialId = (typeof TRIAL_IDS)[number];

export interface ClinicalTrial {
  id: TrialId;
  nct: string;
  phase: string;
  title: Label;
  population: Label;
  /** Primary cancers for which the trial (or its arm) is closed: it cannot be proposed to them. */
  closedFor: readonly CancerType[];
  /** Primary cancers it recruits; an empty list means "see population". */
  recruits: readonly CancerType[];
  source: string;
}

const SEED = "shared/seeds/004 (sarcoma trials slide)";

export const CLINICAL_TRIALS: Record<TrialId, ClinicalTrial> = {
  "SU2C-SARC032": {
    id: "SU2C-SARC032",
    nct: "NCT03092323",
    phase: "II",
    title: {
      fr: "Pembrolizumab et radiothérapie versus radiothérapie, sarcome des tissus mous des membres à haut risque",
      en: "Pembrolizumab & radiotherapy versus radiotherapy in high-risk soft tissue sarcoma of the extremity",
    },
    population: {
      fr: "Liposarcome / sarcome pléomorphe indifférencié, localisé, des membres, à haut risque de récidive",
      en: "Localised extremity liposarcoma / undifferentiated pleomorphic sarcoma at high risk of relapse",
    },
    closedFor: [],
    recruits: ["soft_tissue_sarcoma"],
    source: SEED,
  },
  STEREOSARC: {
    id: "STEREOSARC",
    nct: "NCT03548428",
    phase: "II",
    title: {
      fr: "Atézolizumab concomitant à la radiothérapie stéréotaxique (SBRT) versus SBRT seule, sarcome oligométastatique",
      en: "Atezolizumab with stereotactic body radiotherapy (SBRT) versus SBRT alone in oligometastatic sarcoma",
    },
    population: {
      fr: "Léiomyosarcome / liposarcome / sarcome indifférencié oligométastatique",
      en: "Oligometastatic leiomyosarcoma / liposarcoma / undifferentiated sarcoma",
    },
    closedFor: [],
    recruits: ["soft_tissue_sarcoma"],
    source: SEED,
  },
  PROMIS: {
    id: "PROMIS",
    nct: "NCT06114225",
    phase: "II",
    title: {
      fr: "Ostéosarcome à rechute pulmonaire résécable : métastasectomie, immunothérapie et SBRT préopératoires",
      en: "Resectable pulmonary relapse of osteosarcoma: metastasectomy with pre-operative immunotherapy and SBRT",
    },
    population: {
      fr: "Récidive pulmonaire résécable d'un ostéosarcome",
      en: "Resectable pulmonary relapse of osteosarcoma",
    },
    closedFor: [],
    recruits: ["bone_sarcoma"],
    source: SEED,
  },
  AGADIR: {
    id: "AGADIR",
    nct: "NCT03915678",
    phase: "II",
    title: {
      fr: "Atézolizumab, BDB001 et radiothérapie immunogène, tumeurs solides avancées (basket)",
      en: "Atezolizumab combined with BDB001 and immunogenic radiotherapy in advanced solid tumours (basket)",
    },
    population: {
      fr: "Tumeurs solides avancées (pancréas, viro-induites, CBNPC, vessie, sein triple négatif) ; bras sarcome arrêté",
      en: "Advanced solid tumours (pancreas, virus-induced, NSCLC, bladder, triple-negative breast); sarcoma arm stopped",
    },
    // Seed 004: "Arrêt du bras sarcome pour inefficacité".
    closedFor: ["soft_tissue_sarcoma", "bone_sarcoma"],
    recruits: [],
    source: SEED,
  },
};

/** Whether a trial can be proposed to a patient with this primary (closed arms cannot). */
export function trialOpenFor(id: TrialId, cancer: CancerType): boolean {
  return !CLINICAL_TRIALS[id].closedFor.includes(cancer);
}
