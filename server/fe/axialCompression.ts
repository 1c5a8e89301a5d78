/**
 * The verification load case of issue 4 on a voxel volume: axial compression between the lowest
 * and highest faces of the bone along one axis (fe.md §2.3 vertebra endplate-to-endplate
 * compression; §6.1 uniaxial block). Reaction and apparent stiffness are what every FE code can
 * be compared on.
 */
import { axialCompression, sumOverNodes } from "./boundary";
import { largestConnectedBone } from "./connectivity";
import { buildLevel, cropToBone, type Level, type VoxelGrid } from "./grid";
import { type SolveOptions, type SolveResult, solveElasticity } from "./solver";

export type LoadAxis = "x" | "y" | "z";

export interface AxialCompressionInput {
  poisson: number;
  axis: LoadAxis;
  /** Displacement of the highest face along the axis, mm (negative compresses). */
  displacementMm: number;
}

export interface AxialCompressionResult {
  /** Mesh in the solver's frame: grid z is the load axis, cropped to the bone. */
  mesh: Level;
  bottom: Int32Array;
  top: Int32Array;
  solve: SolveResult;
  /** |Σ z-reaction on the highest face|, N. */
  reactionForceN: number;
  /** reactionForceN / |displacement|, N/mm. */
  stiffnessNPerMm: number;
  /** Bone voxels left out because they are not face-connected to the main piece. */
  removedVoxels: number;
}

/** Reorders axes cyclically so that `axis` becomes grid z (handedness is kept). */
export function gridAlongAxis(grid: VoxelGrid, axis: LoadAxis): VoxelGrid {
  if (axis === "z") return grid;
  const { nx, ny, nz } = grid;
  // New (x, y, z) = old (y, z, x) for axis x, old (z, x, y) for axis y.
  const order = axis === "x" ? [1, 2, 0] : [2, 0, 1];
  const oldSizes = [nx, ny, nz];
  const sizes = order.map((a) => oldSizes[a]);
  const spacing: [number, number, number] = [
    grid.spacing[order[0]],
    grid.spacing[order[1]],
    grid.spacing[order[2]],
  ];
  const modulus = new Float32Array(grid.modulus.length);
  const oldStride = [1, nx, nx * ny];
  const old = [0, 0, 0];
  let v = 0;
  for (let k = 0; k < sizes[2]; k++) {
    for (let j = 0; j < sizes[1]; j++) {
      for (let i = 0; i < sizes[0]; i++, v++) {
        old[order[0]] = i;
        old[order[1]] = j;
        old[order[2]] = k;
        modulus[v] =
          grid.modulus[old[0] * oldStride[0] + old[1] * oldStride[1] + old[2] * oldStride[2]];
      }
    }
  }
  return { nx: sizes[0], ny: sizes[1], nz: sizes[2], spacing, modulus };
}

export async function solveAxialCompression(
  grid: VoxelGrid,
  input: AxialCompressionInput,
  options: SolveOptions = {},
): Promise<AxialCompressionResult> {
  if (!(input.displacementMm !== 0 && Number.isFinite(input.displacementMm))) {
    throw new RangeError("displacement_mm must be a non-zero number of millimetres");
  }
  const connected = largestConnectedBone(gridAlongAxis(grid, input.axis));
  const mesh = buildLevel(cropToBone(connected.grid).grid);
  const { bc, bottom, top } = axialCompression(mesh, input.displacementMm);
  const solve = await solveElasticity(mesh, input.poisson, bc, options);
  const reactionForceN = Math.abs(sumOverNodes(solve.nodalForce, top, 2));
  return {
    mesh,
    bottom,
    top,
    solve,
    reactionForceN,
    stiffnessNPerMm: reactionForceN / Math.abs(input.displacementMm),
    removedVoxels: connected.removedVoxels,
  };
}
