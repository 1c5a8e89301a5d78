// Regions of the skeleton map that the zoom buttons enlarge (issue 10 §6, decision 074). At
// 1366×768 the whole skeleton draws 1000 units in about 560 px, so a cervical vertebra (8 units
// high) is 4–5 px: too small to hit. Each region's viewBox is chosen, from the catalogue geometry
// (app/domain/skeleton/catalogue.ts), so that every site inside it is at least 24×24 CSS px
// (WCAG 2.2 SC 2.5.8) in the zoomed box (4:5, as tall as the map); the browser test
// test/e2e/board-layout.e2e.test.ts measures it.
import type { SkeletonView } from "../../domain/skeleton";

export interface MapRegion {
  id: string;
  /** viewBox in map units (400 × 1000 frame), 4:5 like the zoomed box. */
  box: { x: number; y: number; width: number; height: number };
  /** The view that shows the region's bones on top: the spine from behind (no sternum over it). */
  view: SkeletonView;
}

export const MAP_REGIONS: readonly MapRegion[] = [
  { id: "cervical", box: { x: 132, y: 85, width: 136, height: 170 }, view: "posterior" },
  { id: "thoracic", box: { x: 106, y: 168, width: 188, height: 235 }, view: "posterior" },
  { id: "lumbosacral", box: { x: 118, y: 380, width: 164, height: 205 }, view: "posterior" },
  { id: "thorax", box: { x: 98, y: 158, width: 204, height: 255 }, view: "anterior" },
  { id: "upperLimbs", box: { x: 45, y: 180, width: 310, height: 388 }, view: "anterior" },
  { id: "pelvis", box: { x: 95, y: 465, width: 210, height: 262 }, view: "anterior" },
  { id: "thighs", box: { x: 82, y: 595, width: 236, height: 295 }, view: "anterior" },
  { id: "legs", box: { x: 88, y: 700, width: 224, height: 280 }, view: "anterior" },
];

export function findRegion(id: string | null): MapRegion | undefined {
  return MAP_REGIONS.find((r) => r.id === id);
}

/** Whether an axis-aligned box (map units) overlaps the region: its bones take keyboard focus. */
export function inRegion(
  region: MapRegion,
  b: { x: number; y: number; width: number; height: number },
): boolean {
  const r = region.box;
  return b.x < r.x + r.width && b.x + b.width > r.x && b.y < r.y + r.height && b.y + b.height > r.y;
}
