// Worklists and figures under load (issue 12 benchmark): on a generated database of 5,000
// patients, 20,000 lesions (in the patients' stored Yjs boards, as the seed writes them) and
// 50,000 BTA events, the three worklists and the figures page are each loaded by autocannon
// (20 connections, 30 s, loopback) as a signed-in admin (every RCP); /healthz is measured the same
// way in the same run as the reference. The SQL each worklist runs is recorded (statements per
// request: an N+1 shows) and EXPLAIN QUERY PLAN printed for each distinct statement.
//   node --import tsx test/bench/worklists.bench.ts [--quick] [--urls=/worklists/surgeon,...]
// Figures are reported, never asserted. Targets: worklist p99 < 50 ms, figures page p99 < 200 ms.
import { createCookie } from "@remix-run/node";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as Y from "yjs";
import { addLesion } from "../../app/domain/board/ydoc";
import { codeVersionOfFiles, createCollabStore, setProjectionCodeVersion } from "../../db/collab";
import type { Sqlite } from "../../db/index";
import * as schema from "../../db/schema";
import type { AppContext } from "../../server/usecases/context";
import { readCentreFigures } from "../../server/usecases/figures";
import { coordinatorWorklist, surgeonWorklist } from "../../server/usecases/plans";
import { DEMO, signIn } from "../helpers/http";
import { startServer, tempDbPath } from "../helpers/server";
import { makeLesion } from "../integration/collab-client";

const quick = process.argv.includes("--quick");
const urlsArg = process.argv.find((a) => a.startsWith("--urls="));
/** The worklists to load (a page answering 404 is reported "not present"). */
const WORKLISTS = urlsArg
  ? urlsArg
      .slice("--urls=".length)
      .split(",")
      .filter((u) => u !== "")
  : [
      "/worklists/surgeon",
      "/worklists/coordinator",
      "/worklists/oncologist",
      // Every patient of the RCPs (the default "mine" matches no generated referrer).
      "/worklists/oncologist?scope=rcps",
    ];
const SIZES = quick
  ? { patients: 40, lesionsPerPatient: 4, seconds: 1, connections: 4, agenda: 10 }
  : { patients: 5000, lesionsPerPatient: 4, seconds: 30, connections: 20, agenda: 30 };
const TARGET_P99_MS = { worklist: 50, figures: 200 };
/** The second run of each page: a write committed this often (4 writes in the quick 1 s run). */
const WRITE_INTERVAL_MS = quick ? 250 : 1000;
/**
 * A page slower than this for one request is not loaded at full size (20 queued connections for
 * 30 s would keep the server busy for minutes). The quick mode (1 s, 4 connections) always loads:
 * on a loaded CI machine its first, uncached request took more than 3 s and the smoke test lost
 * the figures it checks.
 */
const MAX_SINGLE_MS_TO_LOAD = quick ? Number.POSITIVE_INFINITY : 3000;

type Row = Record<string, unknown>;

