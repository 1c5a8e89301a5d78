// Integration and browser tests run the built app; build it once if `npm test` did not.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

export default function setup() {
  if (!existsSync("build/index.js")) execSync("npx remix build", { stdio: "inherit" });
}
