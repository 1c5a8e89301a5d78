// The filter of the centre's figures (issue 12 §6): a period and a primary cancer, all optional.
// Parsed from the query string of /figures and /figures.csv; a blank field means "no filter".
// Messages are i18n keys (errors.*), as in app/domain/records/fields.ts.
import * as z from "zod";
import { IsoDateSchema } from "../dates";
import { CANCER_TYPES } from "../records/cancer";
import { blankToUndefined } from "../records/fields";

const optionalDate = z.preprocess(
  blankToUndefined,
  z
    .string({ error: "errors.date_format" })
    .refine((s) => IsoDateSchema.safeParse(s).success, { error: "errors.date_format" })
    .optional(),
);

export const FiguresFilterSchema = z
  .object({
    from: optionalDate,
    to: optionalDate,
    cancer: z.preprocess(
      blankToUndefined,
      z.enum(CANCER_TYPES, { error: "errors.cancer_type" }).optional(),
    ),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    path: ["to"],
    error: "errors.period_order",
  });
export type FiguresFilter = z.infer<typeof FiguresFilterSchema>;
