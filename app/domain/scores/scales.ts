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

export const ORDERED_SCALES = {
  /** 0 < 1a < 1b < 1c < 2 < 3 (six values, not four). */
  escc: scale(ESCC_GRADES, "clinical.md §3.1 (Bilsky 2010)"),
  frankel: scale<FrankelGradeValue>(["A", "B", "C", "D", "E"], "clinical.md §3.2"),
  asia: scale<AsiaGradeValue>(["A", "B", "C", "D", "E"], "clinical.md §3.3"),
  /** Mirels items 1 → 3 points. */
  mirelsPain: scale<MirelsPain>(["mild", "moderate", "functional"], "clinical.md §1.1"),
  mirelsSize: scale<MirelsSize>(
    ["lessThanOneThird", "oneThirdToTwoThirds", "moreThanTwoThirds"],
    "clinical.md §1.1",
  ),
  /** SINS rows as the table lists them, most points first. */
  lesionType: scale<LesionType>(["lytic", "mixed", "blastic"], "clinical.md §2.1"),
  sinsPain: scale<SinsPain>(
    ["mechanical", "occasionalNonMechanical", "painFree"],
    "clinical.md §2.1",
  ),
  sinsAlignment: scale<SinsAlignment>(
    ["subluxationTranslation", "deNovoDeformity", "normal"],
    "clinical.md §2.1",
  ),
  sinsCollapse: scale<SinsCollapse>(
    ["over50", "under50", "noCollapseOver50Involved", "none"],
    "clinical.md §2.1",
  ),
  sinsPosterolateral: scale<SinsPosterolateral>(
    ["bilateral", "unilateral", "none"],
    "clinical.md §2.1",
  ),
  painNrs: scale(
    ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"] as const,
    "clinical.md §6.5 (NRS 0–10)",
  ),
  painBand: scale<PainBand>(["none", "mild", "moderate", "severe"], "clinical.md §6.5"),
  ecog: scale(["0", "1", "2", "3", "4"] as const, "ECOG (Oken 1982)"),
} as const;
