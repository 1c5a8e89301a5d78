/**
 * Thresholded CT leaves islands and voxels hinged on an edge or a corner: they make the stiffness
 * matrix singular. Only the largest face-connected piece of bone is meshed.
 */
import { describe, expect, it } from "vitest";
import { solveAxialCompression } from "../../server/fe/axialCompression";
import { largestConnectedBone } from "../../server/fe/connectivity";
import { blockPhantom } from "../../server/fe/phantom";

describe("bone connectivity", () => {
  it("drops islands and corner-hinged voxels, keeps the largest face-connected piece", () => {
    const grid = blockPhantom(6, 6, 6, 0);
    const set = (i: number, j: number, k: number, e: number) => {
      grid.modulus[i + 6 * (j + 6 * k)] = e;
    };
    for (let k = 0; k < 6; k++)
      for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) set(i, j, k, 1000);
    set(3, 3, 2, 500); // touches the block only along an edge
    set(5, 5, 5, 500); // island
    const { grid: kept, removedVoxels } = largestConnectedBone(grid);
    expect(removedVoxels).toBe(2);
    expect(kept.modulus.filter((e) => e > 0).length).toBe(54);
  });

  it("lets a model with a floating island converge to the island-free answer", async () => {
    const clean = blockPhantom(5, 5, 8, 1000);
    const dirty = blockPhantom(7, 5, 8, 0);
    for (let k = 0; k < 8; k++) {
      for (let j = 0; j < 5; j++)
        for (let i = 0; i < 5; i++) dirty.modulus[i + 7 * (j + 5 * k)] = 1000;
    }
    dirty.modulus[6 + 7 * (2 + 5 * 4)] = 800; // a lone voxel beside the block
    const input = { poisson: 0.3, axis: "z", displacementMm: -0.08 } as const;
    const a = await solveAxialCompression(clean, input, { workers: 0 });
    const b = await solveAxialCompression(dirty, input, { workers: 0 });
    expect(b.solve.converged).toBe(true);
    expect(b.removedVoxels).toBe(1);
    expect(Math.abs(a.reactionForceN - b.reactionForceN) / a.reactionForceN).toBeLessThan(1e-9);
  });
});
