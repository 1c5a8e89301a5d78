/**
 * Voxel model and its mesh: one 8-node hexahedron per non-empty voxel, nodes numbered only where
 * an element uses them (fe.md §8 "Element"). Numbering follows the grid's linear order (x fastest,
 * z slowest), so every z-plane of nodes and every z-layer of elements is a contiguous range:
 * workers own slabs of planes (fe.md §8 "2 workers by slab decomposition").
 *
 * All arrays live on SharedArrayBuffers so worker threads read and write them in place.
 */
import type { Spacing } from "./element";

/** A voxel volume of Young's moduli in MPa; 0 (or less, or NaN) means "no bone here". */
export interface VoxelGrid {
  nx: number;
  ny: number;
  nz: number;
  /** Voxel size in mm along x, y, z. */
  spacing: Spacing;
  /** Index i + nx·(j + ny·k). */
  modulus: Float32Array;
}

/** The finite-element mesh of one multigrid level. */
export interface Level {
  /** Elements along x, y, z of the (cropped) grid. */
  nx: number;
  ny: number;
  nz: number;
  spacing: Spacing;
  /** Node-grid index i + (nx+1)·(j + (ny+1)·k) → node number, or −1 where no element uses it. */
  gridMap: Int32Array;
  nodeCount: number;
  /** First node of node plane k (length nz + 2, last entry = nodeCount). */
  planeStart: Int32Array;
  elementCount: number;
  /** Node-grid index of each element's lowest corner, in z-major order. */
  elementCorner: Int32Array;
  /** First element of element layer k (length nz + 1). */
  layerStart: Int32Array;
  /** Young's modulus of each element, MPa. */
  modulus: Float32Array;
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8)).subarray(0, length);
}
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, length) * 4)).subarray(0, length);
}
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4)).subarray(0, length);
}
export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, length))).subarray(0, length);
}

export function isBone(modulus: number): boolean {
  return modulus > 0;
}

/** Bounding box of the bone voxels, or null when the volume holds none. */
export function boneBounds(grid: VoxelGrid): { lo: number[]; hi: number[] } | null {
  const lo = [grid.nx, grid.ny, grid.nz];
  const hi = [-1, -1, -1];
  let v = 0;
  for (let k = 0; k < grid.nz; k++) {
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++, v++) {
        if (!isBone(grid.modulus[v])) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
    }
  }
  return hi[0] < 0 ? null : { lo, hi };
}

/**
 * Crops the grid to the bone's bounding box. The lowest bone plane then sits at node plane 0,
 * aligned with every coarse multigrid level.
 */
export function cropToBone(grid: VoxelGrid): { grid: VoxelGrid; offset: [number, number, number] } {
  const bounds = boneBounds(grid);
  if (!bounds) throw new Error("The volume contains no bone voxel (no modulus > 0).");
  const [x0, y0, z0] = bounds.lo;
  const nx = bounds.hi[0] - x0 + 1;
  const ny = bounds.hi[1] - y0 + 1;
  const nz = bounds.hi[2] - z0 + 1;
  if (nx === grid.nx && ny === grid.ny && nz === grid.nz) return { grid, offset: [0, 0, 0] };
  const modulus = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const src = x0 + grid.nx * (y0 + j + grid.ny * (z0 + k));
      modulus.set(grid.modulus.subarray(src, src + nx), nx * (j + ny * k));
    }
  }
  return { grid: { nx, ny, nz, spacing: grid.spacing, modulus }, offset: [x0, y0, z0] };
}

