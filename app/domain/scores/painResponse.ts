import * as z from "zod";
import type { Label } from "../common";
import { parseOrThrow } from "../errors";

/**
 * Pain response at a radiotherapy-treated site. Two definitions, chosen by what was recorded:
 *
 * With the analgesic dose (OMED, oral morphine equivalent daily dose) before and after: the
 * international consensus endpoints (Chow E et al. IJROBP 2012;82:1730-7; clinical.md §6.5, exact
 * wording UNVERIFIED there):
 * - complete: worst pain 0 at the treated site without an analgesic increase;
 * - partial: a drop of 2 points or more without an analgesic increase, or an OMED reduction of
 *   25 % or more without a pain increase;
 * - progression: a rise of 2 points or more with stable OMED, or an OMED rise of 25 % or more;
 * - otherwise indeterminate.
 * Our reading of the undefined words (decision 104): an "analgesic increase" is any rise of the
 * OMED; "stable OMED" is a change under 25 % either way; a "pain increase" is any rise of the NRS.
 *
 * Without it (either OMED missing): the pain score alone, Chow 2001 (Radiother Oncol 61:77;
 * clinical.md §6.5, VERIFIED): complete = NRS 0; partial = a drop of at least 2 points or of at
 * least 50 % of the baseline; otherwise no response (issue 12's "complete = 0; partial = a drop of
 * at least 2 points or 50 %"). Pain is the NRS 0–10 worst pain (Chow 2001).
 */
export const PAIN_RESPONSE_SOURCE = "Chow 2012 (IJROBP 82:1730)";
export const PAIN_RESPONSE_UNVERIFIED = ["Chow 2012 consensus wording"] as const;
export const PAIN_RESPONSE_SCORE_ONLY_SOURCE = "Chow 2001 (Radiother Oncol 61:77)";
export const OMED_CHANGE_PCT = 25;
export const PAIN_CHANGE_POINTS = 2;
/** Chow 2001: a drop of half the baseline NRS is also a partial response. */
export const PAIN_DROP_FRACTION_SCORE_ONLY = 0.5;

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
  | "noResponse";

/** Which definition answered: the 2012 consensus (OMED recorded) or Chow 2001 (score only). */
export type PainResponseDefinition = "consensus2012" | "scoreOnly2001";

export interface PainResponse {
  response: PainResponseCategory;
  definition: PainResponseDefinition;
  rationale: Label;
  source: string;
  unverified: readonly string[];
}

type OmedChange = "increase" | "stable" | "reduced25" | "increased25";

/** How the OMED moved: "increase" is a rise under 25 %, "stable" no rise and a drop under 25 %. */
function omedChange(before: number, after: number): OmedChange {
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
  noResponse: { fr: "Pas de réponse", en: "No response" },
};

/** The 2012 consensus, both OMEDs recorded. */
function consensus2012(
  v: PainResponseInput,
  baselineOmed: number,
  followUpOmed: number,
): PainResponseCategory {
  const omed = omedChange(baselineOmed, followUpOmed);
  const drop = v.baselineNrs - v.followUpNrs;
  const noAnalgesicIncrease = omed === "stable" || omed === "reduced25";
  // Consensus: a 25 % OMED rise is progression whatever the pain did.
  if (omed === "increased25") return "progression";
  if (-drop >= PAIN_CHANGE_POINTS)
    // "Stable OMED": changed by less than 25 % either way.
    return omed === "stable" || omed === "increase" ? "progression" : "indeterminate";
  if (v.followUpNrs === 0 || drop >= PAIN_CHANGE_POINTS) {
    if (noAnalgesicIncrease) return v.followUpNrs === 0 ? "complete" : "partial";
    return "indeterminate";
  }
  if (omed === "reduced25" && drop >= 0) return "partial";
  return "indeterminate";
}

/** Chow 2001, the pain score alone: 0 is complete; −2 points or −50 % of the baseline is partial. */
function scoreOnly2001(v: PainResponseInput): PainResponseCategory {
  if (v.followUpNrs === 0) return "complete";
  const drop = v.baselineNrs - v.followUpNrs;
  if (drop >= PAIN_CHANGE_POINTS) return "partial";
  if (drop > 0 && drop >= PAIN_DROP_FRACTION_SCORE_ONLY * v.baselineNrs) return "partial";
  return "noResponse";
}

/** The pain response after radiotherapy at one treated site (which definition: see above). */
export function painResponse(input: PainResponseInput): PainResponse {
  const v = parseOrThrow(PainResponseInputSchema, input, "painResponse");
  const nrs = {
    fr: `EN ${v.baselineNrs} → ${v.followUpNrs}`,
    en: `NRS ${v.baselineNrs} → ${v.followUpNrs}`,
  };
  if (v.baselineOmed_mg === undefined || v.followUpOmed_mg === undefined) {
    const response = scoreOnly2001(v);
    return {
      response,
      definition: "scoreOnly2001",
      rationale: {
        fr: `${LABELS[response].fr} (${nrs.fr} ; dose d'antalgiques non renseignée : score de douleur seul, Chow 2001).`,
        en: `${LABELS[response].en} (${nrs.en}; analgesic dose not recorded: pain score alone, Chow 2001).`,
      },
      source: PAIN_RESPONSE_SCORE_ONLY_SOURCE,
      unverified: [],
    };
  }
  const response = consensus2012(v, v.baselineOmed_mg, v.followUpOmed_mg);
  return {
    response,
    definition: "consensus2012",
    rationale: {
      fr: `${LABELS[response].fr} (${nrs.fr} ; morphine orale ${v.baselineOmed_mg} → ${v.followUpOmed_mg} mg/j).`,
      en: `${LABELS[response].en} (${nrs.en}; oral morphine ${v.baselineOmed_mg} → ${v.followUpOmed_mg} mg/day).`,
    },
    source: PAIN_RESPONSE_SOURCE,
    unverified: PAIN_RESPONSE_UNVERIFIED,
  };
}
