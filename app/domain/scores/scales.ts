// Every ordered scale in clinical order (issue 10 §3), the order the panel lists its choices in.
// Why this file: zod lists an enum's options with integer-like values first ("0", "2", "3", then
// "1a"…: JavaScript object key order), so `EsccGradeSchema.options` is not an order to show.
// Each scale is listed as its clinical.md table lists it; test/domain/scales.test.ts pins it.
import type { LesionType } from "../common";
import type { AsiaGradeValue } from "./asia";
import { ESCC_GRADES } from "./escc";
import type { FrankelGradeValue } from "./frankel";
import type { MirelsPain, MirelsSize } from "./mirels";
import type { PainBand } from "./pain";
import type { SinsAlignment, SinsCollapse, SinsPain, SinsPosterolateral } from "./sins";

export interface OrderedScale<T extends string> {
  values: readonly T[];
  source: string;
}

function scale<T extends string>(values: readonly T[], source: string): OrderedScale<T> {
  return { values, source };
}

// Sources are the published citations (clinical.md §1–§3, §6.5 give the tables).
export const ORDERED_SCALES = {
  /** 0 < 1a < 1b < 1c < 2 < 3 (six values, not four). */
  escc: scale(ESCC_GRADES, "Bilsky 2010"),
  frankel: scale<FrankelGradeValue>(["A", "B", "C", "D", "E"], "Frankel 1969"),
  asia: scale<AsiaGradeValue>(["A", "B", "C", "D", "E"], "ASIA (ISNCSCI)"),
  /** Mirels items 1 → 3 points. */
  mirelsPain: scale<MirelsPain>(["mild", "moderate", "functional"], "Mirels 1989"),
  mirelsSize: scale<MirelsSize>(
    ["lessThanOneThird", "oneThirdToTwoThirds", "moreThanTwoThirds"],
    "Mirels 1989",
  ),
  /** SINS rows as the table lists them, most points first. */
  lesionType: scale<LesionType>(["lytic", "mixed", "blastic"], "Fisher 2010"),
  sinsPain: scale<SinsPain>(["mechanical", "occasionalNonMechanical", "painFree"], "Fisher 2010"),
  sinsAlignment: scale<SinsAlignment>(
    ["subluxationTranslation", "deNovoDeformity", "normal"],
    "Fisher 2010",
  ),
  sinsCollapse: scale<SinsCollapse>(
    ["over50", "under50", "noCollapseOver50Involved", "none"],
    "Fisher 2010",
  ),
  sinsPosterolateral: scale<SinsPosterolateral>(["bilateral", "unilateral", "none"], "Fisher 2010"),
  painNrs: scale(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"] as const, "Chow 2001"),
  painBand: scale<PainBand>(["none", "mild", "moderate", "severe"], "Chow 2001; PMC3691019"),
  ecog: scale(["0", "1", "2", "3", "4"] as const, "ECOG (Oken 1982)"),
} as const;
