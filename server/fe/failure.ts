/**
 * Failure load from one linear solve (issue 13 item 5; fe.md §3.1, §3.2, §2.4).
 *
 * Primary: maximum principal strain, Schileo et al. 2014 J Biomech 47:3531 with the Bayraktar 2004
 * limits, 0.73 % in tension and 1.04 % in compression: F_fail = F_applied · min over bone voxels of
 * min(0.0073/ε₁, 0.0104/|ε₃|). Strains are averaged over a ~3 mm neighbourhood (fe.md §8) and
 * voxels near the caps and the fixation are skipped (MITK-GEM ignores nodes within 15 mm of any
 * BC region; fe.md §8 suggests 10–15 mm).
 *
 * Alongside: Pistoia et al. 2002 Bone 30:842, failure when 2 % of the bone volume exceeds 0.7 %
 * effective strain √(2·SED/E): F = F_applied · 0.007 / q98(ε_eff). Defined for micro-FE; its use
 * on continuum QCT models is an adaptation (parosol-py does the same, fe.md §3.2).
 */

import { STANDARD_GRAVITY_M_S2 } from "../../app/domain/common";
import { constitutiveMatrix, strainDisplacement } from "./element";
import { cornerOffsets, type Level } from "./grid";
import { ROLE, type VoxelModel } from "./loadCases";
import { principalValues } from "./postprocess";

/** Bayraktar et al. 2004 J Biomech 37:27, as used by Schileo 2014 (fe.md §3.1). */
export const STRAIN_LIMITS = { tension: 0.0073, compression: 0.0104 } as const;
/** Pistoia 2002 (fe.md §3.2). */
export const PISTOIA = { criticalStrain: 0.007, criticalVolumeFraction: 0.02 } as const;
/** fe.md §8: strains smoothed over a ~3 mm neighbourhood. */
export const AVERAGING_MM = 3;
/**
 * Zone around the caps and fixation where the criterion is not evaluated (decision 082). Femur:
 * fe.md §8 suggests 10–15 mm (MITK-GEM ignores 15 mm). A vertebral body is only ~26 mm high, so
 * 10 mm from each endplate cap would leave almost nothing: there one averaging neighbourhood
 * (3 mm) is skipped, enough to step off the voxels touching the cap.
 */
export const EXCLUSION_MM: Record<"proximal-femur" | "vertebra", number> = {
  "proximal-femur": 10,
  vertebra: 3,
};

export interface WeakestRegion {
  /** Voxel index (i, j, k) in the analysis grid. */
  voxel: [number, number, number];
  mode: "tension" | "compression";
  /** Averaged principal strains there, per unit of applied plate displacement. */
  maxPrincipalStrain: number;
  minPrincipalStrain: number;
}

export interface FailureEstimate {
  /** Load-to-failure factor: F_fail = factor · F_applied. */
  strainFactor: number;
  weakest: WeakestRegion;
  pistoiaFactor: number;
  /** Bone voxels on which the criterion was evaluated. */
  evaluatedVoxels: number;
  /**
   * Strain ratio of every analysis voxel per unit of applied plate displacement: max(ε₁/0.0073,
   * −ε₃/0.0104) of the averaged strains, NaN where the criterion is not evaluated (not bone
   * tissue, or near the caps). Times `strainFactor` it is the field at the failure load, 1.0 at
   * the weakest voxel (the strain images, decision 122).
   */
  ratio: Float32Array;
}

/** Marks voxels within `radius` voxels (Chebyshev distance: a cube) of a marked voxel. */
export function dilateBox(
  mask: Uint8Array,
  nx: number,
  ny: number,
  nz: number,
  radius: number,
): Uint8Array {
  let current = Uint8Array.from(mask);
  const n = [nx, ny, nz];
  const stride = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const next = new Uint8Array(current.length);
    for (let v = 0; v < current.length; v++) {
      if (!current[v]) continue;
      const c = Math.floor(v / stride[axis]) % n[axis];
      const lo = Math.max(0, c - radius);
      const hi = Math.min(n[axis] - 1, c + radius);
      const base = v - c * stride[axis];
      for (let t = lo; t <= hi; t++) next[base + t * stride[axis]] = 1;
    }
    current = next;
  }
  return current;
}

