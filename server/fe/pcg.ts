/**
 * The solver every thread runs on its own slab (SPMD): preconditioned conjugate gradients with a
 * geometric multigrid V-cycle (Chebyshev–Jacobi smoothing, banded Cholesky on the coarsest grid)
 * or plain Jacobi as the preconditioner (fe.md §8 "Linear solver"; ParOSol's PCGSolver, MlCycle
 * and Chebyshev in §5.1).
 *
 * Constrained dofs: every vector is kept at 0 on constrained dofs and the operator zeroes them on
 * output, so PCG works on K_ff alone; prescribed displacements enter through b = f − K·u_D
 * (fe.md §6: the verification load cases are displacement-driven).
 */
import { solveBanded } from "./banded";
import type { LevelData, SolverProblem } from "./hierarchy";
import { applyElements } from "./operator";
import type { Team } from "./team";

/** What one thread owns on one level. */
interface Part {
  dof0: number;
  dof1: number;
  plane0: number;
  plane1: number;
  /** Elements of all owned layers but the last (phase A), then of the last (phase B). */
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  fix0: number;
  fix1: number;
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Slabs of element layers balanced by element count, each at least two layers thick so that
 * phase B (the last layer of every slab) never touches the same node plane in two threads.
 */
export function partition(lv: LevelData, rank: number, size: number): Part {
  const m = lv.mesh;
  const bounds = new Int32Array(size + 1).fill(m.nz);
  bounds[0] = 0;
  if (m.nz >= 2 * size) {
    for (let r = 1; r < size; r++) {
      const target = (r * m.elementCount) / size;
      let layer = bounds[r - 1] + 2;
      while (layer < m.nz - 2 * (size - r) && m.layerStart[layer] < target) layer++;
      bounds[r] = layer;
    }
  }
  const lo = bounds[rank];
  const hi = bounds[rank + 1];
  const plane0 = lo;
  const plane1 = rank === size - 1 ? m.nz + 1 : hi;
  const dof0 = 3 * m.planeStart[plane0];
  const dof1 = 3 * m.planeStart[plane1];
  const hasLayers = hi > lo;
  return {
    dof0,
    dof1,
    plane0,
    plane1,
    a0: hasLayers ? m.layerStart[lo] : 0,
    a1: hasLayers ? m.layerStart[hi - 1] : 0,
    b0: hasLayers ? m.layerStart[hi - 1] : 0,
    b1: hasLayers ? m.layerStart[hi] : 0,
    fix0: lowerBound(lv.fixedDofs, dof0),
    fix1: lowerBound(lv.fixedDofs, dof1),
  };
}

export type IterationListener = (iteration: number, relativeResidual: number) => void;

export function runSolver(
  problem: SolverProblem,
  team: Team,
  onIteration?: IterationListener,
): void {
  const { levels, settings } = problem;
  const parts = levels.map((lv) => partition(lv, team.rank, team.size));
  const last = levels.length - 1;
  const fine = levels[0];
  const fp = parts[0];

  function matvec(l: number, x: Float64Array, y: Float64Array, masked: boolean): void {
    const lv = levels[l];
    const part = parts[l];
    team.barrier();
    y.fill(0, part.dof0, part.dof1);
    applyElements(lv.mesh, lv.consts, x, y, part.a0, part.a1);
    team.barrier();
    applyElements(lv.mesh, lv.consts, x, y, part.b0, part.b1);
    team.barrier();
    if (masked) for (let f = part.fix0; f < part.fix1; f++) y[lv.fixedDofs[f]] = 0;
  }

  function dot(a: Float64Array, b: Float64Array, part: Part): number {
    let s = 0;
    for (let i = part.dof0; i < part.dof1; i++) s += a[i] * b[i];
    return s;
  }

  /** λmax of D⁻¹A by power iteration in the D inner product (Rayleigh quotient vᵀAv / vᵀDv). */
  function estimateLambdaMax(l: number): number {
    const lv = levels[l];
    const part = parts[l];
    const v = lv.x;
    const w = lv.t;
    for (let i = part.dof0; i < part.dof1; i++) {
      // Deterministic pseudo-random start, the same for any thread count.
      const h = Math.imul(i + 1, 2654435761) >>> 0;
      v[i] = lv.invDiag[i] > 0 ? h / 4294967296 - 0.5 : 0;
    }
    let lambda = 0;
    for (let it = 0; it < 12; it++) {
      matvec(l, v, w, true);
      let vDv = 0;
      for (let i = part.dof0; i < part.dof1; i++) {
        const inv = lv.invDiag[i];
        if (inv > 0) vDv += (v[i] * v[i]) / inv;
      }
      const [vAv, vDvAll] = team.sum2(dot(v, w, part), vDv);
      lambda = vDvAll > 0 ? vAv / vDvAll : 0;
      let nn = 0;
      for (let i = part.dof0; i < part.dof1; i++) {
        v[i] = lv.invDiag[i] * w[i];
        nn += v[i] * w[i];
      }
      const scale = 1 / Math.sqrt(team.sum2(nn, 0)[0] || 1);
      for (let i = part.dof0; i < part.dof1; i++) v[i] *= scale;
    }
    return lambda;
  }

  /** Chebyshev iteration on D⁻¹A (Saad, Iterative Methods, Alg. 12.1), `degree` updates of x. */
  function chebyshev(l: number, zeroStart: boolean, degree: number): void {
    const lv = levels[l];
    const part = parts[l];
    const { b, x, t, d, invDiag } = lv;
    const upper = 1.1 * lv.eig[0];
    const lower = upper / settings.smoothingRange;
    const theta = (upper + lower) / 2;
    const delta = (upper - lower) / 2;
    const sigma = theta / delta;
    let rho = 1 / sigma;
    let remaining = degree;
    if (zeroStart) {
      for (let i = part.dof0; i < part.dof1; i++) {
        const di = (invDiag[i] * b[i]) / theta;
        d[i] = di;
        x[i] = di;
      }
      remaining--;
    } else {
      matvec(l, x, t, true);
      for (let i = part.dof0; i < part.dof1; i++) {
        const di = (invDiag[i] * (b[i] - t[i])) / theta;
        d[i] = di;
        x[i] += di;
      }
      remaining--;
    }
    for (; remaining > 0; remaining--) {
      matvec(l, x, t, true);
      const rhoNext = 1 / (2 * sigma - rho);
      const c1 = rhoNext * rho;
      const c2 = (2 * rhoNext) / delta;
      for (let i = part.dof0; i < part.dof1; i++) {
        const di = c1 * d[i] + c2 * invDiag[i] * (b[i] - t[i]);
        d[i] = di;
        x[i] += di;
      }
      rho = rhoNext;
    }
  }

  /** b_{l+1} = Pᵀ·t_l: trilinear restriction as a gather over owned coarse nodes. */
  function restrict(l: number): void {
    team.barrier();
    const f = levels[l];
    const c = levels[l + 1];
    const part = parts[l + 1];
    const [fx, fy, fz] = f.factors;
    const fm = f.mesh;
    const cm = c.mesh;
    const fsx = fm.nx + 1;
    const fsxy = fsx * (fm.ny + 1);
    const csx = cm.nx + 1;
    const csxy = csx * (cm.ny + 1);
    const rx = fx === 2 ? 1 : 0;
    const ry = fy === 2 ? 1 : 0;
    const rz = fz === 2 ? 1 : 0;
    const t = f.t;
    const b = c.b;
    for (let K = part.plane0; K < part.plane1; K++) {
      for (let J = 0; J <= cm.ny; J++) {
        for (let I = 0; I <= cm.nx; I++) {
          const cn = cm.gridMap[I + csx * J + csxy * K];
          if (cn < 0) continue;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          for (let dc = -rz; dc <= rz; dc++) {
            const k = fz * K + dc;
            if (k < 0 || k > fm.nz) continue;
            const wz = dc === 0 ? 1 : 0.5;
            for (let db = -ry; db <= ry; db++) {
              const j = fy * J + db;
              if (j < 0 || j > fm.ny) continue;
              const wyz = db === 0 ? wz : 0.5 * wz;
              for (let da = -rx; da <= rx; da++) {
                const i = fx * I + da;
                if (i < 0 || i > fm.nx) continue;
                const fn = fm.gridMap[i + fsx * j + fsxy * k];
                if (fn < 0) continue;
                const w = da === 0 ? wyz : 0.5 * wyz;
                s0 += w * t[3 * fn];
                s1 += w * t[3 * fn + 1];
                s2 += w * t[3 * fn + 2];
              }
            }
          }
          b[3 * cn] = c.fixed[3 * cn] ? 0 : s0;
          b[3 * cn + 1] = c.fixed[3 * cn + 1] ? 0 : s1;
          b[3 * cn + 2] = c.fixed[3 * cn + 2] ? 0 : s2;
        }
      }
    }
  }

  /** x_l += P·x_{l+1}: trilinear interpolation as a gather over owned fine nodes. */
  function prolongAdd(l: number): void {
    team.barrier();
    const f = levels[l];
    const c = levels[l + 1];
    const part = parts[l];
    const [fx, fy, fz] = f.factors;
    const fm = f.mesh;
    const cm = c.mesh;
    const fsx = fm.nx + 1;
    const fsxy = fsx * (fm.ny + 1);
    const csx = cm.nx + 1;
    const csxy = csx * (cm.ny + 1);
    const x = f.x;
    const xc = c.x;
    for (let k = part.plane0; k < part.plane1; k++) {
      const kLo = Math.floor(k / fz);
      const kHi = fz === 2 && k % 2 === 1 ? kLo + 1 : kLo;
      const wk = kHi === kLo ? 1 : 0.5;
      for (let j = 0; j <= fm.ny; j++) {
        const jLo = Math.floor(j / fy);
        const jHi = fy === 2 && j % 2 === 1 ? jLo + 1 : jLo;
        const wj = jHi === jLo ? wk : 0.5 * wk;
        for (let i = 0; i <= fm.nx; i++) {
          const fn = fm.gridMap[i + fsx * j + fsxy * k];
          if (fn < 0) continue;
          const iLo = Math.floor(i / fx);
          const iHi = fx === 2 && i % 2 === 1 ? iLo + 1 : iLo;
          const w = iHi === iLo ? wj : 0.5 * wj;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          for (let K = kLo; K <= kHi; K++) {
            for (let J = jLo; J <= jHi; J++) {
              for (let I = iLo; I <= iHi; I++) {
                const cn = cm.gridMap[I + csx * J + csxy * K];
                s0 += xc[3 * cn];
                s1 += xc[3 * cn + 1];
                s2 += xc[3 * cn + 2];
              }
            }
          }
          if (!f.fixed[3 * fn]) x[3 * fn] += w * s0;
          if (!f.fixed[3 * fn + 1]) x[3 * fn + 1] += w * s1;
          if (!f.fixed[3 * fn + 2]) x[3 * fn + 2] += w * s2;
        }
      }
    }
  }

  function coarseSolve(l: number): void {
    const lv = levels[l];
    const coarse = problem.coarse;
    if (!coarse) {
      chebyshev(l, true, 4 * settings.smootherDegree);
      return;
    }
    team.barrier();
    if (team.rank === 0) {
      lv.x.set(lv.b);
      // A single-level hierarchy factors the fine grid with its pins held (hierarchy.ts).
      if (l === 0) for (const dof of problem.bc.pinDofs) lv.x[dof] = 0;
      solveBanded(coarse, lv.x);
    }
    team.barrier();
  }

  function vcycle(l: number): void {
    if (l === last) {
      coarseSolve(l);
      return;
    }
    const lv = levels[l];
    const part = parts[l];
    chebyshev(l, true, settings.smootherDegree);
    matvec(l, lv.x, lv.t, true);
    for (let i = part.dof0; i < part.dof1; i++) lv.t[i] = lv.b[i] - lv.t[i];
    restrict(l);
    vcycle(l + 1);
    prolongAdd(l);
    chebyshev(l, false, settings.smootherDegree);
  }

  function precondition(): void {
    if (settings.method === "jacobi") {
      for (let i = fp.dof0; i < fp.dof1; i++) problem.z[i] = fine.invDiag[i] * problem.r[i];
      return;
    }
    vcycle(0);
  }

  // --- Set-up: smoother spectra (every level that is smoothed rather than factored).
  if (settings.method === "multigrid") {
    for (let l = 0; l < levels.length; l++) {
      if (l === last && problem.coarse) continue;
      const lambda = estimateLambdaMax(l);
      if (team.rank === 0) levels[l].eig[0] = lambda;
      team.barrier();
    }
  }

  // --- Right-hand side b = f − K·u_D on free dofs.
  const { x, r, z, p, q, bc } = problem;
  for (let i = fp.dof0; i < fp.dof1; i++) x[i] = 0;
  for (let f = fp.fix0; f < fp.fix1; f++) x[fine.fixedDofs[f]] = bc.prescribedValues[f];
  matvec(0, x, q, false);
  for (let i = fp.dof0; i < fp.dof1; i++) {
    r[i] = -q[i];
    x[i] = 0;
  }
  for (let f = lowerBound(bc.forceDofs, fp.dof0); f < lowerBound(bc.forceDofs, fp.dof1); f++) {
    r[bc.forceDofs[f]] += bc.forceValues[f];
  }
  for (let f = fp.fix0; f < fp.fix1; f++) r[fine.fixedDofs[f]] = 0;

  // --- PCG.
  const bnorm = Math.sqrt(team.sum2(dot(r, r, fp), 0)[0]);
  let iterations = 0;
  let relres = bnorm > 0 ? 1 : 0;
  let aborted = false;
  if (bnorm > 0) {
    precondition();
    for (let i = fp.dof0; i < fp.dof1; i++) p[i] = z[i];
    let rz = team.sum2(dot(r, z, fp), 0)[0];
    while (iterations < settings.maxIterations) {
      matvec(0, p, q, true);
      const pq = team.sum2(dot(p, q, fp), 0)[0];
      const alpha = rz / pq;
      let rr = 0;
      for (let i = fp.dof0; i < fp.dof1; i++) {
        x[i] += alpha * p[i];
        const ri = r[i] - alpha * q[i];
        r[i] = ri;
        rr += ri * ri;
      }
      iterations++;
      const [rrAll, abortAll] = team.sum2(rr, team.abortFlag());
      relres = Math.sqrt(rrAll) / bnorm;
      if (team.rank === 0 && onIteration) onIteration(iterations, relres);
      if (abortAll > 0) {
        aborted = true;
        break;
      }
      if (relres <= settings.tolerance || !Number.isFinite(relres)) break;
      precondition();
      const rzNext = team.sum2(dot(r, z, fp), 0)[0];
      const beta = rzNext / rz;
      rz = rzNext;
      for (let i = fp.dof0; i < fp.dof1; i++) p[i] = z[i] + beta * p[i];
    }
  }

  // --- Total displacement and nodal forces K·u (reactions on constrained dofs).
  for (let f = fp.fix0; f < fp.fix1; f++) x[fine.fixedDofs[f]] = bc.prescribedValues[f];
  matvec(0, x, q, false);
  team.barrier();
  if (team.rank === 0) {
    problem.result[0] = iterations;
    problem.result[1] = relres;
    problem.result[2] = relres <= settings.tolerance ? 1 : 0;
    problem.result[3] = aborted ? 1 : 0;
    problem.result[4] = bnorm;
  }
}
