/**
 * Issue 13 acceptance "Benchmark": a proximal femur at 1 mm, stance + fall + contralateral (four
 * solves), from DICOM upload to the result on the board, on the compiled server as `npm start`
 * runs it (test/helpers/server.ts, a fresh data folder). The clock starts before the upload of
 * the two DICOM series (the lesioned femur and its mirrored twin) and stops when a real Yjs client
 * connected to the patient's board sees the result on the lesion.
 *
 * Stage start times come from the job's server-sent events (the runner writes progress at most
 * every 500 ms and the stream reads the row every 500 ms, decision 087): they are accurate to
 * about a second; the job's own per-stage seconds (measured in the pipeline) are printed beside
 * them. Memory: peak RSS of the server process (VmHWM, reset just before the job by writing 5 to
 * /proc/PID/clear_refs, proc(5)) minus "the runtime" = the same process's VmRSS just before the
 * job (server started, signed in, both series imported), over the largest solve's dof. The
 * solver's worker threads live in the server process: their memory is in its VmHWM.
 *
 * Usage: node --import tsx test/bench/fe-upload.bench.ts [--voxel-mm 0.7] [--quick]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readBoard } from "../../app/domain/board/ydoc";
import { femurLesion, femurPhantom } from "../../server/fe/anatomicalPhantom";
import { buildLevel, cropToBone } from "../../server/fe/grid";
import { benchmarkPhantom } from "../../server/fe/phantom";
import { dicomSeriesOf } from "../fe/dicomWriter";
import { writeZip } from "../fe/zipWriter";
import { queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer } from "../helpers/server";
import { connectClient } from "../integration/collab-client";
import { machine, ROOT, round, runOurs, writeCase } from "./fe-common";

const quick = process.argv.includes("--quick");
const voxelArg = process.argv.indexOf("--voxel-mm");
// Quick mode (smoke test): 3 mm analysis voxels on a 3 mm CT and a tiny plain-solver reference,
// a few seconds of work: it checks the chain and the report's shape, not the figures.
const voxel_mm = voxelArg >= 0 ? Number(process.argv[voxelArg + 1]) : quick ? 3 : 1;
/** Issue 13: memory under 150 bytes per dof above the runtime; target wall time 60 s. */
const BYTES_PER_DOF_LIMIT = 150;
const TARGET_WALL_S = 60;
/** Quick mode's plain-solver reference: the smallest phantom, a fraction of a second. */
const QUICK_REFERENCE_DOF = 1_000;
/** The run form's "femur-stance+femur-fall" (app/domain/fe/runForm.ts), in the pipeline's order. */
const LOAD_CASES = ["femur-stance", "femur-fall"];

interface ProgressView {
  status: string;
  stage: string | null;
  bone: string | null;
  loadCase: string | null;
  percent: number;
}

interface JobResult {
  dof: number;
  iterations: number;
  failure_load_N: number;
  strength_loss_percent: number;
  governing_load_case: string;
  stages_s: Record<string, number>;
  load_cases: { bone: SolveFigures; comparator: SolveFigures }[];
}

interface SolveFigures {
  dof: number;
  iterations: number;
  solver_bytes: number;
  solver_iterations_s: number;
}

function procStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`));
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(m[1]);
}

/** Reads a server-sent event stream to its end, calling `onEvent` with each event as it arrives. */
async function followEvents(
  res: Response,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no event stream");
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      onEvent(event, JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null"));
    }
  }
}

/** A demo patient of the physician's RCP whose board holds a lesion, and one of its cases. */
async function patientWithLesion(url: string, dbPath: string, cookie: string) {
  const candidates = queryRows<{ id: number }>(
    dbPath,
    `SELECT p.id FROM patients p JOIN rcp_members m ON m.rcp_id = p.rcp_id
     JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY p.id`,
    DEMO.physician.email,
  );
  for (const { id } of candidates) {
    const res = await get(
      url,
      dataPath(`/patients/${id}`, "routes/patients.$patientId._index"),
      cookie,
    );
    const page = (await res.json()) as { feLesions: { id: string }[] };
    const lesion = page.feLesions[0];
    if (!lesion) continue;
    const [c] = queryRows<{ id: number }>(
      dbPath,
      "SELECT id FROM cases WHERE patient_id = ? ORDER BY id LIMIT 1",
      id,
    );
    if (c) return { patientId: id, lesionId: lesion.id, caseId: c.id };
  }
  throw new Error("no demo patient with a board lesion");
}

async function uploadSeries(
  url: string,
  patientId: number,
  cookie: string,
  name: string,
  ct: Parameters<typeof dicomSeriesOf>[0],
): Promise<number> {
  const zip = writeZip(dicomSeriesOf(ct).map((data, k) => ({ name: `IM${k}.dcm`, data })));
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(zip)]), name);
  const res = await fetch(`${url}/patients/${patientId}/ct`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: url },
  });
  if (res.status !== 201) throw new Error(`upload of ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ctSeries: { id: number } }).ctSeries.id;
}

