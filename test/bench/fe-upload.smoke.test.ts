/**
 * Smoke test of the FE upload-to-board benchmark in --quick mode (coarse voxels): it runs the
 * whole chain on the compiled server and prints the documented JSON shape. Wall-clock and memory
 * figures are reported, never asserted; the shape and the order of the stages are.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

describe("FE upload benchmark (quick mode)", () => {
  it("times a femur and its twin from the DICOM upload to the result on the board, by stage", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "test/bench/fe-upload.bench.ts", "--quick"],
      { cwd: root, maxBuffer: 16 * 2 ** 20 },
    );
    const report = JSON.parse(stdout);
    // Stance and fall on the femur and on its contralateral twin: four solves.
    expect(report).toMatchObject({ benchmark: "fe-upload", quick: true, solves: 4 });
    expect(report.dof_per_solve).toHaveLength(4);
    expect(report.iterations_per_solve).toHaveLength(4);
    expect(report.stages_s).toMatchObject({
      upload: expect.any(Number),
      import: expect.any(Number),
      board: expect.any(Number),
    });
    expect(Object.keys(report.job_stages_s)).toEqual(
      expect.arrayContaining(["segment", "calibrate", "mesh", "solve", "postprocess"]),
    );
    const stages = (report.timeline_s as { stage: string; start_s: number }[]).map((s) => s.stage);
    expect(stages[0]).toBe("upload");
    expect(stages.at(-1)).toBe("on the board");
    expect(
      stages.some((s) => /^solve [1-4] of 4 \((bone|comparator) femur-(stance|fall)\)$/.test(s)),
    ).toBe(true);
    expect(report).toMatchObject({
      wall_s: expect.any(Number),
      dof: expect.any(Number),
      iterations: expect.any(Number),
      server_runtime_rss_mb: expect.any(Number),
      server_peak_rss_mb: expect.any(Number),
      bytes_per_dof_above_runtime: expect.any(Number),
      failure_load_N: expect.any(Number),
      strength_loss_percent: expect.any(Number),
      reference_plain_solver: { dof: expect.any(Number), wall_s: expect.any(Number) },
    });
    // The result reaches the board after the job is stored done, never before.
    expect(report.stages_s.board).toBeGreaterThanOrEqual(0);
  }, 240_000);
});
