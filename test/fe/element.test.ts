import { describe, expect, it } from "vitest";
import { elementStiffness, modalConstants, type Spacing } from "../../server/fe/element";
import { buildLevel } from "../../server/fe/grid";
import { applyElements, applyElementsDense, stiffnessDiagonal } from "../../server/fe/operator";
import { symmetricEigenvalues } from "./helpers";

const SPACINGS: Spacing[] = [
  [1, 1, 1],
  [0.7, 1.3, 2.1],
];

describe("hexahedral element stiffness K₀", () => {
  for (const spacing of SPACINGS) {
    it(`is symmetric with exactly six zero-energy rigid-body modes (voxel ${spacing.join("×")} mm)`, () => {
      const k = elementStiffness(spacing, 0.3);
      let asym = 0;
      let max = 0;
      for (let i = 0; i < 24; i++) {
        for (let j = 0; j < 24; j++) {
          asym = Math.max(asym, Math.abs(k[i * 24 + j] - k[j * 24 + i]));
          max = Math.max(max, Math.abs(k[i * 24 + j]));
        }
      }
      expect(asym / max).toBeLessThan(1e-14);
      const eig = symmetricEigenvalues(k, 24).sort((a, b) => a - b);
      const largest = eig[23];
      // Positive semi-definite: nothing below −rounding, six zeros, the rest clearly positive.
      expect(eig[0]).toBeGreaterThan(-1e-12 * largest);
      for (let i = 0; i < 6; i++) expect(Math.abs(eig[i])).toBeLessThan(1e-12 * largest);
      expect(eig[6]).toBeGreaterThan(1e-3 * largest);
    });
  }

  it("gives zero force for rigid translations and rotations", () => {
    const spacing: Spacing = [1, 2, 3];
    const k = elementStiffness(spacing, 0.3);
    const corner = (n: number) => [
      (n & 1) * spacing[0],
      ((n >> 1) & 1) * spacing[1],
      ((n >> 2) & 1) * spacing[2],
    ];
    const modes: ((p: number[]) => number[])[] = [
      () => [1, 0, 0],
      () => [0, 1, 0],
      () => [0, 0, 1],
      (p) => [-p[1], p[0], 0],
      (p) => [0, -p[2], p[1]],
      (p) => [p[2], 0, -p[0]],
    ];
    for (const mode of modes) {
      const u = new Float64Array(24);
      for (let n = 0; n < 8; n++) u.set(mode(corner(n)), 3 * n);
      for (let i = 0; i < 24; i++) {
        let f = 0;
        for (let j = 0; j < 24; j++) f += k[i * 24 + j] * u[j];
        expect(Math.abs(f)).toBeLessThan(1e-12);
      }
    }
  });

  it("has the closed-form unit-cube diagonal (λ+4μ)/9 on every corner and direction", () => {
    // ∫(∂N/∂x)² dV = 1/9 on the unit cube, so K_ii = (λ+2μ)/9 + 2·μ/9.
    const nu = 0.3;
    const lambda = nu / ((1 + nu) * (1 - 2 * nu));
    const mu = 1 / (2 * (1 + nu));
    const k = elementStiffness([1, 1, 1], nu);
    for (let i = 0; i < 24; i++) expect(k[i * 25]).toBeCloseTo((lambda + 4 * mu) / 9, 13);
  });
});

describe("matrix-free modal kernel", () => {
  for (const spacing of SPACINGS) {
    it(`equals the dense Gauss-integrated product on a heterogeneous mesh (${spacing.join("×")})`, () => {
      const nx = 5;
      const ny = 4;
      const nz = 6;
      const modulus = new Float32Array(nx * ny * nz);
      for (let i = 0; i < modulus.length; i++) modulus[i] = i % 7 === 0 ? 0 : 100 + 37 * (i % 11);
      const mesh = buildLevel({ nx, ny, nz, spacing, modulus });
      const x = Float64Array.from({ length: 3 * mesh.nodeCount }, (_, i) => Math.sin(1.7 * i));
      const fast = new Float64Array(x.length);
      const dense = new Float64Array(x.length);
      applyElements(mesh, modalConstants(spacing, 0.3), x, fast, 0, mesh.elementCount);
      applyElementsDense(mesh, elementStiffness(spacing, 0.3), x, dense);
      let err = 0;
      let scale = 0;
      for (let i = 0; i < x.length; i++) {
        err = Math.max(err, Math.abs(fast[i] - dense[i]));
        scale = Math.max(scale, Math.abs(dense[i]));
      }
      expect(err / scale).toBeLessThan(1e-13);
      // And the diagonal used by Jacobi and Chebyshev is the matrix's own.
      const diag = stiffnessDiagonal(mesh, spacing, 0.3);
      const e = new Float64Array(x.length);
      const col = new Float64Array(x.length);
      for (const dof of [0, 7, 3 * mesh.nodeCount - 1]) {
        e.fill(0);
        col.fill(0);
        e[dof] = 1;
        applyElementsDense(mesh, elementStiffness(spacing, 0.3), e, col);
        expect(diag[dof]).toBeCloseTo(col[dof], 9);
      }
    });
  }
});
