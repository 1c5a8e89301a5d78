/**
 * The region of analysis (issue 13 item 3): bone segmented by a HU threshold and its largest
 * face-connected component, inner cavities (marrow canal, enclosed lesions) filled slice by slice,
 * the bone's principal axes as the analysis frame (item 4: "axes from the bone's principal
 * axes"), and the volume resampled into that frame at the analysis voxel size (1 mm default).
 *
 * Segmentation works on HU, not on calibrated density, so that the bone's shape does not change
 * with the calibration (decision 080).
 */
import type { CtVolume } from "./ctVolume";

export type Vec3 = [number, number, number];

/** Keeps the largest 6-connected component of a binary mask (in place), returns the voxels dropped. */
export function keepLargestComponent(mask: Uint8Array, nx: number, ny: number, nz: number): number {
  const n = nx * ny * nz;
  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  let best = 0;
  let bestSize = 0;
  let total = 0;
  let id = 0;
  for (let seed = 0; seed < n; seed++) {
    if (!mask[seed] || label[seed]) continue;
    id++;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    label[seed] = id;
    while (top > 0) {
      const v = stack[--top];
      size++;
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      const neighbours = [
        i > 0 ? v - 1 : -1,
        i < nx - 1 ? v + 1 : -1,
        j > 0 ? v - nx : -1,
        j < ny - 1 ? v + nx : -1,
        k > 0 ? v - nx * ny : -1,
        k < nz - 1 ? v + nx * ny : -1,
      ];
      for (const w of neighbours) {
        if (w >= 0 && mask[w] && !label[w]) {
          label[w] = id;
          stack[top++] = w;
        }
      }
    }
    total += size;
    if (size > bestSize) {
      bestSize = size;
      best = id;
    }
  }
  for (let v = 0; v < n; v++) mask[v] = label[v] === best && best > 0 ? 1 : 0;
  return total - bestSize;
}

/** Fills, in each z-slice, the background not 4-connected to the slice border (in place). */
export function fillSliceHoles(mask: Uint8Array, nx: number, ny: number, nz: number): void {
  const outside = new Uint8Array(nx * ny);
  const stack = new Int32Array(nx * ny);
  for (let k = 0; k < nz; k++) {
    const base = k * nx * ny;
    outside.fill(0);
    let top = 0;
    const push = (p: number) => {
      if (!outside[p] && !mask[base + p]) {
        outside[p] = 1;
        stack[top++] = p;
      }
    };
    for (let i = 0; i < nx; i++) {
      push(i);
      push(i + nx * (ny - 1));
    }
    for (let j = 0; j < ny; j++) {
      push(nx * j);
      push(nx - 1 + nx * j);
    }
    while (top > 0) {
      const p = stack[--top];
      const i = p % nx;
      const j = Math.floor(p / nx);
      if (i > 0) push(p - 1);
      if (i < nx - 1) push(p + 1);
      if (j > 0) push(p - nx);
      if (j < ny - 1) push(p + nx);
    }
    for (let p = 0; p < nx * ny; p++) if (!outside[p]) mask[base + p] = 1;
  }
}

/** Bone envelope: HU ≥ threshold, largest connected piece, inner cavities filled. */
export function segmentBone(ct: CtVolume, thresholdHU: number): Uint8Array {
  const mask = new Uint8Array(ct.hu.length);
  for (let v = 0; v < mask.length; v++) mask[v] = ct.hu[v] >= thresholdHU ? 1 : 0;
  keepLargestComponent(mask, ct.nx, ct.ny, ct.nz);
  fillSliceHoles(mask, ct.nx, ct.ny, ct.nz);
  return mask;
}

/** An orthonormal, right-handed analysis frame: origin (mm, CT coordinates) and axes x, y, z. */
export interface Frame {
  origin: Vec3;
  axes: [Vec3, Vec3, Vec3];
}

export type FrameRule = "long-axis" | "short-axis";

/**
 * Principal axes of the bone mask. "long-axis" (femur): z is the axis of largest spread, pointing
 * to the bulky end (negative skewness: the shaft is the long tail, so z points proximally); x is
 * the next axis, pointing away from the head (the head and neck are the long tail medially, so
 * x points laterally). "short-axis" (vertebra): z is the axis of least spread (body height, the
 * compression axis), x the widest. y completes a right-handed frame.
 */
