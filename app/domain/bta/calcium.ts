import type { Label } from "../common";

/**
 * Serum calcium before a bone-targeting agent. clinical.md §6.4 (Peddi 2013): hypocalcaemia is
 * more frequent with denosumab than zoledronic acid, and calcium/vitamin D must be corrected before
 * dosing; §6.2 (Zometa SmPC; Brown 2021 Table 3): calcium 500 mg + vitamin D 400 IU daily unless
 * hypercalcaemia.
 *
 * The albumin correction and the reference range are not in clinical.md: both are UNVERIFIED
 * here (compiler's background knowledge) and listed in `CALCIUM_UNVERIFIED`, to be checked by a
 * clinician against the local laboratory (decision 104).
 */
// Payne RB et al. BMJ 1973;4:643-6: corrected Ca (mmol/L) = total Ca + 0.02 × (40 − albumin g/L).
export const CORRECTED_CALCIUM_SOURCE = "Payne 1973 (BMJ 4:643)";
export const ALBUMIN_REFERENCE_G_L = 40;
export const CALCIUM_PER_ALBUMIN_G_L = 0.02;
// Adult reference range of albumin-corrected calcium, 2.20–2.60 mmol/L: UNVERIFIED (usual
// laboratory range, not read in a source retrieved for clinical.md).
export const CALCIUM_LOWER_LIMIT_MMOL_L = 2.2;
export const CALCIUM_UPPER_LIMIT_MMOL_L = 2.6;
export const CALCIUM_UNVERIFIED = [
  "Payne 1973 albumin correction",
  "reference range 2.20–2.60 mmol/L",
] as const;

export type CalciumBand = "hypocalcaemia" | "normal" | "hypercalcaemia";

export interface CalciumReading {
  total_mmol_L: number;
  albumin_g_L: number | null;
  /** Albumin-corrected calcium; null when no albumin was given (the total is then judged as is). */
  corrected_mmol_L: number | null;
  /** The value the band is read from: corrected when albumin is known, else total. */
  judged_mmol_L: number;
  band: CalciumBand;
  source: string;
}

/** Payne 1973 albumin-corrected calcium, rounded to 0.01 mmol/L as laboratories report it. */
export function correctedCalcium(total_mmol_L: number, albumin_g_L: number): number {
  const corrected = total_mmol_L + CALCIUM_PER_ALBUMIN_G_L * (ALBUMIN_REFERENCE_G_L - albumin_g_L);
  return Math.round(corrected * 100) / 100;
}

/** The calcium band a BTA gate reads; inputs already parsed by the caller's schema. */
export function calciumReading(total_mmol_L: number, albumin_g_L?: number): CalciumReading {
  const corrected = albumin_g_L === undefined ? null : correctedCalcium(total_mmol_L, albumin_g_L);
  const judged = corrected ?? total_mmol_L;
  let band: CalciumBand = "normal";
  if (judged < CALCIUM_LOWER_LIMIT_MMOL_L) band = "hypocalcaemia";
  else if (judged > CALCIUM_UPPER_LIMIT_MMOL_L) band = "hypercalcaemia";
  return {
    total_mmol_L,
    albumin_g_L: albumin_g_L ?? null,
    corrected_mmol_L: corrected,
    judged_mmol_L: judged,
    band,
    source: corrected === null ? "Peddi 2013" : `Peddi 2013; ${CORRECTED_CALCIUM_SOURCE}`,
  };
}

/** The blocker shown when the calcium must be corrected before the first dose. */
export function hypocalcaemiaBlocker(reading: CalciumReading): Label {
  const value = reading.judged_mmol_L.toFixed(2);
  const fr = reading.corrected_mmol_L === null ? "Calcémie" : "Calcémie corrigée (albumine)";
  const en = reading.corrected_mmol_L === null ? "Serum calcium" : "Albumin-corrected calcium";
  return {
    fr: `${fr} ${value.replace(".", ",")} mmol/L < 2,20 : hypocalcémie à corriger (calcium, vitamine D) avant la première dose`,
    en: `${en} ${value} mmol/L < 2.20: hypocalcaemia to correct (calcium, vitamin D) before the first dose`,
  };
}
