/**
 * Matrix-free element-by-element operator y += Σₑ Eₑ·K₀·xₑ over a range of elements
 * (fe.md §5.1 ParOSol, §8 "matrix-free EBE"): no global matrix is ever assembled.
 *
 * The kernel works in the Walsh–Hadamard basis of the trilinear modes (see element.ts): per
 * element it gathers 24 values, transforms each displacement component (23 additions), forms the
 * constant, linear and bilinear strain groups and their stresses, and transforms the modal forces
 * back. About 330 flops instead of the 1152 of a dense 24×24 product; the result equals K₀·x to
 * rounding (test/fe/element.test.ts checks it against the Gauss-integrated matrix).
 */
import { elementStiffness, type ModalConstants, type Spacing } from "./element";
import type { Level } from "./grid";

export function applyElements(
  level: Level,
  k: ModalConstants,
  x: Float64Array,
  y: Float64Array,
  firstElement: number,
  endElement: number,
): void {
  const map = level.gridMap;
  const corner = level.elementCorner;
  const modulus = level.modulus;
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  const gx = k.gx;
  const gy = k.gy;
  const gz = k.gz;
  for (let e = firstElement; e < endElement; e++) {
    const c = corner[e];
    const n0 = 3 * map[c];
    const n1 = 3 * map[c + 1];
    const n2 = 3 * map[c + sx];
    const n3 = 3 * map[c + sx + 1];
    const n4 = 3 * map[c + sxy];
    const n5 = 3 * map[c + sxy + 1];
    const n6 = 3 * map[c + sxy + sx];
    const n7 = 3 * map[c + sxy + sx + 1];
    const E = modulus[e];
    const L1 = k.lambda1 * E;
    const M1 = k.mu1 * E;
    const L3 = k.lambda3 * E;
    const M3 = k.mu3 * E;

    // Forward transform of u (x component). Mode index p + 2q + 4r ↔ ξ^p η^q ζ^r.
    let p0 = x[n0] + x[n1];
    let p1 = x[n1] - x[n0];
    let p2 = x[n2] + x[n3];
    let p3 = x[n3] - x[n2];
    let p4 = x[n4] + x[n5];
    let p5 = x[n5] - x[n4];
    let p6 = x[n6] + x[n7];
    let p7 = x[n7] - x[n6];
    let q0 = p0 + p2;
    let q1 = p1 + p3;
    let q2 = p2 - p0;
    let q3 = p3 - p1;
    let q4 = p4 + p6;
    let q5 = p5 + p7;
    let q6 = p6 - p4;
    let q7 = p7 - p5;
    const u1 = q1 + q5;
    const u2 = q2 + q6;
    const u3 = q3 + q7;
    const u4 = q4 - q0;
    const u5 = q5 - q1;
    const u6 = q6 - q2;
    const u7 = q7 - q3;
    // v (y component)
    p0 = x[n0 + 1] + x[n1 + 1];
    p1 = x[n1 + 1] - x[n0 + 1];
    p2 = x[n2 + 1] + x[n3 + 1];
    p3 = x[n3 + 1] - x[n2 + 1];
    p4 = x[n4 + 1] + x[n5 + 1];
    p5 = x[n5 + 1] - x[n4 + 1];
    p6 = x[n6 + 1] + x[n7 + 1];
    p7 = x[n7 + 1] - x[n6 + 1];
    q0 = p0 + p2;
    q1 = p1 + p3;
    q2 = p2 - p0;
    q3 = p3 - p1;
    q4 = p4 + p6;
    q5 = p5 + p7;
    q6 = p6 - p4;
    q7 = p7 - p5;
    const v1 = q1 + q5;
    const v2 = q2 + q6;
    const v3 = q3 + q7;
    const v4 = q4 - q0;
    const v5 = q5 - q1;
    const v6 = q6 - q2;
    const v7 = q7 - q3;
    // w (z component)
    p0 = x[n0 + 2] + x[n1 + 2];
    p1 = x[n1 + 2] - x[n0 + 2];
    p2 = x[n2 + 2] + x[n3 + 2];
    p3 = x[n3 + 2] - x[n2 + 2];
    p4 = x[n4 + 2] + x[n5 + 2];
    p5 = x[n5 + 2] - x[n4 + 2];
    p6 = x[n6 + 2] + x[n7 + 2];
    p7 = x[n7 + 2] - x[n6 + 2];
    q0 = p0 + p2;
    q1 = p1 + p3;
    q2 = p2 - p0;
    q3 = p3 - p1;
    q4 = p4 + p6;
    q5 = p5 + p7;
    q6 = p6 - p4;
    q7 = p7 - p5;
    const w1 = q1 + q5;
    const w2 = q2 + q6;
    const w3 = q3 + q7;
    const w4 = q4 - q0;
    const w5 = q5 - q1;
    const w6 = q6 - q2;
    const w7 = q7 - q3;

    // Constant strain group (weight 1).
    let exx = gx * u1;
    let eyy = gy * v2;
    let ezz = gz * w4;
    let lt = L1 * (exx + eyy + ezz);
    let sxx = lt + 2 * M1 * exx;
    let syy = lt + 2 * M1 * eyy;
    let szz = lt + 2 * M1 * ezz;
    let txy = M1 * (gy * u2 + gx * v1);
    let tyz = M1 * (gz * v4 + gy * w2);
    let txz = M1 * (gz * u4 + gx * w1);
    const fu1 = gx * sxx;
    const fv2 = gy * syy;
    const fw4 = gz * szz;
    const fu2 = gy * txy;
    const fv1 = gx * txy;
    const fv4 = gz * tyz;
    const fw2 = gy * tyz;
    const fu4 = gz * txz;
    const fw1 = gx * txz;

    // Strains linear in ξ (weight 1/3).
    eyy = gy * v3;
    ezz = gz * w5;
    lt = L3 * (eyy + ezz);
    syy = lt + 2 * M3 * eyy;
    szz = lt + 2 * M3 * ezz;
    txy = M3 * gy * u3;
    tyz = M3 * (gz * v5 + gy * w3);
    txz = M3 * gz * u5;
    let fv3 = gy * syy;
    let fw5 = gz * szz;
    let fu3 = gy * txy;
    let fv5 = gz * tyz;
    let fw3 = gy * tyz;
    let fu5 = gz * txz;
    // Strains linear in η.
    exx = gx * u3;
    ezz = gz * w6;
    lt = L3 * (exx + ezz);
    sxx = lt + 2 * M3 * exx;
    szz = lt + 2 * M3 * ezz;
    txy = M3 * gx * v3;
    tyz = M3 * gz * v6;
    txz = M3 * (gz * u6 + gx * w3);
    fu3 += gx * sxx;
    let fw6 = gz * szz;
    fv3 += gx * txy;
    let fv6 = gz * tyz;
    let fu6 = gz * txz;
    fw3 += gx * txz;
    // Strains linear in ζ.
    exx = gx * u5;
    eyy = gy * v6;
    lt = L3 * (exx + eyy);
    sxx = lt + 2 * M3 * exx;
    syy = lt + 2 * M3 * eyy;
    txy = M3 * (gy * u6 + gx * v5);
    tyz = M3 * gy * w6;
    txz = M3 * gx * w5;
    fu5 += gx * sxx;
    fv6 += gy * syy;
    fu6 += gy * txy;
    fv5 += gx * txy;
    fw6 += gy * tyz;
    fw5 += gx * txz;
    // Trilinear modes: diagonal.
    const fu7 = k.tri[0] * E * u7;
    const fv7 = k.tri[1] * E * v7;
    const fw7 = k.tri[2] * E * w7;

    // Inverse transform and scatter, u.
    let h0 = -fu4;
    let h4 = fu4;
    let h1 = fu1 - fu5;
    let h5 = fu1 + fu5;
    let h2 = fu2 - fu6;
    let h6 = fu2 + fu6;
    let h3 = fu3 - fu7;
    let h7 = fu3 + fu7;
    let i0 = h0 - h2;
    let i2 = h0 + h2;
    let i1 = h1 - h3;
    let i3 = h1 + h3;
    let i4 = h4 - h6;
    let i6 = h4 + h6;
    let i5 = h5 - h7;
    let i7 = h5 + h7;
    y[n0] += i0 - i1;
    y[n1] += i0 + i1;
    y[n2] += i2 - i3;
    y[n3] += i2 + i3;
    y[n4] += i4 - i5;
    y[n5] += i4 + i5;
    y[n6] += i6 - i7;
    y[n7] += i6 + i7;
    // v
    h0 = -fv4;
    h4 = fv4;
    h1 = fv1 - fv5;
    h5 = fv1 + fv5;
    h2 = fv2 - fv6;
    h6 = fv2 + fv6;
    h3 = fv3 - fv7;
    h7 = fv3 + fv7;
    i0 = h0 - h2;
    i2 = h0 + h2;
    i1 = h1 - h3;
    i3 = h1 + h3;
    i4 = h4 - h6;
    i6 = h4 + h6;
    i5 = h5 - h7;
    i7 = h5 + h7;
    y[n0 + 1] += i0 - i1;
    y[n1 + 1] += i0 + i1;
    y[n2 + 1] += i2 - i3;
    y[n3 + 1] += i2 + i3;
    y[n4 + 1] += i4 - i5;
    y[n5 + 1] += i4 + i5;
    y[n6 + 1] += i6 - i7;
    y[n7 + 1] += i6 + i7;
    // w
    h0 = -fw4;
    h4 = fw4;
    h1 = fw1 - fw5;
    h5 = fw1 + fw5;
    h2 = fw2 - fw6;
    h6 = fw2 + fw6;
    h3 = fw3 - fw7;
    h7 = fw3 + fw7;
    i0 = h0 - h2;
    i2 = h0 + h2;
    i1 = h1 - h3;
    i3 = h1 + h3;
    i4 = h4 - h6;
    i6 = h4 + h6;
    i5 = h5 - h7;
    i7 = h5 + h7;
    y[n0 + 2] += i0 - i1;
    y[n1 + 2] += i0 + i1;
    y[n2 + 2] += i2 - i3;
    y[n3 + 2] += i2 + i3;
    y[n4 + 2] += i4 - i5;
    y[n5 + 2] += i4 + i5;
    y[n6 + 2] += i6 - i7;
    y[n7 + 2] += i6 + i7;
  }
}

