/**
 * Smoke test of the worklists benchmark in --quick mode: a small generated database, each page
 * loaded for a second, and the documented JSON shape printed. Wall-clock figures are reported,
 * never asserted.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

const load = {
  status: 200,
  p50_ms: expect.any(Number),
  p99_ms: expect.any(Number),
  requests_per_s: expect.any(Number),
  non_2xx: 0,
  errors: 0,
  ratio_p50: expect.any(Number),
  ratio_p99: expect.any(Number),
  target_p99_ms: expect.any(Number),
  target_met: expect.any(Boolean),
};

describe("worklists benchmark (quick mode)", () => {
  it("prints the load on each worklist and the figures page against /healthz, with query plans", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "test/bench/worklists.bench.ts",
        "--quick",
        "--urls=/worklists/surgeon,/worklists/coordinator,/worklists/no-such-list",
      ],
      { cwd: root, maxBuffer: 16 * 2 ** 20 },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      benchmark: "worklists",
      quick: true,
      // What was generated is counted, not assumed: 40 patients, 4 lesions each.
      generated: { patients: 40, lesions: 160, btaEvents: expect.any(Number) },
      reference: { path: "/healthz", p50_ms: expect.any(Number), p99_ms: expect.any(Number) },
    });
    // Four patients in five get 12 or 13 BTA events (test/bench/worklists.bench.ts).
    expect(report.generated.btaEvents).toBe(16 * 12 + 16 * 13);
    expect(report.pages["/worklists/surgeon"]).toMatchObject({ ...load, target_p99_ms: 50 });
    expect(report.pages["/worklists/coordinator"]).toMatchObject(load);
    expect(report.pages["/figures"]).toMatchObject({ ...load, target_p99_ms: 200 });
    // Loaded again while the database is written: the writes happened and are counted.
    for (const key of ["/worklists/surgeon", "/worklists/coordinator", "/figures"]) {
      const written = report.pages_while_written[key];
      expect(written).toMatchObject({ write_interval_ms: 250, non_2xx: 0, errors: 0 });
      expect(written.writes).toBeGreaterThan(0);
      expect(written.p99_ms).toEqual(expect.any(Number));
    }
    expect(report.pages_while_written["/worklists/no-such-list"]).toBeUndefined();
    // A worklist whose route does not exist (yet) is reported, not loaded.
    expect(report.pages["/worklists/no-such-list"]).toBe("not present");
    for (const key of ["/worklists/surgeon", "/worklists/coordinator", "/figures"]) {
      const plans = report.query_plans[key];
      expect(plans.statements_per_request).toBeGreaterThan(0);
      for (const s of plans.statements) {
        expect(s.sql).toEqual(expect.any(String));
        expect(s.plan.length).toBeGreaterThan(0);
      }
    }
  }, 180_000);
});
