import type { Label } from "../common";

export type TreatmentCategory =
  | "radiotherapy"
  | "interventionalRadiology"
  | "surgery"
  | "orthosis"
  | "observation";

export const TREATMENT_CATEGORY_LABELS: Record<TreatmentCategory, Label> = {
  radiotherapy: { fr: "Radiothérapie", en: "Radiotherapy" },
  interventionalRadiology: { fr: "Radiologie interventionnelle", en: "Interventional radiology" },
  surgery: { fr: "Chirurgie", en: "Surgery" },
  orthosis: { fr: "Orthèse / mise en décharge", en: "Orthosis / protected weight-bearing" },
  observation: { fr: "Surveillance", en: "Observation" },
};

export const LOCAL_TREATMENT_IDS = [
  "rt.singleFraction8Gy",
  "rt.multiFraction",
  "rt.stereotactic",
  "rt.reirradiation",
  "rt.postoperative",
  "ir.vertebroplasty",
  "ir.kyphoplasty",
  "ir.cementoplasty",
  "ir.screwFixation",
  "ir.radiofrequencyAblation",
  "ir.microwaveAblation",
  "ir.cryoablation",
  "ir.embolisation",
  "surgery.prophylacticNailing",
  "surgery.fractureFixation",
  "surgery.arthroplasty",
  "surgery.decompressionStabilisation",
  "surgery.separation",
  "surgery.spinalStabilisation",
  "orthosis.protectedWeightBearing",
  "observation",
] as const;
export type LocalTreatmentId = (typeof LOCAL_TREATMENT_IDS)[number];

export interface LocalTreatment {
  id: LocalTreatmentId;
  category: TreatmentCategory;
  label: Label;
  /** Typical schedule or technique note, if any. */
  schedule: Label | null;
  indication: Label;
  source: string;
  /** True when clinical.md found no source for the indication. */
  unverified: boolean;
}

