import * as z from "zod";
import type { Label } from "../common";
import { parseOrThrow } from "../errors";
import { type PrimaryCancer, PrimaryCancerSchema } from "../records/cancer";
import { SURVIVAL_BANDS } from "../records/patient";
import type { BtaAgent } from "./agents";

/**
 * ESMO 2020 indication of a bone-targeting agent for a patient with bone metastases
 * (Coleman R et al. Ann Oncol 2020;31:1650, recommendations read in the Univadis summary):
 * - breast cancer and castration-resistant prostate cancer: every patient (I, A);
 * - other solid tumours: life expectancy ≥ 3 months and clinically significant bone metastases (I, B);
 * - myeloma: at diagnosis; denosumab preferred with renal impairment (I, A).
 * "toAssess" means the rule needs a fact the record does not hold (life expectancy not estimated,
 * castration status unknown, significance of the metastases not stated): never read as "no".
 */
// ESMO 2020 bone health guideline.
export const ESMO_BTA_SOURCE = "ESMO 2020 (Coleman, Ann Oncol 2020;31:1650)";

/**
 * Renal impairment for the myeloma agent preference: creatinine clearance under 60 mL/min
 * (KDIGO 2012 CKD stage 3 or worse). ESMO's own threshold was not read: UNVERIFIED.
 */
export const MYELOMA_RENAL_IMPAIRMENT_BELOW_ML_MIN = 60;

export const BtaIndicationInputSchema = z.object({
  primaryCancer: PrimaryCancerSchema,
  survivalBand: z.enum(SURVIVAL_BANDS),
  /** The board's judgement that the bone metastases are clinically significant; absent: unknown. */
  clinicallySignificantBoneMetastases: z.boolean().optional(),
  creatinineClearance_mL_min: z.number().min(0).max(400).optional(),
});
export type BtaIndicationInput = z.infer<typeof BtaIndicationInputSchema>;

export type BtaIndicationStatus = "indicated" | "notIndicated" | "toAssess";

export interface BtaIndication {
  status: BtaIndicationStatus;
  /** Myeloma with renal impairment: denosumab is preferred. */
  preferredAgent: BtaAgent | null;
  rationale: Label;
  source: string;
}

const result = (
  status: BtaIndicationStatus,
  fr: string,
  en: string,
  preferredAgent: BtaAgent | null = null,
  source = ESMO_BTA_SOURCE,
): BtaIndication => ({ status, preferredAgent, rationale: { fr, en }, source });

/** Primary bone tumours are not bone metastases: the ESMO bone-metastasis rule does not apply. */
const PRIMARY_BONE_TUMOURS: ReadonlySet<PrimaryCancer["type"]> = new Set([
  "bone_sarcoma",
  "giant_cell_tumour",
]);

function otherSolidTumour(v: BtaIndicationInput): BtaIndication {
  if (v.survivalBand === "lt_3m")
    return result(
      "notIndicated",
      "Espérance de vie estimée < 3 mois : pas d'indication d'anti-résorbeur (ESMO).",
      "Expected survival < 3 months: no BTA indication (ESMO).",
    );
  if (v.survivalBand === "unknown")
    return result(
      "toAssess",
      "Espérance de vie non estimée : l'indication d'un anti-résorbeur (≥ 3 mois, métastases significatives) reste à évaluer.",
      "Expected survival not estimated: the BTA indication (≥ 3 months, significant metastases) is to be assessed.",
    );
  if (v.clinicallySignificantBoneMetastases === false)
    return result(
      "notIndicated",
      "Métastases osseuses jugées non significatives : pas d'indication d'anti-résorbeur (ESMO).",
      "Bone metastases judged not significant: no BTA indication (ESMO).",
    );
  if (v.clinicallySignificantBoneMetastases === undefined)
    return result(
      "toAssess",
      "Espérance de vie ≥ 3 mois : anti-résorbeur indiqué si les métastases osseuses sont cliniquement significatives (ESMO).",
      "Expected survival ≥ 3 months: a BTA is indicated if the bone metastases are clinically significant (ESMO).",
    );
  return result(
    "indicated",
    "Tumeur solide, espérance de vie ≥ 3 mois et métastases osseuses significatives : anti-résorbeur indiqué (ESMO I, B).",
    "Solid tumour, expected survival ≥ 3 months and significant bone metastases: BTA indicated (ESMO I, B).",
  );
}

/** Whether ESMO 2020 recommends a BTA for this patient's bone metastases. */
export function btaIndication(input: BtaIndicationInput): BtaIndication {
  const v = parseOrThrow(BtaIndicationInputSchema, input, "btaIndication");
  const cancer = v.primaryCancer;
  if (cancer.type === "breast")
    return result(
      "indicated",
      "Cancer du sein avec métastases osseuses : anti-résorbeur indiqué, symptomatique ou non (ESMO I, A).",
      "Breast cancer with bone metastases: BTA indicated, symptomatic or not (ESMO I, A).",
    );
  if (cancer.type === "prostate") {
    if (cancer.castration === "resistant")
      return result(
        "indicated",
        "Cancer de la prostate résistant à la castration avec métastases osseuses : anti-résorbeur indiqué (ESMO I, A).",
        "Castration-resistant prostate cancer with bone metastases: BTA indicated (ESMO I, A).",
      );
    if (cancer.castration === "unknown")
      return result(
        "toAssess",
        "Statut de castration inconnu : l'indication d'un anti-résorbeur (prostate résistante à la castration) reste à évaluer.",
        "Castration status unknown: the BTA indication (castration-resistant prostate) is to be assessed.",
      );
    return result(
      "notIndicated",
      "Cancer de la prostate sensible à la castration : l'indication ESMO porte sur la maladie résistante à la castration.",
      "Castration-sensitive prostate cancer: the ESMO indication is for castration-resistant disease.",
    );
  }
  if (cancer.type === "myeloma") {
    const crcl = v.creatinineClearance_mL_min;
    if (crcl !== undefined && crcl < MYELOMA_RENAL_IMPAIRMENT_BELOW_ML_MIN)
      return result(
        "indicated",
        `Myélome : anti-résorbeur dès le diagnostic ; clairance ${crcl} mL/min (insuffisance rénale, seuil < 60 mL/min non vérifié pour l'ESMO) : dénosumab préféré (ESMO I, A).`,
        `Myeloma: BTA from diagnosis; clearance ${crcl} mL/min (renal impairment, < 60 mL/min threshold unverified for ESMO): denosumab preferred (ESMO I, A).`,
        "denosumab",
        // The renal-impairment threshold (< 60 mL/min) is KDIGO 2012's, UNVERIFIED for ESMO.
        `${ESMO_BTA_SOURCE}; KDIGO 2012`,
      );
    return result(
      "indicated",
      "Myélome : anti-résorbeur dès le diagnostic (ESMO I, A).",
      "Myeloma: BTA from diagnosis (ESMO I, A).",
    );
  }
  if (PRIMARY_BONE_TUMOURS.has(cancer.type))
    return result(
      "notIndicated",
      "Tumeur osseuse primitive : la recommandation ESMO des métastases osseuses ne s'applique pas.",
      "Primary bone tumour: the ESMO bone-metastasis recommendation does not apply.",
    );
  return otherSolidTumour(v);
}
