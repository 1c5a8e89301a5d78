import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const DOMAIN_DIR = new URL("../../app/domain", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

// The engine may import zod and its own files only: no Node, React, Express, Yjs network or database.
// One exception: the board document's mapping onto Yjs data types (no network, no I/O) is shared by
// the browser and the server, so it lives in the kernel (docs/architecture.md).
const ALLOWED_PACKAGES = new Set(["zod"]);
const ALLOWED_PER_FILE: Record<string, string[]> = { "board/ydoc.ts": ["yjs"] };
const IMPORT_SPECIFIER =
  /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|require\s*\(\s*["']([^"']+)["']\s*\)/g;

const IMPURE_CALLS: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /\bDate\.now\s*\(/, why: "reads the clock (pass today in)" },
  { pattern: /\bnew\s+Date\s*\(\s*\)/, why: "reads the clock (pass today in)" },
  { pattern: /\bMath\.random\s*\(/, why: "randomness" },
  { pattern: /\bperformance\.now\s*\(/, why: "reads the clock" },
  { pattern: /\bcrypto\.(randomUUID|getRandomValues)\s*\(/, why: "randomness" },
  { pattern: /\bprocess\./, why: "Node process access" },
];

function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT_SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

describe("app/domain purity", () => {
  const files = sourceFiles(DOMAIN_DIR);

  it("has engine files to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(DOMAIN_DIR, f), f]))(
    "%s imports only zod and its own modules",
    (name, file) => {
      const extra = ALLOWED_PER_FILE[name] ?? [];
      const offending = importsOf(readFileSync(file, "utf8")).filter(
        (spec) => !spec.startsWith(".") && !ALLOWED_PACKAGES.has(spec) && !extra.includes(spec),
      );
      expect(offending).toEqual([]);
    },
  );

  it.each(files.map((f) => [relative(DOMAIN_DIR, f), f]))(
    "%s reads no clock and draws no random numbers",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      const found = IMPURE_CALLS.filter((c) => c.pattern.test(text)).map((c) => c.why);
      expect(found).toEqual([]);
    },
  );

  it("catches the forbidden patterns it is meant to catch", () => {
    expect(importsOf('import x from "node:fs";')).toEqual(["node:fs"]);
    expect(importsOf('import { Doc } from "yjs";\nexport * from "./a";')).toEqual(["yjs", "./a"]);
    expect(importsOf('const m = await import("better-sqlite3");')).toEqual(["better-sqlite3"]);
    const clock = IMPURE_CALLS.filter((c) => c.pattern.test("const t = new Date();"));
    expect(clock.length).toBe(1);
    expect(IMPURE_CALLS.some((c) => c.pattern.test("new Date(ms)"))).toBe(false);
    expect(IMPURE_CALLS.some((c) => c.pattern.test("Math.random()"))).toBe(true);
  });
});