// clinical.md §7.1–7.3.
export const LOCAL_TREATMENTS: Record<LocalTreatmentId, LocalTreatment> = {
  "rt.singleFraction8Gy": {
    id: "rt.singleFraction8Gy",
    category: "radiotherapy",
    label: {
      fr: "Radiothérapie conventionnelle, fraction unique 8 Gy",
      en: "Conventional EBRT, single 8 Gy fraction",
    },
    schedule: { fr: "8 Gy × 1", en: "8 Gy × 1" },
    indication: {
      fr: "Métastase osseuse douloureuse non compliquée",
      en: "Painful uncomplicated bone metastasis",
    },
    source: "ESMO 2020 (I, A); ASTRO, Lutz 2017",
    unverified: false,
  },
  "rt.multiFraction": {
    id: "rt.multiFraction",
    category: "radiotherapy",
    label: {
      fr: "Radiothérapie conventionnelle fractionnée",
      en: "Conventional EBRT, multi-fraction",
    },
    schedule: { fr: "20 Gy/5, 24 Gy/6, 30 Gy/10", en: "20 Gy/5, 24 Gy/6, 30 Gy/10" },
    indication: {
      fr: "Lésion compliquée, post-opératoire, compression médullaire",
      en: "Complicated lesion, post-operative, cord compression",
    },
    source: "ASTRO 2017; Patchell 2005 (30 Gy/10)",
    unverified: false,
  },
  "rt.stereotactic": {
    id: "rt.stereotactic",
    category: "radiotherapy",
    label: {
      fr: "Radiothérapie stéréotaxique (SBRT / SRS)",
      en: "Stereotactic radiotherapy (SBRT / SRS)",
    },
    schedule: {
      fr: "ex. 24 Gy/2 (SC.24), 16–18 Gy × 1 ; hors rachis 1–5 fractions",
      en: "e.g. 24 Gy/2 (SC.24), 16–18 Gy × 1; non-spine 1–5 fractions",
    },
    indication: {
      fr: "Tumeur radiorésistante sans ESCC de haut grade ; oligométastases",
      en: "Radioresistant tumour without high-grade ESCC; oligometastatic disease",
    },
    source: "NOMS (Laufer 2013); SC.24; RTOG 0631 (Ryu 2023)",
    unverified: false,
  },
  "rt.reirradiation": {
    id: "rt.reirradiation",
    category: "radiotherapy",
    label: { fr: "Ré-irradiation", en: "Re-irradiation" },
    schedule: null,
    indication: {
      fr: "Douleur persistante ou récidivante plus d'un mois après la radiothérapie",
      en: "Pain persisting or recurring more than 1 month after EBRT",
    },
    source: "ASTRO 2017",
    unverified: false,
  },
  "rt.postoperative": {
    id: "rt.postoperative",
    category: "radiotherapy",
    label: { fr: "Radiothérapie post-opératoire", en: "Post-operative radiotherapy" },
    schedule: null,
    indication: {
      fr: "Après ostéosynthèse d'un os long ou décompression/stabilisation rachidienne",
      en: "After long-bone fixation or spinal decompression/stabilisation",
    },
    source: "ESMO 2020 (III, B)",
    unverified: false,
  },
  "ir.vertebroplasty": {
    id: "ir.vertebroplasty",
    category: "interventionalRadiology",
    label: { fr: "Vertébroplastie", en: "Vertebroplasty" },
    schedule: null,
    indication: {
      fr: "Métastase vertébrale douloureuse, douleur mécanique sans instabilité franche",
      en: "Painful vertebral metastasis, mechanical pain without gross instability",
    },
    source: "NOMS (Laufer 2013); Sgalambro 2022",
    unverified: false,
  },
  "ir.kyphoplasty": {
    id: "ir.kyphoplasty",
    category: "interventionalRadiology",
    label: { fr: "Cyphoplastie (ballonnet)", en: "Balloon kyphoplasty" },
    schedule: null,
    indication: {
      fr: "Comme la vertébroplastie, avec restauration de hauteur",
      en: "As vertebroplasty, with height restoration",
    },
    source: "Sgalambro 2022; Kelekis 2017",
    unverified: false,
  },
  "ir.cementoplasty": {
    id: "ir.cementoplasty",
    category: "interventionalRadiology",
    label: { fr: "Cimentoplastie extra-rachidienne", en: "Extra-spinal cementoplasty" },
    schedule: null,
    indication: {
      fr: "Lésion lytique douloureuse d'un os en compression (acétabulum, bassin, sacrum)",
      en: "Painful lytic lesion in compression-loaded bone (acetabulum, pelvis, sacrum)",
    },
    source: "Sgalambro 2022; Cazzato 2019",
    unverified: false,
  },
  "ir.screwFixation": {
    id: "ir.screwFixation",
    category: "interventionalRadiology",
    label: { fr: "Vissage percutané ± cimentoplastie", en: "Percutaneous screw fixation ± cement" },
    schedule: null,
    indication: {
      fr: "Fracture menaçante où le ciment seul ne suffit pas, patient non opérable à ciel ouvert",
      en: "Impending fracture where cement alone is insufficient, patient unfit for open surgery",
    },
    source: "Kelekis 2017",
    unverified: false,
  },
  "ir.radiofrequencyAblation": {
    id: "ir.radiofrequencyAblation",
    category: "interventionalRadiology",
    label: { fr: "Thermoablation par radiofréquence", en: "Radiofrequency ablation" },
    schedule: null,
    indication: {
      fr: "Lésion douloureuse réfractaire à la radiothérapie, ou oligométastase à visée curative",
      en: "Painful lesion refractory to radiotherapy, or curative intent in oligometastatic disease",
    },
    source: "Sgalambro 2022",
    unverified: false,
  },
  "ir.microwaveAblation": {
    id: "ir.microwaveAblation",
    category: "interventionalRadiology",
    label: { fr: "Thermoablation par micro-ondes", en: "Microwave ablation" },
    schedule: null,
    indication: {
      fr: "Lésion douloureuse réfractaire à la radiothérapie, ou oligométastase à visée curative",
      en: "Painful lesion refractory to radiotherapy, or curative intent in oligometastatic disease",
    },
    source: "Sgalambro 2022",
    unverified: false,
  },
  "ir.cryoablation": {
    id: "ir.cryoablation",
    category: "interventionalRadiology",
    label: { fr: "Cryoablation", en: "Cryoablation" },
    schedule: null,
    indication: {
      fr: "Lésion douloureuse réfractaire à la radiothérapie, ou oligométastase à visée curative",
      en: "Painful lesion refractory to radiotherapy, or curative intent in oligometastatic disease",
    },
    source: "Sgalambro 2022",
    unverified: false,
  },
  "ir.embolisation": {
    id: "ir.embolisation",
    category: "interventionalRadiology",
    label: { fr: "Embolisation artérielle", en: "Arterial embolisation" },
    schedule: null,
    indication: {
      fr: "Métastase hypervascularisée (rein, thyroïde…) avant chirurgie, ou palliative",
      en: "Hypervascular metastasis (renal, thyroid…) before surgery, or palliative",
    },
    source: "Sgalambro 2022",
    unverified: true,
  },
  "surgery.prophylacticNailing": {
    id: "surgery.prophylacticNailing",
    category: "surgery",
    label: {
      fr: "Enclouage centromédullaire préventif",
      en: "Prophylactic intramedullary nailing",
    },
    schedule: null,
    indication: {
      fr: "Fracture menaçante diaphysaire ou sous-trochantérienne (fémur, humérus) avec espérance de vie suffisante",
      en: "Impending diaphyseal/subtrochanteric fracture (femur, humerus) with adequate life expectancy",
    },
    source: "Tanaka 2016 (WJSO 14:80); Ormsby (ecancer 698); ESMO 2020 (III, B)",
    unverified: false,
  },
  "surgery.fractureFixation": {
    id: "surgery.fractureFixation",
    category: "surgery",
    label: {
      fr: "Ostéosynthèse d'une fracture pathologique",
      en: "Fixation of a pathological fracture",
    },
    schedule: null,
    indication: { fr: "Fracture pathologique constituée", en: "Completed pathological fracture" },
    source: "ESMO 2020",
    unverified: false,
  },
  "surgery.arthroplasty": {
    id: "surgery.arthroplasty",
    category: "surgery",
    label: {
      fr: "Arthroplastie / prothèse de reconstruction",
      en: "Arthroplasty / endoprosthetic replacement",
    },
    schedule: null,
    indication: {
      fr: "Lésion de la tête ou du col fémoral, destruction péri-articulaire, survie longue attendue",
      en: "Femoral head/neck lesion, peri-articular destruction, long expected survival",
    },
    source: "Tanaka 2016; Mehnert 2024",
    unverified: true,
  },
  "surgery.decompressionStabilisation": {
    id: "surgery.decompressionStabilisation",
    category: "surgery",
    label: {
      fr: "Décompression et stabilisation (arthrodèse)",
      en: "Decompression and stabilisation",
    },
    schedule: null,
    indication: {
      fr: "Compression médullaire métastatique chez un patient opérable",
      en: "Metastatic epidural spinal cord compression in a surgical candidate",
    },
    source: "Patchell 2005 (Lancet 366:643)",
    unverified: false,
  },
  "surgery.separation": {
    id: "surgery.separation",
    category: "surgery",
    label: {
      fr: "Chirurgie de séparation (+ stéréotaxie post-opératoire)",
      en: "Separation surgery (+ post-operative SBRT/SRS)",
    },
    schedule: null,
    indication: {
      fr: "ESCC de haut grade (2–3) d'une tumeur radiorésistante",
      en: "High-grade ESCC (2–3) from a radioresistant tumour",
    },
    source: "NOMS (Laufer 2013)",
    unverified: false,
  },
  "surgery.spinalStabilisation": {
    id: "surgery.spinalStabilisation",
    category: "surgery",
    label: {
      fr: "Stabilisation rachidienne (ouverte ou percutanée)",
      en: "Spinal stabilisation (open or percutaneous)",
    },
    schedule: null,
    indication: {
      fr: "Instabilité mécanique (SINS 13–18 ; 7–12 au cas par cas)",
      en: "Mechanical instability (SINS 13–18; 7–12 case by case)",
    },
    source: "Fisher 2010 (SINS); NOMS (Laufer 2013)",
    unverified: false,
  },
  "orthosis.protectedWeightBearing": {
    id: "orthosis.protectedWeightBearing",
    category: "orthosis",
    label: {
      fr: "Orthèse (minerve, corset), mise en décharge, aides à la marche",
      en: "Orthosis (collar, brace), protected weight-bearing, walking aids",
    },
    schedule: null,
    indication: {
      fr: "Mesure temporaire pour instabilité ou fracture menaçante, ou si la chirurgie n'est pas possible",
      en: "Temporary measure for instability or impending fracture, or when surgery is not possible",
    },
    // clinical.md §7.3: no source retrieved for orthoses; shown flagged as unverified.
    source: "—",
    unverified: true,
  },
  observation: {
    id: "observation",
    category: "observation",
    label: { fr: "Surveillance", en: "Observation" },
    schedule: null,
    indication: {
      fr: "Lésion asymptomatique à faible risque",
      en: "Asymptomatic low-risk lesion",
    },
    source: "Mirels 1989 (≤ 7)",
    unverified: false,
  },
};

