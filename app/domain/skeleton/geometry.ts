/**
 * Drawing geometry for the skeleton map. One coordinate frame for both views:
 * viewBox "0 0 400 1000", figure facing the viewer, midline at x = 200.
 * Anterior view: the patient's right is on the viewer's left (x < 200).
 * Posterior view: the patient's right is on the viewer's right (x > 200).
 * Every site shape is a (possibly rotated) ellipse: easy to draw as an SVG path and to hit-test.
 */

export const VIEWBOX = { width: 400, height: 1000, midlineX: 200 } as const;
export const VIEWBOX_ATTRIBUTE = "0 0 400 1000";

export type SkeletonView = "anterior" | "posterior";
export const SKELETON_VIEWS: readonly SkeletonView[] = ["anterior", "posterior"];

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Clockwise rotation in degrees (SVG convention, y pointing down). */
  rotationDeg: number;
}

export interface SiteShape extends Ellipse {
  /** SVG path data of the ellipse outline, ready for <path d=...>. */
  path: string;
  /** Anchor for a lesion marker. */
  anchor: { x: number; y: number };
  /** Hidden behind another bone in this view: draw faintly, hit-test last. */
  occluded: boolean;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function ellipsePath(e: Ellipse): string {
  const theta = (e.rotationDeg * Math.PI) / 180;
  const dx = e.rx * Math.cos(theta);
  const dy = e.rx * Math.sin(theta);
  const x1 = round(e.cx - dx);
  const y1 = round(e.cy - dy);
  const x2 = round(e.cx + dx);
  const y2 = round(e.cy + dy);
  const arc = `${e.rx} ${e.ry} ${e.rotationDeg} 1 0`;
  return `M ${x1} ${y1} A ${arc} ${x2} ${y2} A ${arc} ${x1} ${y1} Z`;
}

export function toShape(e: Ellipse, occluded: boolean): SiteShape {
  return { ...e, path: ellipsePath(e), anchor: { x: e.cx, y: e.cy }, occluded };
}

/** Mirror across the midline (right ↔ left, or anterior ↔ posterior for one side). */
export function mirror(e: Ellipse): Ellipse {
  return { ...e, cx: VIEWBOX.width - e.cx, rotationDeg: -e.rotationDeg };
}

/** The axis-aligned box around a (rotated) ellipse, in map units. */
export function ellipseBounds(e: Ellipse): { x: number; y: number; width: number; height: number } {
  const theta = (e.rotationDeg * Math.PI) / 180;
  const halfW = Math.hypot(e.rx * Math.cos(theta), e.ry * Math.sin(theta));
  const halfH = Math.hypot(e.rx * Math.sin(theta), e.ry * Math.cos(theta));
  return { x: e.cx - halfW, y: e.cy - halfH, width: 2 * halfW, height: 2 * halfH };
}

/** True when (x, y) lies inside the ellipse. */
export function ellipseContains(e: Ellipse, x: number, y: number): boolean {
  const theta = (-e.rotationDeg * Math.PI) / 180;
  const px = x - e.cx;
  const py = y - e.cy;
  const u = px * Math.cos(theta) - py * Math.sin(theta);
  const v = px * Math.sin(theta) + py * Math.cos(theta);
  return (u * u) / (e.rx * e.rx) + (v * v) / (e.ry * e.ry) <= 1;
}

function mirrorPoints(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  return points.map(([x, y]) => [VIEWBOX.width - x, y]);
}

/** The patient's right half of the silhouette, from the neck down to the crotch (anterior view). */
const SILHOUETTE_RIGHT_HALF: ReadonlyArray<readonly [number, number]> = [
  [182, 116],
  [180, 150],
  [120, 168],
  [88, 184],
  [76, 250],
  [70, 390],
  [62, 545],
  [66, 585],
  [94, 585],
  [100, 545],
  [114, 400],
  [120, 300],
  [130, 262],
  [138, 400],
  [116, 500],
  [90, 600],
  [94, 700],
  [104, 800],
  [100, 900],
  [106, 975],
  [98, 992],
  [152, 992],
  [148, 975],
  [152, 900],
  [156, 800],
  [172, 650],
  [200, 615],
];

function polygonPath(points: ReadonlyArray<readonly [number, number]>): string {
  return `${points.map(([x, y], i) => `${i === 0 ? "M" : "L"} ${x} ${y}`).join(" ")} Z`;
}

/**
 * A simple body outline (head and silhouette) for the background of either view. The silhouette
 * is symmetric, so both views share it; only the labels of the sides differ.
 */
export function bodyOutline(view: SkeletonView): {
  head: string;
  body: string;
  view: SkeletonView;
} {
  const right = SILHOUETTE_RIGHT_HALF;
  const left = mirrorPoints(right).reverse();
  return {
    view,
    head: ellipsePath({ cx: 200, cy: 60, rx: 50, ry: 58, rotationDeg: 0 }),
    body: polygonPath([...right, ...left.slice(1)]),
  };
}

/** Which screen half holds the patient's right side in a view (for the "D"/"G" letters). */
export function patientRightOnViewerLeft(view: SkeletonView): boolean {
  return view === "anterior";
}
