import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { makeBoard, runDomainRiskBench } from "./domain-risk.bench";

describe("domain risk benchmark (smoke)", () => {
  it("builds a 60-lesion board that the schema accepts", () => {
    expect(makeBoard()).toHaveLength(60);
  });

  it("returns the JSON shape of a run, without asserting any timing", () => {
    const result = runDomainRiskBench({ quick: true });
    expect(result).toMatchObject({ name: "domain-risk", lesions: 60, quick: true, iterations: 5 });
    for (const value of [
      result.median_ms,
      result.p95_ms,
      result.perLesion_us,
      result.reference.median_ms,
      result.ratioToReference,
    ]) {
      expect(typeof value).toBe("number");
      expect(Number.isFinite(value)).toBe(true);
    }
  });

  it("prints one JSON line when run from the command line with --quick", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "test/bench/domain-risk.bench.ts", "--quick"],
      {
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(0);
    const parsed = JSON.parse(run.stdout.trim());
    expect(Object.keys(parsed).sort()).toEqual(
      [
        "iterations",
        "lesions",
        "median_ms",
        "name",
        "p95_ms",
        "perLesion_us",
        "quick",
        "ratioToReference",
        "reference",
      ].sort(),
    );
  });
});
