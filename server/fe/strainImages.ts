/**
 * The three strain images of a finished FE analysis (issue 13 §6, decision 122): axial, coronal
 * and sagittal CT slices through the weakest point of the governing load case, each CT voxel
 * painted with the strain ratio of the analysis voxel it falls in (viridis, 0 to 1.0 = the
 * criterion's threshold, app/domain/fe/strainColour.ts) where the criterion is evaluated, and in
 * the CT's bone window elsewhere; a red cross marks the weakest point. One image pixel is one CT
 * voxel, oriented as the CT slice views (app/domain/fe/sliceViews.ts), so the images line up with
 * what the user saw when placing the lesion. Written as PNG files beside the job in the data
 * folder; the result row keeps their paths and SHA-256.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import {
  CT_SLICE_AXES,
  type CtSliceAxis,
  pointOnView,
  viewGeometry,
  voxelOf_mm,
  voxelOfPixel,
} from "../../app/domain/fe/sliceViews";
import { type Rgb, STRAIN_RATIO_SCALE, strainRatioColour } from "../../app/domain/fe/strainColour";
import type { StrainImage, StrainImages } from "../../app/domain/fe/strainImages";
import { BONE_WINDOW, windowGrey } from "./ctSlice";
import type { CtVolume } from "./ctVolume";
import type { StrainRatioField } from "./pipeline";
import type { Vec3 } from "./region";

/** Pure red: in neither viridis nor grey, so the marker stands out on both. */
export const WEAKEST_MARKER: Rgb = [255, 0, 0];

/** The strain ratio at a CT point (mm), NaN outside the analysis grid or where not evaluated. */
export function ratioAt(field: StrainRatioField, point: Vec3): number {
  const { nx, ny, nz, voxel_mm: h, lo, frame } = field.grid;
  const d = [point[0] - frame.origin[0], point[1] - frame.origin[1], point[2] - frame.origin[2]];
  const index = [0, 1, 2].map((a) => {
    const ax = frame.axes[a];
    return Math.floor((d[0] * ax[0] + d[1] * ax[1] + d[2] * ax[2] - lo[a]) / h);
  });
  const [i, j, k] = index;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return Number.NaN;
  return field.ratio[i + nx * (j + ny * k)];
}

/**
 * A cross of four arms around the point, with a gap in the middle so the weakest voxel itself
 * stays visible; arms about 8 % of the image's smaller side (at least 3 pixels), 1 pixel thick up
 * to 256 pixels, 2 above (a 512-pixel CT is shown at about half size).
 */
function drawMarker(png: PNG, cx: number, cy: number): void {
  const px = Math.floor(cx);
  const py = Math.floor(cy);
  const side = Math.min(png.width, png.height);
  const gap = 2;
  const arm = Math.max(3, Math.round(0.08 * side));
  const thick = side > 256 ? 2 : 1;
  const paint = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= png.width || y >= png.height) return;
    const p = 4 * (x + png.width * y);
    [png.data[p], png.data[p + 1], png.data[p + 2]] = WEAKEST_MARKER;
  };
  for (let s = gap; s < gap + arm; s++) {
    for (let t = 0; t < thick; t++) {
      paint(px + s, py + t);
      paint(px - s, py + t);
      paint(px + t, py + s);
      paint(px + t, py - s);
    }
  }
}

/** One view through the weakest point as PNG bytes, with its slice index and size. */
export function strainSlicePng(
  ct: CtVolume,
  field: StrainRatioField,
  weakest_mm: Vec3,
  axis: CtSliceAxis,
): { png: Buffer; sliceIndex: number; width: number; height: number; pixel_mm: [number, number] } {
  const size: Vec3 = [ct.nx, ct.ny, ct.nz];
  const [wi, wj, wk] = voxelOf_mm(weakest_mm, size, ct.spacing);
  const sliceIndex = axis === "axial" ? wk : axis === "coronal" ? wj : wi;
  const { width, height, pixel_mm } = viewGeometry(size, ct.spacing, axis);
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [i, j, k] = voxelOfPixel(size, axis, sliceIndex, x, y);
      const centre: Vec3 = [
        (i + 0.5) * ct.spacing[0],
        (j + 0.5) * ct.spacing[1],
        (k + 0.5) * ct.spacing[2],
      ];
      const ratio = ratioAt(field, centre);
      const p = 4 * (x + width * y);
      if (Number.isNaN(ratio)) {
        const g = windowGrey(ct.hu[i + ct.nx * (j + ct.ny * k)], BONE_WINDOW);
        png.data[p] = g;
        png.data[p + 1] = g;
        png.data[p + 2] = g;
      } else {
        [png.data[p], png.data[p + 1], png.data[p + 2]] = strainRatioColour(ratio);
      }
      png.data[p + 3] = 255;
    }
  }
  const { cx, cy } = pointOnView(weakest_mm, size, ct.spacing, axis);
  drawMarker(png, cx, cy);
  return {
    png: PNG.sync.write(png),
    sliceIndex,
    width,
    height,
    pixel_mm: [pixel_mm[0], pixel_mm[1]],
  };
}

/**
 * Writes the three images of a job under `fe-jobs/<jobId>/` in the data folder (replacing any
 * left by an earlier attempt) and returns the record stored in the job's result.
 */
export function writeStrainImages(
  dataDir: string,
  jobId: number,
  ct: CtVolume,
  field: StrainRatioField,
  weakest_mm: Vec3,
): StrainImages {
  const folder = path.join("fe-jobs", String(jobId));
  fs.mkdirSync(path.join(dataDir, folder), { recursive: true });
  const images: StrainImage[] = CT_SLICE_AXES.map((axis) => {
    const image = strainSlicePng(ct, field, weakest_mm, axis);
    const file = `${folder}/strain-${axis}.png`;
    fs.writeFileSync(path.join(dataDir, file), image.png);
    return {
      axis,
      file,
      sha256: createHash("sha256").update(image.png).digest("hex"),
      slice_index: image.sliceIndex,
      width: image.width,
      height: image.height,
      pixel_mm: image.pixel_mm,
    };
  });
  return {
    load_case: field.load_case,
    measure: "max-principal-strain-ratio",
    colour_map: "viridis",
    scale: { min: STRAIN_RATIO_SCALE.min, max: STRAIN_RATIO_SCALE.max },
    weakest_position_mm: weakest_mm,
    images,
  };
}
