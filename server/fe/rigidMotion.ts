/**
 * Removal of the rigid-body motion left by solving without the pins (see
 * `BoundaryConditions.pinDofs`): the rigid modes that no prescribed displacement touches are
 * subtracted so that every pinned dof ends at exactly 0. Rigid motion carries no strain and no
 * force, so strains and reactions are unchanged; only the displacement field is re-anchored.
 */
import type { Level } from "./grid";
import type { BoundaryConditions } from "./hierarchy";

type Mode = (x: number, y: number, z: number, direction: number) => number;

const RIGID_MODES: Mode[] = [
  (_x, _y, _z, d) => (d === 0 ? 1 : 0),
  (_x, _y, _z, d) => (d === 1 ? 1 : 0),
  (_x, _y, _z, d) => (d === 2 ? 1 : 0),
  (_x, y, z, d) => (d === 1 ? -z : d === 2 ? y : 0),
  (x, _y, z, d) => (d === 0 ? z : d === 2 ? -x : 0),
  (x, y, _z, d) => (d === 0 ? -y : d === 1 ? x : 0),
];

function nodePositions(mesh: Level): Float64Array {
  const pos = new Float64Array(3 * mesh.nodeCount);
  const sx = mesh.nx + 1;
  const sxy = sx * (mesh.ny + 1);
  for (let g = 0; g < mesh.gridMap.length; g++) {
    const n = mesh.gridMap[g];
    if (n < 0) continue;
    const k = Math.floor(g / sxy);
    const j = Math.floor((g - k * sxy) / sx);
    pos[3 * n] = (g - k * sxy - j * sx) * mesh.spacing[0];
    pos[3 * n + 1] = j * mesh.spacing[1];
    pos[3 * n + 2] = k * mesh.spacing[2];
  }
  return pos;
}

/** Solves the small dense system a·x = b (n×n, row-major) by Gaussian elimination. */
function solveDense(a: number[], b: number[], n: number): number[] {
  const m = a.slice();
  const x = b.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
    [x[c], x[p]] = [x[p], x[c]];
    const pivot = m[c * n + c];
    if (Math.abs(pivot) < 1e-300)
      throw new Error("The rigid-body pins do not fix the free rigid motions.");
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / pivot;
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < n; k++) s -= m[c * n + k] * x[k];
    x[c] = s / m[c * n + c];
  }
  return x;
}

export function removeRigidMotion(mesh: Level, bc: BoundaryConditions, u: Float64Array): void {
  if (bc.pinDofs.length === 0) return;
  const pos = nodePositions(mesh);
  // Centre the rotations on the bounding box for conditioning.
  const c = [mesh.nx * mesh.spacing[0], mesh.ny * mesh.spacing[1], mesh.nz * mesh.spacing[2]].map(
    (v) => v / 2,
  );
  const at = (mode: Mode, dof: number) => {
    const n = Math.floor(dof / 3);
    return mode(pos[3 * n] - c[0], pos[3 * n + 1] - c[1], pos[3 * n + 2] - c[2], dof % 3);
  };
  const scale = Math.max(...c, 1);
  const free = RIGID_MODES.filter((mode) =>
    bc.prescribedDofs.every((dof) => Math.abs(at(mode, dof)) <= 1e-12 * scale),
  );
  if (free.length === 0) return;
  // Least squares over the pins: Σₘ aₘ·modeₘ(pin) = u(pin).
  const k = free.length;
  const normal = new Array<number>(k * k).fill(0);
  const rhs = new Array<number>(k).fill(0);
  for (const dof of bc.pinDofs) {
    const row = free.map((mode) => at(mode, dof));
    for (let i = 0; i < k; i++) {
      rhs[i] += row[i] * u[dof];
      for (let j = 0; j < k; j++) normal[i * k + j] += row[i] * row[j];
    }
  }
  const amplitude = solveDense(normal, rhs, k);
  for (let n = 0; n < mesh.nodeCount; n++) {
    for (let d = 0; d < 3; d++) {
      let s = 0;
      for (let m = 0; m < k; m++) {
        s +=
          amplitude[m] *
          free[m](pos[3 * n] - c[0], pos[3 * n + 1] - c[1], pos[3 * n + 2] - c[2], d);
      }
      u[3 * n + d] -= s;
    }
  }
}
