/**
 * Runs a linear elastic solve on worker threads sharing memory (fe.md §8: worker_threads, slab
 * decomposition) or in the calling thread. One solve uses the worker pool at a time; further
 * solves wait their turn (a 2-core server gains nothing from running two at once).
 */

import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Level } from "./grid";
import {
  type BoundaryConditions,
  buildProblem,
  DEFAULT_SETTINGS,
  problemBytes,
  type SolverSettings,
} from "./hierarchy";
import { runSolver } from "./pcg";
import { removeRigidMotion } from "./rigidMotion";
import { CONTROL, soloTeam } from "./team";
import type { WorkerMessage, WorkerTask } from "./worker";

export interface SolveProgress {
  iteration: number;
  relativeResidual: number;
}

export interface SolveOptions {
  /** 0 runs in the calling thread (blocking); default: `defaultWorkerCount(dof)`. */
  workers?: number;
  settings?: Partial<SolverSettings>;
  onProgress?: (progress: SolveProgress) => void;
  signal?: AbortSignal;
}

export interface SolveResult {
  /** Nodal displacements in mm, 3 per node (x, y, z). */
  displacement: Float64Array;
  /** K·u in N, 3 per node: the reaction on constrained dofs, the applied load elsewhere. */
  nodalForce: Float64Array;
  iterations: number;
  relativeResidual: number;
  converged: boolean;
  levels: number;
  workers: number;
  /** Bytes of the solver's own arrays (mesh, hierarchy, vectors, coarse factor). */
  solverBytes: number;
  setupSeconds: number;
  solveSeconds: number;
}

/** fe.md §5.2: Jacobi-PCG took 639 iterations at 0.54 M dof; it grows with the model's size. */
const JACOBI_MAX_ITERATIONS = 20_000;

const pool: Worker[] = [];
let queue: Promise<unknown> = Promise.resolve();

/**
 * Below this many dofs a second worker costs more than it saves: the vector updates are memory
 * bound and do not speed up, and barriers add waiting (measured on 2 cores, docs/fe.md).
 */
export const TWO_WORKER_MIN_DOF = 100_000;

/** Workers used when the caller does not say: one for small models, up to two otherwise. */
export function defaultWorkerCount(dof = Number.POSITIVE_INFINITY): number {
  const cores = Math.max(1, Math.min(2, availableParallelism()));
  return dof < TWO_WORKER_MIN_DOF ? 1 : cores;
}

/**
 * Starts pool workers ahead of a solve (e.g. while a volume is being read) so that their start-up
 * overlaps other work.
 */
export function warmUpWorkers(count = defaultWorkerCount()): void {
  while (pool.length < count) pool.push(spawnWorker());
}

/**
 * Node 20 cannot start a worker from a .ts file. Run from the sources (tsx, vitest), the worker
 * registers tsx's CommonJS require hook (synchronous, no extra loader thread, transforms cached
 * on disk) and requires worker.ts: about 50 ms per worker instead of 250–450 ms for
 * `--import tsx`. Run from the build (decision 040), every bundle in build/server/ has the
 * compiled worker beside it as fe-worker.js, and tsx is not needed (nor installed in production).
 */
function spawnWorker(): Worker {
  const worker = import.meta.url.endsWith(".ts")
    ? new Worker(tsxBootstrapSource(), { eval: true, execArgv: [] })
    : new Worker(new URL("./fe-worker.js", import.meta.url), { execArgv: [] });
  // Idle pool workers must not keep the process alive.
  worker.unref();
  return worker;
}

function tsxBootstrapSource(): string {
  const api = createRequire(import.meta.url).resolve("tsx/cjs/api");
  const entry = fileURLToPath(new URL("./worker.ts", import.meta.url));
  return `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(entry)});`;
}

/** Workers started and not retired: idle between solves (decision 131: none after a large one). */
export function idleWorkerCount(): number {
  return pool.length;
}

/** Stops the pooled workers (tests and CLI call this before exiting). */
export async function shutdownWorkers(): Promise<void> {
  const workers = pool.splice(0, pool.length);
  await Promise.all(workers.map((w) => w.terminate()));
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("The finite-element solve was aborted.", "AbortError");
}

