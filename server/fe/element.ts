/**
 * The 8-node trilinear hexahedron on an axis-aligned voxel (fe.md §6.1, §8 "Element").
 *
 * Local node n = a + 2b + 4c sits at corner (a·hx, b·hy, c·hz), a, b, c ∈ {0, 1}, so x runs
 * fastest. Degrees of freedom are interleaved: local dof 3n + d, d = 0 (x), 1 (y), 2 (z).
 * Voigt order for strain and stress: xx, yy, zz, xy, yz, xz with engineering shear strains.
 *
 * Two forms of the same matrix live here:
 * - `elementStiffness`: the dense 24×24 K₀ by full 2×2×2 Gauss integration, used for the
 *   diagonal, the coarsest direct solve, CalculiX-style checks and the tests;
 * - `modalConstants`: what the fast matrix-free kernel (operator.ts) needs. In the Walsh–Hadamard
 *   basis of the trilinear polynomial modes {1, ξ, η, ζ, ξη, ξζ, ηζ, ξηζ} the strains split into
 *   groups that are orthogonal under 2×2×2 Gauss integration, so K₀·x costs about 330 flops
 *   instead of the 1152 of the dense product (fe.md §5.3 counts 1200 flop/element for the dense
 *   ParOSol kernel).
 */

export type Spacing = readonly [number, number, number];

/** Lamé constants for unit Young's modulus: λ₀ = ν/((1+ν)(1−2ν)), μ₀ = 1/(2(1+ν)). */
export function lameForUnitModulus(poisson: number): { lambda: number; mu: number } {
  if (!(poisson > -1 && poisson < 0.5)) {
    throw new RangeError(`Poisson's ratio must lie in (-1, 0.5), got ${poisson}`);
  }
  return {
    lambda: poisson / ((1 + poisson) * (1 - 2 * poisson)),
    mu: 1 / (2 * (1 + poisson)),
  };
}

/** Isotropic 6×6 constitutive matrix (row-major) for Young's modulus E and Poisson's ratio ν. */
export function constitutiveMatrix(youngsModulus: number, poisson: number): Float64Array {
  const { lambda, mu } = lameForUnitModulus(poisson);
  const l = lambda * youngsModulus;
  const m = mu * youngsModulus;
  const d = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) d[i * 6 + j] = l;
    d[i * 6 + i] = l + 2 * m;
    d[(i + 3) * 6 + (i + 3)] = m;
  }
  return d;
}

/** Sign of local node n's coordinate along axis d: −1 on the low face, +1 on the high face. */
function cornerSign(n: number, d: number): number {
  return (n >> d) & 1 ? 1 : -1;
}

/**
 * Strain-displacement matrix B (6×24, row-major) at reference point (ξ, η, ζ) ∈ [−1, 1]³ for a
 * box element of the given spacing.
 */
export function strainDisplacement(spacing: Spacing, xi: number, eta: number, zeta: number) {
  const b = new Float64Array(6 * 24);
  const ref = [xi, eta, zeta];
  for (let n = 0; n < 8; n++) {
    const s = [cornerSign(n, 0), cornerSign(n, 1), cornerSign(n, 2)];
    const grad = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      // dN/dx_d = s_d/8 · Π_{e≠d}(1 + s_e·ref_e) · 2/h_d
      let prod = s[d] / 8;
      for (let e = 0; e < 3; e++) if (e !== d) prod *= 1 + s[e] * ref[e];
      grad[d] = (prod * 2) / spacing[d];
    }
    const c = 3 * n;
    b[0 * 24 + c] = grad[0];
    b[1 * 24 + c + 1] = grad[1];
    b[2 * 24 + c + 2] = grad[2];
    b[3 * 24 + c] = grad[1];
    b[3 * 24 + c + 1] = grad[0];
    b[4 * 24 + c + 1] = grad[2];
    b[4 * 24 + c + 2] = grad[1];
    b[5 * 24 + c] = grad[2];
    b[5 * 24 + c + 2] = grad[0];
  }
  return b;
}

const GAUSS = 1 / Math.sqrt(3);

/** Dense 24×24 element stiffness K₀ (row-major) for unit modulus, 2×2×2 Gauss integration. */
export function elementStiffness(spacing: Spacing, poisson: number): Float64Array {
  const d = constitutiveMatrix(1, poisson);
  const k = new Float64Array(24 * 24);
  const detJ = (spacing[0] * spacing[1] * spacing[2]) / 8;
  const db = new Float64Array(6 * 24);
  for (let g = 0; g < 8; g++) {
    const b = strainDisplacement(
      spacing,
      cornerSign(g, 0) * GAUSS,
      cornerSign(g, 1) * GAUSS,
      cornerSign(g, 2) * GAUSS,
    );
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 24; j++) {
        let sum = 0;
        for (let m = 0; m < 6; m++) sum += d[i * 6 + m] * b[m * 24 + j];
        db[i * 24 + j] = sum;
      }
    }
    for (let i = 0; i < 24; i++) {
      for (let j = 0; j < 24; j++) {
        let sum = 0;
        for (let m = 0; m < 6; m++) sum += b[m * 24 + i] * db[m * 24 + j];
        k[i * 24 + j] += sum * detJ;
      }
    }
  }
  return k;
}

/**
 * Constants of the modal kernel for one (spacing, ν), unit modulus. With unnormalised
 * Walsh–Hadamard modes m = Hᵀx the element force is y = H·f(m)/64, where f is the gradient of
 * the strain energy written in modal coordinates; group weights 1, 1/3 and 1/9 are the 2-point
 * Gauss averages of 1, ξ² and ξ²η².
 */
export interface ModalConstants {
  /** 2/h along x, y, z: derivative of the reference coordinate. */
  gx: number;
  gy: number;
  gz: number;
  /** λ₀·V/64 and μ₀·V/64 for the constant-strain group (weight 1). */
  lambda1: number;
  mu1: number;
  /** Same for the linear-strain groups (weight 1/3). */
  lambda3: number;
  mu3: number;
  /** Diagonal stiffness of the three trilinear (ξηζ) modes, weight 1/9 (x, y, z components). */
  tri: readonly [number, number, number];
}

export function modalConstants(spacing: Spacing, poisson: number): ModalConstants {
  const { lambda, mu } = lameForUnitModulus(poisson);
  const volume = spacing[0] * spacing[1] * spacing[2];
  const gx = 2 / spacing[0];
  const gy = 2 / spacing[1];
  const gz = 2 / spacing[2];
  const w = volume / 64;
  const w9 = w / 9;
  // A ξηζ mode of u only strains εxx (∝ηζ), γxy (∝ξζ) and γxz (∝ξη): the trilinear block is
  // diagonal.
  const l2m = lambda + 2 * mu;
  return {
    gx,
    gy,
    gz,
    lambda1: lambda * w,
    mu1: mu * w,
    lambda3: (lambda * w) / 3,
    mu3: (mu * w) / 3,
    tri: [
      w9 * (l2m * gx * gx + mu * gy * gy + mu * gz * gz),
      w9 * (mu * gx * gx + l2m * gy * gy + mu * gz * gz),
      w9 * (mu * gx * gx + mu * gy * gy + l2m * gz * gz),
    ],
  };
}