/** Centroid strains (Voigt, engineering shear) and strain energy density ½·ε:σ of every element. */
export interface CentroidFields {
  strain: Float64Array;
  strainEnergyDensity: Float64Array;
}

/**
 * The two fields the criteria need, at the element centroid only (postprocess.ts `elementFields`
 * also forms stresses and the exact element energy, which costs a 24×24 product per element:
 * most of the post-processing time of a 0.5 M-dof femur).
 */
export function centroidFields(mesh: Level, poisson: number, u: Float64Array): CentroidFields {
  const n = mesh.elementCount;
  const b = strainDisplacement(mesh.spacing, 0, 0, 0);
  const d = constitutiveMatrix(1, poisson);
  const offsets = cornerOffsets(mesh);
  const strain = new Float64Array(6 * n);
  const sed = new Float64Array(n);
  const ue = new Float64Array(24);
  const eps = new Float64Array(6);
  for (let e = 0; e < n; e++) {
    const c = mesh.elementCorner[e];
    for (let a = 0; a < 8; a++) {
      const node = mesh.gridMap[c + offsets[a]];
      ue[3 * a] = u[3 * node];
      ue[3 * a + 1] = u[3 * node + 1];
      ue[3 * a + 2] = u[3 * node + 2];
    }
    for (let i = 0; i < 6; i++) {
      let sum = 0;
      for (let j = 0; j < 24; j++) sum += b[i * 24 + j] * ue[j];
      eps[i] = sum;
      strain[6 * e + i] = sum;
    }
    let energy = 0;
    for (let i = 0; i < 6; i++) {
      let sum = 0;
      for (let j = 0; j < 6; j++) sum += d[i * 6 + j] * eps[j];
      energy += sum * eps[i];
    }
    sed[e] = 0.5 * mesh.modulus[e] * energy;
  }
  return { strain, strainEnergyDensity: sed };
}

