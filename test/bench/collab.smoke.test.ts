/**
 * Smoke test of the collaboration benchmark in --quick mode: it runs against the reference server
 * and prints the documented JSON shape. Wall-clock figures are reported, never asserted.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

const latency = {
  p50_ms: expect.any(Number),
  p99_ms: expect.any(Number),
  samples: expect.any(Number),
};

describe("collaboration benchmark (quick mode)", () => {
  it("prints latency, throughput, cold load and memory for both servers with ratios", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "test/bench/collab.bench.ts", "--quick"],
      { cwd: root, maxBuffer: 16 * 2 ** 20 },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ benchmark: "collab", quick: true });
    for (const key of ["latency_one_room", "latency_many_rooms"]) {
      expect(report[key]).toMatchObject({
        osteoboard: latency,
        reference: latency,
        ratio_p50: expect.any(Number),
        ratio_p99: expect.any(Number),
      });
      expect(report[key].osteoboard.samples).toBe(report[key].reference.samples);
    }
    expect(report.throughput).toMatchObject({
      osteoboard: { updates_per_s: expect.any(Number) },
      reference: { updates_per_s: expect.any(Number) },
      ratio: expect.any(Number),
    });
    expect(report.cold_load).toMatchObject({
      lesions: 50,
      osteoboard: { first_load_ms: expect.any(Number), load_from_snapshot_ms: expect.any(Number) },
      reference: { first_load_ms: expect.any(Number) },
      ratio: expect.any(Number),
    });
    const memory = {
      rooms: expect.any(Number),
      heap_bytes_per_room_with_one_idle_client: expect.any(Number),
      heap_bytes_retained_per_room_after_clients_left: expect.any(Number),
      rooms_loaded_after_clients_left: expect.any(Number),
    };
    expect(report.memory_idle_room).toMatchObject({ osteoboard: memory, reference: memory });
    // Behaviour, not timing: our idle rooms are unloaded, the reference keeps them.
    expect(report.memory_idle_room.osteoboard.rooms_loaded_after_clients_left).toBe(0);
  }, 120_000);
});
