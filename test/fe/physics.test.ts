/**
 * Physics regression checks on heterogeneous phantoms (fe.md §6.6): linearity, mirror symmetry,
 * monotonicity under lytic voids, and agreement of the two preconditioners.
 */
import { describe, expect, it } from "vitest";
import { solveAxialCompression } from "../../server/fe/axialCompression";
import { rigidBodyPins } from "../../server/fe/boundary";
import { type CylinderPhantomSpec, cylinderPhantom } from "../../server/fe/phantom";
import { elementFields } from "../../server/fe/postprocess";
import { mirrored, relativeDifference } from "./helpers";

const SPEC: CylinderPhantomSpec = {
  radius: 9,
  length: 28,
  shell: 2,
  lesion: { centre: [12, 9, 15], radius: 4, modulusMPa: 0 },
};
const TIGHT = { workers: 0, settings: { tolerance: 1e-10 } } as const;

function reaction(spec: CylinderPhantomSpec, displacementMm = -0.36) {
  return solveAxialCompression(
    cylinderPhantom(spec),
    { poisson: 0.3, axis: "z", displacementMm },
    TIGHT,
  );
}

describe("linearity", () => {
  it("doubles every element strain and the reaction when the displacement doubles", async () => {
    const grid = cylinderPhantom(SPEC);
    const once = await solveAxialCompression(
      grid,
      { poisson: 0.3, axis: "z", displacementMm: -0.2 },
      TIGHT,
    );
    const twice = await solveAxialCompression(
      grid,
      { poisson: 0.3, axis: "z", displacementMm: -0.4 },
      TIGHT,
    );
    const a = elementFields(once.mesh, 0.3, once.solve.displacement).strain;
    const b = elementFields(twice.mesh, 0.3, twice.solve.displacement).strain;
    let maxStrain = 0;
    let maxError = 0;
    for (let i = 0; i < a.length; i++) {
      maxStrain = Math.max(maxStrain, Math.abs(b[i]));
      maxError = Math.max(maxError, Math.abs(b[i] - 2 * a[i]));
    }
    expect(maxError / maxStrain).toBeLessThan(1e-6);
    expect(relativeDifference(twice.reactionForceN, 2 * once.reactionForceN)).toBeLessThan(1e-8);
  });
});

describe("rigid-body pins", () => {
  it("end at zero displacement and carry no force (statically determinate supports)", async () => {
    const result = await reaction(SPEC);
    const pins = rigidBodyPins(result.mesh);
    for (const dof of pins) {
      expect(Math.abs(result.solve.displacement[dof])).toBeLessThan(1e-12);
      expect(Math.abs(result.solve.nodalForce[dof])).toBeLessThan(1e-6 * result.reactionForceN);
    }
  });
});

describe("mirror symmetry", () => {
  it("gives the same reaction for the phantom mirrored left-right and top-bottom", async () => {
    const grid = cylinderPhantom(SPEC);
    const options = { poisson: 0.3, axis: "z", displacementMm: -0.36 } as const;
    const original = await solveAxialCompression(grid, options, TIGHT);
    const leftRight = await solveAxialCompression(mirrored(grid, 0), options, TIGHT);
    const topBottom = await solveAxialCompression(mirrored(grid, 2), options, TIGHT);
    expect(relativeDifference(leftRight.reactionForceN, original.reactionForceN)).toBeLessThan(
      1e-8,
    );
    expect(relativeDifference(topBottom.reactionForceN, original.reactionForceN)).toBeLessThan(
      1e-8,
    );
  });
});

describe("lytic voids", () => {
  it("never increase stiffness: intact ≥ small void ≥ larger void", async () => {
    const intact = await reaction({ ...SPEC, lesion: undefined });
    const small = await reaction({
      ...SPEC,
      lesion: { centre: [12, 9, 15], radius: 3, modulusMPa: 0 },
    });
    const large = await reaction({
      ...SPEC,
      lesion: { centre: [12, 9, 15], radius: 5, modulusMPa: 0 },
    });
    const soft = await reaction({
      ...SPEC,
      lesion: { centre: [12, 9, 15], radius: 5, modulusMPa: 5 },
    });
    expect(small.reactionForceN).toBeLessThan(intact.reactionForceN);
    expect(large.reactionForceN).toBeLessThan(small.reactionForceN);
    // Soft tissue in the lesion carries a little load: between the void and the intact bone.
    expect(soft.reactionForceN).toBeGreaterThan(large.reactionForceN);
    expect(soft.reactionForceN).toBeLessThan(intact.reactionForceN);
  });
});

describe("preconditioners", () => {
  it("multigrid-PCG and Jacobi-PCG agree to 1e-6, multigrid in far fewer iterations", async () => {
    const grid = cylinderPhantom(SPEC);
    const input = { poisson: 0.3, axis: "z", displacementMm: -0.36 } as const;
    const mg = await solveAxialCompression(grid, input, {
      workers: 0,
      settings: { tolerance: 1e-9 },
    });
    const jacobi = await solveAxialCompression(grid, input, {
      workers: 0,
      settings: { tolerance: 1e-9, method: "jacobi" },
    });
    expect(mg.solve.converged).toBe(true);
    expect(jacobi.solve.converged).toBe(true);
    expect(relativeDifference(mg.reactionForceN, jacobi.reactionForceN)).toBeLessThan(1e-6);
    let maxU = 0;
    let maxDiff = 0;
    for (let i = 0; i < mg.solve.displacement.length; i++) {
      maxU = Math.max(maxU, Math.abs(jacobi.solve.displacement[i]));
      maxDiff = Math.max(
        maxDiff,
        Math.abs(mg.solve.displacement[i] - jacobi.solve.displacement[i]),
      );
    }
    expect(maxDiff / maxU).toBeLessThan(1e-6);
    expect(mg.solve.levels).toBeGreaterThan(1);
    expect(mg.solve.iterations * 5).toBeLessThan(jacobi.solve.iterations);
  });

  it("reaches the default 1e-6 relative residual on a ~60 k-dof phantom within 30 iterations", async () => {
    const result = await solveAxialCompression(
      cylinderPhantom({
        radius: 14,
        length: 45,
        shell: 2,
        lesion: { centre: [19, 14, 25], radius: 6, modulusMPa: 0 },
      }),
      { poisson: 0.3, axis: "z", displacementMm: -0.36 },
      { workers: 0 },
    );
    expect(result.solve.converged).toBe(true);
    expect(result.solve.relativeResidual).toBeLessThanOrEqual(1e-6);
    expect(result.solve.iterations).toBeLessThan(30);
  });
});
