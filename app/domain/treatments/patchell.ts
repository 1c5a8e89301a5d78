import type { CriterionStatus, Label } from "../common";
import type { LesionInput, RiskContext } from "../risk/lesion";

/**
 * Eligibility criteria of Patchell's trial (Patchell RA et al. Lancet 2005;366:643-8; clinical.md
 * §7.3): decompressive surgery + radiotherapy (30 Gy/10) against radiotherapy alone for metastatic
 * spinal cord compression, able to walk 84 % vs 57 %. Inclusion: a single area of compression,
 * expected survival ≥ 3 months, not paraplegic for more than 48 h, a tumour that is not
 * radiosensitive. Trial inclusion, not an absolute rule (clinical.md §7.4): each criterion is
 * shown met, unmet or unknown; an unknown fact is never assumed (decision 104).
 */
export const PATCHELL_SOURCE = "Patchell 2005 (Lancet 366:643)";

export type PatchellCriterionId =
  | "singleAreaOfCompression"
  | "expectedSurvivalAtLeast3Months"
  | "notParaplegicOver48h"
  | "notRadiosensitive";

/**
 * The fact an unknown criterion waits for, so the board can say what to record rather than a bare
 * "unknown" (issue 12: unknown is not "no"); null when the criterion is met or unmet.
 */
export type PatchellMissingFact =
  | "compressionAreas"
  | "expectedSurvival"
  | "neurologicalGrade"
  | "paraplegiaDuration"
  | "radiosensitivity";

export interface PatchellCriterion {
  id: PatchellCriterionId;
  status: CriterionStatus;
  missing: PatchellMissingFact | null;
  label: Label;
  source: string;
}

export interface PatchellEligibility {
  /** "eligible" when every criterion is met, "notEligible" when one is unmet, else "toAssess". */
  status: "eligible" | "notEligible" | "toAssess";
  criteria: PatchellCriterion[];
  source: string;
}

const STATUS_WORDS: Record<CriterionStatus, Label> = {
  met: { fr: "rempli", en: "met" },
  unmet: { fr: "non rempli", en: "not met" },
  unknown: { fr: "inconnu", en: "unknown" },
};

const CRITERION_LABELS: Record<PatchellCriterionId, Label> = {
  singleAreaOfCompression: {
    fr: "Compression en un seul site",
    en: "Single area of compression",
  },
  expectedSurvivalAtLeast3Months: {
    fr: "Espérance de vie ≥ 3 mois",
    en: "Expected survival ≥ 3 months",
  },
  notParaplegicOver48h: {
    fr: "Pas de paraplégie depuis plus de 48 h",
    en: "Not paraplegic for more than 48 h",
  },
  notRadiosensitive: { fr: "Tumeur non radiosensible", en: "Tumour not radiosensitive" },
};

function criterion(
  id: PatchellCriterionId,
  status: CriterionStatus,
  missingWhenUnknown: PatchellMissingFact,
): PatchellCriterion {
  const l = CRITERION_LABELS[id];
  const w = STATUS_WORDS[status];
  return {
    id,
    status,
    missing: status === "unknown" ? missingWhenUnknown : null,
    label: { fr: `${l.fr} : ${w.fr}`, en: `${l.en}: ${w.en}` },
    source: PATCHELL_SOURCE,
  };
}

const fromFlag = (met: boolean | undefined): CriterionStatus =>
  met === undefined ? "unknown" : met ? "met" : "unmet";

/**
 * Paraplegia is no motor function below the level: Frankel or ASIA A or B (clinical.md §3.2–3.3).
 * A grade C–E has motor function, so the criterion is met whatever the duration; A or B needs the
 * duration (more than 48 h: unmet).
 */
function paraplegiaStatus(lesion: LesionInput, context: RiskContext): CriterionStatus {
  const grades = [lesion.frankel, lesion.asia].filter((g) => g !== undefined);
  const noMotor = grades.some((g) => g === "A" || g === "B");
  if (grades.length > 0 && !noMotor) return "met";
  if (context.paraplegiaOver48h !== undefined) return fromFlag(!context.paraplegiaOver48h);
  return "unknown";
}

/** Each Patchell 2005 inclusion criterion for this spinal lesion and patient. */
export function patchellEligibility(
  lesion: LesionInput,
  context: RiskContext,
): PatchellEligibility {
  const areas = context.spinalCompressionAreas;
  const survival = context.expectedSurvival_months;
  const radio = context.radiosensitivity;
  const grades = [lesion.frankel, lesion.asia].filter((g) => g !== undefined);
  const criteria = [
    criterion(
      "singleAreaOfCompression",
      areas === undefined ? "unknown" : fromFlag(areas === "single"),
      "compressionAreas",
    ),
    criterion(
      "expectedSurvivalAtLeast3Months",
      // A number of months wins; else the patient's survival band (decision 124).
      survival === undefined
        ? fromFlag(context.expectedSurvivalAtLeast3Months)
        : fromFlag(survival >= 3),
      "expectedSurvival",
    ),
    criterion(
      "notParaplegicOver48h",
      paraplegiaStatus(lesion, context),
      // With a grade A or B recorded, only the duration is missing.
      grades.length === 0 ? "neurologicalGrade" : "paraplegiaDuration",
    ),
    criterion(
      "notRadiosensitive",
      radio === undefined || radio === "unknown" ? "unknown" : fromFlag(radio === "radioresistant"),
      "radiosensitivity",
    ),
  ];
  let status: PatchellEligibility["status"] = "eligible";
  if (criteria.some((c) => c.status === "unmet")) status = "notEligible";
  else if (criteria.some((c) => c.status === "unknown")) status = "toAssess";
  return { status, criteria, source: PATCHELL_SOURCE };
}
