// The three orthogonal slice views of a CT series in the FE analysis form (issue 13 §3, decision
// 088): which voxel a pixel of a slice image is, the millimetres of a click, and where the lesion
// sphere cuts each view. Shared by the browser and the PNG route (server/fe/ctSlice.ts draws the
// images with the same orientation). Millimetres are from the corner of voxel (0, 0, 0), the
// coordinates of the job's lesion sphere (server/fe/jobParams.ts) and of weakest_region.
//
// Pixel (x, y) of each view:
// - axial: slice k; x = i, y = j;
// - coronal: slice j; x = i, y = nz − 1 − k;
// - sagittal: slice i; x = j, y = nz − 1 − k
// (head up on coronal and sagittal views: DICOM's patient z grows towards the head, PS3.3 C.7.6.2.1.1).

export const CT_SLICE_AXES = ["axial", "coronal", "sagittal"] as const;
export type CtSliceAxis = (typeof CT_SLICE_AXES)[number];

export type Vec3 = [number, number, number];

/** The grid a view shows: image size in pixels, pixel size in mm, and how many slices. */
export function viewGeometry(size: Vec3, spacing: Vec3, axis: CtSliceAxis) {
  const [nx, ny, nz] = size;
  const [sx, sy, sz] = spacing;
  if (axis === "axial") return { width: nx, height: ny, pixel_mm: [sx, sy], count: nz };
  if (axis === "coronal") return { width: nx, height: nz, pixel_mm: [sx, sz], count: ny };
  return { width: ny, height: nz, pixel_mm: [sy, sz], count: nx };
}

/** The voxel (i, j, k) under pixel (x, y) of slice `index`. */
export function voxelOfPixel(
  size: Vec3,
  axis: CtSliceAxis,
  index: number,
  x: number,
  y: number,
): Vec3 {
  const nz = size[2];
  if (axis === "axial") return [x, y, index];
  if (axis === "coronal") return [x, index, nz - 1 - y];
  return [index, x, nz - 1 - y];
}

/** The centre of a voxel in mm. */
export function voxelCentre_mm(voxel: Vec3, spacing: Vec3): Vec3 {
  return [0, 1, 2].map((a) => (voxel[a] + 0.5) * spacing[a]) as Vec3;
}

/** The voxel containing a point (clamped to the grid), to move the sliders onto a point. */
export function voxelOf_mm(point: Vec3, size: Vec3, spacing: Vec3): Vec3 {
  return [0, 1, 2].map((a) =>
    Math.min(size[a] - 1, Math.max(0, Math.floor(point[a] / spacing[a]))),
  ) as Vec3;
}

/** Where a point falls on a view's image, in pixels (continuous: pixel p spans [p, p + 1]). */
export function pointOnView(
  point: Vec3,
  size: Vec3,
  spacing: Vec3,
  axis: CtSliceAxis,
): { cx: number; cy: number } {
  const [x, y, z] = point;
  const [sx, sy, sz] = spacing;
  const nz = size[2];
  if (axis === "axial") return { cx: x / sx, cy: y / sy };
  if (axis === "coronal") return { cx: x / sx, cy: nz - z / sz };
  return { cx: y / sy, cy: nz - z / sz };
}

/**
 * Where a sphere cuts slice `index` of a view, in image pixels (continuous: pixel p spans [p, p+1]):
 * the centre and the two semi-axes of the ellipse (a circle in mm, an ellipse in pixels when the
 * pixels are not square), or null when the slice plane misses the sphere.
 */
export function sphereOnView(
  sphere: { centre_mm: Vec3; radius_mm: number },
  size: Vec3,
  spacing: Vec3,
  axis: CtSliceAxis,
  index: number,
): { cx: number; cy: number; rx: number; ry: number } | null {
  const normal = axis === "axial" ? 2 : axis === "coronal" ? 1 : 0;
  const plane_mm = (index + 0.5) * spacing[normal];
  const d = sphere.centre_mm[normal] - plane_mm;
  const r2 = sphere.radius_mm * sphere.radius_mm - d * d;
  if (r2 < 0) return null;
  const r = Math.sqrt(r2);
  const { pixel_mm } = viewGeometry(size, spacing, axis);
  return {
    ...pointOnView(sphere.centre_mm, size, spacing, axis),
    rx: r / pixel_mm[0],
    ry: r / pixel_mm[1],
  };
}

