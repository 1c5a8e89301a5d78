import * as z from "zod";
import type { CriteriaResult, Label } from "../common";
import { DomainInputError, parseOrThrow } from "../errors";
import { getSite } from "../skeleton/catalogue";

export const CORTICAL_SOURCE = "Van der Linden 2004 (J Bone Joint Surg Br 86-B:566)";

/** Thresholds from Van der Linden 2004 (clinical.md §4.2), measured on plain radiographs. */
export const AXIAL_CORTICAL_THRESHOLD_MM = 30;
export const CIRCUMFERENTIAL_CORTICAL_THRESHOLD_PCT = 50;

/** Femoral cortical involvement; each measure optional, at least one required. */
export const CorticalItemsSchema = z
  .object({
    siteId: z.string(),
    axialCorticalInvolvement_mm: z.number().min(0).max(600).optional(),
    circumferentialCorticalInvolvement_pct: z.number().min(0).max(100).optional(),
  })
  .refine(
    (v) =>
      v.axialCorticalInvolvement_mm !== undefined ||
      v.circumferentialCorticalInvolvement_pct !== undefined,
    {
      message: "give the axial (mm) or the circumferential (%) cortical involvement",
      path: ["axialCorticalInvolvement_mm"],
      params: { reason: "corticalMeasureRequired" },
    },
  );
export type CorticalItems = z.infer<typeof CorticalItemsSchema>;

export type CorticalCategory = "criterionMet" | "criterionNotMet";

export type CorticalCriterion = "axialOver30mm" | "circumferentialOver50pct";

export type CorticalResult = CriteriaResult<
  CorticalCriterion,
  CorticalCategory,
  { axialOver30mm: number | null; circumferentialOver50pct: number | null }
>;

/** Femoral cortical criteria; refuses sites outside the femur (the validated population). */
export function femoralCorticalScore(input: CorticalItems): CorticalResult {
  const items = parseOrThrow(CorticalItemsSchema, input, "cortical");
  const site = getSite(items.siteId);
  if (site.bone !== "femur") {
    throw new DomainInputError(
      "cortical",
      "notFemur",
      {
        fr: `Les critères corticaux de Van der Linden sont validés au fémur seulement ; « ${site.label.fr} » n'est pas un fémur.`,
        en: `Van der Linden cortical criteria are validated in the femur only; "${site.label.en}" is not a femur.`,
      },
      "siteId",
    );
  }
  // Van der Linden 2004: axial > 30 mm (p = 0.01), circumferential > 50 % (p = 0.03); strict ">".
  const axial =
    items.axialCorticalInvolvement_mm === undefined
      ? null
      : items.axialCorticalInvolvement_mm > AXIAL_CORTICAL_THRESHOLD_MM
        ? 1
        : 0;
  const circumferential =
    items.circumferentialCorticalInvolvement_pct === undefined
      ? null
      : items.circumferentialCorticalInvolvement_pct > CIRCUMFERENTIAL_CORTICAL_THRESHOLD_PCT
        ? 1
        : 0;
  const criteriaMet: CorticalCriterion[] = [];
  if (axial) criteriaMet.push("axialOver30mm");
  if (circumferential) criteriaMet.push("circumferentialOver50pct");
  const category: CorticalCategory = criteriaMet.length > 0 ? "criterionMet" : "criterionNotMet";
  const parts: Label[] = [];
  if (items.axialCorticalInvolvement_mm !== undefined) {
    const v = items.axialCorticalInvolvement_mm;
    parts.push({
      fr: `atteinte corticale axiale ${v} mm (${axial ? "> 30 mm" : "≤ 30 mm"})`,
      en: `axial cortical involvement ${v} mm (${axial ? "> 30 mm" : "≤ 30 mm"})`,
    });
  }
  if (items.circumferentialCorticalInvolvement_pct !== undefined) {
    const v = items.circumferentialCorticalInvolvement_pct;
    parts.push({
      fr: `atteinte corticale circonférentielle ${v} % (${circumferential ? "> 50 %" : "≤ 50 %"})`,
      en: `circumferential cortical involvement ${v} % (${circumferential ? "> 50 %" : "≤ 50 %"})`,
    });
  }
  const categoryLabel: Label =
    category === "criterionMet"
      ? {
          fr: "risque fracturaire élevé (critère cortical)",
          en: "high fracture risk (cortical criterion)",
        }
      : { fr: "critère cortical non rempli", en: "cortical criterion not met" };
  return {
    kind: "criteria",
    criteriaMet,
    category,
    categoryLabel,
    items: { axialOver30mm: axial, circumferentialOver50pct: circumferential },
    rationale: {
      fr: `Fémur : ${parts.map((p) => p.fr).join(" ; ")} : ${categoryLabel.fr}.`,
      en: `Femur: ${parts.map((p) => p.en).join("; ")}: ${categoryLabel.en}.`,
    },
    source: CORTICAL_SOURCE,
    unverified: [],
  };
}
