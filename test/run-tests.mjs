// Runs vitest and prints the plain closing line CI reads: "N passed, N failed".
// vitest's own summary is not recognised by CI (see shared/reference/stack.md §3.16).
//
// Everything that is not a passed test counts as failed (decision 062): a failed test, a test
// that did not run (skipped or todo: a `beforeAll` that throws makes vitest report its file's
// tests as skipped), a file that failed outside its tests (hook, import), and any vitest error
// that leaves the exit code non-zero. No skipped tests are allowed in this project, so "0 failed"
// means every collected test ran and passed.
//
//   node test/run-tests.mjs [vitest arguments…]   e.g. test/domain, --config, --root
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

// vitest from this project's node_modules whatever the working directory (the runner's own test
// runs it in a scratch directory, where `npx vitest` would look elsewhere).
const vitestPackage = createRequire(import.meta.url).resolve("vitest/package.json");
const vitestBin = path.join(path.dirname(vitestPackage), "vitest.mjs");

// A private report file: two runs at once (the runner's test runs the runner) must not share one.
const reportDir = mkdtempSync(path.join(tmpdir(), "osteoboard-vitest-"));
const reportFile = path.join(reportDir, "report.json");
const run = spawnSync(
  process.execPath,
  [
    vitestBin,
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : null;
rmSync(reportDir, { recursive: true, force: true });

const tally = report ? count(report) : { passed: 0, notPassed: [] };
const failures = [...tally.notPassed];
if (run.status !== 0 && failures.length === 0) {
  // Global setup failed, an unhandled error, a crash: vitest knows it failed, so do we.
  failures.push(`vitest exited with ${run.status ?? run.signal}${report ? "" : " and no report"}`);
}
if (failures.length === 0 && tally.passed === 0) failures.push("no test ran");
if (failures.length > 0) {
  console.log("\nCounted as failed:");
  for (const failure of failures) console.log(`  ${failure}`);
}
console.log(`${tally.passed} passed, ${failures.length} failed`);
process.exit(failures.length > 0 ? 1 : 0);

/**
 * Tests that passed, and a line for everything else: each test not passed (failed, skipped,
 * todo), each file that failed with no failed test in it (its hook or its import failed).
 */
function count(report) {
  let passed = 0;
  const notPassed = [];
  for (const file of report.testResults) {
    const name = path.relative(process.cwd(), file.name);
    let failedTests = 0;
    for (const test of file.assertionResults) {
      if (test.status === "passed") {
        passed += 1;
        continue;
      }
      if (test.status === "failed") failedTests += 1;
      notPassed.push(`${test.status}: ${name} > ${test.fullName}`);
    }
    if (file.status === "failed" && failedTests === 0) {
      notPassed.push(`file failed: ${name}: ${file.message || "error outside the tests"}`);
    }
  }
  return { passed, notPassed };
}