/** A region of interest in mm of the CT (app/domain/fe/regionBox.ts), min and max per axis. */
export interface BoxMm {
  min_mm: Vec3;
  max_mm: Vec3;
}

/** The two CT axes a view shows: horizontal, then vertical (see the orientation above). */
export function viewAxes(axis: CtSliceAxis): [0 | 1 | 2, 0 | 1 | 2] {
  if (axis === "axial") return [0, 1];
  if (axis === "coronal") return [0, 2];
  return [1, 2];
}

/** The whole volume as a box: 0 to n × spacing mm per axis. */
export function wholeVolume(size: Vec3, spacing: Vec3): BoxMm {
  return { min_mm: [0, 0, 0], max_mm: [0, 1, 2].map((a) => size[a] * spacing[a]) as Vec3 };
}

/**
 * The box drawn on a view, in image pixels (continuous): the rectangle of its two in-plane axes
 * (the box is drawn on every view, whatever the slice).
 */
export function boxOnView(
  box: BoxMm,
  size: Vec3,
  spacing: Vec3,
  axis: CtSliceAxis,
): { x: number; y: number; width: number; height: number } {
  const lo = pointOnView(box.min_mm, size, spacing, axis);
  const hi = pointOnView(box.max_mm, size, spacing, axis);
  return {
    x: Math.min(lo.cx, hi.cx),
    y: Math.min(lo.cy, hi.cy),
    width: Math.abs(hi.cx - lo.cx),
    height: Math.abs(hi.cy - lo.cy),
  };
}

/** The mm of the view's two axes at a continuous image point (pixel p spans [p, p + 1]). */
export function mmOfViewPoint(
  size: Vec3,
  spacing: Vec3,
  axis: CtSliceAxis,
  px: number,
  py: number,
): [number, number] {
  const [h, v] = viewAxes(axis);
  const nz = size[2];
  const across = px * spacing[h];
  const down = axis === "axial" ? py * spacing[v] : (nz - py) * spacing[v];
  return [across, down];
}

/**
 * The box after a rectangle dragged on a view from image point `from` to `to`: the view's two axes
 * take the rectangle (clamped to the volume, rounded to 0.1 mm), the third keeps the current box's
 * or, with no box yet, the whole volume's extent.
 */
export function dragBox(
  current: BoxMm | null,
  size: Vec3,
  spacing: Vec3,
  axis: CtSliceAxis,
  from: { x: number; y: number },
  to: { x: number; y: number },
): BoxMm {
  const whole = wholeVolume(size, spacing);
  const box: BoxMm = {
    min_mm: [...(current ?? whole).min_mm],
    max_mm: [...(current ?? whole).max_mm],
  };
  const a = mmOfViewPoint(size, spacing, axis, from.x, from.y);
  const b = mmOfViewPoint(size, spacing, axis, to.x, to.y);
  const round = (v: number, axisIndex: number) =>
    Math.round(Math.min(whole.max_mm[axisIndex], Math.max(0, v)) * 10) / 10;
  viewAxes(axis).forEach((axisIndex, n) => {
    box.min_mm[axisIndex] = round(Math.min(a[n], b[n]), axisIndex);
    box.max_mm[axisIndex] = round(Math.max(a[n], b[n]), axisIndex);
  });
  return box;
}

/**
 * The analysis axis drawn on a view (decision 127): the segment from origin − half·direction to
 * origin + half·direction projected on the view's two axes, in image pixels (continuous). The
 * projection of an axis seen end-on is a point (both ends equal).
 */
export function axisOnView(
  axis: { origin_mm: Vec3; direction: Vec3; half_length_mm: number },
  size: Vec3,
  spacing: Vec3,
  view: CtSliceAxis,
): { x1: number; y1: number; x2: number; y2: number } {
  const end = (sign: number) =>
    [0, 1, 2].map(
      (a) => axis.origin_mm[a] + sign * axis.half_length_mm * axis.direction[a],
    ) as Vec3;
  const a = pointOnView(end(-1), size, spacing, view);
  const b = pointOnView(end(1), size, spacing, view);
  return { x1: a.cx, y1: a.cy, x2: b.cx, y2: b.cy };
}
