/** Test helpers shared by the FE verification tests. */
import { buildLevel, cropToBone, type Level, type VoxelGrid } from "../../server/fe/grid";

/** Eigenvalues of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations. */
export function symmetricEigenvalues(matrix: Float64Array, n: number): number[] {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]);
}

export function meshOf(grid: VoxelGrid): Level {
  return buildLevel(cropToBone(grid).grid);
}

export function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Mirrors a grid along one axis (i → n−1−i). */
export function mirrored(grid: VoxelGrid, axis: 0 | 1 | 2): VoxelGrid {
  const { nx, ny, nz } = grid;
  const modulus = new Float32Array(grid.modulus.length);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const src = [i, j, k];
        const n = [nx, ny, nz][axis];
        src[axis] = n - 1 - src[axis];
        modulus[i + nx * (j + ny * k)] = grid.modulus[src[0] + nx * (src[1] + ny * src[2])];
      }
    }
  }
  return { ...grid, modulus };
}