/** Plain dense product y += Eₑ·K₀·xₑ: the reference the modal kernel is tested against. */
export function applyElementsDense(
  level: Level,
  k0: Float64Array,
  x: Float64Array,
  y: Float64Array,
): void {
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  const offsets = [0, 1, sx, sx + 1, sxy, sxy + 1, sxy + sx, sxy + sx + 1];
  const xe = new Float64Array(24);
  const dof = new Int32Array(24);
  for (let e = 0; e < level.elementCount; e++) {
    for (let n = 0; n < 8; n++) {
      const node = level.gridMap[level.elementCorner[e] + offsets[n]];
      for (let d = 0; d < 3; d++) {
        dof[3 * n + d] = 3 * node + d;
        xe[3 * n + d] = x[3 * node + d];
      }
    }
    const E = level.modulus[e];
    for (let i = 0; i < 24; i++) {
      let sum = 0;
      for (let j = 0; j < 24; j++) sum += k0[i * 24 + j] * xe[j];
      y[dof[i]] += E * sum;
    }
  }
}

/**
 * Diagonal of the unconstrained stiffness matrix. Every corner of a box element has the same
 * diagonal entry per direction, so diag = K₀[d][d]·Σ_{e∋node} Eₑ.
 */
export function stiffnessDiagonal(
  level: Level,
  spacing: Spacing,
  poisson: number,
  /** Written in place when given (hierarchy.ts: the pooled inverse-diagonal vector, decision 128). */
  out: Float64Array = new Float64Array(3 * level.nodeCount),
): Float64Array {
  const k0 = elementStiffness(spacing, poisson);
  const kd = [k0[0], k0[25], k0[50]];
  const sum = new Float64Array(level.nodeCount);
  const sx = level.nx + 1;
  const sxy = sx * (level.ny + 1);
  const offsets = [0, 1, sx, sx + 1, sxy, sxy + 1, sxy + sx, sxy + sx + 1];
  for (let e = 0; e < level.elementCount; e++) {
    const c = level.elementCorner[e];
    const E = level.modulus[e];
    for (let n = 0; n < 8; n++) sum[level.gridMap[c + offsets[n]]] += E;
  }
  const diag = out;
  for (let n = 0; n < level.nodeCount; n++) {
    diag[3 * n] = kd[0] * sum[n];
    diag[3 * n + 1] = kd[1] * sum[n];
    diag[3 * n + 2] = kd[2] * sum[n];
  }
  return diag;
}
