/**
 * One slice of a CT volume as a greyscale PNG (issue 13 §3: "a bounding box chosen on three
 * orthogonal slice views in the browser"; decision 088). The image's pixel (x, y) is a voxel of
 * the CT grid, oriented as app/domain/fe/sliceViews.ts says (its voxelOfPixel), so the browser
 * turns a click into millimetres with the series' spacing alone.
 */
import { PNG } from "pngjs";
import { type CtSliceAxis, viewGeometry, voxelOfPixel } from "../../app/domain/fe/sliceViews";
import type { CtVolume } from "./ctVolume";

export type { CtSliceAxis };

/**
 * A bone window (level 400 HU, width 1800 HU: from −500 to 1300 HU), the usual window for
 * cortical and trabecular bone (Radiopaedia, "Windowing (CT)": bone W 1800 L 400).
 */
export const BONE_WINDOW = { level_HU: 400, width_HU: 1800 } as const;

/** How many slices the axis has (the largest index is one less). */
export function sliceCount(ct: CtVolume, axis: CtSliceAxis): number {
  return viewGeometry([ct.nx, ct.ny, ct.nz], ct.spacing, axis).count;
}

/** The slice's HU values, row by row, and its size in pixels. */
export function ctSlice(
  ct: CtVolume,
  axis: CtSliceAxis,
  index: number,
): { width: number; height: number; hu: Float32Array } {
  const { nx, ny, nz } = ct;
  if (!Number.isInteger(index) || index < 0 || index >= sliceCount(ct, axis)) {
    throw new RangeError(`slice ${index} is outside 0..${sliceCount(ct, axis) - 1}`);
  }
  const { width, height } = viewGeometry([nx, ny, nz], ct.spacing, axis);
  const hu = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [i, j, k] = voxelOfPixel([nx, ny, nz], axis, index, x, y);
      hu[x + width * y] = ct.hu[i + nx * (j + ny * k)];
    }
  }
  return { width, height, hu };
}

/** Grey level 0..255 of a HU value in the window (clamped at both ends). */
export function windowGrey(hu: number, window: { level_HU: number; width_HU: number }): number {
  const low = window.level_HU - window.width_HU / 2;
  const t = (hu - low) / window.width_HU;
  return Math.round(255 * Math.min(1, Math.max(0, t)));
}

/** The slice as PNG bytes (8-bit grey stored as opaque RGBA). */
export function ctSlicePng(
  ct: CtVolume,
  axis: CtSliceAxis,
  index: number,
  window: { level_HU: number; width_HU: number } = BONE_WINDOW,
): Buffer {
  const slice = ctSlice(ct, axis, index);
  const png = new PNG({ width: slice.width, height: slice.height });
  for (let p = 0; p < slice.hu.length; p++) {
    const g = windowGrey(slice.hu[p], window);
    png.data[4 * p] = g;
    png.data[4 * p + 1] = g;
    png.data[4 * p + 2] = g;
    png.data[4 * p + 3] = 255;
  }
  return PNG.sync.write(png);
}