/** Writes the generated records in one transaction; returns what was written. */
function generate(dbPath: string) {
  const sqlite = new Database(dbPath);
  sqlite.pragma("busy_timeout = 5000");
  const all = (sql: string, ...p: unknown[]) => sqlite.prepare(sql).all(...p) as Row[];
  const one = (sql: string, ...p: unknown[]) => all(sql, ...p)[0] ?? {};
  const admin = Number(one("SELECT id FROM users WHERE email = ?", DEMO.admin.email).id);
  const rcpId = Number(one("SELECT id FROM rcps ORDER BY id LIMIT 1").id);
  // Demo patients, cases and a signed version are the templates: their JSON columns are valid.
  const patientTemplates = all("SELECT * FROM patients ORDER BY id");
  const caseTemplate = one("SELECT * FROM cases ORDER BY id LIMIT 1");
  const version = one("SELECT body, board_state, board_sha256 FROM decision_versions LIMIT 1");
  const action = String(
    one("SELECT action FROM plan_items LIMIT 1").action ?? "prophylacticFixation",
  );
  const insert = (table: string, row: Row) => {
    const cols = Object.keys(row);
    const sql = `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`;
    return Number(sqlite.prepare(sql).run(...cols.map((c) => row[c])).lastInsertRowid);
  };
  const store = createCollabStore(sqlite);
  const counts = { patients: 0, lesions: 0, btaEvents: 0, planItems: 0, skeletalEvents: 0 };
  const day = (base: string, plus: number) =>
    new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
  sqlite.transaction(() => {
    const pastMeeting = insert("meetings", {
      rcp_id: rcpId,
      date: "2026-01-05",
      time: "06:00",
      place: "Bench",
      status: "closed",
    });
    const nextMeeting = insert("meetings", {
      rcp_id: rcpId,
      date: "2099-01-05",
      time: "06:00",
      place: "Bench",
      status: "planned",
    });
    for (let i = 0; i < SIZES.patients; i++) {
      const { id: _id, ...template } = patientTemplates[i % patientTemplates.length] ?? {};
      const dx = day("2024-01-01", (i * 7) % 900);
      const patientId = insert("patients", {
        ...template,
        hospital_id: `BENCH-${i}`,
        bone_metastasis_diagnosis_date: dx,
      });
      counts.patients++;
      const { id: _c, ...caseRow } = caseTemplate;
      const caseId = insert("cases", { ...caseRow, patient_id: patientId, status: "ready" });
      if (i < SIZES.agenda)
        insert("agenda_items", {
          meeting_id: nextMeeting,
          case_id: caseId,
          position: i,
          late: 0,
          outcome: "pending",
          history: "[]",
        });
      // The lesion map: a snapshot per patient, as the seed stores boards (server/seed/case-boards.ts).
      const doc = new Y.Doc();
      for (let k = 0; k < SIZES.lesionsPerPatient; k++) {
        addLesion(doc, {
          ...makeLesion(i * SIZES.lesionsPerPatient + k, admin),
          id: `bench-${i}-${k}`,
          createdBy: admin,
          createdAt: `${dx}T08:00:00.000Z`,
        });
        counts.lesions++;
      }
      store.writeSnapshot(patientId, Y.encodeStateAsUpdate(doc), 0, [admin], `${dx}T08:00:00Z`);
      doc.destroy();
      // 50,000 BTA events: four patients in five, 12 or 13 each (initiate, then 4-weekly doses).
      if (i % 5 !== 0) {
        const n = i % 2 === 0 ? 12 : 13;
        for (let k = 0; k < n; k++) {
          insert("bta_events", {
            patient_id: patientId,
            kind: k === 0 ? "initiate" : "dose_given",
            date: day(dx, 30 + (i % 200) + 28 * k),
            agent: "denosumab",
            dose_mg: 120,
            interval_weeks: 4,
            // The start gates the engine requires of an initiation (app/domain/bta/gates.ts):
            // without them the sequence does not replay and the oncologist's list cannot load.
            ...(k === 0
              ? { dental_check_date: dx, calcium_vitamin_d_plan: 1, baseline_calcium_mmol_l: 2.4 }
              : {}),
            recorded_by: admin,
          });
          counts.btaEvents++;
        }
      }
      if (i % 3 === 0) {
        for (let k = 0; k < (i % 6 === 0 ? 2 : 1); k++) {
          insert("skeletal_events", {
            patient_id: patientId,
            lesion_id: `bench-${i}-${k}`,
            kind: ["pathologicalFracture", "surgeryToBone", "radiotherapyToBone"][(i + k) % 3],
            date: day(dx, 60 + 90 * k),
            planned: (i + k) % 2,
            recorded_by: admin,
          });
          counts.skeletalEvents++;
        }
      }
      // One signed decision in five, with two plan items (one done, one still to do).
      if (i % 5 === 0 && version.body !== undefined) {
        const versionId = insert("decision_versions", {
          case_id: caseId,
          patient_id: patientId,
          meeting_id: pastMeeting,
          version: 1,
          body: version.body,
          board_state: version.board_state,
          board_sha256: version.board_sha256,
          quorum_met: i % 10 === 0 ? 1 : 0,
          signed_by: admin,
          signed_at: `${day(dx, 20)}T10:00:00.000Z`,
        });
        for (const [k, state] of ["done", "planned"].entries()) {
          insert("plan_items", {
            decision_version_id: versionId,
            patient_id: patientId,
            case_id: caseId,
            lesion_id: `bench-${i}-${k}`,
            action,
            responsible_specialty: "orthopaedic_surgery",
            target_date: day(dx, 40),
            state,
            done_date: state === "done" ? day(dx, 35 + (i % 10)) : null,
          });
          counts.planItems++;
        }
      }
    }
  })();
  sqlite.close();
  return counts;
}

