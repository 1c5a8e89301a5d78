// `npm start`: open (and migrate) the SQLite file, make the secrets, seed the demo board on the
// first start, then serve HTTP and WebSocket on one port.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createCookie, type ServerBuild } from "@remix-run/node";
import { setFeResult } from "../app/domain/board/ydoc";
import { codeVersionOfFiles, setProjectionCodeVersion } from "../db/collab";
import { openDb } from "../db/index";
import { ensureSecret } from "../db/secrets";
import { createHttpServer, isAllowedHost, MISDIRECTED_UPGRADE } from "./app";
import { collabOptionsFromEnv } from "./collab/config";
import { mergePatientBoards } from "./collab/merge-boards";
import { projectStaleInBackground } from "./collab/projection";
import { createCollabServer } from "./collab/server";
import { parseEnv } from "./env";
import { type JobRunner, startJobRunner } from "./fe/jobRunner";
import { demoAccountsWithReadmePasswords } from "./seed/demo-warning";
import { seedDemo } from "./seed/index";
import type { AppContext } from "./usecases/context";
import { failInterruptedFeJobs } from "./usecases/feJobs";

const env = parseEnv(process.env);
// Projections written by another build are stale (decision 136): the rules that computed them may
// differ. The hash of this bundle and of the Remix build (each has the engine compiled in), before
// any store is made.
setProjectionCodeVersion(
  codeVersionOfFiles(
    [fileURLToPath(import.meta.url), resolve("build/index.js")].filter(existsSync),
  ),
);
const { db, sqlite } = openDb(resolve(env.DATABASE_PATH));
// Migration 0002's data step (decision 072): per-case boards become one lesion map per patient,
// before any room can load one. Once per patient; a no-op on later starts.
mergePatientBoards(
  sqlite,
  () => new Date(),
  (m) => console.log(m),
);

const sessionCookie = createCookie("ob_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.COOKIE_SECURE === "true",
  path: "/",
  secrets: [ensureSecret(db, "session-cookie")],
});

const ctx: AppContext = {
  db,
  sqlite,
  sessionCookie,
  sessionTtlHours: env.SESSION_TTL_HOURS,
  now: () => new Date(),
  timeZone: env.CLINIC_TIME_ZONE,
  dataDir: dirname(resolve(env.DATABASE_PATH)),
};

// A job left running belonged to a process that has stopped: failed with the reason, never
// resumed mid-solve (decision 085). Every start, whether this process runs jobs or not.
const interrupted = failInterruptedFeJobs(ctx);
if (interrupted > 0)
  console.log(`FE jobs interrupted by the restart, marked failed: ${interrupted}`);

if (env.SEED_DEMO === "true") {
  // Demo data (server/seed/fixtures/*.json), on the first start only.
  const seeded = await seedDemo(ctx);
  if (seeded) console.log(`seeded demo board: ${seeded.users} users, ${seeded.patients} patients`);
  if (seeded) console.log(`seeded demo case boards: ${seeded.boards}`);
}

const buildPath = resolve("build/index.js");
if (!existsSync(buildPath)) {
  console.error("build/index.js is missing: run `npm run build` (npm start does it for you).");
  process.exit(1);
}
const importBuild = async () => (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const build = await importBuild();

const server = createHttpServer(ctx, {
  loginMaxFailures: env.LOGIN_MAX_FAILURES,
  loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
  trustProxy: env.TRUST_PROXY === "true",
  allowedHosts: env.ALLOWED_HOSTS,
  maxBodyBytes: env.MAX_BODY_BYTES,
  ctUploadMaxBytes: env.CT_UPLOAD_MAX_BYTES,
  secure: env.COOKIE_SECURE === "true",
  build,
});

// Live case boards on the same port, path /collab/case:<id> (server/collab, docs/collab.md).
const collab = createCollabServer(ctx, collabOptionsFromEnv(process.env));
server.on("upgrade", (req, socket, head) => {
  // The same Host allow-list as HTTP (DNS rebinding), before the socket is considered at all.
  if (!isAllowedHost(req.headers.host, env.ALLOWED_HOSTS)) return socket.end(MISDIRECTED_UPGRADE);
  if (!collab.handleUpgrade(req, socket, head)) socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
});

// FE analyses queued in SQLite (decision 085), one at a time by default.
const jobRunner: JobRunner | undefined =
  env.FE_JOB_RUNNER === "on"
    ? startJobRunner(ctx, {
        concurrency: env.FE_JOB_CONCURRENCY,
        log: (m) => console.log(m),
        // The result lands on the lesion of the live board for everyone connected (decision 086).
        onResult: (job, result) =>
          collab.changeBoard(job.patientId, (doc) => setFeResult(doc, job.lesionId ?? "", result)),
      })
    : undefined;

let stopProjection = () => {};
server.listen(env.PORT, env.HOST, async () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`OsteoBoard listening on http://${env.HOST}:${port}`);
  // Boards written without a live room (seed, restore, merge) or whose patient's context changed
  // are projected a few at a time while requests are served (decision 118).
  stopProjection = projectStaleInBackground(
    collab.store,
    () => new Date(),
    (m) => console.log(m),
  );
  // Every start, not only the seeding one: the README publishes these passwords (decision 060).
  const open = await demoAccountsWithReadmePasswords(ctx);
  if (open.length > 0) {
    console.warn(
      `WARNING: demo accounts with the passwords published in the README can sign in: ${open.join(", ")}. For a demonstration only: deactivate them or change their passwords (/admin/users), or start on an empty database with SEED_DEMO=false.`,
    );
  }
  if (env.NODE_ENV === "development") {
    const { broadcastDevReady } = await import("@remix-run/node");
    await broadcastDevReady(build);
  }
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  jobRunner?.stop();
  stopProjection();
  collab.close();
  server.closeAllConnections();
  server.close(() => {
    sqlite.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
