// `npm run bench`: runs every test/bench/*.bench.ts in turn (each prints its own JSON figures)
// and prints one JSON document with all of them. `npm run bench -- --quick` for smoke sizes.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = new URL(".", import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith("--"));
const flags = args.filter((a) => a.startsWith("--"));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: Record<string, unknown> = {};
let failed = 0;
for (const file of files) {
  console.error(`== ${file}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(dir, file), ...flags], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = run.stdout.trim();
  try {
    results[file] = JSON.parse(out.slice(out.indexOf("{")));
  } catch {
    results[file] = { error: `exit ${run.status}`, output: out.slice(-2000) };
  }
  if (run.status !== 0) failed++;
}
console.log(JSON.stringify(results, null, 2));
process.exit(failed ? 1 : 0);
