/**
 * Verification against closed-form solutions (fe.md §6): uniaxial and confined compression of a
 * homogeneous block, the Numerics88 3×3×3 cube strain-energy values, and a cantilever converging
 * to the beam solution at the expected O(h²) rate.
 */
import { describe, expect, it } from "vitest";
import { solveAxialCompression } from "../../server/fe/axialCompression";
import {
  type DofValue,
  faceNodes,
  makeBoundaryConditions,
  rigidBodyPins,
  sumOverNodes,
} from "../../server/fe/boundary";
import { buildLevel, type Level } from "../../server/fe/grid";
import { blockPhantom } from "../../server/fe/phantom";
import { elementFields } from "../../server/fe/postprocess";
import { solveElasticity } from "../../server/fe/solver";
import { relativeDifference } from "./helpers";

const fix = (nodes: Int32Array, direction: number, value: number): DofValue[] =>
  Array.from(nodes, (n) => ({ dof: 3 * n + direction, value }));

describe("homogeneous block in uniaxial compression", () => {
  it("gives the reaction E·A·ε to 1e-6 (isotropic 1 mm voxels)", async () => {
    const E = 1000;
    const result = await solveAxialCompression(
      blockPhantom(6, 5, 8, E),
      { poisson: 0.3, axis: "z", displacementMm: -0.08 },
      { workers: 0 },
    );
    // A = 6×5 mm², ε = 0.08/8.
    expect(relativeDifference(result.reactionForceN, E * 30 * 0.01)).toBeLessThan(1e-6);
    expect(relativeDifference(result.stiffnessNPerMm, (E * 30) / 8)).toBeLessThan(1e-6);
  });

  it("has uniform strains, stress −E·ε and principal strains (νε, νε, −ε) in every element", async () => {
    const E = 1200;
    const nu = 0.3;
    const result = await solveAxialCompression(
      blockPhantom(4, 5, 6, E),
      { poisson: nu, axis: "z", displacementMm: -0.06 },
      { workers: 0, settings: { tolerance: 1e-12 } },
    );
    const fields = elementFields(result.mesh, nu, result.solve.displacement);
    for (let e = 0; e < result.mesh.elementCount; e++) {
      expect(fields.strain[6 * e + 2]).toBeCloseTo(-0.01, 9);
      expect(fields.strain[6 * e]).toBeCloseTo(nu * 0.01, 9);
      expect(fields.stress[6 * e + 2]).toBeCloseTo(-E * 0.01, 6);
      expect(fields.stress[6 * e]).toBeCloseTo(0, 6);
      expect(fields.principalStrain[3 * e]).toBeCloseTo(nu * 0.01, 9);
      expect(fields.principalStrain[3 * e + 1]).toBeCloseTo(nu * 0.01, 9);
      expect(fields.principalStrain[3 * e + 2]).toBeCloseTo(-0.01, 9);
      // ½·E·ε² = 0.06 mJ/mm³ (ref §6.1: E = 1000, ε = 0.01 → 0.05)
      expect(fields.strainEnergyDensity[e]).toBeCloseTo(0.5 * E * 1e-4, 8);
    }
  });

  it("gives E·A·ε with anisotropic voxels and along x", async () => {
    const E = 2500;
    const spacing: [number, number, number] = [0.5, 0.8, 1.2];
    const grid = blockPhantom(7, 6, 5, E, spacing);
    const result = await solveAxialCompression(
      grid,
      { poisson: 0.25, axis: "x", displacementMm: -0.035 },
      { workers: 0 },
    );
    const length = 7 * 0.5;
    const area = 6 * 0.8 * 5 * 1.2;
    expect(relativeDifference(result.reactionForceN, (E * area * 0.035) / length)).toBeLessThan(
      1e-6,
    );
  });
});

describe("confined compression", () => {
  it("gives the analytic constrained modulus E(1−ν)/((1+ν)(1−2ν))", async () => {
    const E = 800;
    const nu = 0.3;
    const mesh = buildLevel(blockPhantom(5, 4, 6, E));
    const top = faceNodes(mesh, 2, 1);
    const bc = makeBoundaryConditions({
      prescribed: [
        ...fix(faceNodes(mesh, 2, 0), 2, 0),
        ...fix(top, 2, -0.06),
        ...fix(faceNodes(mesh, 0, 0), 0, 0),
        ...fix(faceNodes(mesh, 0, 1), 0, 0),
        ...fix(faceNodes(mesh, 1, 0), 1, 0),
        ...fix(faceNodes(mesh, 1, 1), 1, 0),
      ],
    });
    const r = await solveElasticity(mesh, nu, bc, { workers: 0 });
    const stress = Math.abs(sumOverNodes(r.nodalForce, top, 2)) / (5 * 4);
    const modulus = stress / 0.01;
    expect(relativeDifference(modulus, (E * (1 - nu)) / ((1 + nu) * (1 - 2 * nu)))).toBeLessThan(
      1e-6,
    );
  });
});

