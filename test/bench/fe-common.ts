/**
 * Shared plumbing of the FE benchmarks: phantom case files, our solver run through its compiled
 * CLI in a fresh process (so wall time and peak RSS cover exactly one solve, like CalculiX's), CalculiX
 * runs with peak memory read from /proc, and installation of CalculiX when missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { axialCompression, rigidBodyPins } from "../../server/fe/boundary";
import { type CalculixSolver, calculixDeck, parseTotalReaction } from "../../server/fe/calculix";
import type { FeCaseResult } from "../../server/fe/caseFile";
import { buildLevel, cropToBone, type VoxelGrid } from "../../server/fe/grid";
import { gridToNrrd, writeNrrd } from "../../server/fe/nrrd";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const POISSON = 0.3;
export const DISPLACEMENT_MM = -0.36;

export function machine() {
  return {
    cpus: availableParallelism(),
    cpu_model: cpus()[0]?.model ?? "unknown",
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    // The machine is shared: wall times are only comparable at a similar load.
    load_average_1min: round(loadavg()[0], 3),
  };
}

/** The case-file fields of the load case both codes solve. */
export interface AxialLoad {
  poisson: number;
  displacement_mm: number;
}

/** Writes the phantom as an NRRD volume plus the issue-4 case file; returns the case path. */
export function writeCase(
  dir: string,
  name: string,
  grid: VoxelGrid,
  load: AxialLoad = { poisson: POISSON, displacement_mm: DISPLACEMENT_MM },
): string {
  mkdirSync(dir, { recursive: true });
  writeNrrd(path.join(dir, `${name}.nrrd`), gridToNrrd(grid), "gzip");
  const casePath = path.join(dir, `${name}.json`);
  writeFileSync(
    casePath,
    JSON.stringify({
      volume: `${name}.nrrd`,
      quantity: "youngs-modulus-MPa",
      poisson: load.poisson,
      load_case: "axial-compression",
      axis: "z",
      displacement_mm: load.displacement_mm,
    }),
  );
  return casePath;
}

interface Measured {
  wallSeconds: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a command, sampling its peak resident set (VmHWM) from /proc while it runs. */
export function measure(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    let peakKb = 0;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const m = status.match(/VmHWM:\s+(\d+)/);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // The process has just exited.
      }
    };
    const timer = setInterval(sample, 20);
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({
        wallSeconds: (performance.now() - start) / 1000,
        peakRssMb: peakKb / 1024,
        stdout,
        stderr,
        code,
      });
    });
  });
}

let built = false;

/** Builds the compiled CLI when a source changed since the last build (once per process). */
function ensureBuilt(): void {
  if (built) return;
  const run = spawnSync(process.execPath, ["server/build/build.mjs", "--if-stale"], {
    cwd: ROOT,
    stdio: ["ignore", 2, 2],
  });
  if (run.status !== 0) throw new Error(`build failed (exit ${run.status})`);
  built = true;
}

/**
 * Our solver on a case file, in its own process, through the CLI of issue 4 as it ships: the
 * compiled build/server/fe-cli.js run by plain node (decision 040).
 */
export async function runOurs(
  casePath: string,
  workers?: number,
): Promise<FeCaseResult & { process_wall_s: number }> {
  ensureBuilt();
  const args = ["build/server/fe-cli.js", casePath];
  if (workers !== undefined) args.push("--workers", String(workers));
  const run = await measure(process.execPath, args, { cwd: ROOT });
  if (run.code !== 0) throw new Error(`fe CLI failed (${run.code}): ${run.stderr}`);
  const result = JSON.parse(run.stdout) as FeCaseResult;
  return { ...result, process_wall_s: run.wallSeconds };
}

/** ccx version if installed; installs the Debian package first when `install` is set. */
export function ensureCalculix(install: boolean): string | null {
  const probe = () => spawnSync("ccx", ["-v"], { encoding: "utf8" });
  let result = probe();
  if (result.error && install) {
    process.stderr.write("CalculiX not found: installing calculix-ccx with apt-get…\n");
    const apt = spawnSync("sh", ["-c", "apt-get update && apt-get install -y calculix-ccx"], {
      stdio: ["ignore", 2, 2],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (apt.status !== 0)
      throw new Error("apt-get install calculix-ccx failed (root and network are needed)");
    result = probe();
  }
  if (result.error) return null;
  const m = `${result.stdout}${result.stderr}`.match(/Version\s+([\d.]+)/);
  return m ? m[1] : "unknown";
}

export interface CalculixRun {
  solver: CalculixSolver;
  wall_s: number;
  peak_rss_mb: number;
  reaction_force_N: number;
  /** The "total force (fx,fy,fz) for set NTOP" line of the .dat file, N. */
  total_force_N: [number, number, number];
}

/** Threads CalculiX may use: as many as our workers, for a fair same-machine comparison. */
export const CALCULIX_THREADS = 2;

export async function runCalculix(
  dir: string,
  grid: VoxelGrid,
  solver: CalculixSolver,
): Promise<CalculixRun> {
  const mesh = buildLevel(cropToBone(grid).grid);
  const { bottom, top } = axialCompression(mesh, DISPLACEMENT_MM);
  const job = solver === "SPOOLES" ? "direct" : "iterative";
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${job}.inp`),
    calculixDeck({
      mesh,
      poisson: POISSON,
      bottom,
      top,
      pins: rigidBodyPins(mesh),
      displacementMm: DISPLACEMENT_MM,
      solver,
    }),
  );
  const threads = String(CALCULIX_THREADS);
  const run = await measure("ccx", ["-i", job], {
    cwd: dir,
    env: {
      ...process.env,
      OMP_NUM_THREADS: threads,
      CCX_NPROC_EQUATION_SOLVER: threads,
      CCX_NPROC_STIFFNESS: threads,
    },
  });
  const datPath = path.join(dir, `${job}.dat`);
  if (run.code !== 0 || !existsSync(datPath))
    throw new Error(`ccx ${solver} failed: ${run.stdout.slice(-2000)}`);
  const total = parseTotalReaction(readFileSync(datPath, "utf8"));
  return {
    solver,
    wall_s: run.wallSeconds,
    peak_rss_mb: run.peakRssMb,
    reaction_force_N: Math.abs(total[2]),
    total_force_N: total,
  };
}

/** Peak RSS of the CLI on a tiny case: the runtime's own footprint, subtracted for bytes/dof. */
export async function baselineRssMb(dir: string, tinyGrid: VoxelGrid): Promise<number> {
  const result = await runOurs(writeCase(dir, "baseline", tinyGrid));
  return result.peak_rss_mb;
}

export function round(value: number, digits = 4): number {
  return Number(value.toPrecision(digits));
}
