// What applies to a site (issue 10 §3): one table, one row per score, item group or local
// treatment, each with the rule on the site and its source. The lesion panel shows only what
// applies (items hidden, not disabled); the engine ignores a stored value that does not apply,
// with a warning, and never counts it. Pure: reads the skeleton catalogue only.
import type { Label } from "../common";
import type { SkeletonSite } from "../skeleton/catalogue";
import type { LocalTreatmentId } from "../treatments/catalogue";

export interface ApplicabilityRow {
  /** Human statement of the rule, for the docs and the panel's help. */
  appliesTo: Label;
  applies: (site: SkeletonSite) => boolean;
  source: string;
}

/** Proximal femur: head, neck, trochanteric and subtrochanteric regions of the catalogue. */
const PROXIMAL_FEMUR = new Set([
  "femur.head",
  "femur.neck",
  "femur.trochanteric",
  "femur.subtrochanteric",
]);

function isVertebra(site: SkeletonSite): boolean {
  // Cervical, thoracic and lumbar vertebrae; the sacrum and coccyx are cemented as extra-spinal
  // "compression-loaded bone" (clinical.md §7.2, cementoplasty row lists the sacrum).
  return site.bone === "vertebra";
}

export const SCORE_APPLICABILITY = {
  mirels: {
    appliesTo: { fr: "os longs des membres", en: "limb long bones" },
    applies: (site) => site.mirelsSite !== null,
    // Mirels applies to long bones only (not spine, not pelvis): clinical.md §1.2.
    source: "Mirels 1989",
  },
  sins: {
    appliesTo: { fr: "rachis, de l'occiput à S5", en: "spine, occiput to S5" },
    applies: (site) => site.sinsLocation !== null,
    // Every level from occiput to S5 has a SINS location; the coccyx has none.
    source: "Fisher 2010",
  },
  neurological: {
    appliesTo: { fr: "rachis", en: "spine" },
    applies: (site) => site.spinalLevel !== null,
    source: "Bilsky 2010; Frankel 1969; ASIA (ISNCSCI)",
  },
  /** Harrington items 1 (cortical destruction) and 4 (pain despite radiotherapy). */
  harringtonLongBone: {
    appliesTo: { fr: "os longs", en: "long bones" },
    applies: (site) => site.longBone,
    source: "Harrington 1986",
  },
  /** Harrington items 2 (lesion ≥ 2.5 cm) and 3 (lesser trochanter avulsion). */
  harringtonProximalFemur: {
    appliesTo: { fr: "fémur proximal", en: "proximal femur" },
    applies: (site) => PROXIMAL_FEMUR.has(site.id),
    // Items 2 (lesion ≥ 2.5 cm, "proximal femur") and 3 (lesser trochanter avulsion).
    source: "Harrington 1986",
  },
  cortical: {
    appliesTo: { fr: "fémur", en: "femur" },
    applies: (site) => site.bone === "femur",
    // Validated in the femur only.
    source: "Van der Linden 2004",
  },
} satisfies Record<string, ApplicabilityRow>;
export type ApplicableScore = keyof typeof SCORE_APPLICABILITY;

export function scoreApplies(score: ApplicableScore, site: SkeletonSite): boolean {
  return SCORE_APPLICABILITY[score].applies(site);
}

/** Harrington criterion → the row that says where it applies. */
export const HARRINGTON_ITEM_APPLICABILITY = {
  corticalDestructionAtLeast50: "harringtonLongBone",
  lesionAtLeast25mmProximalFemur: "harringtonProximalFemur",
  lesserTrochanterAvulsion: "harringtonProximalFemur",
  painPersistingAfterRadiotherapy: "harringtonLongBone",
} as const satisfies Record<string, ApplicableScore>;

const ANY_SITE: ApplicabilityRow = {
  appliesTo: { fr: "tout site", en: "any site" },
  applies: () => true,
  source: "ESMO 2020",
};
const VERTEBRA: ApplicabilityRow = {
  appliesTo: { fr: "vertèbres (C1–L5)", en: "vertebrae (C1–L5)" },
  applies: isVertebra,
  // Vertebroplasty, kyphoplasty: painful vertebral metastasis (clinical.md §7.2).
  source: "Sgalambro 2022; Kelekis 2017",
};
const SPINE: ApplicabilityRow = {
  appliesTo: { fr: "rachis", en: "spine" },
  applies: (site) => site.spinalLevel !== null,
  // Spinal decompression, separation surgery, spinal stabilisation (clinical.md §7.3).
  source: "Patchell 2005; Laufer 2013 (NOMS)",
};

/** Where each local treatment of the catalogue may be proposed. */
export const TREATMENT_APPLICABILITY: Record<LocalTreatmentId, ApplicabilityRow> = {
  "rt.singleFraction8Gy": ANY_SITE,
  "rt.multiFraction": ANY_SITE,
  "rt.stereotactic": ANY_SITE,
  "rt.reirradiation": ANY_SITE,
  "rt.postoperative": ANY_SITE,
  "ir.vertebroplasty": VERTEBRA,
  "ir.kyphoplasty": VERTEBRA,
  "ir.cementoplasty": {
    appliesTo: {
      fr: "hors vertèbres (bassin, sacrum…)",
      en: "outside the vertebrae (pelvis, sacrum…)",
    },
    applies: (site) => !isVertebra(site),
    // Cementoplasty (osteoplasty) is the extra-spinal technique (clinical.md §7.2).
    source: "Sgalambro 2022; Cazzato 2019",
  },
  "ir.screwFixation": ANY_SITE,
  "ir.radiofrequencyAblation": ANY_SITE,
  "ir.microwaveAblation": ANY_SITE,
  "ir.cryoablation": ANY_SITE,
  "ir.embolisation": ANY_SITE,
  "surgery.prophylacticNailing": {
    appliesTo: { fr: "fémur, humérus", en: "femur, humerus" },
    applies: (site) => site.bone === "femur" || site.bone === "humerus",
    // Prophylactic intramedullary nailing "(femur, humerus)" (clinical.md §7.3).
    source: "Tanaka 2016",
  },
  "surgery.fractureFixation": ANY_SITE,
  "surgery.arthroplasty": {
    appliesTo: {
      fr: "os longs et acétabulum (atteinte péri-articulaire)",
      en: "long bones and acetabulum (peri-articular destruction)",
    },
    applies: (site) => site.longBone || site.id === "pelvis.acetabulum",
    // Arthroplasty: femoral head/neck lesions, peri-articular destruction (clinical.md §7.3).
    source: "Tanaka 2016; Mehnert 2024",
  },
  "surgery.decompressionStabilisation": SPINE,
  "surgery.separation": SPINE,
  "surgery.spinalStabilisation": SPINE,
  "orthosis.protectedWeightBearing": ANY_SITE,
  observation: ANY_SITE,
};

export function treatmentApplies(id: LocalTreatmentId, site: SkeletonSite): boolean {
  return TREATMENT_APPLICABILITY[id].applies(site);
}
