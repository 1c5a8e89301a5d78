/**
 * Builds everything the solver threads share: the multigrid hierarchy on the voxel pyramid
 * (fe.md §8: 2×2×2 coarsening, coarse moduli by averaging, ParOSol-style rediscretisation),
 * constrained degrees of freedom on every level, inverse diagonals, the coarsest-level Cholesky
 * factor and all work vectors, on SharedArrayBuffers.
 */
import { type BandedFactor, factorLevel } from "./banded";
import { type ModalConstants, modalConstants } from "./element";
import {
  buildLevel,
  coarsenGrid,
  coarseningFactors,
  type Level,
  sharedFloat64,
  sharedInt32,
  sharedUint8,
} from "./grid";
import { stiffnessDiagonal } from "./operator";
import { CONTROL } from "./team";

export type SolverMethod = "multigrid" | "jacobi";

export interface SolverSettings {
  method: SolverMethod;
  /** Relative residual ‖r‖/‖b‖ at which PCG stops (issue 4: 1e-6 by default). */
  tolerance: number;
  maxIterations: number;
  /** Chebyshev polynomial degree of each pre- and post-smoothing (fe.md §8: 2–4). */
  smootherDegree: number;
  /** Chebyshev interval [λmax/range, 1.1·λmax]. */
  smoothingRange: number;
  /** Stop coarsening once the coarsest band matrix has at most this many entries. */
  maxCoarseBandEntries: number;
}

export const DEFAULT_SETTINGS: SolverSettings = {
  method: "multigrid",
  tolerance: 1e-6,
  /** ParOSol's cap (fe.md §5.1); solver.ts raises it for Jacobi, which needs hundreds more. */
  maxIterations: 1000,
  smootherDegree: 2,
  smoothingRange: 6,
  maxCoarseBandEntries: 600_000,
};

/** Dirichlet and load data on the fine level (dof = 3·node + direction). */
export interface BoundaryConditions {
  /** Prescribed displacements in mm, sorted by dof. */
  prescribedDofs: Int32Array;
  prescribedValues: Float64Array;
  /**
   * Rigid-body pins (single node dofs held at 0, not in prescribedDofs). A point constraint is a
   * very soft spring, so PCG on the pinned system crawls through three near-zero modes. Instead
   * the fine system is solved without them, singular but consistent because the load is
   * self-equilibrated in those directions, the pins are projected onto every coarse level (where
   * they select one solution of the consistent coarse problem) and the rigid motion is removed
   * afterwards so that the pinned dofs end at 0 (solver.ts). Only for loads that are in
   * equilibrium in the pinned directions, like the axial load case.
   */
  pinDofs: Int32Array;
  /** Nodal forces in N, sorted by dof. */
  forceDofs: Int32Array;
  forceValues: Float64Array;
}

export interface LevelData {
  mesh: Level;
  consts: ModalConstants;
  fixed: Uint8Array;
  fixedDofs: Int32Array;
  invDiag: Float64Array;
  /** Coarsening factors towards the next level. */
  factors: [number, number, number];
  /** Right-hand side, solution and two work vectors of the V-cycle on this level. */
  b: Float64Array;
  x: Float64Array;
  t: Float64Array;
  d: Float64Array;
  /** [λmax of D⁻¹A], estimated by the workers during set-up. */
  eig: Float64Array;
}

export interface SolverProblem {
  poisson: number;
  settings: SolverSettings;
  levels: LevelData[];
  coarse: BandedFactor | null;
  bc: BoundaryConditions;
  /** PCG vectors on the fine level: solution, residual, preconditioned residual, direction, A·p. */
  x: Float64Array;
  r: Float64Array;
  z: Float64Array;
  p: Float64Array;
  q: Float64Array;
  control: Int32Array;
  slots: Float64Array;
  /** [iterations, relative residual, converged, aborted, ‖b‖] written by rank 0. */
  result: Float64Array;
}

/** How the solver's float vectors are allocated: fresh, or lent by a pool (grid.ts). */
export type VectorAllocator = (length: number) => Float64Array;