export async function solveElasticity(
  mesh: Level,
  poisson: number,
  bc: BoundaryConditions,
  options: SolveOptions = {},
): Promise<SolveResult> {
  const workers = options.workers ?? defaultWorkerCount(3 * mesh.nodeCount);
  const settings: SolverSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  if (settings.method === "jacobi" && options.settings?.maxIterations === undefined) {
    settings.maxIterations = JACOBI_MAX_ITERATIONS;
  }
  if (options.signal?.aborted) throw abortError(options.signal);
  const start = performance.now();
  // A large solve's workers were retired by the previous one: starting them now overlaps their
  // start-up with the set-up below.
  if (workers > 0) warmUpWorkers(workers);
  const problem = buildProblem(mesh, poisson, bc, settings, Math.max(1, workers));
  const setupSeconds = (performance.now() - start) / 1000;
  const onIteration = options.onProgress
    ? (iteration: number, relativeResidual: number) =>
        options.onProgress?.({ iteration, relativeResidual })
    : undefined;

  if (workers === 0) {
    runSolver(
      problem,
      soloTeam(() => options.signal?.aborted ?? false),
      onIteration,
    );
  } else {
    const run = queue.then(() => runOnWorkers(problem, workers, options, onIteration));
    queue = run.catch(() => undefined);
    await run;
  }
  if (problem.result[3] === 1) throw abortError(options.signal);
  removeRigidMotion(mesh, bc, problem.x);
  return {
    displacement: problem.x,
    nodalForce: problem.q,
    iterations: problem.result[0],
    relativeResidual: problem.result[1],
    converged: problem.result[2] === 1,
    levels: problem.levels.length,
    workers,
    solverBytes: problemBytes(problem),
    setupSeconds,
    solveSeconds: (performance.now() - start) / 1000 - setupSeconds,
  };
}

/**
 * A solve whose shared buffers reach this size retires its workers afterwards. A worker keeps the
 * problem it was sent (structured clone of SharedArrayBuffer handles) until its own isolate
 * collects garbage, which it rarely does: it allocates almost nothing on its heap. Measured on the
 * femur at 1 mm (decision 123): every solve's hierarchy stayed alive to the end of the job, about
 * 40 MB per load case, and a gc() in the main thread did not free it. Terminating the isolate
 * releases its handles at once. Small solves (tests) keep their workers.
 *
 * The solve ends only once the retired isolates are gone, and no replacement is started then: the
 * next solve starts its own (about 50 ms each, while its hierarchy is built). Decision 131: an
 * idle worker is about 9.4 MB of RSS; replacements started at once stayed alive through every
 * post-processing, mesh and segmentation, and overlapped the retiring team (four isolates).
 */
export const RETIRE_WORKERS_MIN_BYTES = 16 * 2 ** 20;

async function retire(team: Worker[]): Promise<void> {
  for (const w of team) {
    const i = pool.indexOf(w);
    if (i >= 0) pool.splice(i, 1);
  }
  await Promise.all(team.map((w) => w.terminate()));
}

function runOnWorkers(
  problem: ReturnType<typeof buildProblem>,
  size: number,
  options: SolveOptions,
  onIteration: ((iteration: number, relativeResidual: number) => void) | undefined,
): Promise<void> {
  while (pool.length < size) pool.push(spawnWorker());
  const team = pool.slice(0, size);
  return new Promise<void>((resolve, reject) => {
    let remaining = size;
    const onAbort = () => Atomics.store(problem.control, CONTROL.abort, 1);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      options.signal?.removeEventListener("abort", onAbort);
      for (const w of team) {
        w.off("message", onMessage);
        w.off("error", onError);
        w.unref();
      }
    };
    const fail = (error: Error) => {
      cleanup();
      // Threads may be stuck at a barrier: discard the whole team.
      for (const w of team) {
        const i = pool.indexOf(w);
        if (i >= 0) pool.splice(i, 1);
        void w.terminate();
      }
      reject(error);
    };
    const onError = (error: Error) => fail(error);
    const onMessage = (message: WorkerMessage) => {
      if (message.type === "progress") onIteration?.(message.iteration, message.relativeResidual);
      else if (message.type === "error")
        fail(new Error(`FE worker ${message.rank}: ${message.message}`));
      else if (--remaining === 0) {
        cleanup();
        if (problemBytes(problem) >= RETIRE_WORKERS_MIN_BYTES) retire(team).then(resolve, reject);
        else resolve();
      }
    };
    team.forEach((w, rank) => {
      w.ref();
      w.on("message", onMessage);
      w.on("error", onError);
      const task: WorkerTask = { problem, rank, size };
      w.postMessage(task);
    });
  });
}