describe("Numerics88 3×3×3 cube, E = 1000 MPa, ν = 0.3 (fe.md §6.1)", () => {
  // Boundary conditions as n88modelgenerator builds them (vtkbone ApplyCompressionTest and
  // ApplyDirectionalShearTest): strain −1 % over the 3 mm height, shear vector (0.02, 0).
  const mesh = buildLevel(blockPhantom(3, 3, 3, 1000));
  const bottom = faceNodes(mesh, 2, 0);
  const top = faceNodes(mesh, 2, 1);
  const clampedBottom = [...fix(bottom, 0, 0), ...fix(bottom, 1, 0), ...fix(bottom, 2, 0)];
  const cases: { name: string; expected: number; prescribed: DofValue[]; pins?: number[] }[] = [
    {
      name: "uniaxial compression",
      expected: 0.0500000059,
      prescribed: [...fix(bottom, 2, 0), ...fix(top, 2, -0.03)],
      pins: rigidBodyPins(mesh),
    },
    {
      name: "axial compression (platens grip laterally)",
      expected: 0.0537145913,
      prescribed: [...clampedBottom, ...fix(top, 0, 0), ...fix(top, 1, 0), ...fix(top, 2, -0.03)],
    },
    {
      name: "confined compression",
      expected: 0.0673077026,
      prescribed: [
        ...clampedBottom,
        ...fix(top, 0, 0),
        ...fix(top, 1, 0),
        ...fix(top, 2, -0.03),
        ...fix(faceNodes(mesh, 0, 0), 0, 0),
        ...fix(faceNodes(mesh, 0, 1), 0, 0),
        ...fix(faceNodes(mesh, 1, 0), 1, 0),
        ...fix(faceNodes(mesh, 1, 1), 1, 0),
      ],
    },
    {
      name: "directional shear x",
      expected: 0.0549606691,
      prescribed: [...clampedBottom, ...fix(top, 0, 0.06), ...fix(top, 1, 0), ...fix(top, 2, 0)],
    },
  ];
  for (const c of cases) {
    it(`reproduces the mean strain energy density of ${c.name} to 1e-6`, async () => {
      const bc = makeBoundaryConditions({ prescribed: c.prescribed, pins: c.pins });
      const r = await solveElasticity(mesh, 0.3, bc, {
        workers: 0,
        settings: { tolerance: 1e-12 },
      });
      const sed = elementFields(mesh, 0.3, r.displacement).strainEnergyDensity;
      const mean = sed.reduce((a, b) => a + b, 0) / sed.length;
      expect(relativeDifference(mean, c.expected)).toBeLessThan(1e-6);
    });
  }
});

describe("cantilever beam under a tip load", () => {
  function tipDeflection(mesh: Level, elementsPerMm: number, length: number): Promise<number> {
    const clamp = faceNodes(mesh, 0, 0);
    const prescribed = [...fix(clamp, 0, 0), ...fix(clamp, 1, 0), ...fix(clamp, 2, 0)];
    // Consistent nodal loads of a uniform unit shear traction (total 1 N along z) on the tip.
    const m = elementsPerMm;
    const sx = mesh.nx + 1;
    const sxy = sx * (mesh.ny + 1);
    const forces: DofValue[] = [];
    for (let k = 0; k < m; k++) {
      for (let j = 0; j < m; j++) {
        for (const [a, b] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ]) {
          const node = mesh.gridMap[length * m + sx * (j + a) + sxy * (k + b)];
          forces.push({ dof: 3 * node + 2, value: 1 / (4 * m * m) });
        }
      }
    }
    const bc = makeBoundaryConditions({ prescribed, forces });
    return solveElasticity(mesh, 0, bc, { workers: 0, settings: { tolerance: 1e-10 } }).then(
      (r) => {
        const tip = faceNodes(mesh, 0, 1);
        return sumOverNodes(r.displacement, tip, 2) / tip.length;
      },
    );
  }

  it("converges to the Timoshenko deflection at the O(h²) rate of trilinear elements", async () => {
    // 10 mm × 1 mm × 1 mm, E = 1000 MPa, ν = 0 (no Poisson restraint at the clamp), P = 1 N.
    const length = 10;
    const E = 1000;
    const deflections: number[] = [];
    for (const m of [2, 4, 8]) {
      const h = 1 / m;
      deflections.push(
        await tipDeflection(buildLevel(blockPhantom(length * m, m, m, E, [h, h, h])), m, length),
      );
    }
    const timoshenko = length ** 3 / (3 * E * (1 / 12)) + length / ((5 / 6) * (E / 2));
    const [d1, d2, d3] = deflections;
    // Shear locking makes coarse hexahedra too stiff; refinement approaches from below.
    expect(d1).toBeLessThan(d2);
    expect(d2).toBeLessThan(d3);
    expect(d3).toBeLessThan(timoshenko);
    const rate = Math.log2((d2 - d1) / (d3 - d2));
    expect(rate).toBeGreaterThan(1.7);
    expect(rate).toBeLessThan(2.3);
    const extrapolated = d3 + (d3 - d2) / (2 ** rate - 1);
    expect(relativeDifference(extrapolated, timoshenko)).toBeLessThan(5e-3);
  });
});
