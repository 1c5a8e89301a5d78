import * as z from "zod";
import type { GradeResult, Label } from "../common";
import { parseOrThrow } from "../errors";
import { type NeuralElement, neuralElementAt, SpinalLevelSchema } from "../skeleton/spine";

export const ESCC_SOURCE = "Bilsky 2010 (J Neurosurg Spine 13:324)";

/** Six ordinal grades, stored as an enum, never as an integer (clinical.md §3.1, §9 trap). */
export const ESCC_GRADES = ["0", "1a", "1b", "1c", "2", "3"] as const;
export const EsccGradeSchema = z.enum(ESCC_GRADES);
export type EsccGradeValue = z.infer<typeof EsccGradeSchema>;

/** The level, when given, says whether the cord or the cauda equina is compressed (below the conus). */
export const EsccItemsSchema = z.object({
  grade: EsccGradeSchema,
  spinalLevel: SpinalLevelSchema.optional(),
});
export type EsccItems = z.infer<typeof EsccItemsSchema>;

export const ESCC_GRADE_LABELS: Record<EsccGradeValue, Label> = {
  "0": {
    fr: "atteinte osseuse seule, pas d'épidurite",
    en: "bone-only disease, no epidural tumour",
  },
  "1a": {
    fr: "atteinte épidurale sans déformation du sac dural",
    en: "epidural impingement, no thecal sac deformation",
  },
  "1b": {
    fr: "sac dural déformé, moelle non au contact",
    en: "thecal sac deformed, spinal cord not abutted",
  },
  "1c": {
    fr: "sac dural déformé, moelle au contact mais non comprimée",
    en: "thecal sac deformed, cord abutted but not compressed",
  },
  "2": {
    fr: "moelle comprimée, LCS encore visible autour",
    en: "cord compressed, CSF still visible around the cord",
  },
  "3": {
    fr: "moelle comprimée, LCS non visible",
    en: "cord compressed, no CSF visible around the cord",
  },
};

/**
 * Below the conus (L2 and lower, skeleton/spine.ts neuralElementAt) the thecal sac holds the
 * cauda equina, not the cord: the same grades, worded for the cauda equina (Bilsky 2010 reads the
 * thecal sac; the conus level: Saifuddin 1998).
 */
export const ESCC_GRADE_LABELS_CAUDA: Record<EsccGradeValue, Label> = {
  "0": ESCC_GRADE_LABELS["0"],
  "1a": ESCC_GRADE_LABELS["1a"],
  "1b": {
    fr: "sac dural déformé, queue de cheval non au contact",
    en: "thecal sac deformed, cauda equina not abutted",
  },
  "1c": {
    fr: "sac dural déformé, queue de cheval au contact mais non comprimée",
    en: "thecal sac deformed, cauda equina abutted but not compressed",
  },
  "2": {
    fr: "queue de cheval comprimée, LCS encore visible autour",
    en: "cauda equina compressed, CSF still visible around it",
  },
  "3": {
    fr: "queue de cheval comprimée, LCS non visible",
    en: "cauda equina compressed, no CSF visible around it",
  },
};

/** The grade's wording for the compressed structure: cord (default) or cauda equina. */
export function esccGradeLabel(
  grade: EsccGradeValue,
  element: NeuralElement = "spinalCord",
): Label {
  return element === "caudaEquina" ? ESCC_GRADE_LABELS_CAUDA[grade] : ESCC_GRADE_LABELS[grade];
}

export type EsccCategory = "lowGrade" | "greyZone" | "highGrade";

export const ESCC_CATEGORY_LABELS: Record<EsccCategory, Label> = {
  lowGrade: { fr: "bas grade (0, 1a, 1b)", en: "low grade (0, 1a, 1b)" },
  greyZone: { fr: "zone grise (1c)", en: "grey zone (1c)" },
  highGrade: { fr: "haut grade (2, 3)", en: "high grade (2, 3)" },
};

/** Ordinal rank 0–5 (0 < 1a < 1b < 1c < 2 < 3) for comparisons and sorting. */
export function esccRank(grade: EsccGradeValue): number {
  return ESCC_GRADES.indexOf(grade);
}

export function esccCategory(grade: EsccGradeValue): EsccCategory {
  // Bilsky 2010 grouping (Radiopaedia): 0–1b low grade, 1c grey zone, 2–3 high grade.
  if (grade === "2" || grade === "3") return "highGrade";
  if (grade === "1c") return "greyZone";
  return "lowGrade";
}

export type EsccResult = GradeResult<EsccGradeValue, EsccCategory, { rank: number }> & {
  /** Cord or cauda equina: what a grade of 1b and above deforms or compresses. */
  neuralElement: NeuralElement;
};

/** Bilsky epidural spinal cord compression grade, read on axial T2 MRI at the worst level. */
export function esccScore(input: EsccItems): EsccResult {
  const { grade, spinalLevel } = parseOrThrow(EsccItemsSchema, input, "escc");
  const element: NeuralElement = spinalLevel ? neuralElementAt(spinalLevel) : "spinalCord";
  const gradeLabel = esccGradeLabel(grade, element);
  const category = esccCategory(grade);
  const label = ESCC_CATEGORY_LABELS[category];
  const advice: Label =
    category === "highGrade"
      ? {
          fr: "décompression chirurgicale avant radiothérapie sauf tumeur très radiosensible",
          en: "surgical decompression before radiation unless the tumour is highly radiosensitive",
        }
      : category === "greyZone"
        ? { fr: "discussion au cas par cas", en: "case-by-case discussion" }
        : {
            fr: "radiothérapie en premier si rachis stable",
            en: "radiation first if mechanically stable",
          };
  return {
    kind: "grade",
    grade,
    category,
    categoryLabel: label,
    items: { rank: esccRank(grade) },
    neuralElement: element,
    rationale: {
      fr: `ESCC ${grade} (${gradeLabel.fr}) : ${label.fr}, ${advice.fr}.`,
      en: `ESCC ${grade} (${gradeLabel.en}): ${label.en}, ${advice.en}.`,
    },
    source: ESCC_SOURCE,
    unverified: [],
  };
}
