/**
 * Issue 4 comparison with CalculiX 2.20 on the same voxel meshes: three heterogeneous phantoms
 * (cortical shell + graded trabecular core + lytic void) from about 50 k to 260 k dof, solved by
 * our multigrid-PCG (CLI, 2 workers), CalculiX's direct solver (SPOOLES) and its ITERATIVE
 * CHOLESKY. Prints one JSON document. `--quick` uses tiny phantoms and skips CalculiX when it is
 * not installed (never installs it), so the smoke test needs no CalculiX. `--dof N` runs the one
 * benchmark phantom whose dof is closest to N (issue 8 compares whole-process times at about 68 k).
 * `--write-reference` (re)writes the CalculiX results stored in test/fe/reference/ that
 * test/fe/calculix-reference.test.ts checks in every run (fe-calculix-reference.ts; needs ccx).
 *
 * Usage: node --import tsx test/bench/fe-calculix.bench.ts [--quick | --dof N | --write-reference]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildLevel, cropToBone, type VoxelGrid } from "../../server/fe/grid";
import {
  benchmarkPhantom,
  benchmarkPhantomSpec,
  blockPhantom,
  type CylinderPhantomSpec,
  cylinderPhantom,
} from "../../server/fe/phantom";
import { AGREEMENT_TOLERANCE } from "../fe/calculixReference";
import { writeCalculixReferences } from "./fe-calculix-reference";
import {
  baselineRssMb,
  CALCULIX_THREADS,
  type CalculixRun,
  ensureCalculix,
  machine,
  round,
  runCalculix,
  runOurs,
  writeCase,
} from "./fe-common";

const quick = process.argv.includes("--quick");
const dofAt = process.argv.indexOf("--dof");
const singleDof = dofAt >= 0 ? Number(process.argv[dofAt + 1]) : null;
if (singleDof !== null && !(Number.isInteger(singleDof) && singleDof > 0)) {
  process.stderr.write("--dof needs a whole number of degrees of freedom > 0\n");
  process.exit(2);
}
// The largest is issue 4's "260 k-dof phantom" (radius 20 voxels: 255 k dof).
const targets = quick ? [3_000, 9_000] : [55_000, 150_000, 250_000];

function phantomDof(grid: VoxelGrid): number {
  return 3 * buildLevel(cropToBone(grid).grid).nodeCount;
}

/** The benchmark phantom (of radius r or r − 1) whose dof is nearest `target`. */
function closestPhantom(target: number): { grid: VoxelGrid; spec: CylinderPhantomSpec } {
  const above = benchmarkPhantom(target);
  if (above.spec.radius <= 1) return above;
  const spec = benchmarkPhantomSpec(above.spec.radius - 1);
  const below = { grid: cylinderPhantom(spec), spec };
  return target - phantomDof(below.grid) < phantomDof(above.grid) - target ? below : above;
}

async function main() {
  const phantoms =
    singleDof !== null ? [closestPhantom(singleDof)] : targets.map((t) => benchmarkPhantom(t));
  const version = ensureCalculix(!quick);
  const work = mkdtempSync(path.join(tmpdir(), "fe-calculix-"));
  const baseline = await baselineRssMb(work, blockPhantom(4, 4, 4, 1000));
  const cases = [];
  for (const { grid, spec } of phantoms) {
    const dof = phantomDof(grid);
    const name = `phantom-${Math.round(dof / 1000)}k`;
    const ours = await runOurs(writeCase(work, name, grid));
    const caseDir = path.join(work, name);
    let direct: CalculixRun | null = null;
    let iterative: CalculixRun | null = null;
    if (version) {
      direct = await runCalculix(caseDir, grid, "SPOOLES");
      iterative = await runCalculix(caseDir, grid, "ITERATIVE CHOLESKY");
    }
    const difference = direct
      ? Math.abs(ours.reaction_force_N - direct.reaction_force_N) / direct.reaction_force_N
      : null;
    const fastest = [direct, iterative]
      .filter((r): r is CalculixRun => r !== null)
      .sort((a, b) => a.wall_s - b.wall_s)[0];
    cases.push({
      name,
      phantom: spec,
      dof: ours.dof,
      elements: ours.elements,
      ours: {
        reaction_force_N: ours.reaction_force_N,
        iterations: ours.iterations,
        relative_residual: ours.relative_residual,
        wall_s: round(ours.process_wall_s),
        solve_s: round(ours.solve_s),
        peak_rss_mb: round(ours.peak_rss_mb),
        bytes_per_dof_rss: round((ours.peak_rss_mb * 2 ** 20) / ours.dof),
        bytes_per_dof_above_baseline: round(((ours.peak_rss_mb - baseline) * 2 ** 20) / ours.dof),
        solver_bytes_per_dof: round(ours.solver_bytes_per_dof),
        workers: ours.workers,
      },
      calculix_direct: direct && {
        ...direct,
        wall_s: round(direct.wall_s),
        peak_rss_mb: round(direct.peak_rss_mb),
      },
      calculix_iterative_cholesky: iterative && {
        ...iterative,
        wall_s: round(iterative.wall_s),
        peak_rss_mb: round(iterative.peak_rss_mb),
        relative_difference_vs_direct:
          direct &&
          Math.abs(iterative.reaction_force_N - direct.reaction_force_N) / direct.reaction_force_N,
      },
      relative_difference_vs_direct: difference,
      within_0_1_percent: difference === null ? null : difference <= AGREEMENT_TOLERANCE,
      calculix_fastest: fastest ? fastest.solver : null,
      speedup_vs_iterative_cholesky: iterative
        ? round(iterative.wall_s / ours.process_wall_s, 3)
        : null,
      speedup_vs_direct: direct ? round(direct.wall_s / ours.process_wall_s, 3) : null,
      memory_ratio_vs_iterative_cholesky: iterative
        ? round(iterative.peak_rss_mb / ours.peak_rss_mb, 3)
        : null,
    });
  }
  rmSync(work, { recursive: true, force: true });
  const checked = cases.filter((c) => c.within_0_1_percent !== null);
  const report = {
    benchmark: "fe-calculix",
    quick,
    requested_dof: singleDof,
    machine: machine(),
    calculix: version ? { version, threads: CALCULIX_THREADS } : null,
    baseline_rss_mb: round(baseline),
    cases,
    all_within_0_1_percent: checked.length > 0 ? checked.every((c) => c.within_0_1_percent) : null,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

if (process.argv.includes("--write-reference")) await writeCalculixReferences();
else await main();
