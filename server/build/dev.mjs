// `npm run dev`: the Remix app rebuilt on change by `remix dev --manual` (stack.md §3.11), the
// server entries rebuilt on change by esbuild's watch, and the server restarted by
// `node --watch` whenever its bundle or the Remix build it imports is rewritten. The server
// calls broadcastDevReady after listening (server/index.ts), which tells `remix dev` to reload
// the browser.
import { spawn } from "node:child_process";
import { ROOT, removeStamp, serverBuildOptions } from "./build.mjs";

const esbuild = await import("esbuild");
// A development build must never pass for a production one (npm start would serve it).
removeStamp();
const context = await esbuild.context(serverBuildOptions());
await context.rebuild();
await context.watch();

const remix = spawn(
  "npx",
  ["remix", "dev", "--manual", "-c", "node --watch build/server/index.js"],
  { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "development" } },
);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await context.dispose();
  if (remix.exitCode === null && remix.signalCode === null) remix.kill("SIGTERM");
  process.exitCode = code;
}
remix.on("exit", (code) => void stop(code ?? 0));
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