async function load(url: string, cookie: string) {
  const r = await autocannon({
    url,
    connections: SIZES.connections,
    duration: SIZES.seconds,
    headers: { cookie },
    timeout: 30,
  });
  return {
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    // A request that arrives just after a write waits for the page's computation: with thousands
    // of requests a second that is well under 1 %, which p99 cannot show; p99.9 and the maximum can.
    p99_9_ms: r.latency.p99_9,
    max_ms: r.latency.max,
    requests_per_s: r.requests.average,
    requests: r.requests.total,
    non_2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/** Runs `work` on a connection whose statements are recorded, then explains each distinct one. */
function explainWhile(sqlite: Sqlite, work: () => void) {
  const seen = new Map<string, { params: unknown[]; runs: number }>();
  const prepare = sqlite.prepare.bind(sqlite);
  const patched = ((sql: string) => {
    const stmt = prepare(sql);
    for (const method of ["all", "get", "run", "iterate"] as const) {
      const original = stmt[method].bind(stmt) as (...a: unknown[]) => unknown;
      Object.defineProperty(stmt, method, {
        value: (...params: unknown[]) => {
          const entry = seen.get(sql) ?? { params, runs: 0 };
          entry.runs++;
          seen.set(sql, entry);
          return original(...params);
        },
      });
    }
    return stmt;
  }) as Sqlite["prepare"];
  sqlite.prepare = patched;
  try {
    work();
  } finally {
    sqlite.prepare = prepare;
  }
  const statements = [...seen.entries()].map(([sql, { params, runs }]) => ({
    sql,
    runs,
    plan: (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
      (r) => r.detail,
    ),
  }));
  return { statements_per_request: statements.reduce((n, s) => n + s.runs, 0), statements };
}

function queryPlans(dbPath: string) {
  const sqlite = new Database(dbPath, { readonly: true });
  const ctx: AppContext = {
    db: drizzle(sqlite, { schema }),
    sqlite,
    sessionCookie: createCookie("bench"),
    sessionTtlHours: 1,
    now: () => new Date(),
    timeZone: "Europe/Paris",
    dataDir: "/tmp",
  };
  const plans = {
    "/worklists/surgeon": explainWhile(sqlite, () => surgeonWorklist(ctx, null)),
    "/worklists/coordinator": explainWhile(sqlite, () => coordinatorWorklist(ctx, null)),
    "/figures": explainWhile(sqlite, () => readCentreFigures(ctx, null, {})),
  };
  sqlite.close();
  return plans;
}

/** Seconds until the server has projected every generated board (none stale in the file). */
async function waitForProjection(path: string): Promise<number> {
  const started = performance.now();
  const sqlite = new Database(path, { readonly: true });
  // Current means current for the server's build (decision 136): the same code version.
  setProjectionCodeVersion(codeVersionOfFiles(["build/server/index.js", "build/index.js"]));
  try {
    const store = createCollabStore(sqlite);
    while (store.staleProjections(null).length > 0) {
      if (performance.now() - started > 600_000) throw new Error("projection not done in 10 min");
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    sqlite.close();
  }
  return Math.round(performance.now() - started) / 1000;
}

console.error("worklists bench: generating");
const dbPath = tempDbPath();
// A first start migrates the file and writes the demo data (accounts, templates).
await (await startServer({ dbPath })).stop();
const generatedAt = Date.now();
const generated = generate(dbPath);
const generateSeconds = (Date.now() - generatedAt) / 1000;
const srv = await startServer({ dbPath });
try {
  // The generated boards are written without their projection (board_lesions): the server
  // projects them in the background after its start (decision 118). Measured before it is done,
  // every figure (the /healthz reference too) would include that one-off catch-up, and the
  // surgeon's list would grow during its own run. The run waits until no patient is stale.
  const projectionSeconds = await waitForProjection(dbPath);
  const cookie = await signIn(srv.url, DEMO.admin);
  const reference = await load(`${srv.url}/healthz`, cookie);
  const pages: Record<string, unknown> = {};
  for (const path of [...WORKLISTS, "/figures"]) {
    console.error(`worklists bench: ${path}`);
    const started = performance.now();
    const probe = await fetch(srv.url + path, { headers: { cookie }, redirect: "manual" });
    await probe.arrayBuffer();
    const singleMs = Math.round(performance.now() - started);
    if (probe.status === 404) {
      pages[path] = "not present";
      continue;
    }
    const target = path === "/figures" ? TARGET_P99_MS.figures : TARGET_P99_MS.worklist;
    // A page that takes seconds alone would keep the one-threaded server busy long after the run
    // (20 queued requests each): it is reported from single requests, not loaded.
    if (singleMs > MAX_SINGLE_MS_TO_LOAD) {
      pages[path] = {
        status: probe.status,
        single_request_ms: singleMs,
        load_not_run: `one request takes ${singleMs} ms; ${SIZES.connections} connections would queue for minutes`,
        target_p99_ms: target,
        target_met: false,
      };
      continue;
    }
    const figures = await load(srv.url + path, cookie);
    pages[path] = {
      status: probe.status,
      single_request_ms: singleMs,
      ...figures,
      ratio_p50: figures.p50_ms / Math.max(reference.p50_ms, 1),
      ratio_p99: figures.p99_ms / Math.max(reference.p99_ms, 1),
      target_p99_ms: target,
      target_met: figures.p99_ms < target,
    };
  }
  // The same pages while the database is written once a second (a board saved during a meeting
  // writes more often): any committed write makes the server compute and render each page again
  // (decisions 118 and 137). Written by a second connection: the observer's name gains or loses a
  // final dot (an update that changes nothing leaves SQLite's data version, and so every kept
  // page and result, as it was); kept answers depend on the data version, not on what changed.
  const whileWritten: Record<string, unknown> = {};
  const writer = new Database(dbPath);
  writer.pragma("busy_timeout = 5000");
  const touch = writer.prepare(
    `UPDATE users SET display_name = CASE WHEN display_name LIKE '%.'
       THEN substr(display_name, 1, length(display_name) - 1) ELSE display_name || '.' END
     WHERE email = ?`,
  );
  try {
    for (const path of [...WORKLISTS, "/figures"]) {
      const loaded = pages[path];
      if (typeof loaded !== "object" || loaded === null || !("p99_ms" in loaded)) continue;
      console.error(`worklists bench: ${path}, written every ${WRITE_INTERVAL_MS} ms`);
      let writes = 0;
      const timer = setInterval(() => {
        if (touch.run(DEMO.observer.email).changes !== 1) throw new Error("no observer to write");
        writes++;
      }, WRITE_INTERVAL_MS);
      try {
        const figures = await load(srv.url + path, cookie);
        const target = path === "/figures" ? TARGET_P99_MS.figures : TARGET_P99_MS.worklist;
        whileWritten[path] = {
          write_interval_ms: WRITE_INTERVAL_MS,
          writes,
          ...figures,
          ratio_p99: figures.p99_ms / Math.max(reference.p99_ms, 1),
          target_p99_ms: target,
          target_met: figures.p99_ms < target,
        };
      } finally {
        clearInterval(timer);
      }
    }
  } finally {
    writer.close();
  }
  const report = {
    benchmark: "worklists",
    quick,
    sizes: SIZES,
    generated: { ...generated, seconds: generateSeconds, projection_seconds: projectionSeconds },
    reference: { path: "/healthz", ...reference },
    pages,
    pages_while_written: whileWritten,
    query_plans: queryPlans(dbPath),
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await srv.stop();
}
