import * as z from "zod";
import type { Label } from "../common";
import { parseOrThrow } from "../errors";

/**
 * Pain response at a radiotherapy-treated site, international consensus endpoints (Chow E et al.
 * IJROBP 2012;82:1730-7; clinical.md §6.5, exact wording UNVERIFIED there):
 * - complete: worst pain 0 at the treated site without an analgesic increase;
 * - partial: a drop of 2 points or more without an analgesic increase, or an analgesic (OMED,
 *   oral morphine equivalent daily dose) reduction of 25 % or more without a pain increase;
 * - progression: a rise of 2 points or more with stable OMED, or an OMED rise of 25 % or more;
 * - otherwise indeterminate.
 * Pain is the NRS 0–10 worst pain (Chow 2001). Our reading of the undefined words (decision 104):
 * an "analgesic increase" is any rise of the OMED; "stable OMED" is a change under 25 % either way;
 * a "pain increase" is any rise of the NRS. The older Chow 2001 definition (partial = −2 points or
 * −50 %) is not used. When the OMED is not recorded and the answer depends on it, the response is
 * "unknown", never guessed.
 */
export const PAIN_RESPONSE_SOURCE = "Chow 2012 (IJROBP 82:1730)";
export const PAIN_RESPONSE_UNVERIFIED = ["Chow 2012 consensus wording"] as const;
export const OMED_CHANGE_PCT = 25;
export const PAIN_CHANGE_POINTS = 2;

const Nrs = z.number().int().min(0).max(10);
const Omed = z.number().min(0).max(10_000);

export const PainResponseInputSchema = z.object({
  /** Worst pain (NRS 0–10) at the treated site before radiotherapy. */
  baselineNrs: Nrs,
  /** Worst pain (NRS 0–10) at the same site at the assessment. */
  followUpNrs: Nrs,
  /** Oral morphine equivalent daily dose (mg/day) before radiotherapy; absent: not recorded. */
  baselineOmed_mg: Omed.optional(),
  followUpOmed_mg: Omed.optional(),
});
export type PainResponseInput = z.infer<typeof PainResponseInputSchema>;

export type PainResponseCategory =
  | "complete"
  | "partial"
  | "indeterminate"
  | "progression"
  | "unknown";

export interface PainResponse {
  response: PainResponseCategory;
  rationale: Label;
  source: string;
  unverified: readonly string[];
}

type OmedChange = "increase" | "stable" | "reduced25" | "increased25" | "unknown";

/** How the OMED moved: "increase" is a rise under 25 %, "stable" no rise and a drop under 25 %. */
function omedChange(before: number | undefined, after: number | undefined): OmedChange {
  if (before === undefined || after === undefined) return "unknown";
  if (after <= before) {
    if (before > 0 && ((before - after) / before) * 100 >= OMED_CHANGE_PCT) return "reduced25";
    return "stable";
  }
  if (before === 0 || ((after - before) / before) * 100 >= OMED_CHANGE_PCT) return "increased25";
  return "increase";
}

const LABELS: Record<PainResponseCategory, Label> = {
  complete: { fr: "Réponse complète", en: "Complete response" },
  partial: { fr: "Réponse partielle", en: "Partial response" },
  indeterminate: { fr: "Réponse indéterminée", en: "Indeterminate response" },
  progression: { fr: "Progression douloureuse", en: "Pain progression" },
  unknown: {
    fr: "Réponse non évaluable : dose d'antalgiques (équivalent morphine) non renseignée",
    en: "Response not assessable: analgesic dose (morphine equivalent) not recorded",
  },
};

function classify(v: PainResponseInput): PainResponseCategory {
  const omed = omedChange(v.baselineOmed_mg, v.followUpOmed_mg);
  const drop = v.baselineNrs - v.followUpNrs;
  const noAnalgesicIncrease = omed === "stable" || omed === "reduced25";
  // Consensus: a 25 % OMED rise is progression whatever the pain did.
  if (omed === "increased25") return "progression";
  if (-drop >= PAIN_CHANGE_POINTS) {
    if (omed === "unknown") return "unknown";
    // "Stable OMED": changed by less than 25 % either way.
    return omed === "stable" || omed === "increase" ? "progression" : "indeterminate";
  }
  if (v.followUpNrs === 0 || drop >= PAIN_CHANGE_POINTS) {
    if (omed === "unknown") return "unknown";
    if (noAnalgesicIncrease) return v.followUpNrs === 0 ? "complete" : "partial";
    return "indeterminate";
  }
  if (omed === "reduced25" && drop >= 0) return "partial";
  if (omed === "unknown") return "unknown";
  return "indeterminate";
}

/** The consensus pain response after radiotherapy at one treated site. */
export function painResponse(input: PainResponseInput): PainResponse {
  const v = parseOrThrow(PainResponseInputSchema, input, "painResponse");
  const response = classify(v);
  const omed =
    v.baselineOmed_mg === undefined || v.followUpOmed_mg === undefined
      ? { fr: "", en: "" }
      : {
          fr: ` ; morphine orale ${v.baselineOmed_mg} → ${v.followUpOmed_mg} mg/j`,
          en: `; oral morphine ${v.baselineOmed_mg} → ${v.followUpOmed_mg} mg/day`,
        };
  return {
    response,
    rationale: {
      fr: `${LABELS[response].fr} (EN ${v.baselineNrs} → ${v.followUpNrs}${omed.fr}).`,
      en: `${LABELS[response].en} (NRS ${v.baselineNrs} → ${v.followUpNrs}${omed.en}).`,
    },
    source: PAIN_RESPONSE_SOURCE,
    unverified: PAIN_RESPONSE_UNVERIFIED,
  };
}
