// A real OsteoBoard server in a child process, on a free port, with its own SQLite file.
// Tests talk to it over HTTP and WebSocket exactly as browsers do. It is the compiled server,
// what `npm start` runs (build/server/index.js, built by test/global-setup.ts; decision 040).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestServer {
  url: string;
  port: number;
  dbPath: string;
  proc: ChildProcess;
  output: () => string;
  /** Graceful stop (SIGTERM), resolved when the process has exited. */
  stop: () => Promise<void>;
  /** Crash (SIGKILL), resolved when the process has exited. */
  kill: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), "osteoboard-test-")), "osteoboard.db");
}

export async function startServer(
  opts: { dbPath?: string; env?: Record<string, string>; port?: number } = {},
): Promise<TestServer> {
  const port = opts.port ?? (await freePort());
  const dbPath = opts.dbPath ?? tempDbPath();
  let log = "";
  const proc = spawn(process.execPath, ["build/server/index.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: dbPath,
      // The FE job runner would take every queued analysis; only its own tests turn it on.
      FE_JOB_RUNNER: "off",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d) => {
    log += d;
  });
  proc.stderr?.on("data", (d) => {
    log += d;
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stopWith = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return {
    url,
    port,
    dbPath,
    proc,
    output: () => log,
    stop: () => stopWith("SIGTERM"),
    kill: () => stopWith("SIGKILL"),
  };
}
