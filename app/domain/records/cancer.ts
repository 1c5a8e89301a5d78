// Primary-cancer catalogue of the patient record (issue 2 §4). Labels live in the i18n catalogue
// under `cancer.*`; these ids are stored.
import * as z from "zod";
import { requiredChoice } from "./fields";

export const CANCER_TYPES = [
  "breast",
  "prostate",
  "lung",
  "kidney",
  "thyroid",
  "myeloma",
  "digestive",
  "melanoma",
  "soft_tissue_sarcoma",
  "bone_sarcoma",
  "giant_cell_tumour",
  "unknown_primary",
  "other",
] as const;

/**
 * Hormone receptors and HER2 of a breast primary. "unknown" ("Inconnu") is a status one can store:
 * receptors not tested, or the report not at hand. A blank field is not: it is refused as
 * "obligatoire", so the record always says that someone looked (issue 10 §4: nothing clinical is
 * pre-selected, the form starts on "— non renseigné —" and the person chooses).
 */
export const BREAST_RECEPTOR = ["positive", "negative", "unknown"] as const;
export const PROSTATE_CASTRATION = ["sensitive", "resistant", "unknown"] as const;
export const LUNG_HISTOLOGY = ["adenocarcinoma", "squamous", "small_cell", "other"] as const;
export const LUNG_DRIVER = [
  "none",
  "EGFR",
  "ALK",
  "ROS1",
  "KRAS",
  "BRAF",
  "MET",
  "RET",
  "other",
  "unknown",
] as const;
/** Thyroid histology; "unknown" is storable (pathology not at hand), a blank is "obligatoire" (issue 10 §4). */
export const THYROID_HISTOLOGY = ["differentiated", "medullary", "anaplastic", "unknown"] as const;
export const DIGESTIVE_SITES = [
  "colorectal",
  "oesophagus",
  "stomach",
  "pancreas",
  "liver",
  "other",
] as const;
export const SOFT_TISSUE_SARCOMA_SUBTYPES = [
  "leiomyosarcoma",
  "liposarcoma",
  "undifferentiated_pleomorphic",
  "synovial",
  "angiosarcoma",
  "other",
] as const;
export const BONE_SARCOMA_SUBTYPES = ["osteosarcoma", "ewing", "chondrosarcoma", "other"] as const;

const isBlank = (v: unknown) => v === undefined || (typeof v === "string" && v.trim() === "");
/** No type chosen is "obligatoire"; a type off the list is "type de cancer inconnu". */
const unknownType = {
  error: (issue: { input?: unknown }) => {
    const type =
      typeof issue.input === "object" && issue.input !== null && "type" in issue.input
        ? issue.input.type
        : undefined;
    return isBlank(type) ? "errors.required" : "errors.cancer_type";
  },
};
const choice = requiredChoice;

export const PrimaryCancerSchema = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("breast"),
      hormoneReceptor: choice(BREAST_RECEPTOR),
      her2: choice(BREAST_RECEPTOR),
    }),
    z.object({ type: z.literal("prostate"), castration: choice(PROSTATE_CASTRATION) }),
    z.object({
      type: z.literal("lung"),
      histology: choice(LUNG_HISTOLOGY),
      driver: choice(LUNG_DRIVER),
    }),
    z.object({ type: z.literal("kidney") }),
    z.object({ type: z.literal("thyroid"), histology: choice(THYROID_HISTOLOGY) }),
    z.object({ type: z.literal("myeloma") }),
    z.object({ type: z.literal("digestive"), site: choice(DIGESTIVE_SITES) }),
    z.object({ type: z.literal("melanoma") }),
    z.object({
      type: z.literal("soft_tissue_sarcoma"),
      subtype: choice(SOFT_TISSUE_SARCOMA_SUBTYPES),
    }),
    z.object({ type: z.literal("bone_sarcoma"), subtype: choice(BONE_SARCOMA_SUBTYPES) }),
    z.object({ type: z.literal("giant_cell_tumour") }),
    z.object({ type: z.literal("unknown_primary") }),
    z.object({
      type: z.literal("other"),
      detail: z.string().trim().min(1, { error: "errors.required" }).max(200),
    }),
  ],
  unknownType,
);
export type PrimaryCancer = z.infer<typeof PrimaryCancerSchema>;

/** The detail fields the form shows for each cancer type, with their choices. */
export const CANCER_DETAIL_FIELDS: Record<
  (typeof CANCER_TYPES)[number],
  readonly { name: string; options: readonly string[] | "text" }[]
> = {
  breast: [
    { name: "hormoneReceptor", options: BREAST_RECEPTOR },
    { name: "her2", options: BREAST_RECEPTOR },
  ],
  prostate: [{ name: "castration", options: PROSTATE_CASTRATION }],
  lung: [
    { name: "histology", options: LUNG_HISTOLOGY },
    { name: "driver", options: LUNG_DRIVER },
  ],
  kidney: [],
  thyroid: [{ name: "histology", options: THYROID_HISTOLOGY }],
  myeloma: [],
  digestive: [{ name: "site", options: DIGESTIVE_SITES }],
  melanoma: [],
  soft_tissue_sarcoma: [{ name: "subtype", options: SOFT_TISSUE_SARCOMA_SUBTYPES }],
  bone_sarcoma: [{ name: "subtype", options: BONE_SARCOMA_SUBTYPES }],
  giant_cell_tumour: [],
  unknown_primary: [],
  other: [{ name: "detail", options: "text" }],
};
