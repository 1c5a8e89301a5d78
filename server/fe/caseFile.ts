/**
 * The FE case file of issue 4 and its JSON result, shared by the CLI, the server and the
 * benchmarks so that any FE code can be compared on the same mesh:
 * {"volume": "<nrrd path>", "quantity": "youngs-modulus-MPa", "poisson": 0.3,
 *  "load_case": "axial-compression", "axis": "z", "displacement_mm": -0.36}
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { solveAxialCompression } from "./axialCompression";
import { isBone } from "./grid";
import { nrrdToGrid, readNrrd } from "./nrrd";
import { defaultWorkerCount, type SolveOptions, warmUpWorkers } from "./solver";

export const FeCaseSchema = z.object({
  volume: z.string().min(1, "give the path of the NRRD volume of Young's moduli"),
  quantity: z.literal("youngs-modulus-MPa"),
  poisson: z.number().gt(-1).lt(0.5),
  load_case: z.literal("axial-compression"),
  axis: z.enum(["x", "y", "z"]),
  displacement_mm: z
    .number()
    .refine((v) => v !== 0 && Number.isFinite(v), "must be a non-zero displacement in mm"),
  /** Optional solver controls (not part of the comparison contract). */
  workers: z.number().int().min(0).max(64).optional(),
  tolerance: z.number().gt(0).lt(1).optional(),
  solver: z.enum(["multigrid", "jacobi"]).optional(),
});
export type FeCase = z.infer<typeof FeCaseSchema>;

export interface FeCaseResult {
  dof: number;
  free_dof: number;
  nodes: number;
  elements: number;
  /** Bone voxels not face-connected to the main piece, left out of the mesh. */
  removed_voxels: number;
  voxel_size_mm: [number, number, number];
  reaction_force_N: number;
  stiffness_N_per_mm: number;
  iterations: number;
  relative_residual: number;
  converged: boolean;
  solver: "multigrid" | "jacobi";
  levels: number;
  workers: number;
  wall_s: number;
  solve_s: number;
  peak_rss_mb: number;
  solver_bytes_per_dof: number;
}

/** Turns a zod error into one line per field: what is wrong and where. */
export function describeCaseError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `case file field "${issue.path.join(".") || "(root)"}": ${issue.message}`)
    .join("\n");
}

export function parseCase(json: unknown): FeCase {
  const parsed = FeCaseSchema.safeParse(json);
  if (!parsed.success) throw new Error(describeCaseError(parsed.error));
  return parsed.data;
}

export function readCaseFile(casePath: string): { feCase: FeCase; volumePath: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(casePath, "utf8"));
  } catch (error) {
    throw new Error(`cannot read case file ${casePath}: ${(error as Error).message}`);
  }
  const feCase = parseCase(json);
  // A relative volume path is read from the case file's folder (issue 4).
  const volumePath = path.resolve(path.dirname(casePath), feCase.volume);
  return { feCase, volumePath };
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export async function runCaseFile(
  casePath: string,
  options: SolveOptions = {},
): Promise<FeCaseResult> {
  const start = performance.now();
  const { feCase, volumePath } = readCaseFile(casePath);
  // Worker start-up overlaps reading the volume and building the mesh.
  const requested = options.workers ?? feCase.workers;
  if (requested !== undefined && requested > 0) warmUpWorkers(requested);
  const grid = nrrdToGrid(readNrrd(volumePath));
  // A case-file run (the CLI) has nothing else for its main thread to do: a model small enough
  // for one worker is solved in-thread, which saves the worker's start-up and its isolate
  // (measured at 57 k dof: about 0.1 s and 16 MB). Larger models get the default pool.
  let boneVoxels = 0;
  for (const e of grid.modulus) if (isBone(e)) boneVoxels++;
  const workers = requested ?? (defaultWorkerCount(3 * boneVoxels) <= 1 ? 0 : undefined);
  const solver = feCase.solver ?? "multigrid";
  const result = await solveAxialCompression(
    grid,
    { poisson: feCase.poisson, axis: feCase.axis, displacementMm: feCase.displacement_mm },
    {
      ...options,
      workers,
      settings: {
        ...options.settings,
        method: solver,
        ...(feCase.tolerance ? { tolerance: feCase.tolerance } : {}),
      },
    },
  );
  const dof = 3 * result.mesh.nodeCount;
  const solve = result.solve;
  return {
    dof,
    free_dof: dof - (result.bottom.length + result.top.length + 3),
    nodes: result.mesh.nodeCount,
    elements: result.mesh.elementCount,
    removed_voxels: result.removedVoxels,
    voxel_size_mm: [grid.spacing[0], grid.spacing[1], grid.spacing[2]],
    reaction_force_N: result.reactionForceN,
    stiffness_N_per_mm: result.stiffnessNPerMm,
    iterations: solve.iterations,
    relative_residual: solve.relativeResidual,
    converged: solve.converged,
    solver,
    levels: solve.levels,
    workers: solve.workers,
    wall_s: (performance.now() - start) / 1000,
    solve_s: solve.solveSeconds,
    peak_rss_mb: peakRssMb(),
    solver_bytes_per_dof: solve.solverBytes / dof,
  };
}
