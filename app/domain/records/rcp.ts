import * as z from "zod";
import { numberIn, requiredText } from "./fields";

/**
 * A board (one RCP-OOS). N is the board's FE trigger: a failure load below N × body weight flags
 * the lesion (issue 3 §4); bounds are plausibility limits, not a clinical threshold.
 */
export const RcpInputSchema = z.object({
  name: requiredText(120),
  institution: requiredText(160),
  feFailureLoadBodyWeights: numberIn(0.5, 20),
});
