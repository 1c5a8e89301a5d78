/**
 * Keeps the largest face-connected piece of bone. Voxels that touch the bone only along an edge
 * or at a corner, and islands left by thresholding a CT scan, are mechanisms: the stiffness
 * matrix is singular there and CG never converges. Face-connected voxels share four nodes, so
 * the kept piece is free of such hinges (except rigid-body motion, handled by the constraints).
 */
import { isBone, type VoxelGrid } from "./grid";

export interface ConnectedBone {
  grid: VoxelGrid;
  /** Bone voxels dropped because they are not face-connected to the largest piece. */
  removedVoxels: number;
}

export function largestConnectedBone(grid: VoxelGrid): ConnectedBone {
  const { nx, ny, nz } = grid;
  const n = nx * ny * nz;
  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  const sizes: number[] = [0];
  for (let seed = 0; seed < n; seed++) {
    if (label[seed] !== 0 || !isBone(grid.modulus[seed])) continue;
    const id = sizes.length;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    label[seed] = id;
    while (top > 0) {
      const v = stack[--top];
      size++;
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      const visit = (w: number) => {
        if (label[w] === 0 && isBone(grid.modulus[w])) {
          label[w] = id;
          stack[top++] = w;
        }
      };
      if (i > 0) visit(v - 1);
      if (i < nx - 1) visit(v + 1);
      if (j > 0) visit(v - nx);
      if (j < ny - 1) visit(v + nx);
      if (k > 0) visit(v - nx * ny);
      if (k < nz - 1) visit(v + nx * ny);
    }
    sizes.push(size);
  }
  if (sizes.length <= 2) return { grid, removedVoxels: 0 };
  let keep = 1;
  for (let id = 2; id < sizes.length; id++) if (sizes[id] > sizes[keep]) keep = id;
  const modulus = new Float32Array(n);
  let removed = 0;
  for (let v = 0; v < n; v++) {
    if (label[v] === keep) modulus[v] = grid.modulus[v];
    else if (label[v] !== 0) removed++;
  }
  return { grid: { ...grid, modulus }, removedVoxels: removed };
}