export function principalFrame(ct: CtVolume, mask: Uint8Array, rule: FrameRule): Frame {
  const c: Vec3 = [0, 0, 0];
  let count = 0;
  forEachMasked(ct, mask, (p) => {
    c[0] += p[0];
    c[1] += p[1];
    c[2] += p[2];
    count++;
  });
  if (count === 0)
    throw new Error("no bone found: lower the segmentation threshold or check the volume");
  c[0] /= count;
  c[1] /= count;
  c[2] /= count;
  const cov = new Float64Array(9);
  forEachMasked(ct, mask, (p) => {
    const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) cov[3 * a + b] += d[a] * d[b];
  });
  const { values, vectors } = symmetricEigen3(cov);
  const order = [0, 1, 2].sort((a, b) => values[b] - values[a]);
  const pick = (i: number): Vec3 => [vectors[i][0], vectors[i][1], vectors[i][2]];
  let z = rule === "long-axis" ? pick(order[0]) : pick(order[2]);
  let x = rule === "long-axis" ? pick(order[1]) : pick(order[0]);
  if (rule === "long-axis") {
    if (skewness(ct, mask, c, z) > 0) z = neg(z);
    if (skewness(ct, mask, c, x) > 0) x = neg(x);
  } else {
    // A vertebral body is symmetric enough: point z and x along the CT's own +z and +x.
    if (z[2] < 0) z = neg(z);
    if (x[0] < 0) x = neg(x);
  }
  const y = cross(z, x);
  return { origin: c, axes: [x, y, z] };
}

function neg(v: Vec3): Vec3 {
  return [-v[0], -v[1], -v[2]];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function forEachMasked(ct: CtVolume, mask: Uint8Array, f: (p: Vec3) => void): void {
  const [hx, hy, hz] = ct.spacing;
  const p: Vec3 = [0, 0, 0];
  let v = 0;
  for (let k = 0; k < ct.nz; k++) {
    for (let j = 0; j < ct.ny; j++) {
      for (let i = 0; i < ct.nx; i++, v++) {
        if (!mask[v]) continue;
        p[0] = (i + 0.5) * hx;
        p[1] = (j + 0.5) * hy;
        p[2] = (k + 0.5) * hz;
        f(p);
      }
    }
  }
}

function skewness(ct: CtVolume, mask: Uint8Array, c: Vec3, axis: Vec3): number {
  let m3 = 0;
  forEachMasked(ct, mask, (p) => {
    const t = (p[0] - c[0]) * axis[0] + (p[1] - c[1]) * axis[1] + (p[2] - c[2]) * axis[2];
    m3 += t * t * t;
  });
  return m3;
}

/** Eigen-decomposition of a symmetric 3×3 matrix (row-major) by cyclic Jacobi rotations. */
export function symmetricEigen3(m: Float64Array): { values: number[]; vectors: number[][] } {
  const a = Float64Array.from(m);
  const v = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[1] ** 2 + a[2] ** 2 + a[5] ** 2;
    if (off < 1e-24 * (a[0] ** 2 + a[4] ** 2 + a[8] ** 2 + 1e-300)) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const apq = a[3 * p + q];
      if (apq === 0) continue;
      const theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const cs = 1 / Math.sqrt(t * t + 1);
      const sn = t * cs;
      for (let k = 0; k < 3; k++) {
        const akp = a[3 * k + p];
        const akq = a[3 * k + q];
        a[3 * k + p] = cs * akp - sn * akq;
        a[3 * k + q] = sn * akp + cs * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k];
        const aqk = a[3 * q + k];
        a[3 * p + k] = cs * apk - sn * aqk;
        a[3 * q + k] = sn * apk + cs * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[3 * k + p];
        const vkq = v[3 * k + q];
        v[3 * k + p] = cs * vkp - sn * vkq;
        v[3 * k + q] = sn * vkp + cs * vkq;
      }
    }
  }
  // Column i of v is the eigenvector of eigenvalue a[i][i].
  return {
    values: [a[0], a[4], a[8]],
    vectors: [0, 1, 2].map((i) => [v[i], v[3 + i], v[6 + i]]),
  };
}

/** A volume resampled into the analysis frame, at one isotropic voxel size. */
export interface FrameVolume {
  nx: number;
  ny: number;
  nz: number;
  voxel_mm: number;
  /** Frame coordinates (mm) of the lowest corner of voxel (0, 0, 0). */
  lo: Vec3;
  frame: Frame;
}

