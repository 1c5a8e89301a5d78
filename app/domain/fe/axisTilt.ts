// The adjustment of the analysis axes (issue 13 item 4: "axes from the bone's principal axes,
// adjustable in the slice views", decision 127). The pipeline's frame is the bone's principal axes
// (server/fe/region.ts principalFrame); the user may tilt it by two angles read on the slice
// views: a tilt in the coronal plane (CT x–z, a rotation about the CT y axis) and a tilt in the
// sagittal plane (CT y–z, a rotation about the CT x axis). 0° and 0° is the principal frame itself.
// Positive angles turn the upper end of the axis to the right of the image (towards +x on the
// coronal view, towards +y on the sagittal view, sliceViews.ts orientation). Shared by the form,
// the job parameters, the case file and the pipeline, so that what is drawn is what is computed.
import * as z from "zod";

type Vec3 = [number, number, number];

/**
 * ±30°: the literature's load directions lie within about 20° of the femoral shaft (Keyak 1998
 * stance about 20° in the frontal plane; the 10° shaft / 15° internal-rotation fall set-up), both
 * flagged UNVERIFIED in ../shared/reference/fe.md §2.1–2.2; 30° leaves room around them. Beyond
 * it the principal frame is the wrong start rather than something to tilt (decision 127).
 */
export const MAX_TILT_DEG = 30;

const angle = z
  .number({ error: "must be a number of degrees" })
  .finite()
  .min(-MAX_TILT_DEG, `must be at least −${MAX_TILT_DEG}°`)
  .max(MAX_TILT_DEG, `must be at most ${MAX_TILT_DEG}°`);

export const AxisTiltSchema = z.object({ coronal_deg: angle, sagittal_deg: angle }).strict();
export type AxisTilt = z.infer<typeof AxisTiltSchema>;

export const NO_TILT: AxisTilt = { coronal_deg: 0, sagittal_deg: 0 };

/**
 * The rotation of a tilt as a row-major 3×3 matrix in CT coordinates: first the coronal tilt
 * (about +y: z turns towards +x), then the sagittal tilt (about −x: z turns towards +y).
 */
export function tiltRotation(tilt: AxisTilt): number[] {
  const c = (tilt.coronal_deg * Math.PI) / 180;
  const s = (tilt.sagittal_deg * Math.PI) / 180;
  // Ry(c): x' = x cos c + z sin c, z' = −x sin c + z cos c.
  const ry = [Math.cos(c), 0, Math.sin(c), 0, 1, 0, -Math.sin(c), 0, Math.cos(c)];
  // Rx(−s): y' = y cos s + z sin s, z' = −y sin s + z cos s.
  const rx = [1, 0, 0, 0, Math.cos(s), Math.sin(s), 0, -Math.sin(s), Math.cos(s)];
  const m = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++)
    for (let col = 0; col < 3; col++)
      for (let k = 0; k < 3; k++) m[3 * r + col] += rx[3 * r + k] * ry[3 * k + col];
  return m;
}

/** A direction turned by a tilt. A rotation: lengths and angles between vectors are kept. */
export function tiltVector(v: Vec3, tilt: AxisTilt): Vec3 {
  if (tilt.coronal_deg === 0 && tilt.sagittal_deg === 0) return [v[0], v[1], v[2]];
  const m = tiltRotation(tilt);
  return [0, 1, 2].map((r) => m[3 * r] * v[0] + m[3 * r + 1] * v[1] + m[3 * r + 2] * v[2]) as Vec3;
}

/**
 * The tilt of the contralateral bone: mirrored in x (x ↦ width − x, as its region box,
 * regionBox.ts mirrorBoxInX), a turn about y changes sign and a turn about x does not.
 */
export function mirrorTiltInX(tilt: AxisTilt): AxisTilt {
  return {
    coronal_deg: tilt.coronal_deg === 0 ? 0 : -tilt.coronal_deg,
    sagittal_deg: tilt.sagittal_deg,
  };
}

/** The proposed axis of a CT series (server route …/axis): where it passes and where it points. */
export const ProposedAxisSchema = z.object({
  origin_mm: z.tuple([z.number(), z.number(), z.number()]),
  direction: z.tuple([z.number(), z.number(), z.number()]),
  /** Half the bone's extent along the axis, mm: how long to draw it either side of the origin. */
  half_length_mm: z.number().nonnegative(),
  /** The voxel size the bone was segmented at for this proposal (a downsampled copy). */
  segmented_at_mm: z.number().positive(),
});
export type ProposedAxis = z.infer<typeof ProposedAxisSchema>;