async function main() {
  if (!(voxel_mm > 0)) throw new Error("--voxel-mm needs a positive size in mm");
  const build = spawnSync(process.execPath, ["server/build/build.mjs", "--if-stale"], {
    cwd: ROOT,
    stdio: ["ignore", 2, 2],
  });
  if (build.status !== 0) throw new Error(`build failed (exit ${build.status})`);
  const ctMm = quick ? 3 : Math.min(1, voxel_mm);
  const lesioned = femurPhantom({ spacing_mm: ctMm, lesions: [femurLesion("calcar", 10)] });
  const twin = femurPhantom({
    spacing_mm: ctMm,
    mirror: true,
    perturbation: { amplitude: 0.03, seed: 13 },
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), "fe-upload-"));
  const srv = await startServer({
    dbPath: path.join(dataDir, "osteoboard.db"),
    env: { FE_JOB_RUNNER: "on" },
  });
  const pid = srv.proc.pid;
  if (pid === undefined) throw new Error("server has no pid");
  try {
    const cookie = await signIn(srv.url, DEMO.physician);
    const { patientId, lesionId, caseId } = await patientWithLesion(srv.url, srv.dbPath, cookie);
    const board = connectClient(srv.url, `case:${caseId}`, cookie);
    await board.synced;
    const onLesion = () => readBoard(board.doc, null).lesions.find((l) => l.id === lesionId);
    if (onLesion()?.feResult !== undefined) throw new Error("the lesion already has a result");

    const t0 = Date.now();
    const since = () => (Date.now() - t0) / 1000;
    const ctSeriesId = await uploadSeries(srv.url, patientId, cookie, "femur.zip", lesioned.ct);
    const contralateralId = await uploadSeries(srv.url, patientId, cookie, "twin.zip", twin.ct);
    const uploaded = since();
    const runtimeKb = procStatusKb(pid, "VmRSS");
    // proc(5) clear_refs: 5 resets the peak RSS to the current RSS, so VmHWM is the job's peak.
    writeFileSync(`/proc/${pid}/clear_refs`, "5");

    const seen = new Promise<number>((resolve) => {
      const look = () => {
        if (onLesion()?.feResult === undefined) return;
        board.doc.off("update", look);
        resolve(since());
      };
      board.doc.on("update", look);
    });
    // As the browser's run form sends it (app/domain/fe/runForm.ts); every choice made here.
    const queued = await postForm(
      srv.url,
      `/patients/${patientId}/fe-jobs`,
      {
        ctSeriesId: String(ctSeriesId),
        lesionId,
        site: "proximal-femur",
        side: "left",
        loadCases: "femur-stance+femur-fall",
        bodyWeightKg: "70",
        calibration: "entered",
        slopeMgPerHu: "0,8",
        interceptMg: "-1,2",
        comparator: "contralateral",
        contralateralId: String(contralateralId),
        voxel_mm: String(voxel_mm),
      },
      { cookie },
    );
    if (queued.status !== 201) throw new Error(`run form: ${queued.status} ${await queued.text()}`);
    const jobId = ((await queued.json()) as { feJob: { id: number } }).feJob.id;
    const queuedAt = since();
    const timeline: { stage: string; start_s: number }[] = [];
    let last: ProgressView | undefined;
    const stream = await fetch(`${srv.url}/patients/${patientId}/fe-jobs/${jobId}/events`, {
      headers: { Cookie: cookie },
    });
    await followEvents(stream, (event, data) => {
      if (event !== "progress") return;
      const view = data as ProgressView;
      const key = [view.stage, view.bone, view.loadCase].join("|");
      const previous = last && [last.stage, last.bone, last.loadCase].join("|");
      last = view;
      if (view.status !== "running" || !view.stage || key === previous) return;
      let stage = [view.stage, view.bone, view.loadCase].filter(Boolean).join(" ");
      if (view.stage === "solve") {
        // Solve k of n in the pipeline's order: the bone's load cases, then the comparator's.
        const k =
          (view.bone === "comparator" ? LOAD_CASES.length : 0) +
          LOAD_CASES.indexOf(view.loadCase ?? "") +
          1;
        stage = `solve ${k} of ${2 * LOAD_CASES.length} (${view.bone} ${view.loadCase})`;
      }
      timeline.push({ stage, start_s: round(since()) });
    });
    if (last?.status !== "done") throw new Error(`job ended ${last?.status}: ${srv.output()}`);
    const onBoard = await Promise.race([
      seen,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no result on the board after 30 s")), 30_000),
      ),
    ]);
    const peakKb = procStatusKb(pid, "VmHWM");
    board.destroy();
    const job = (await (
      await get(srv.url, `/patients/${patientId}/fe-jobs/${jobId}`, cookie)
    ).json()) as {
      feJob: { result: JobResult; finishedAt: string };
    };
    const result = job.feJob.result;
    // The row's finish time (same machine clock): the event stream reads the row only every 500 ms.
    const doneAt = (Date.parse(job.feJob.finishedAt) - t0) / 1000;
    const solveFigures = result.load_cases.flatMap((c) => [c.bone, c.comparator]);
    // Reference: the plain solver (issue 4 axial case) on about the same dof, in its own process
    // (quick mode: a tiny one, the figures of a smoke run are not read).
    const { grid } = benchmarkPhantom(quick ? QUICK_REFERENCE_DOF : result.dof);
    const referenceDof = 3 * buildLevel(cropToBone(grid).grid).nodeCount;
    const reference = await runOurs(writeCase(dataDir, "reference", grid));
    const firstStage = timeline[0]?.start_s ?? doneAt;
    const report = {
      benchmark: "fe-upload",
      quick,
      machine: machine(),
      voxel_mm,
      ct_voxel_mm: ctMm,
      ct_voxels: lesioned.ct.nx * lesioned.ct.ny * lesioned.ct.nz,
      stages_s: {
        // Both series posted as DICOM zips; the server decodes and stores them in the request.
        upload: round(uploaded),
        // Queued → first pipeline stage: the runner takes the row (since decision 128 each stored
        // volume is read inside its bone's segment stage, after the stage's event).
        import: round(firstStage - uploaded),
        board: round(onBoard - doneAt),
      },
      timeline_s: [
        { stage: "upload", start_s: 0 },
        { stage: "queued", start_s: round(queuedAt) },
        ...timeline,
        { stage: "done", start_s: round(doneAt) },
        { stage: "on the board", start_s: round(onBoard) },
      ],
      job_stages_s: Object.fromEntries(
        Object.entries(result.stages_s).map(([k, v]) => [k, round(v)]),
      ),
      wall_s: round(onBoard),
      target_wall_s: TARGET_WALL_S,
      solves: solveFigures.length,
      dof: result.dof,
      dof_per_solve: solveFigures.map((s) => s.dof),
      iterations: result.iterations,
      iterations_per_solve: solveFigures.map((s) => s.iterations),
      solver_iterations_s_per_solve: solveFigures.map((s) => round(s.solver_iterations_s)),
      solver_mb_per_solve: solveFigures.map((s) => round(s.solver_bytes / 2 ** 20)),
      server_runtime_rss_mb: round(runtimeKb / 1024),
      server_peak_rss_mb: round(peakKb / 1024),
      worker_peak_rss_mb: "in the server's (worker threads share its process)",
      bytes_per_dof_above_runtime: round(((peakKb - runtimeKb) * 1024) / result.dof),
      bytes_per_dof_limit: BYTES_PER_DOF_LIMIT,
      failure_load_N: round(result.failure_load_N),
      strength_loss_percent: round(result.strength_loss_percent),
      governing_load_case: result.governing_load_case,
      reference_plain_solver: {
        dof: referenceDof,
        wall_s: round(reference.process_wall_s),
        solve_s: round(reference.solve_s),
        iterations: reference.iterations,
        peak_rss_mb: round(reference.peak_rss_mb),
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await srv.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
// Measured (h-mem, 2026-12-01): after the server stopped, a socket handle kept this process alive
// for about 30 s more (its owner was not identified: the HTTP client's or the board client's).
// The report is written (stdout to a pipe or file is synchronous on Linux, Node's process docs),
// so the benchmark ends here; the smoke test no longer waits those 30 s.
process.exit(0);
