/**
 * Smoke test of the page-weight benchmark: it measures a real server and prints the documented
 * JSON shape. The figures themselves are checked in test/integration/compression.test.ts.
 */
import { describe, expect, it } from "vitest";
import { runPageWeightBench } from "./page-weight.bench";

const bytes = { identity: expect.any(Number), gzip: expect.any(Number), br: expect.any(Number) };

describe("page-weight benchmark", () => {
  it("reports the board's and the patient list's JavaScript, compressed and not, with the figures before", async () => {
    const report = await runPageWeightBench();
    expect(report).toMatchObject({
      benchmark: "page-weight",
      board: { path: expect.stringMatching(/^\/cases\/\d+\/board$/), js_bytes: bytes },
      patients: { path: "/patients", js_bytes: bytes },
      budget_compressed_bytes: 300 * 1024,
    });
    for (const page of [report.board, report.patients]) {
      expect(page.scripts).toBeGreaterThan(1);
      expect(page.largest_script.path).toMatch(/^\/build\/.+\.js$/);
      expect(page.before.identity).toBeGreaterThan(0);
      // Compressed means fewer bytes on the wire than the same scripts sent plain.
      expect(page.js_bytes.gzip).toBeLessThan(page.js_bytes.identity);
      expect(page.js_bytes.br).toBeLessThan(page.js_bytes.identity);
    }
  }, 120_000);
});
