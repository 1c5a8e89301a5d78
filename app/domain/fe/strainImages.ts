// The strain images of a finished FE analysis as stored in its result (issue 13 §6, decision 122):
// three PNG files in the data folder beside the job, named here with their checksums; the use
// case parses the stored JSON with this schema before it opens a file, and the browser gets the
// same record without the file paths.
import * as z from "zod";
import { CT_SLICE_AXES } from "./sliceViews";

const Vec3Schema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

export const StrainImageSchema = z
  .object({
    axis: z.enum(CT_SLICE_AXES),
    /** Relative to the data folder; only this shape, so a stored path cannot point elsewhere. */
    file: z.string().regex(/^fe-jobs\/\d+\/strain-(axial|coronal|sagittal)\.png$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** The CT slice shown (sliceViews.ts orientation), its size in pixels and pixel size in mm. */
    slice_index: z.number().int().min(0),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    pixel_mm: z.tuple([z.number().positive(), z.number().positive()]),
  })
  .strict();
export type StrainImage = z.infer<typeof StrainImageSchema>;

export const StrainImagesSchema = z
  .object({
    /** The governing load case: the images show its field. */
    load_case: z.string().min(1).max(60),
    /** "strain ratio": max(ε₁/0.0073, −ε₃/0.0104) at the failure load; 1.0 = criterion met. */
    measure: z.literal("max-principal-strain-ratio"),
    colour_map: z.literal("viridis"),
    scale: z.object({ min: z.literal(0), max: z.literal(1) }).strict(),
    /** The weakest point (marked on each image), mm from the corner of CT voxel (0, 0, 0). */
    weakest_position_mm: Vec3Schema,
    images: z.array(StrainImageSchema).length(3),
  })
  .strict();
export type StrainImages = z.infer<typeof StrainImagesSchema>;

/** What the browser needs to show them: no file paths. */
export function strainImagesView(record: StrainImages) {
  return {
    loadCase: record.load_case,
    images: record.images.map(({ axis, slice_index, width, height, pixel_mm }) => ({
      axis,
      sliceIndex: slice_index,
      width,
      height,
      pixel_mm,
    })),
  };
}
export type StrainImagesView = ReturnType<typeof strainImagesView>;

/** The record in a job's stored result, or null when the result has none (older jobs). */
export function strainImagesOf(result: unknown): StrainImages | null {
  if (typeof result !== "object" || result === null || !("strain_images" in result)) return null;
  const parsed = StrainImagesSchema.safeParse(result.strain_images);
  return parsed.success ? parsed.data : null;
}