export function estimateFailure(
  model: VoxelModel,
  mesh: Level,
  fields: CentroidFields,
  boundaryVoxels: Uint8Array,
  exclusion_mm: number,
): FailureEstimate {
  const { nx, ny, nz, voxel_mm: h } = model;
  const sx = nx + 1;
  const sxy = sx * (ny + 1);
  // Element of each voxel, and the voxel of each element.
  const elementOf = new Int32Array(nx * ny * nz).fill(-1);
  for (let e = 0; e < mesh.elementCount; e++) {
    const g = mesh.elementCorner[e];
    const k = Math.floor(g / sxy);
    const rest = g - k * sxy;
    const j = Math.floor(rest / sx);
    const i = rest - j * sx;
    elementOf[i + nx * (j + ny * k)] = e;
  }
  const excluded = dilateBox(boundaryVoxels, nx, ny, nz, Math.ceil(exclusion_mm / h));
  // Averaging box of ~3 mm: 3 voxels at 1 mm, the voxel itself from 2 mm up.
  const r = Math.max(0, Math.round((AVERAGING_MM / h - 1) / 2));
  let best = Number.POSITIVE_INFINITY;
  let weakest: WeakestRegion | null = null;
  const effective = new Float64Array(mesh.elementCount);
  const ratio = new Float32Array(nx * ny * nz).fill(Number.NaN);
  let evaluated = 0;
  const avg = new Float64Array(6);
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (model.role[v] !== ROLE.tissue || excluded[v]) continue;
        const e = elementOf[v];
        if (e < 0) continue;
        effective[evaluated++] = Math.sqrt(
          (2 * fields.strainEnergyDensity[e]) / Math.max(mesh.modulus[e], 1e-12),
        );
        avg.fill(0);
        let count = 0;
        for (let dk = -r; dk <= r; dk++) {
          for (let dj = -r; dj <= r; dj++) {
            for (let di = -r; di <= r; di++) {
              const a = i + di;
              const b = j + dj;
              const c = k + dk;
              if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
              const w = a + nx * (b + ny * c);
              const f = elementOf[w];
              if (f < 0 || model.role[w] !== ROLE.tissue) continue;
              for (let s = 0; s < 6; s++) avg[s] += fields.strain[6 * f + s];
              count++;
            }
          }
        }
        const [e1, , e3] = principalValues(
          avg[0] / count,
          avg[1] / count,
          avg[2] / count,
          avg[3] / (2 * count),
          avg[4] / (2 * count),
          avg[5] / (2 * count),
        );
        const tension = e1 > 0 ? STRAIN_LIMITS.tension / e1 : Number.POSITIVE_INFINITY;
        const compression = e3 < 0 ? STRAIN_LIMITS.compression / -e3 : Number.POSITIVE_INFINITY;
        const factor = Math.min(tension, compression);
        ratio[v] = 1 / factor;
        if (factor < best) {
          best = factor;
          weakest = {
            voxel: [i, j, k],
            mode: tension <= compression ? "tension" : "compression",
            maxPrincipalStrain: e1,
            minPrincipalStrain: e3,
          };
        }
      }
    }
  }
  if (!weakest || !Number.isFinite(best)) {
    throw new Error(
      "no bone voxel is far enough from the load caps to evaluate the failure criterion",
    );
  }
  // Every voxel has the same volume, so the volume-weighted percentile is the plain one.
  const sorted = effective.subarray(0, evaluated).sort();
  const q98 =
    sorted[Math.min(evaluated - 1, Math.floor((1 - PISTOIA.criticalVolumeFraction) * evaluated))];
  return {
    strainFactor: best,
    weakest,
    pistoiaFactor: PISTOIA.criticalStrain / q98,
    evaluatedVoxels: evaluated,
    ratio,
  };
}

/**
 * Standard gravity, m/s², for body-weight multiples: the domain's one value (9.80665, CGPM 1901),
 * so the FE result's multiple and the board's FE rule use the same g (decision 132 left them apart).
 */
export const GRAVITY = STANDARD_GRAVITY_M_S2;

/**
 * Peak hip contact forces of daily activities in multiples of body weight (fe.md §2.4):
 * Bergmann et al. 2001 J Biomech (walking 238 %, stairs up 251 %, down 260 %), Bergmann et al.
 * 1993 J Biomech 26:969 (stumbling 720 % and 870 % in two patients).
 */
export const ACTIVITY_LOADS_BW = [
  { activity: "walking", bw: 2.38, source: "Bergmann et al. 2001 J Biomech" },
  { activity: "stairs-up", bw: 2.51, source: "Bergmann et al. 2001 J Biomech" },
  { activity: "stairs-down", bw: 2.6, source: "Bergmann et al. 2001 J Biomech" },
  { activity: "stumbling", bw: 7.2, source: "Bergmann et al. 1993 J Biomech 26:969 (7.2–8.7)" },
] as const;

/**
 * Left/right difference of healthy femur pairs (fe.md §0.3, §4: side-impact study JBMR 2004,
 * 54 pairs, 17 ± 12 %, 15 ± 13 % when BMC differs < 5 %): a loss inside this band is within the
 * natural side difference.
 */
export const HEALTHY_PAIR_BAND_PERCENT = {
  low: 15,
  high: 17,
  source: "JBMR 2004 side-impact study (fe.md §4)",
} as const;

export function activityComparison(failureLoadBw: number) {
  return ACTIVITY_LOADS_BW.map((a) => ({ ...a, margin: failureLoadBw / a.bw }));
}