function levelData(
  mesh: Level,
  poisson: number,
  fixed: Uint8Array,
  vectors: { b: Float64Array; x: Float64Array; t: Float64Array } | null,
  alloc: VectorAllocator,
): LevelData {
  const n = 3 * mesh.nodeCount;
  // The diagonal is inverted in place: no second fine-level vector per solve (decision 128).
  const invDiag = stiffnessDiagonal(mesh, mesh.spacing, poisson, alloc(n));
  let fixedCount = 0;
  for (let i = 0; i < n; i++) {
    if (fixed[i]) {
      fixedCount++;
      invDiag[i] = 0;
    } else invDiag[i] = invDiag[i] > 0 ? 1 / invDiag[i] : 0;
  }
  const fixedDofs = sharedInt32(fixedCount);
  for (let i = 0, f = 0; i < n; i++) if (fixed[i]) fixedDofs[f++] = i;
  return {
    mesh,
    consts: modalConstants(mesh.spacing, poisson),
    fixed,
    fixedDofs,
    invDiag,
    factors: coarseningFactors(mesh),
    b: vectors ? vectors.b : alloc(n),
    x: vectors ? vectors.x : alloc(n),
    t: vectors ? vectors.t : alloc(n),
    d: alloc(n),
    eig: sharedFloat64(1),
  };
}

/** Estimated size of the coarsest band matrix if we stopped at this level. */
function bandEntries(mesh: Level): number {
  const planeNodes = (mesh.nx + 1) * (mesh.ny + 1);
  return 3 * mesh.nodeCount * (3 * (planeNodes + mesh.nx + 2) + 3);
}

/**
 * A coarse dof is constrained when the fine node at the same place is constrained in that
 * direction, when no free fine dof interpolates from it, or when a rigid-body pin projects onto
 * it (pins are single nodes and would otherwise vanish from coarse grids).
 */
function coarseFixed(
  fine: Level,
  fineFixed: Uint8Array,
  coarse: Level,
  factors: readonly [number, number, number],
  pinNodes: { node: [number, number, number]; direction: number }[],
): Uint8Array {
  const fixed = sharedUint8(3 * coarse.nodeCount);
  const [fx, fy, fz] = factors;
  const fsx = fine.nx + 1;
  const fsxy = fsx * (fine.ny + 1);
  const csx = coarse.nx + 1;
  const csxy = csx * (coarse.ny + 1);
  const reach = (f: number) => (f === 2 ? 1 : 0);
  for (let K = 0; K <= coarse.nz; K++) {
    for (let J = 0; J <= coarse.ny; J++) {
      for (let I = 0; I <= coarse.nx; I++) {
        const cn = coarse.gridMap[I + csx * J + csxy * K];
        if (cn < 0) continue;
        const i0 = fx * I;
        const j0 = fy * J;
        const k0 = fz * K;
        const inside = i0 <= fine.nx && j0 <= fine.ny && k0 <= fine.nz;
        const same = inside ? fine.gridMap[i0 + fsx * j0 + fsxy * k0] : -1;
        for (let d = 0; d < 3; d++) {
          if (same >= 0 && fineFixed[3 * same + d]) {
            fixed[3 * cn + d] = 1;
            continue;
          }
          let anyFree = false;
          for (let c = -reach(fz); c <= reach(fz) && !anyFree; c++) {
            const k = k0 + c;
            if (k < 0 || k > fine.nz) continue;
            for (let b = -reach(fy); b <= reach(fy) && !anyFree; b++) {
              const j = j0 + b;
              if (j < 0 || j > fine.ny) continue;
              for (let a = -reach(fx); a <= reach(fx); a++) {
                const i = i0 + a;
                if (i < 0 || i > fine.nx) continue;
                const fn = fine.gridMap[i + fsx * j + fsxy * k];
                if (fn >= 0 && !fineFixed[3 * fn + d]) {
                  anyFree = true;
                  break;
                }
              }
            }
          }
          if (!anyFree) fixed[3 * cn + d] = 1;
        }
      }
    }
  }
  for (const pin of pinNodes) {
    const [i, j, k] = pin.node;
    const cn = coarse.gridMap[i + csx * j + csxy * k];
    if (cn >= 0) fixed[3 * cn + pin.direction] = 1;
  }
  return fixed;
}

export function fineFixedMask(mesh: Level, bc: BoundaryConditions): Uint8Array {
  const fixed = sharedUint8(3 * mesh.nodeCount);
  for (const dof of bc.prescribedDofs) fixed[dof] = 1;
  return fixed;
}

