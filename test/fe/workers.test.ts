/**
 * Worker-thread execution (fe.md §8: worker_threads over SharedArrayBuffer): any number of
 * workers gives the same answer, progress is reported, and a solve can be cancelled.
 */
import { afterAll, describe, expect, it } from "vitest";
import { solveAxialCompression } from "../../server/fe/axialCompression";
import { axialCompression } from "../../server/fe/boundary";
import { cylinderPhantom } from "../../server/fe/phantom";
import {
  idleWorkerCount,
  RETIRE_WORKERS_MIN_BYTES,
  type SolveProgress,
  shutdownWorkers,
  solveElasticity,
} from "../../server/fe/solver";
import { meshOf, relativeDifference } from "./helpers";

const grid = cylinderPhantom({
  radius: 11,
  length: 34,
  shell: 2,
  lesion: { centre: [15, 11, 18], radius: 5, modulusMPa: 0 },
});
const input = { poisson: 0.3, axis: "z", displacementMm: -0.36 } as const;

afterAll(() => shutdownWorkers());

describe("worker threads", () => {
  it("give the same reaction and displacements with 1 and 2 workers (to 1e-9) as in-thread", async () => {
    const inThread = await solveAxialCompression(grid, input, { workers: 0 });
    const one = await solveAxialCompression(grid, input, { workers: 1 });
    const two = await solveAxialCompression(grid, input, { workers: 2 });
    expect(two.solve.workers).toBe(2);
    expect(relativeDifference(one.reactionForceN, two.reactionForceN)).toBeLessThan(1e-9);
    expect(relativeDifference(inThread.reactionForceN, two.reactionForceN)).toBeLessThan(1e-9);
    expect(Math.abs(one.solve.iterations - two.solve.iterations)).toBeLessThanOrEqual(1);
    let maxU = 0;
    let maxDiff = 0;
    for (let i = 0; i < one.solve.displacement.length; i++) {
      maxU = Math.max(maxU, Math.abs(one.solve.displacement[i]));
      maxDiff = Math.max(maxDiff, Math.abs(one.solve.displacement[i] - two.solve.displacement[i]));
    }
    expect(maxDiff / maxU).toBeLessThan(1e-9);
  });

  it("reports decreasing residuals through the progress callback", async () => {
    const progress: SolveProgress[] = [];
    const result = await solveAxialCompression(grid, input, {
      workers: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(progress.length).toBe(result.solve.iterations);
    expect(progress.map((p) => p.iteration)).toEqual(progress.map((_, i) => i + 1));
    const last = progress[progress.length - 1];
    expect(last.relativeResidual).toBeLessThanOrEqual(1e-6);
    expect(last.relativeResidual).toBeLessThan(progress[0].relativeResidual);
  });

  it("stops when the AbortSignal fires and stays usable afterwards", async () => {
    const mesh = meshOf(grid);
    const { bc } = axialCompression(mesh, -0.36);
    const controller = new AbortController();
    let seen = 0;
    const aborted = solveElasticity(mesh, 0.3, bc, {
      workers: 2,
      // Jacobi needs hundreds of iterations: plenty of time to cancel.
      settings: { method: "jacobi", tolerance: 1e-12 },
      signal: controller.signal,
      onProgress: (p) => {
        seen = p.iteration;
        if (p.iteration === 5) controller.abort();
      },
    });
    await expect(aborted).rejects.toThrow(/abort/i);
    expect(seen).toBeLessThan(100);
    const after = await solveAxialCompression(grid, input, { workers: 2 });
    expect(after.solve.converged).toBe(true);
  });

  it("refuses to start when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      solveAxialCompression(grid, input, { workers: 2, signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });

  it("keeps a small solve's workers, and leaves none behind after a large one until the next solve", async () => {
    await shutdownWorkers();
    const small = await solveAxialCompression(grid, input, { workers: 2 });
    expect(small.solve.solverBytes).toBeLessThan(RETIRE_WORKERS_MIN_BYTES);
    expect(idleWorkerCount()).toBe(2);
    // A solid cylinder of about 250 000 dof: over the 16 MB of solver buffers from which a team is
    // retired (decision 123); its replacements start with the next solve (decision 131), so that
    // no idle isolate is alive through the post-processing.
    const large = cylinderPhantom({ radius: 20, length: 60, shell: 2 });
    const big = await solveAxialCompression(large, input, { workers: 2 });
    expect(big.solve.converged).toBe(true);
    expect(big.solve.solverBytes).toBeGreaterThanOrEqual(RETIRE_WORKERS_MIN_BYTES);
    expect(idleWorkerCount()).toBe(0);
    const next = await solveAxialCompression(grid, input, { workers: 2 });
    expect(next.solve.workers).toBe(2);
    expect(relativeDifference(next.reactionForceN, small.reactionForceN)).toBeLessThan(1e-12);
    expect(idleWorkerCount()).toBe(2);
  });
});
