// Builds what production runs (decision 040): the Remix app (`remix build` → build/index.js,
// public/build/) and the Node entries bundled by esbuild into build/server/ as ESM, node_modules
// left external, so `node build/server/<entry>.js` runs without tsx.
//
//   node server/build/build.mjs              build everything, write the stamp
//   node server/build/build.mjs --if-stale   build only when a source changed since the stamp
//
// Plain JavaScript on purpose: it must run before anything is compiled. Messages go to stderr so
// that `--if-stale && node build/server/fe-cli.js CASE.json` keeps stdout pure JSON.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const SERVER_OUT = path.join(ROOT, "build", "server");
const STAMP = path.join(ROOT, "build", "stamp.json");

/**
 * The bundles. Flat in build/server/ so that every bundle finds the FE worker as its sibling
 * `./fe-worker.js` (server/fe/solver.ts).
 */
export const ENTRIES = {
  index: "server/index.ts",
  "fe-cli": "server/fe/cli.ts",
  "fe-worker": "server/fe/worker.ts",
  "rebuild-projection": "server/collab/rebuild-projection.ts",
};

/** What a build reads: a change in any of these makes the build stale. */
const SOURCE_DIRS = ["app", "server", "db", "migrations"];
const SOURCE_FILES = ["package.json", "package-lock.json", "remix.config.js", "tsconfig.json"];
/** Outputs a usable build has; a missing one makes the build stale whatever the stamp says. */
const OUTPUTS = [
  "build/index.js",
  "public/build",
  ...Object.keys(ENTRIES).map((name) => `build/server/${name}.js`),
];

function listFiles(dir) {
  const full = path.join(ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.includes(".test."))
    .map((e) => path.relative(ROOT, path.join(e.parentPath ?? e.path, e.name)));
}

/** Content hash of every source (not mtimes: a checkout or `git stash` rewrites mtimes). */
export function sourceHash() {
  const files = [...SOURCE_DIRS.flatMap(listFiles), ...SOURCE_FILES].filter((f) =>
    existsSync(path.join(ROOT, f)),
  );
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(ROOT, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Why the build must be redone, or null when it is up to date. */
export function staleReason(hash = sourceHash()) {
  const missing = OUTPUTS.find((f) => !existsSync(path.join(ROOT, f)));
  if (missing) return `${missing} is missing`;
  if (!existsSync(STAMP)) return "no build stamp (never built, or `npm run dev` ran since)";
  try {
    const stamp = JSON.parse(readFileSync(STAMP, "utf8"));
    if (stamp.hash !== hash) return "sources changed since the last build";
  } catch {
    return "unreadable build stamp";
  }
  return null;
}

/** A development build (`npm run dev`) must not pass for a production one. */
export function removeStamp() {
  rmSync(STAMP, { force: true });
}

/** esbuild options shared by the production build and `npm run dev`'s watch. */
export function serverBuildOptions() {
  return {
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)]),
    ),
    outdir: SERVER_OUT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // node_modules stay external: loaded once from node_modules, native addons included.
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  };
}

export async function buildServer() {
  const esbuild = await import("esbuild");
  rmSync(SERVER_OUT, { recursive: true, force: true });
  await esbuild.build(serverBuildOptions());
}

function buildRemix() {
  // stdout to stderr: callers may chain a command whose stdout is data. Always the production
  // build (what ships): vitest's global setup runs with NODE_ENV=test, and a Remix build made
  // under it answers 500 to every page when the compiled server runs it in production.
  const run = spawnSync("npx", ["remix", "build"], {
    cwd: ROOT,
    stdio: ["ignore", 2, 2],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (run.status !== 0) throw new Error(`remix build failed (exit ${run.status})`);
}

export async function buildAll() {
  const hash = sourceHash();
  removeStamp();
  buildRemix();
  await buildServer();
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${JSON.stringify({ hash, builtAt: new Date().toISOString() })}\n`);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const start = performance.now();
  const ifStale = process.argv.includes("--if-stale");
  const reason = ifStale ? staleReason() : "full build requested";
  if (reason === null) {
    process.stderr.write("build: up to date, not rebuilt\n");
  } else {
    try {
      await buildAll();
    } catch (error) {
      process.stderr.write(`build: ${error instanceof Error ? error.message : error}\n`);
      process.exit(1);
    }
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stderr.write(`build: rebuilt (${reason}) in ${seconds} s\n`);
  }
}
