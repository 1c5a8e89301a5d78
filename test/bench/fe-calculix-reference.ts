/**
 * `fe-calculix.bench.ts --write-reference`: solves the stored reference phantoms with CalculiX's
 * direct solver (SPOOLES) and (re)writes test/fe/reference/calculix-*.json, which
 * test/fe/calculix-reference.test.ts checks our solver against in every run (issue 9). Needs
 * `ccx`: installs the Debian package when missing, like the full benchmark.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { axialCompression } from "../../server/fe/boundary";
import { buildLevel, cropToBone } from "../../server/fe/grid";
import { benchmarkPhantomSpec, cylinderPhantom } from "../../server/fe/phantom";
import {
  AGREEMENT_TOLERANCE,
  type CalculixReference,
  CalculixReferenceSchema,
  REFERENCE_DIR,
  REFERENCE_PHANTOMS,
  referencePath,
  voxelFingerprint,
} from "../fe/calculixReference";
import {
  CALCULIX_THREADS,
  DISPLACEMENT_MM,
  ensureCalculix,
  machine,
  POISSON,
  ROOT,
  round,
  runCalculix,
  runOurs,
  writeCase,
} from "./fe-common";

const BOUNDARY_CONDITIONS =
  "every node of the lowest z face fixed in z; every node of the highest z face displaced by " +
  "displacement_mm in z; x and y free except three rigid-body pins on the lowest face " +
  "(rigidBodyPins in server/fe/boundary.ts); deck written by calculixDeck (server/fe/calculix.ts)";

/** The commit the references are generated from, "-dirty" when the work tree has changes. */
function sourceCommit(): string {
  const git = (args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  return `${git(["rev-parse", "HEAD"])}${dirty ? "-dirty" : ""}`;
}

export async function writeCalculixReferences(): Promise<void> {
  const version = ensureCalculix(true);
  if (!version) throw new Error("ccx is needed to write CalculiX references");
  const commit = sourceCommit();
  const work = mkdtempSync(path.join(tmpdir(), "fe-calculix-reference-"));
  mkdirSync(REFERENCE_DIR, { recursive: true });
  const written = [];
  for (const { name, radius } of REFERENCE_PHANTOMS) {
    const spec = benchmarkPhantomSpec(radius);
    const grid = cylinderPhantom(spec);
    // The mesh runCalculix writes to the deck.
    const mesh = buildLevel(cropToBone(grid).grid);
    const dof = 3 * mesh.nodeCount;
    if (`phantom-${Math.round(dof / 1000)}k` !== name)
      throw new Error(`${name} now has ${dof} dof: rename it in test/fe/calculixReference.ts`);
    const { bottom, top } = axialCompression(mesh, DISPLACEMENT_MM);
    const direct = await runCalculix(path.join(work, name), grid, "SPOOLES");
    const reference: CalculixReference = CalculixReferenceSchema.parse({
      name,
      phantom: spec,
      load_case: {
        quantity: "youngs-modulus-MPa",
        load_case: "axial-compression",
        axis: "z",
        poisson: POISSON,
        displacement_mm: DISPLACEMENT_MM,
      },
      boundary_conditions: BOUNDARY_CONDITIONS,
      mesh: {
        dof,
        nodes: mesh.nodeCount,
        elements: mesh.elementCount,
        bottom_nodes: bottom.length,
        top_nodes: top.length,
        voxels_sha256: voxelFingerprint(grid),
      },
      calculix: {
        version,
        solver: "SPOOLES",
        threads: CALCULIX_THREADS,
        total_force_N: direct.total_force_N,
        reaction_force_N: direct.reaction_force_N,
      },
      provenance: {
        generated_at: new Date().toISOString(),
        command: "node --import tsx test/bench/fe-calculix.bench.ts --write-reference",
        ccx_command:
          `ccx -i direct (deck from calculixDeck, *STATIC, SOLVER=SPOOLES; ` +
          `OMP_NUM_THREADS=${CALCULIX_THREADS})`,
        source_commit: commit,
        machine: machine(),
      },
    });
    writeFileSync(referencePath(name), `${JSON.stringify(reference, null, 2)}\n`);
    // Our figure is printed, not stored: the test recomputes it in every run.
    const ours = await runOurs(writeCase(work, name, grid));
    const difference =
      Math.abs(ours.reaction_force_N - direct.reaction_force_N) / direct.reaction_force_N;
    written.push({
      file: path.relative(ROOT, referencePath(name)),
      dof,
      calculix_reaction_force_N: direct.reaction_force_N,
      calculix_wall_s: round(direct.wall_s),
      ours_reaction_force_N: ours.reaction_force_N,
      relative_difference: difference,
      within_0_1_percent: difference <= AGREEMENT_TOLERANCE,
    });
  }
  rmSync(work, { recursive: true, force: true });
  // Formatted as `npm run lint` (Biome) wants, so that a regeneration leaves lint green.
  execFileSync(
    path.join(ROOT, "node_modules", ".bin", "biome"),
    ["format", "--write", ...REFERENCE_PHANTOMS.map(({ name }) => referencePath(name))],
    { cwd: ROOT, stdio: ["ignore", 2, 2] },
  );
  const report = { benchmark: "fe-calculix", write_reference: true, calculix: version, written };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
