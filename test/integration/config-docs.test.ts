// README's configuration table is the operator's only guide to the settings: it must name every
// environment variable the code reads (issue 9), with the default the server really uses.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EnvSchema } from "../../server/env";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Rows of the tables under README's "## Configuration": variable name → default cell. */
function readmeSettings(): Map<string, string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Configuration")) ?? "";
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const cells = line.match(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*([^|]*)\|/);
    if (cells?.[1]) rows.set(cells[1], (cells[2] ?? "").trim().replace(/^`|`$/g, ""));
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** Every `process.env.X` / `process.env["X"]` in the code that runs the app or its tests. */
/**
 * Variables of the system, not settings of ours: passed through to a child process as they are
 * (the packaged Chromium's library path is prepended to the inherited LD_LIBRARY_PATH).
 */
const PASSED_THROUGH = new Set(["LD_LIBRARY_PATH"]);

function variablesReadDirectly(): Set<string> {
  const names = new Set<string>();
  const dirs = ["server", "app", "db", "test/helpers"].map((d) => join(ROOT, d));
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(
      /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[["']([A-Z][A-Z0-9_]*)["']\])/g,
    ))
      names.add(m[1] ?? m[2] ?? "");
  }
  for (const name of PASSED_THROUGH) names.delete(name);
  return names;
}

/** The collaboration server parses its own settings (server/collab/config.ts, a zod object). */
function collabSettings(): Set<string> {
  const text = readFileSync(join(ROOT, "server/collab/config.ts"), "utf8");
  return new Set([...text.matchAll(/^\s+(COLLAB_[A-Z0-9_]+):/gm)].map((m) => m[1] ?? ""));
}

describe("README's configuration table", () => {
  const readme = readmeSettings();

  it("finds the table and the settings the code reads", () => {
    expect(readme.size).toBeGreaterThan(5);
    expect(collabSettings().size).toBeGreaterThan(3);
    expect(variablesReadDirectly()).toContain("CHROMIUM_PATH");
  });

  it("lists every key of the server's environment schema, with its default", () => {
    const defaults = EnvSchema.parse({});
    for (const [key, value] of Object.entries(defaults)) {
      expect(readme.has(key), `${key} missing from README`).toBe(true);
      expect(readme.get(key), key).toBe(String(value));
    }
  });

  it("lists every COLLAB_* setting of the collaboration server", () => {
    for (const key of collabSettings()) expect(readme.has(key), `${key} missing`).toBe(true);
  });

  it("lists every variable read from process.env directly", () => {
    for (const key of variablesReadDirectly()) expect(readme.has(key), `${key} missing`).toBe(true);
  });

  it("lists nothing the code does not read", () => {
    const known = new Set([
      ...Object.keys(EnvSchema.shape),
      ...collabSettings(),
      ...variablesReadDirectly(),
    ]);
    for (const key of readme.keys()) expect(known.has(key), `${key} is read nowhere`).toBe(true);
  });
});
