import * as z from "zod";
import type { Label, RatingResult } from "../common";
import { parseOrThrow } from "../errors";

/** NRS 0–10, worst pain in 24 h (Chow 2001); bands 0 / 1–3 / 4–6 / 7–10 (PMC3691019). */
export const PAIN_SOURCE = "Chow 2001; PMC3691019";

export const PainCharacterSchema = z.enum(["mechanical", "nonMechanical"]);
export type PainCharacter = z.infer<typeof PainCharacterSchema>;

export const PainItemsSchema = z.object({
  /** Worst pain at the site over the last 24 h, numeric rating scale 0–10. */
  nrs: z.number().int().min(0).max(10),
  character: PainCharacterSchema.optional(),
});
export type PainItems = z.infer<typeof PainItemsSchema>;

export type PainBand = "none" | "mild" | "moderate" | "severe";

export const PAIN_BAND_LABELS: Record<PainBand, Label> = {
  none: { fr: "pas de douleur", en: "no pain" },
  mild: { fr: "douleur légère", en: "mild pain" },
  moderate: { fr: "douleur modérée", en: "moderate pain" },
  severe: { fr: "douleur sévère", en: "severe pain" },
};

export const PAIN_CHARACTER_LABELS: Record<PainCharacter, Label> = {
  mechanical: { fr: "douleur mécanique", en: "mechanical pain" },
  nonMechanical: { fr: "douleur non mécanique", en: "non-mechanical pain" },
};

export function painBand(nrs: number): PainBand {
  // Bands (clinical.md §6.5): 0 none, 1–3 mild, 4–6 moderate, 7–10 severe.
  if (nrs === 0) return "none";
  if (nrs <= 3) return "mild";
  if (nrs <= 6) return "moderate";
  return "severe";
}

export type PainResult = RatingResult<PainBand, { nrs: number; character: PainCharacter | null }>;

export function painScore(input: PainItems): PainResult {
  const items = parseOrThrow(PainItemsSchema, input, "pain");
  const band = painBand(items.nrs);
  const character = items.character ?? null;
  const characterText: Label = character
    ? {
        fr: `, ${PAIN_CHARACTER_LABELS[character].fr}`,
        en: `, ${PAIN_CHARACTER_LABELS[character].en}`,
      }
    : { fr: "", en: "" };
  return {
    kind: "rating",
    rating: items.nrs,
    category: band,
    categoryLabel: PAIN_BAND_LABELS[band],
    items: { nrs: items.nrs, character },
    rationale: {
      fr: `EN ${items.nrs}/10 : ${PAIN_BAND_LABELS[band].fr}${characterText.fr}.`,
      en: `NRS ${items.nrs}/10: ${PAIN_BAND_LABELS[band].en}${characterText.en}.`,
    },
    source: PAIN_SOURCE,
    unverified: [],
  };
}
