/**
 * The proposed analysis axis of a CT series (issue 13 item 4, decision 127): the bone segmented as
 * the pipeline does (region.ts: HU threshold, largest piece, cavities filled, after the region
 * box's crop), its principal frame, and the long axis the load cases follow (femur: the shaft
 * axis, stance loads along it; vertebra: the compression axis). Shown on the slice views so the
 * user sees, and may tilt, the axis before running.
 *
 * Read-only and cheap: segmented on a copy averaged to about 3 mm voxels, so that a 1 mm CT of
 * 512 × 512 × 400 voxels is 27 times fewer voxels; the axis agrees with the full-resolution one
 * within a degree on the femur phantom (test/fe/axis-tilt.test.ts).
 */
import type { ProposedAxis } from "../../app/domain/fe/axisTilt";
import type { RegionBox } from "../../app/domain/fe/regionBox";
import type { Site } from "./calibration";
import { cropCt } from "./crop";
import type { CtVolume } from "./ctVolume";
import { DEFAULT_THRESHOLDS, frameRule } from "./pipeline";
import { principalFrame, segmentBone } from "./region";

/** Target voxel of the proposal's copy, mm: the analysis voxel of the coarse tests (3 mm). */
export const PROPOSAL_VOXEL_MM = 3;

/** The CT averaged over blocks of whole voxels (the factor per axis keeps voxels ≤ `target_mm`). */
export function downsample(ct: CtVolume, target_mm: number): CtVolume {
  const f = ct.spacing.map((s) => Math.max(1, Math.floor(target_mm / s))) as [
    number,
    number,
    number,
  ];
  if (f[0] === 1 && f[1] === 1 && f[2] === 1) return ct;
  const n = [ct.nx, ct.ny, ct.nz].map((m, a) => Math.floor(m / f[a]));
  const hu = new Float32Array(n[0] * n[1] * n[2]);
  const inv = 1 / (f[0] * f[1] * f[2]);
  for (let k = 0; k < n[2]; k++) {
    for (let j = 0; j < n[1]; j++) {
      for (let i = 0; i < n[0]; i++) {
        let sum = 0;
        for (let c = 0; c < f[2]; c++) {
          for (let b = 0; b < f[1]; b++) {
            const row = ct.nx * (j * f[1] + b + ct.ny * (k * f[2] + c));
            for (let a = 0; a < f[0]; a++) sum += ct.hu[row + i * f[0] + a];
          }
        }
        hu[i + n[0] * (j + n[1] * k)] = sum * inv;
      }
    }
  }
  return {
    nx: n[0],
    ny: n[1],
    nz: n[2],
    spacing: ct.spacing.map((s, a) => s * f[a]) as [number, number, number],
    hu,
  };
}

/**
 * The long axis the pipeline would analyse along, in the CT's mm (from the corner of voxel
 * (0, 0, 0)): origin at the bone's centroid, unit direction (the frame's z), and half the bone's
 * extent along it. `target_mm` is the copy's voxel (tests compare it with the full resolution).
 */
export function proposedAxis(
  volume: CtVolume,
  site: Site,
  region?: RegionBox,
  target_mm = PROPOSAL_VOXEL_MM,
): ProposedAxis {
  const crop = region ? cropCt(volume, region) : null;
  const offset = crop ? crop.offset_mm : [0, 0, 0];
  const ct = downsample(crop ? crop.ct : volume, target_mm);
  const mask = segmentBone(ct, DEFAULT_THRESHOLDS[site].segmentation_HU);
  const frame = principalFrame(ct, mask, frameRule(site));
  const z = frame.axes[2];
  let half = 0;
  const [sx, sy, sz] = ct.spacing;
  let v = 0;
  for (let k = 0; k < ct.nz; k++) {
    for (let j = 0; j < ct.ny; j++) {
      for (let i = 0; i < ct.nx; i++, v++) {
        if (!mask[v]) continue;
        const t =
          ((i + 0.5) * sx - frame.origin[0]) * z[0] +
          ((j + 0.5) * sy - frame.origin[1]) * z[1] +
          ((k + 0.5) * sz - frame.origin[2]) * z[2];
        if (Math.abs(t) > half) half = Math.abs(t);
      }
    }
  }
  return {
    origin_mm: [0, 1, 2].map((a) => frame.origin[a] + offset[a]) as [number, number, number],
    direction: [z[0], z[1], z[2]],
    half_length_mm: half,
    segmented_at_mm: Math.max(...ct.spacing),
  };
}
