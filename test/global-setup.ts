// Integration and browser tests run the built app and the compiled server, the FE CLI tests the
// compiled CLI: build them once, only when missing or stale (the check `npm start` uses,
// server/build/build.mjs; decision 040).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const build = fileURLToPath(new URL("../server/build/build.mjs", import.meta.url));

export default function setup() {
  execFileSync(process.execPath, [build, "--if-stale"], { stdio: "inherit" });
}
