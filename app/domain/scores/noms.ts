import * as z from "zod";
import type { DecisionResult, Label } from "../common";
import { parseOrThrow } from "../errors";
import { EsccGradeSchema, esccCategory } from "./escc";
import { sinsCategory } from "./sins";

export const NOMS_SOURCE =
  "Laufer 2013 (NOMS framework, Oncologist); Bilsky 2010; Fisher 2010; Patchell 2005";

export const RadiosensitivitySchema = z.enum(["radiosensitive", "radioresistant", "unknown"]);
export type Radiosensitivity = z.infer<typeof RadiosensitivitySchema>;

/**
 * NOMS inputs. Radiosensitivity is the board's call: clinical.md §3.4 marks the histology lists
 * UNVERIFIED, so the engine does not derive it from the primary.
 */
export const NomsItemsSchema = z.object({
  escc: EsccGradeSchema,
  myelopathyOrRadiculopathy: z.boolean().optional(),
  radiosensitivity: RadiosensitivitySchema,
  sinsPoints: z.number().int().min(0).max(18).optional(),
  mechanicalPain: z.boolean().optional(),
  fitForSurgery: z.boolean().optional(),
  expectedSurvival_months: z.number().min(0).optional(),
});
export type NomsItems = z.infer<typeof NomsItemsSchema>;

export type NomsNeurologic = "lowGradeEscc" | "highGradeEscc";
export type NomsOncologic =
  | "conventionalEbrt"
  | "stereotacticRadiosurgery"
  | "separationSurgeryThenStereotactic"
  | "radiosensitivityUnknown";
export type NomsMechanical =
  | "grossInstability"
  | "potentialInstability"
  | "stableWithMechanicalPain"
  | "stable"
  | "notAssessed";
export type NomsSystemic = "canTolerate" | "surgeryUnlikelyTolerated" | "notAssessed";

export interface NomsAxes {
  neurologic: NomsNeurologic;
  oncologic: NomsOncologic;
  mechanical: NomsMechanical;
  systemic: NomsSystemic;
}

const ONCOLOGIC_LABELS: Record<NomsOncologic, Label> = {
  conventionalEbrt: {
    fr: "tumeur radiosensible : radiothérapie conventionnelle, même en cas d'ESCC de haut grade",
    en: "radiosensitive tumour: conventional EBRT, even with high-grade ESCC",
  },
  stereotacticRadiosurgery: {
    fr: "tumeur radiorésistante sans ESCC de haut grade : radiothérapie stéréotaxique",
    en: "radioresistant tumour without high-grade ESCC: stereotactic radiosurgery / SBRT",
  },
  separationSurgeryThenStereotactic: {
    fr: "tumeur radiorésistante avec ESCC de haut grade : chirurgie de séparation puis stéréotaxie",
    en: "radioresistant tumour with high-grade ESCC: separation surgery then stereotactic radiosurgery",
  },
  radiosensitivityUnknown: {
    fr: "radiosensibilité à préciser par la RCP",
    en: "radiosensitivity to be stated by the board",
  },
};

const MECHANICAL_LABELS: Record<NomsMechanical, Label> = {
  grossInstability: {
    fr: "instabilité franche (SINS 13–18) : stabilisation chirurgicale",
    en: "gross instability (SINS 13–18): open stabilisation",
  },
  potentialInstability: {
    fr: "instabilité potentielle (SINS 7–12) : avis de chirurgie rachidienne",
    en: "potential instability (SINS 7–12): spine-surgery opinion",
  },
  stableWithMechanicalPain: {
    fr: "douleur mécanique sans instabilité franche : cimentoplastie percutanée",
    en: "mechanical pain without gross instability: percutaneous cement augmentation",
  },
  stable: { fr: "rachis stable", en: "mechanically stable" },
  notAssessed: {
    fr: "stabilité non évaluée (SINS manquant)",
    en: "stability not assessed (no SINS)",
  },
};

const SYSTEMIC_LABELS: Record<NomsSystemic, Label> = {
  canTolerate: {
    fr: "état général compatible avec le traitement proposé",
    en: "can tolerate the proposed treatment",
  },
  surgeryUnlikelyTolerated: {
    fr: "chirurgie peu probable (inapte ou survie attendue < 3 mois)",
    en: "surgery unlikely (unfit or expected survival < 3 months)",
  },
  notAssessed: { fr: "état systémique non évalué", en: "systemic status not assessed" },
};

export type NomsResult = DecisionResult<NomsOncologic, NomsAxes> & {
  axisLabels: Record<keyof NomsAxes, Label>;
};

/** NOMS decision summary for a spinal lesion (decision support; the board decides). */
export function nomsScore(input: NomsItems): NomsResult {
  const items = parseOrThrow(NomsItemsSchema, input, "noms");
  // NOMS uses high-grade (2–3) vs low-grade (0–1c) ESCC for the neurologic axis.
  const highGrade = esccCategory(items.escc) === "highGrade";
  const neurologic: NomsNeurologic = highGrade ? "highGradeEscc" : "lowGradeEscc";
  const oncologic: NomsOncologic =
    items.radiosensitivity === "radiosensitive"
      ? "conventionalEbrt"
      : items.radiosensitivity === "radioresistant"
        ? highGrade
          ? "separationSurgeryThenStereotactic"
          : "stereotacticRadiosurgery"
        : "radiosensitivityUnknown";
  let mechanical: NomsMechanical = "notAssessed";
  if (items.sinsPoints !== undefined) {
    const category = sinsCategory(items.sinsPoints);
    if (category === "unstable") mechanical = "grossInstability";
    else if (category === "potentiallyUnstable") mechanical = "potentialInstability";
    else mechanical = items.mechanicalPain ? "stableWithMechanicalPain" : "stable";
  }
  let systemic: NomsSystemic = "notAssessed";
  if (items.fitForSurgery !== undefined || items.expectedSurvival_months !== undefined) {
    // Patchell 2005 included patients with expected survival ≥ 3 months.
    const unfit =
      items.fitForSurgery === false ||
      (items.expectedSurvival_months !== undefined && items.expectedSurvival_months < 3);
    systemic = unfit ? "surgeryUnlikelyTolerated" : "canTolerate";
  }
  const neurologicLabel: Label = highGrade
    ? { fr: `ESCC ${items.escc} : haut grade`, en: `ESCC ${items.escc}: high grade` }
    : { fr: `ESCC ${items.escc} : bas grade`, en: `ESCC ${items.escc}: low grade` };
  const axisLabels = {
    neurologic: neurologicLabel,
    oncologic: ONCOLOGIC_LABELS[oncologic],
    mechanical: MECHANICAL_LABELS[mechanical],
    systemic: SYSTEMIC_LABELS[systemic],
  };
  return {
    kind: "decision",
    category: oncologic,
    categoryLabel: ONCOLOGIC_LABELS[oncologic],
    items: { neurologic, oncologic, mechanical, systemic },
    axisLabels,
    rationale: {
      fr: `NOMS — N : ${axisLabels.neurologic.fr} ; O : ${axisLabels.oncologic.fr} ; M : ${axisLabels.mechanical.fr} ; S : ${axisLabels.systemic.fr}.`,
      en: `NOMS — N: ${axisLabels.neurologic.en}; O: ${axisLabels.oncologic.en}; M: ${axisLabels.mechanical.en}; S: ${axisLabels.systemic.en}.`,
    },
    source: NOMS_SOURCE,
    unverified: [],
  };
}
