/**
 * Banded Cholesky factorisation for the coarsest multigrid level (fe.md §8: "small direct or CG
 * coarse solve"). The coarsest grid has a few thousand unknowns; z-major node numbering keeps
 * the band to about three node planes.
 *
 * Storage: row i keeps columns i−band … i at i·(band+1) + (j − i + band).
 */
import { elementStiffness, type Spacing } from "./element";
import { type Level, sharedFloat64 } from "./grid";

export interface BandedFactor {
  size: number;
  band: number;
  /** Lower-triangular Cholesky factor L (A = L·Lᵀ) in band storage. */
  values: Float64Array;
}

/** Half-bandwidth, in degrees of freedom, of the stiffness matrix of a level. */
export function stiffnessBand(level: Level): number {
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  const offsets = [0, 1, sx, sx + 1, sxy, sxy + 1, sxy + sx, sxy + sx + 1];
  let band = 0;
  for (let e = 0; e < level.elementCount; e++) {
    const c = level.elementCorner[e];
    const lo = level.gridMap[c + offsets[0]];
    let hi = lo;
    for (let n = 1; n < 8; n++) hi = Math.max(hi, level.gridMap[c + offsets[n]]);
    band = Math.max(band, 3 * (hi - lo) + 2);
  }
  return band;
}

/** Assembles the constrained stiffness (identity rows on fixed dofs) and factors it. */
export function factorLevel(
  level: Level,
  spacing: Spacing,
  poisson: number,
  fixed: Uint8Array,
): BandedFactor {
  const size = 3 * level.nodeCount;
  const band = stiffnessBand(level);
  const width = band + 1;
  const a = sharedFloat64(size * width);
  const k0 = elementStiffness(spacing, poisson);
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  const offsets = [0, 1, sx, sx + 1, sxy, sxy + 1, sxy + sx, sxy + sx + 1];
  const dof = new Int32Array(24);
  for (let e = 0; e < level.elementCount; e++) {
    const c = level.elementCorner[e];
    for (let n = 0; n < 8; n++) {
      const node = level.gridMap[c + offsets[n]];
      for (let d = 0; d < 3; d++) dof[3 * n + d] = 3 * node + d;
    }
    const E = level.modulus[e];
    for (let i = 0; i < 24; i++) {
      const gi = dof[i];
      if (fixed[gi]) continue;
      for (let j = 0; j < 24; j++) {
        const gj = dof[j];
        if (gj > gi || fixed[gj]) continue;
        a[gi * width + (gj - gi + band)] += E * k0[i * 24 + j];
      }
    }
  }
  for (let i = 0; i < size; i++) if (fixed[i]) a[i * width + band] = 1;
  choleskyInPlace(a, size, band);
  return { size, band, values: a };
}

function choleskyInPlace(a: Float64Array, size: number, band: number): void {
  const width = band + 1;
  for (let i = 0; i < size; i++) {
    const rowI = i * width - i + band;
    const j0 = Math.max(0, i - band);
    for (let j = j0; j <= i; j++) {
      const rowJ = j * width - j + band;
      const k0 = Math.max(j0, j - band);
      let s = a[rowI + j];
      for (let k = k0; k < j; k++) s -= a[rowI + k] * a[rowJ + k];
      if (j < i) {
        a[rowI + j] = s / a[rowJ + j];
      } else {
        const original = a[rowI + i];
        // A rigid-body mode the constraints missed on this coarse grid would give a zero pivot:
        // pin that dof instead of failing; the coarse grid only preconditions.
        a[rowI + i] =
          s > 1e-12 * Math.abs(original) && s > 0 ? Math.sqrt(s) : Number.POSITIVE_INFINITY;
      }
    }
  }
}

/** Solves L·Lᵀ·x = b in place (x holds b on entry). */
export function solveBanded(f: BandedFactor, x: Float64Array): void {
  const { size, band, values: a } = f;
  const width = band + 1;
  for (let i = 0; i < size; i++) {
    const row = i * width - i + band;
    let s = x[i];
    for (let k = Math.max(0, i - band); k < i; k++) s -= a[row + k] * x[k];
    x[i] = s / a[row + i];
  }
  for (let i = size - 1; i >= 0; i--) {
    x[i] /= a[i * width + band];
    const xi = x[i];
    const row = i * width - i + band;
    for (let k = Math.max(0, i - band); k < i; k++) x[k] -= a[row + k] * xi;
  }
}
