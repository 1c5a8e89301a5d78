// Runs vitest and prints the plain closing line CI reads: "N passed, N failed".
// vitest's own summary is not recognised by CI (see shared/reference/stack.md §3.16).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const out = ".vitest.json";
rmSync(out, { force: true });
const run = spawnSync(
  "npx",
  [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
if (!existsSync(out)) {
  console.log("0 passed, 1 failed");
  process.exit(run.status || 1);
}
const report = JSON.parse(readFileSync(out, "utf8"));
const failedSuites = report.testResults.filter(
  (s) => s.status === "failed" && s.assertionResults.length === 0,
).length;
const failed = report.numFailedTests + failedSuites;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed > 0 || report.numPassedTests === 0 || run.status !== 0 ? 1 : 0);
