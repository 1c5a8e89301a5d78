/**
 * The region of interest of an FE analysis (issue 13 item 3: "a bounding box chosen on three
 * orthogonal slice views", decision 121): a box in the CT's own millimetres (from the corner of
 * voxel (0, 0, 0), the coordinates of the lesion sphere and of weakest_region), applied BEFORE
 * segmentation by cutting the CT to the voxels whose centre lies in the box. The cut volume keeps
 * the spacing; its voxel (0, 0, 0) is voxel `lo` of the CT, so every position found in it is
 * moved back by `offset_mm` (pipeline.ts analyseBone).
 */
import { boxOutsideVolume, REGION_AXES, type RegionBox } from "../../app/domain/fe/regionBox";
import type { CtVolume } from "./ctVolume";

type Vec3 = [number, number, number];

export interface CroppedCt {
  ct: CtVolume;
  /** First and last voxel kept along i, j, k (inclusive). */
  lo: Vec3;
  hi: Vec3;
  /** CT millimetres of the cut volume's corner: add to every position found in it. */
  offset_mm: Vec3;
  /** Whether each face of the box (x min, x max, y min, ...) lies on the volume's own border. */
  onVolumeBorder: { min: [boolean, boolean, boolean]; max: [boolean, boolean, boolean] };
}

/** The CT cut to the voxels whose centre lies inside the box (spacing kept). */
export function cropCt(ct: CtVolume, box: RegionBox): CroppedCt {
  const size: Vec3 = [ct.nx, ct.ny, ct.nz];
  const outside = boxOutsideVolume(box, size, ct.spacing);
  if (outside.length > 0) {
    throw new RangeError(`region ${outside[0].path.join(".")}: ${outside[0].message}`);
  }
  const lo = [0, 0, 0] as Vec3;
  const hi = [0, 0, 0] as Vec3;
  for (let a = 0; a < 3; a++) {
    // Voxel centres at (i + 0.5)·spacing: keep those inside [min, max].
    lo[a] = Math.max(0, Math.ceil(box.min_mm[a] / ct.spacing[a] - 0.5));
    hi[a] = Math.min(size[a] - 1, Math.floor(box.max_mm[a] / ct.spacing[a] - 0.5));
    if (hi[a] - lo[a] < 1) {
      throw new RangeError(
        `region: the box holds fewer than 2 voxels along ${REGION_AXES[a]} (voxels of ${ct.spacing[a]} mm)`,
      );
    }
  }
  const [nx, ny, nz] = [0, 1, 2].map((a) => hi[a] - lo[a] + 1);
  const hu = new Float32Array(nx * ny * nz);
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = lo[0] + ct.nx * (lo[1] + j + ct.ny * (lo[2] + k));
      hu.set(ct.hu.subarray(row, row + nx), v);
      v += nx;
    }
  }
  return {
    ct: { nx, ny, nz, spacing: ct.spacing, hu },
    lo,
    hi,
    offset_mm: [0, 1, 2].map((a) => lo[a] * ct.spacing[a]) as Vec3,
    onVolumeBorder: {
      min: [lo[0] === 0, lo[1] === 0, lo[2] === 0],
      max: [hi[0] === ct.nx - 1, hi[1] === ct.ny - 1, hi[2] === ct.nz - 1],
    },
  };
}

export interface FaceCut {
  /** "x_min", "z_max", ...: the face of the box the bone crosses. */
  face: string;
  /** Segmented bone voxels on that face's layer of voxels. */
  bone_voxels: number;
  area_mm2: number;
}

/**
 * The faces of the box that the segmented bone crosses: bone voxels on the outermost layer of the
 * cut volume, on faces that are not the volume's own border (there the acquisition, not the box,
 * cut the bone). A box meant to hold a whole bone crosses none (decision 121: flagged, not refused).
 */
export function facesCut(crop: CroppedCt, mask: Uint8Array): FaceCut[] {
  const { nx, ny, nz, spacing } = crop.ct;
  const n = [nx, ny, nz];
  const cuts: FaceCut[] = [];
  for (let a = 0; a < 3; a++) {
    for (const side of ["min", "max"] as const) {
      if (crop.onVolumeBorder[side][a]) continue;
      const layer = side === "min" ? 0 : n[a] - 1;
      const [b, c] = [0, 1, 2].filter((x) => x !== a);
      const stride = [1, nx, nx * ny];
      let count = 0;
      // Only the face's own layer of voxels: the other two axes run over the whole face.
      for (let q = 0; q < n[c]; q++) {
        for (let p = 0; p < n[b]; p++) {
          if (mask[layer * stride[a] + p * stride[b] + q * stride[c]]) count++;
        }
      }
      if (count > 0) {
        cuts.push({
          face: `${REGION_AXES[a]}_${side}`,
          bone_voxels: count,
          area_mm2: count * spacing[b] * spacing[c],
        });
      }
    }
  }
  return cuts;
}