/** The analysis grid covering the mask in the frame, with `margin_mm` on every side. */
export function frameGrid(
  ct: CtVolume,
  mask: Uint8Array,
  frame: Frame,
  voxel_mm: number,
  margin_mm: number,
): FrameVolume {
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  forEachMasked(ct, mask, (p) => {
    const d = [p[0] - frame.origin[0], p[1] - frame.origin[1], p[2] - frame.origin[2]];
    for (let a = 0; a < 3; a++) {
      const ax = frame.axes[a];
      const t = d[0] * ax[0] + d[1] * ax[1] + d[2] * ax[2];
      if (t < lo[a]) lo[a] = t;
      if (t > hi[a]) hi[a] = t;
    }
  });
  const half = Math.max(...ct.spacing) / 2;
  const n = [0, 1, 2].map((a) => {
    // Voxel faces at whole multiples of the voxel size from the frame origin (the centroid):
    // a mirrored bone then gets the mirrored grid, not one shifted by a fraction of a voxel.
    lo[a] = Math.floor((lo[a] - half - margin_mm) / voxel_mm) * voxel_mm;
    hi[a] += half + margin_mm;
    return Math.max(1, Math.ceil((hi[a] - lo[a]) / voxel_mm));
  });
  return { nx: n[0], ny: n[1], nz: n[2], voxel_mm, lo, frame };
}

/** CT coordinates (mm) of a frame point. */
export function frameToCt(frame: Frame, q: Vec3): Vec3 {
  const [x, y, z] = frame.axes;
  return [
    frame.origin[0] + q[0] * x[0] + q[1] * y[0] + q[2] * z[0],
    frame.origin[1] + q[0] * x[1] + q[1] * y[1] + q[2] * z[1],
    frame.origin[2] + q[0] * x[2] + q[1] * y[2] + q[2] * z[2],
  ];
}

/**
 * Resamples a CT-grid field into the frame grid: trilinear interpolation averaged over 2×2×2
 * points per analysis voxel (so that coarser analysis voxels average, not alias, the CT).
 * Points outside the CT take `outside`.
 */
export function resample(
  ct: CtVolume,
  values: Float32Array | Uint8Array,
  target: FrameVolume,
  outside: number,
): Float32Array {
  const { nx, ny, nz, voxel_mm: h, lo, frame } = target;
  const out = new Float32Array(nx * ny * nz);
  const [sx, sy, sz] = ct.spacing;
  const sub = [0.25, 0.75];
  const [ax, ay, az] = frame.axes;
  const [ox, oy, oz] = frame.origin;
  const sample = (u: number, w: number, t: number): number => {
    // CT coordinates of frame point (u, w, t), as frameToCt, without allocating.
    const fx = (ox + u * ax[0] + w * ay[0] + t * az[0]) / sx - 0.5;
    const fy = (oy + u * ax[1] + w * ay[1] + t * az[1]) / sy - 0.5;
    const fz = (oz + u * ax[2] + w * ay[2] + t * az[2]) / sz - 0.5;
    const i0 = Math.floor(fx);
    const j0 = Math.floor(fy);
    const k0 = Math.floor(fz);
    if (i0 < 0 || j0 < 0 || k0 < 0 || i0 + 1 >= ct.nx || j0 + 1 >= ct.ny || k0 + 1 >= ct.nz) {
      return outside;
    }
    const tx = fx - i0;
    const ty = fy - j0;
    const tz = fz - k0;
    const base = i0 + ct.nx * (j0 + ct.ny * k0);
    const dy = ct.nx;
    const dz = ct.nx * ct.ny;
    const c00 = values[base] * (1 - tx) + values[base + 1] * tx;
    const c10 = values[base + dy] * (1 - tx) + values[base + dy + 1] * tx;
    const c01 = values[base + dz] * (1 - tx) + values[base + dz + 1] * tx;
    const c11 = values[base + dz + dy] * (1 - tx) + values[base + dz + dy + 1] * tx;
    return (c00 * (1 - ty) + c10 * ty) * (1 - tz) + (c01 * (1 - ty) + c11 * ty) * tz;
  };
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        let sum = 0;
        for (const a of sub) {
          for (const b of sub) {
            for (const c of sub) {
              sum += sample(lo[0] + (i + a) * h, lo[1] + (j + b) * h, lo[2] + (k + c) * h);
            }
          }
        }
        out[v] = sum / 8;
      }
    }
  }
  return out;
}