export function localTreatment(id: LocalTreatmentId): LocalTreatment {
  return LOCAL_TREATMENTS[id];
}

/**
 * Systemic bone treatments that are not a bone-targeting agent and not a per-lesion action
 * (decision 104): they belong beside the systemic decision, never in a lesion's action list, so
 * they are kept out of LOCAL_TREATMENT_IDS. Their indication is a patient-level rule
 * (treatments/radium223.ts), not a trigger on a lesion.
 */
export const SYSTEMIC_TREATMENT_IDS = ["radium223"] as const;
export type SystemicTreatmentId = (typeof SYSTEMIC_TREATMENT_IDS)[number];

export interface SystemicTreatment {
  id: SystemicTreatmentId;
  label: Label;
  indication: Label;
  source: string;
  unverified: boolean;
}

export const SYSTEMIC_TREATMENTS: Record<SystemicTreatmentId, SystemicTreatment> = {
  // clinical.md §6.1: ESMO 2020 (I, A) radium-223 for mCRPC with symptomatic, bone-dominant disease.
  radium223: {
    id: "radium223",
    label: { fr: "Radium 223 (radiopharmaceutique)", en: "Radium-223 (radiopharmaceutical)" },
    indication: {
      fr: "Cancer de la prostate résistant à la castration, métastases osseuses symptomatiques, maladie à prédominance osseuse",
      en: "Castration-resistant prostate cancer, symptomatic bone metastases, bone-dominant disease",
    },
    source: "ESMO 2020 (I, A); Parker 2013 (ALSYMPCA)",
    unverified: false,
  },
};
