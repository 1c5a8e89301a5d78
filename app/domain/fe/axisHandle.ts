// The handle that turns the analysis axis on the coronal and sagittal slice views (issue 13 item
// 4: "axes from the bone's principal axes, adjustable in the slice views"; decisions 127, 135).
// The form's two tilt fields stay the one state: a drag or an arrow key only computes the angle to
// write in the field of its view (coronal view → coronal tilt, sagittal view → sagittal tilt).
// The angle is found in millimetres, not pixels (CT voxels are rarely cubes), with axisTilt.ts's
// own `tiltVector`, so that the axis drawn at the angle written points where the pointer is.
import { type AxisTilt, MAX_TILT_DEG, tiltVector } from "./axisTilt";
import { mmOfViewPoint, pointOnView, type Vec3, viewAxes, viewGeometry } from "./sliceViews";

/** The two views an axis is turned on: each sets the tilt of its own plane. */
export type TiltView = "coronal" | "sagittal";

export const TILT_OF_VIEW: Record<TiltView, keyof AxisTilt> = {
  coronal: "coronal_deg",
  sagittal: "sagittal_deg",
};

/**
 * A drag writes a multiple of 0.5°: finer than a hand places a pointer on a 300-pixel view (one
 * pixel at the end of a 100-pixel half axis is about 0.6°), and short to read in the field.
 */
export const DRAG_STEP_DEG = 0.5;

/** An arrow key turns the axis by 1° (the brief of issue 13 item 4). */
export const KEY_STEP_DEG = 1;

interface Axis {
  origin_mm: Vec3;
  direction: Vec3;
  half_length_mm: number;
}

/**
 * +1 or −1: the sign that makes the principal direction point to the upper end of the bone (+z,
 * head up on both views, sliceViews.ts). The handle sits at that end, where "positive turns the
 * upper end to the right" (axisTilt.ts) is read.
 */
function upperSign(principal: Vec3): 1 | -1 {
  return principal[2] < 0 ? -1 : 1;
}

/**
 * Keep the handle this fraction of the image's smaller side inside its edges: a handle centred on
 * the edge would hang half over the caption or the slider, and be hard to grab.
 */
const HANDLE_INSET = 0.05;

/**
 * Where the handle sits on a view, image pixels: the upper end of the axis turned by `tilt`, or,
 * when that end falls outside the image (the bone's extent along a tilted axis can outrun the
 * volume), the last point of the axis inside it. Only the direction from the origin matters to the
 * angle (tiltAtViewPoint), so where on the axis the handle sits changes nothing computed.
 */
export function axisHandleOnView(
  axis: Axis,
  tilt: AxisTilt,
  size: Vec3,
  spacing: Vec3,
  view: TiltView,
): { cx: number; cy: number } {
  const sign = upperSign(axis.direction);
  const d = tiltVector(axis.direction, tilt);
  const end = [0, 1, 2].map((a) => axis.origin_mm[a] + sign * axis.half_length_mm * d[a]) as Vec3;
  const o = pointOnView(axis.origin_mm, size, spacing, view);
  const e = pointOnView(end, size, spacing, view);
  const { width, height } = viewGeometry(size, spacing, view);
  const inset = HANDLE_INSET * Math.min(width, height);
  // The largest fraction t ≤ 1 of the way from origin to end that stays within the inset edges.
  let t = 1;
  for (const [from, to, lo, hi] of [
    [o.cx, e.cx, inset, width - inset],
    [o.cy, e.cy, inset, height - inset],
  ]) {
    if (to > hi && to !== from) t = Math.min(t, Math.max(0, (hi - from) / (to - from)));
    if (to < lo && to !== from) t = Math.min(t, Math.max(0, (lo - from) / (to - from)));
  }
  return { cx: o.cx + t * (e.cx - o.cx), cy: o.cy + t * (e.cy - o.cy) };
}

/**
 * The tilt of the view's plane that makes the axis's upper end point at image point `point`
 * (continuous pixels), the other tilt kept: the multiple of DRAG_STEP_DEG within ±MAX_TILT_DEG
 * whose drawn axis is nearest in angle to the pointer, seen from the axis's origin in mm. A pointer
 * beyond the limit gives the limit. Null when the pointer is on the origin (no direction).
 *
 * Searching the 121 allowed angles rather than subtracting two angles keeps it exact when the
 * other tilt is not 0: the sagittal turn is applied after the coronal one (axisTilt.ts
 * tiltRotation), so it changes the axis's slope on the coronal view too.
 */
export function tiltAtViewPoint(
  axis: Axis,
  tilt: AxisTilt,
  size: Vec3,
  spacing: Vec3,
  view: TiltView,
  point: { x: number; y: number },
): number | null {
  const [h] = viewAxes(view);
  const [across_mm, up_mm] = mmOfViewPoint(size, spacing, view, point.x, point.y);
  const to = [across_mm - axis.origin_mm[h], up_mm - axis.origin_mm[2]];
  if (Math.hypot(to[0], to[1]) < 1e-9) return null;
  const sign = upperSign(axis.direction);
  const field = TILT_OF_VIEW[view];
  const steps = Math.round((2 * MAX_TILT_DEG) / DRAG_STEP_DEG);
  let best: { deg: number; off: number } | null = null;
  for (let k = 0; k <= steps; k++) {
    const deg = -MAX_TILT_DEG + k * DRAG_STEP_DEG;
    const d = tiltVector(axis.direction, { ...tilt, [field]: deg });
    const u = [sign * d[h], sign * d[2]];
    // The angle between the drawn axis and the pointer, both seen from the origin on the view.
    const off = Math.abs(Math.atan2(u[0] * to[1] - u[1] * to[0], u[0] * to[0] + u[1] * to[1]));
    if (best === null || off < best.off - 1e-12) best = { deg, off };
  }
  return best === null ? null : best.deg;
}

/** A tilt after an arrow key: one KEY_STEP_DEG up or down, kept within ±MAX_TILT_DEG. */
export function stepTilt(deg: number, direction: 1 | -1): number {
  const next = Math.min(MAX_TILT_DEG, Math.max(-MAX_TILT_DEG, deg + direction * KEY_STEP_DEG));
  // Rounded to 1e-6° so that 12.3 + 1 reads 13.3 in the field, not 13.299999999999999.
  return Math.round(next * 1e6) / 1e6;
}
