/**
 * The runner's closing line (test/run-tests.mjs, decision 062): run on scratch vitest projects,
 * it must count a failing `beforeAll`, a skipped test and a todo as failed, exit non-zero when
 * anything failed, and say "N passed, 0 failed" only when every test ran and passed.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const runner = path.resolve(import.meta.dirname, "../run-tests.mjs");
const scratchRoots: string[] = [];
afterAll(() => {
  for (const root of scratchRoots) rmSync(root, { recursive: true, force: true });
});

/** A scratch vitest project (globals on: files in a temp directory cannot import vitest). */
function scratchProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "osteoboard-runner-"));
  scratchRoots.push(root);
  writeFileSync(
    path.join(root, "vitest.config.mjs"),
    'export default { test: { globals: true, include: ["**/*.test.js"] } };\n',
  );
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), source);
  }
  return root;
}

/** Runs the runner on a scratch project: its last output line and its exit code. */
async function runRunner(root: string): Promise<{ closing: string; code: number }> {
  // The outer vitest's variables would tell the inner one it runs inside a worker.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  const args = [runner, "--root", root, "--config", path.join(root, "vitest.config.mjs")];
  const result = await promisify(execFile)(process.execPath, args, { cwd: root, env }).then(
    (done) => ({ stdout: done.stdout, code: 0 }),
    (error: { stdout?: string; code?: number }) => ({
      stdout: error.stdout ?? "",
      code: error.code ?? -1,
    }),
  );
  const lines = result.stdout.trim().split("\n");
  return { closing: lines[lines.length - 1] ?? "", code: result.code };
}

function failedCount(closing: string): number {
  const match = /^(\d+) passed, (\d+) failed$/.exec(closing);
  if (!match) throw new Error(`not a closing line: ${closing}`);
  return Number(match[2]);
}

describe("test runner closing line", () => {
  it("counts a file whose beforeAll throws as failed and exits non-zero", async () => {
    const root = scratchProject({
      "server.test.js": `
        describe("a server that does not start", () => {
          beforeAll(() => { throw new Error("server did not start"); });
          it("answers the sign-in page", () => {});
          it("answers the board", () => {});
        });
      `,
    });
    const { closing, code } = await runRunner(root);
    expect(closing).toMatch(/^0 passed, \d+ failed$/);
    expect(failedCount(closing)).toBeGreaterThanOrEqual(1);
    expect(code).not.toBe(0);
  });

  it("counts a skipped test and a todo as failed", async () => {
    const root = scratchProject({
      "skipped.test.js": `
        it("runs", () => { expect(1 + 1).toBe(2); });
        it.skip("was skipped", () => {});
        it.todo("is still to write");
      `,
    });
    const { closing, code } = await runRunner(root);
    expect(closing).toBe("1 passed, 2 failed");
    expect(code).not.toBe(0);
  });

  it("counts a failed test and a file that does not import as failed", async () => {
    const root = scratchProject({
      "wrong.test.js": `it("fails", () => { expect(1 + 1).toBe(3); });`,
      "broken.test.js": `import "./missing-module.js";\nit("never collected", () => {});`,
      "right.test.js": `it("passes", () => {});`,
    });
    const { closing, code } = await runRunner(root);
    expect(closing).toBe("1 passed, 2 failed");
    expect(code).not.toBe(0);
  });

  it('says "N passed, 0 failed" and exits 0 when every test ran and passed', async () => {
    const root = scratchProject({
      "a.test.js": `it("one", () => {}); it("two", () => {});`,
      "nested/b.test.js": `describe("group", () => { beforeAll(() => {}); it("three", () => {}); });`,
    });
    const { closing, code } = await runRunner(root);
    expect(closing).toBe("3 passed, 0 failed");
    expect(code).toBe(0);
  });

  it("counts an empty run as failed", async () => {
    const root = scratchProject({ "empty.test.js": "" });
    const { closing, code } = await runRunner(root);
    expect(failedCount(closing)).toBeGreaterThanOrEqual(1);
    expect(code).not.toBe(0);
  });
});
