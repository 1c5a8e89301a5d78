/**
 * A full garbage collection of the main thread, asked for between the stages of a large FE
 * analysis (decision 128). V8 collects array buffers only after some tens of MB of new external
 * memory (decision 123), so without it the previous load case's fields and meshes (about 30 MB at
 * 1 mm) were often still alive during the next solve, the job's memory peak. Node exposes `gc`
 * only with --expose-gc; the flag is set for the time of one `vm` context creation and unset
 * again, as Jest's leak detector does (jest-leak-detector, `setFlagsFromString('--expose-gc')` then
 * `runInNewContext('gc')`), so the server's command line does not change.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | undefined;

function exposedGc(): () => void {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === "function") return global as () => void;
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("gc");
  setFlagsFromString("--no-expose-gc");
  if (typeof gc !== "function") throw new Error("V8 did not expose gc");
  return gc as () => void;
}

/** Collects the main thread's garbage now (a full, blocking collection: tens of ms). */
export function collectGarbage(): void {
  collect ??= exposedGc();
  collect();
}