/** Builds the mesh of a voxel grid: node numbering, element corners and moduli. */
export function buildLevel(grid: VoxelGrid): Level {
  const { nx, ny, nz } = grid;
  const sx = nx + 1;
  const sxy = sx * (ny + 1);
  const gridMap = sharedInt32(sxy * (nz + 1));
  gridMap.fill(-1);
  let elementCount = 0;
  for (let v = 0; v < grid.modulus.length; v++) if (isBone(grid.modulus[v])) elementCount++;
  const elementCorner = sharedInt32(elementCount);
  const modulus = sharedFloat32(elementCount);
  const layerStart = sharedInt32(nz + 1);
  let e = 0;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    layerStart[k] = e;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const value = grid.modulus[v];
        if (!isBone(value)) continue;
        const corner = i + sx * j + sxy * k;
        elementCorner[e] = corner;
        modulus[e] = value;
        e++;
        // Mark the 8 nodes as used (numbered below).
        gridMap[corner] = 0;
        gridMap[corner + 1] = 0;
        gridMap[corner + sx] = 0;
        gridMap[corner + sx + 1] = 0;
        gridMap[corner + sxy] = 0;
        gridMap[corner + sxy + 1] = 0;
        gridMap[corner + sxy + sx] = 0;
        gridMap[corner + sxy + sx + 1] = 0;
      }
    }
  }
  layerStart[nz] = e;
  const planeStart = sharedInt32(nz + 2);
  let n = 0;
  for (let k = 0; k <= nz; k++) {
    planeStart[k] = n;
    const end = sxy * (k + 1);
    for (let g = sxy * k; g < end; g++) if (gridMap[g] === 0) gridMap[g] = n++;
  }
  planeStart[nz + 1] = n;
  return {
    nx,
    ny,
    nz,
    spacing: grid.spacing,
    gridMap,
    nodeCount: n,
    planeStart,
    elementCount,
    elementCorner,
    layerStart,
    modulus,
  };
}

/** Local corner offsets in the node grid, local node n = a + 2b + 4c. */
export function cornerOffsets(level: Pick<Level, "nx" | "ny">): Int32Array {
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  return Int32Array.from([0, 1, sx, sx + 1, sxy, sxy + 1, sxy + sx, sxy + sx + 1]);
}

/** Grid coordinates (i, j, k) of a node-grid index. */
export function nodeGridCoords(
  level: Pick<Level, "nx" | "ny">,
  g: number,
): [number, number, number] {
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  const k = Math.floor(g / sxy);
  const rest = g - k * sxy;
  const j = Math.floor(rest / sx);
  return [rest - j * sx, j, k];
}

/** Coarsening factor along each axis: 2 while the axis still has at least 3 elements. */
export function coarseningFactors(
  level: Pick<Level, "nx" | "ny" | "nz">,
): [number, number, number] {
  return [level.nx >= 3 ? 2 : 1, level.ny >= 3 ? 2 : 1, level.nz >= 3 ? 2 : 1];
}

/**
 * The next coarser voxel grid (fe.md §8: 2×2×2 coarsening, ParOSol-style): each coarse voxel
 * carries the mean modulus of its children, empty children counting as 0, so a half-filled coarse
 * voxel is half as stiff.
 */
export function coarsenGrid(level: Level, factors: readonly [number, number, number]): VoxelGrid {
  const [fx, fy, fz] = factors;
  const cnx = Math.ceil(level.nx / fx);
  const cny = Math.ceil(level.ny / fy);
  const cnz = Math.ceil(level.nz / fz);
  const modulus = new Float32Array(cnx * cny * cnz);
  const sum = new Float64Array(modulus.length);
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  for (let e = 0; e < level.elementCount; e++) {
    const g = level.elementCorner[e];
    const k = Math.floor(g / sxy);
    const rest = g - k * sxy;
    const j = Math.floor(rest / sx);
    const i = rest - j * sx;
    const c = Math.floor(i / fx) + cnx * (Math.floor(j / fy) + cny * Math.floor(k / fz));
    sum[c] += level.modulus[e];
  }
  const children = fx * fy * fz;
  for (let c = 0; c < modulus.length; c++) modulus[c] = sum[c] / children;
  return {
    nx: cnx,
    ny: cny,
    nz: cnz,
    spacing: [level.spacing[0] * fx, level.spacing[1] * fy, level.spacing[2] * fz],
    modulus,
  };
}
