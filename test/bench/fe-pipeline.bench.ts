/**
 * Issue 13 benchmark of the clinical FE pipeline: a proximal femur phantom CT (1 mm) with a calcar
 * lesion and its mirrored contralateral twin, stance + sideways fall on both (four solves), run
 * from the NRRD case file through the compiled CLI in a fresh process (so wall time and peak RSS
 * cover exactly one analysis). Reference measured in the same run: the plain solver (issue 4
 * axial case) on a phantom of about the same dof. Prints JSON by stage on stdout.
 * The same analysis from the DICOM upload to the board, through the server: fe-upload.bench.ts.
 *
 * Usage: node --import tsx test/bench/fe-pipeline.bench.ts [--voxel-mm 0.7] [--quick]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { femurLesion, femurPhantom } from "../../server/fe/anatomicalPhantom";
import type { ClinicalCaseResult } from "../../server/fe/clinicalCase";
import { writeCtVolume } from "../../server/fe/ctVolume";
import { buildLevel, cropToBone } from "../../server/fe/grid";
import { benchmarkPhantom, blockPhantom } from "../../server/fe/phantom";
import { baselineRssMb, machine, measure, ROOT, round, runOurs, writeCase } from "./fe-common";

const quick = process.argv.includes("--quick");
const voxelArg = process.argv.indexOf("--voxel-mm");
const voxel_mm = voxelArg >= 0 ? Number(process.argv[voxelArg + 1]) : quick ? 3 : 1;
/** Issue 13: memory under 150 bytes per dof above the runtime; target wall time 60 s. */
const BYTES_PER_DOF_LIMIT = 150;
const TARGET_WALL_S = 60;

async function main() {
  if (!(voxel_mm > 0)) throw new Error("--voxel-mm needs a positive size in mm");
  const work = mkdtempSync(path.join(tmpdir(), "fe-pipeline-"));
  const ctMm = quick ? 2 : Math.min(1, voxel_mm);
  const lesioned = femurPhantom({ spacing_mm: ctMm, lesions: [femurLesion("calcar", 10)] });
  const twin = femurPhantom({
    spacing_mm: ctMm,
    mirror: true,
    perturbation: { amplitude: 0.03, seed: 13 },
  });
  writeCtVolume(path.join(work, "ct.nrrd"), lesioned.ct);
  writeCtVolume(path.join(work, "contralateral.nrrd"), twin.ct);
  const casePath = path.join(work, "case.json");
  writeFileSync(
    casePath,
    JSON.stringify({
      volume: "ct.nrrd",
      quantity: "hounsfield",
      calibration: { slope_mg_per_HU: 0.8, intercept_mg: -1.2 },
      site: "proximal-femur",
      side: "left",
      load_case: ["femur-stance", "femur-fall"],
      body_weight_kg: 70,
      compare_with: { volume: "contralateral.nrrd" },
      voxel_mm,
    }),
  );
  const baseline = await baselineRssMb(work, blockPhantom(4, 4, 4, 1000));
  const run = await measure(process.execPath, ["build/server/fe-cli.js", casePath], { cwd: ROOT });
  if (run.code !== 0) throw new Error(`fe CLI failed (${run.code}): ${run.stderr}`);
  const result = JSON.parse(run.stdout) as ClinicalCaseResult;
  const dof = result.dof;
  // Reference: the plain solver on about the same dof, same process set-up.
  const { grid } = benchmarkPhantom(dof);
  const referenceDof = 3 * buildLevel(cropToBone(grid).grid).nodeCount;
  const reference = await runOurs(writeCase(work, "reference", grid));
  const solves = result.load_cases.flatMap((c) => [c.bone, c.comparator]);
  const report = {
    benchmark: "fe-pipeline",
    quick,
    machine: machine(),
    voxel_mm,
    ct_voxel_mm: ctMm,
    ct_voxels: lesioned.ct.nx * lesioned.ct.ny * lesioned.ct.nz,
    solves: solves.length,
    dof_per_solve: solves.map((s) => s.dof),
    iterations_per_solve: solves.map((s) => s.iterations),
    solver_setup_s_per_solve: solves.map((s) => round(s.solver_setup_s)),
    solver_iterations_s_per_solve: solves.map((s) => round(s.solver_iterations_s)),
    converged: result.converged,
    stages_s: Object.fromEntries(Object.entries(result.stages_s).map(([k, v]) => [k, round(v)])),
    wall_s: round(result.wall_s),
    process_wall_s: round(run.wallSeconds),
    target_wall_s: TARGET_WALL_S,
    peak_rss_mb: round(run.peakRssMb),
    baseline_rss_mb: round(baseline),
    bytes_per_dof_above_runtime: round(((run.peakRssMb - baseline) * 2 ** 20) / dof),
    bytes_per_dof_limit: BYTES_PER_DOF_LIMIT,
    failure_load_N: round(result.failure_load_N),
    strength_loss_percent: round(result.strength_loss_percent),
    governing_load_case: result.governing_load_case,
    reference_plain_solver: {
      dof: referenceDof,
      wall_s: round(reference.process_wall_s),
      solve_s: round(reference.solve_s),
      iterations: reference.iterations,
      peak_rss_mb: round(reference.peak_rss_mb),
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
}

await main();
