/**
 * Smoke tests of the FE benchmarks in --quick mode: they run and print the documented JSON shape.
 * Wall-clock figures are reported, never asserted. CalculiX is not needed (quick mode skips it
 * when absent); when it is installed, the tiny phantoms must also agree with a live run of its
 * direct solver. That live run is an extra: the agreement is checked in every run, with or without
 * ccx, against the stored references (test/fe/calculix-reference.test.ts).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

async function bench(name: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", `test/bench/${name}`, "--quick"],
    {
      cwd: root,
      maxBuffer: 16 * 2 ** 20,
    },
  );
  return JSON.parse(stdout);
}

describe("FE benchmarks (quick mode)", () => {
  it("fe-calculix prints per-phantom figures and the agreement with CalculiX", async () => {
    const report = await bench("fe-calculix.bench.ts");
    expect(report).toMatchObject({ benchmark: "fe-calculix", quick: true });
    const cases = report.cases as Record<string, unknown>[];
    expect(cases.length).toBeGreaterThanOrEqual(2);
    for (const c of cases) {
      expect(c).toHaveProperty("dof");
      expect(c.ours).toMatchObject({
        reaction_force_N: expect.any(Number),
        iterations: expect.any(Number),
        wall_s: expect.any(Number),
        peak_rss_mb: expect.any(Number),
        bytes_per_dof_rss: expect.any(Number),
      });
      if (report.calculix) {
        expect(c.calculix_direct).toMatchObject({
          wall_s: expect.any(Number),
          reaction_force_N: expect.any(Number),
        });
        expect(c.within_0_1_percent).toBe(true);
        expect(c.speedup_vs_iterative_cholesky).toEqual(expect.any(Number));
      }
    }
  }, 120_000);

  it("fe-scale prints wall time, iterations and bytes per dof per size", async () => {
    const report = await bench("fe-scale.bench.ts");
    expect(report).toMatchObject({ benchmark: "fe-scale", quick: true });
    const sizes = report.sizes as Record<string, unknown>[];
    expect(sizes.length).toBe(2);
    for (const s of sizes) {
      expect(s).toMatchObject({
        dof: expect.any(Number),
        iterations: expect.any(Number),
        wall_s: expect.any(Number),
        peak_rss_mb: expect.any(Number),
        bytes_per_dof_above_baseline: expect.any(Number),
        solver_bytes_per_dof: expect.any(Number),
      });
    }
  }, 120_000);

  it("fe-pipeline prints the four solves of a femur and its contralateral twin by stage", async () => {
    const report = await bench("fe-pipeline.bench.ts");
    expect(report).toMatchObject({ benchmark: "fe-pipeline", quick: true, solves: 4 });
    expect(report.converged).toBe(true);
    expect(Object.keys(report.stages_s as object)).toEqual(
      expect.arrayContaining(["read", "segment", "calibrate", "mesh", "solve", "postprocess"]),
    );
    expect(report).toMatchObject({
      wall_s: expect.any(Number),
      peak_rss_mb: expect.any(Number),
      bytes_per_dof_above_runtime: expect.any(Number),
      failure_load_N: expect.any(Number),
      strength_loss_percent: expect.any(Number),
      reference_plain_solver: { dof: expect.any(Number), wall_s: expect.any(Number) },
    });
  }, 180_000);
});
