/**
 * The comparison contract of issue 4: `npm run fe -- CASE.json` on an NRRD volume, relative path
 * read from the case file's folder, JSON result on stdout. Runs the compiled CLI, what ships
 * (build/server/fe-cli.js, built by test/global-setup.ts when stale; decision 040).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { solveAxialCompression } from "../../server/fe/axialCompression";
import { parseCase } from "../../server/fe/caseFile";
import { gridToNrrd, writeNrrd } from "../../server/fe/nrrd";
import { cylinderPhantom } from "../../server/fe/phantom";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const CLI = "build/server/fe-cli.js";

function phantom() {
  return cylinderPhantom({
    radius: 8,
    length: 20,
    shell: 2,
    spacing: [0.8, 0.8, 1.1],
    lesion: { centre: [11, 8, 10], radius: 3, modulusMPa: 0 },
  });
}

function writeCase(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fe-case-"));
  mkdirSync(path.join(dir, "volumes"));
  writeNrrd(path.join(dir, "volumes", "bone.nrrd"), gridToNrrd(phantom()), "gzip");
  const casePath = path.join(dir, "case.json");
  writeFileSync(
    casePath,
    JSON.stringify({
      volume: "volumes/bone.nrrd",
      quantity: "youngs-modulus-MPa",
      poisson: 0.3,
      load_case: "axial-compression",
      axis: "z",
      displacement_mm: -0.36,
      ...extra,
    }),
  );
  return casePath;
}

describe("fe CLI", () => {
  it("solves the verification case file and prints the result JSON", async () => {
    const casePath = writeCase();
    const { stdout } = await run(process.execPath, [CLI, casePath], { cwd: root });
    const result = JSON.parse(stdout);
    for (const key of [
      "dof",
      "elements",
      "reaction_force_N",
      "stiffness_N_per_mm",
      "iterations",
      "relative_residual",
      "wall_s",
      "peak_rss_mb",
      "workers",
    ]) {
      expect(result).toHaveProperty(key);
    }
    expect(result.converged).toBe(true);
    expect(result.voxel_size_mm).toEqual([0.8, 0.8, 1.1]);
    // Same mesh, same numbers as solving the phantom in-process.
    const direct = await solveAxialCompression(
      phantom(),
      { poisson: 0.3, axis: "z", displacementMm: -0.36 },
      { workers: 0 },
    );
    expect(
      Math.abs(result.reaction_force_N - direct.reactionForceN) / direct.reactionForceN,
    ).toBeLessThan(1e-9);
    expect(result.relative_residual).toBeLessThanOrEqual(1e-6);
    expect(result.stiffness_N_per_mm).toBeCloseTo(result.reaction_force_N / 0.36, 6);
    // A model this small is solved in the CLI's own thread (no worker start-up).
    expect(result.workers).toBe(0);
  });

  it("runs the compiled worker threads when asked for two workers", async () => {
    // The bundle starts build/server/fe-worker.js, not worker.ts through tsx (decision 040).
    const { stdout } = await run(process.execPath, [CLI, writeCase(), "--workers", "2"], {
      cwd: root,
    });
    const result = JSON.parse(stdout);
    expect(result.workers).toBe(2);
    expect(result.converged).toBe(true);
    const direct = await solveAxialCompression(
      phantom(),
      { poisson: 0.3, axis: "z", displacementMm: -0.36 },
      { workers: 0 },
    );
    expect(
      Math.abs(result.reaction_force_N - direct.reactionForceN) / direct.reactionForceN,
    ).toBeLessThan(1e-9);
  });

  it("explains which case-file field is wrong", async () => {
    const casePath = writeCase({ load_case: "torsion", poisson: 0.7 });
    const failure = await run(process.execPath, [CLI, casePath], { cwd: root }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toMatch(/load_case/);
    expect(stderr).toMatch(/poisson/);
  });
});

describe("case file schema", () => {
  it("accepts the issue's verification case verbatim", () => {
    expect(
      parseCase({
        volume: "bone.nrrd",
        quantity: "youngs-modulus-MPa",
        poisson: 0.3,
        load_case: "axial-compression",
        axis: "z",
        displacement_mm: -0.36,
      }).displacement_mm,
    ).toBe(-0.36);
  });

  it("rejects a zero displacement and an unknown quantity", () => {
    expect(() =>
      parseCase({
        volume: "b.nrrd",
        quantity: "hu",
        poisson: 0.3,
        load_case: "axial-compression",
        axis: "z",
        displacement_mm: 0,
      }),
    ).toThrow(/quantity[\s\S]*displacement_mm|displacement_mm[\s\S]*quantity/);
  });
});
