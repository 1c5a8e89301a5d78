// The region of interest of an FE analysis (issue 13 item 3, decision 121): a box in the CT's own
// millimetres (from the corner of voxel (0, 0, 0), the coordinates of the lesion sphere and of
// weakest_region), min and max per axis. Shared by the run form (app/domain/fe/runForm.ts), the
// job parameters and case file (server/fe/jobParams.ts, clinicalCase.ts) and the crop
// (server/fe/crop.ts).
import * as z from "zod";

type Vec3 = [number, number, number];

/**
 * Smallest side of a box, mm. Smaller than any bone the pipeline models (the vertebral body is
 * 26 mm high, the femoral head 46 mm across, fe.md §7), and below 3 mm caps on both ends plus
 * the 3 mm strain-averaging window (decision 082): a smaller box is a slip of the pointer.
 */
export const MIN_REGION_SIDE_MM = 10;

export const REGION_AXES = ["x", "y", "z"] as const;
const mm = z.number().finite();

export const RegionBoxSchema = z
  .object({
    min_mm: z.tuple([mm, mm, mm]),
    max_mm: z.tuple([mm, mm, mm]),
  })
  .strict()
  .superRefine((box, ctx) => {
    for (let a = 0; a < 3; a++) {
      if (box.max_mm[a] - box.min_mm[a] < MIN_REGION_SIDE_MM) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["max_mm", a],
          message: `${REGION_AXES[a]} max must exceed ${REGION_AXES[a]} min by at least ${MIN_REGION_SIDE_MM} mm`,
        });
      }
    }
  });
export type RegionBox = z.infer<typeof RegionBoxSchema>;

/**
 * The box's corners outside the volume (0 to n·spacing mm per axis), as issues naming the corner
 * and axis, for the queue (ct_series size and spacing) and the case file (the volume read).
 */
export function boxOutsideVolume(
  box: RegionBox,
  size: Vec3,
  spacing: Vec3,
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (let a = 0; a < 3; a++) {
    const extent = Math.round(size[a] * spacing[a] * 1000) / 1000;
    for (const corner of ["min_mm", "max_mm"] as const) {
      const v = box[corner][a];
      if (v < 0 || v > extent) {
        issues.push({
          path: [corner, a],
          message: `${REGION_AXES[a]} must lie inside the volume, 0 to ${extent} mm`,
        });
      }
    }
  }
  return issues;
}

/** The box mirrored in x across the volume's middle (the contralateral side, anatomicalPhantom mirror). */
export function mirrorBoxInX(box: RegionBox, ct: { nx: number; spacing: Vec3 }): RegionBox {
  const width = ct.nx * ct.spacing[0];
  return {
    min_mm: [width - box.max_mm[0], box.min_mm[1], box.min_mm[2]],
    max_mm: [width - box.min_mm[0], box.max_mm[1], box.max_mm[2]],
  };
}

/** The part of a stored result that says where the box cut the bone (server/fe/pipeline.ts RegionReport). */
export const RegionCutSchema = z.object({
  cuts_bone: z.boolean(),
  faces_cut: z.array(z.object({ face: z.string() })),
});
