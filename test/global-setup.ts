// Integration and browser tests run the built app and the compiled server, the FE CLI tests the
// compiled CLI: every vitest run (npm test, npm run test:*, a direct `npx vitest run FILE`) first
// rebuilds when a source changed since the last build (content hash, the check `npm start`
// uses: server/build/build.mjs; decisions 040 and 062). Up to date, the check costs ~0.2 s of CPU.
// In watch mode the check runs again before every rerun, so an edit is never tested stale.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const build = fileURLToPath(new URL("../server/build/build.mjs", import.meta.url));

function buildIfStale(): void {
  // vitest sets NODE_ENV=test, which `remix build` inherits and takes for a development build
  // (jsxDEV, which the production server cannot render: "jsxDEV is not a function"). The build
  // the tests run is the one `npm start` runs: production.
  execFileSync(process.execPath, [build, "--if-stale"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export default function setup(project: TestProject): void {
  buildIfStale();
  project.onTestsRerun(buildIfStale);
}