/** Allocates and precomputes the whole shared solver state. */
export function buildProblem(
  fine: Level,
  poisson: number,
  bc: BoundaryConditions,
  settings: SolverSettings,
  workerCount: number,
  alloc: VectorAllocator = sharedFloat64,
): SolverProblem {
  const n = 3 * fine.nodeCount;
  const x = alloc(n);
  const r = alloc(n);
  const z = alloc(n);
  const p = alloc(n);
  const q = alloc(n);
  const levels: LevelData[] = [
    levelData(fine, poisson, fineFixedMask(fine, bc), { b: r, x: z, t: q }, alloc),
  ];
  // Pins expressed as fine node-grid coordinates, projected level by level.
  const sx = fine.nx + 1;
  const sxy = sx * (fine.ny + 1);
  const nodeCoords = new Map<number, [number, number, number]>();
  for (let g = 0; g < fine.gridMap.length; g++) {
    const node = fine.gridMap[g];
    if (node < 0) continue;
    for (const dof of bc.pinDofs) {
      if (Math.floor(dof / 3) === node) {
        const k = Math.floor(g / sxy);
        const j = Math.floor((g - k * sxy) / sx);
        nodeCoords.set(node, [g - k * sxy - j * sx, j, k]);
      }
    }
  }
  let pins = Array.from(bc.pinDofs, (dof) => {
    const coords = nodeCoords.get(Math.floor(dof / 3));
    if (!coords) throw new Error(`Pinned dof ${dof} is not a mesh node.`);
    return { node: coords, direction: dof % 3 };
  });

  if (settings.method === "multigrid") {
    for (;;) {
      const current = levels[levels.length - 1];
      const mesh = current.mesh;
      const factors = current.factors;
      const canCoarsen = factors.some((f) => f === 2);
      if (!canCoarsen || bandEntries(mesh) <= settings.maxCoarseBandEntries) break;
      const coarseMesh = buildLevel(coarsenGrid(mesh, factors));
      pins = pins.map((pin) => ({
        node: [
          Math.floor(pin.node[0] / factors[0]),
          Math.floor(pin.node[1] / factors[1]),
          Math.floor(pin.node[2] / factors[2]),
        ],
        direction: pin.direction,
      }));
      const fixed = coarseFixed(mesh, current.fixed, coarseMesh, factors, pins);
      levels.push(levelData(coarseMesh, poisson, fixed, null, alloc));
    }
  }
  const last = levels[levels.length - 1];
  // A coarsest grid that could not be coarsened enough (a thin plate) is smoothed, not factored.
  let coarseFixedMask = last.fixed;
  if (levels.length === 1 && bc.pinDofs.length > 0) {
    // Factoring the fine level itself: the pins must make it non-singular.
    coarseFixedMask = Uint8Array.from(last.fixed);
    for (const dof of bc.pinDofs) coarseFixedMask[dof] = 1;
  }
  const coarse =
    settings.method === "multigrid" && bandEntries(last.mesh) <= 20 * settings.maxCoarseBandEntries
      ? factorLevel(last.mesh, last.mesh.spacing, poisson, coarseFixedMask)
      : null;
  return {
    poisson,
    settings,
    levels,
    coarse,
    bc,
    x,
    r,
    z,
    p,
    q,
    control: sharedInt32(CONTROL.length),
    slots: sharedFloat64(4 * Math.max(1, workerCount)),
    result: sharedFloat64(5),
  };
}

/** Bytes held by the solver's typed arrays: the memory the solver itself needs. */
export function problemBytes(problem: SolverProblem): number {
  let bytes = 0;
  const seen = new Set<ArrayBufferLike>();
  const add = (a: { buffer: ArrayBufferLike; byteLength: number }) => {
    if (seen.has(a.buffer)) return;
    seen.add(a.buffer);
    bytes += a.byteLength;
  };
  for (const lv of problem.levels) {
    const m = lv.mesh;
    for (const a of [m.gridMap, m.planeStart, m.elementCorner, m.layerStart, m.modulus]) add(a);
    for (const a of [lv.fixed, lv.fixedDofs, lv.invDiag, lv.b, lv.x, lv.t, lv.d]) add(a);
  }
  for (const a of [problem.x, problem.r, problem.z, problem.p, problem.q]) add(a);
  if (problem.coarse) add(problem.coarse.values);
  return bytes;
}
