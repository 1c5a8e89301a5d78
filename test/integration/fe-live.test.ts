// The patient page's FE analysis form and the live progress (issue 13 §6, decision 087) on the
// real server: the form's fields become a queued job (errors per field in French, nothing written
// on a refusal); the job's progress arrives as server-sent events (stages and percent, then the
// finished state and the end of the stream) without the browser asking again; a cancelled job's
// stream ends with "cancelled".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FE_RESULTS_KEY, lesionsMap, readBoard } from "../../app/domain/board/ydoc";
import { lesionRiskSummary } from "../../app/domain/risk";
import { VERTEBRA_GEOMETRY, vertebraPhantom } from "../../server/fe/anatomicalPhantom";
import { ctToNrrd } from "../../server/fe/ctVolume";
import { encodeNrrd } from "../../server/fe/nrrd";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { connectClient, sleep, waitFor } from "./collab-client";

const CT_MM = 2;
/** A lytic lesion in the vertebral body, phantom coordinates (as test/integration/fe-jobs.test.ts). */
const LESION = { centre_mm: [0, 5, 13] as [number, number, number], radius_mm: 9 };

/** The phantom's lesion centre in the CT's own coordinates (anatomicalPhantom.ts sampleVolume). */
function lesionInCt(): [number, number, number] {
  const v = VERTEBRA_GEOMETRY;
  const lo = [-v.semiAxisX_mm - 5, -v.semiAxisY_mm - 5, -5].map(
    (x) => Math.floor(x / CT_MM) * CT_MM,
  );
  return [0, 1, 2].map((a) => LESION.centre_mm[a] - lo[a]) as [number, number, number];
}

interface ProgressEvent {
  status: string;
  stage: string | null;
  percent: number;
}

/** Reads a server-sent event stream to its end (or the timeout): the events in order. */
async function readEvents(
  res: Response,
  timeoutMs: number,
): Promise<{ event: string; data: unknown }[]> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = "";
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "null";
      events.push({ event, data: JSON.parse(data) });
    }
  }
  clearTimeout(timer);
  return events;
}

describe("FE analysis form and live progress", () => {
  let srv: TestServer;
  let physician: string;
  let patientId: number;
  let ctSeriesId: number;
  let lesionId: string;
  let caseId: number;

  const form = (fields: Record<string, string>) =>
    postForm(srv.url, `/patients/${patientId}/fe-jobs`, fields, { cookie: physician });
  const validForm = (extra: Record<string, string> = {}) => ({
    ctSeriesId: String(ctSeriesId),
    lesionId,
    site: "vertebra",
    side: "midline",
    loadCases: "vertebra-compression",
    bodyWeightKg: "70",
    calibration: "entered",
    slopeMgPerHu: "0.8",
    interceptMg: "-1.2",
    comparator: "repair",
    centreX_mm: String(lesionInCt()[0]),
    centreY_mm: String(lesionInCt()[1]),
    centreZ_mm: String(lesionInCt()[2]),
    radius_mm: String(LESION.radius_mm),
    voxel_mm: "3",
    ...extra,
  });
  const events = (id: number) =>
    fetch(`${srv.url}/patients/${patientId}/fe-jobs/${id}/events`, {
      headers: { Cookie: physician, "Accept-Encoding": "br, gzip" },
    });

  beforeAll(async () => {
    srv = await startServer({ env: { FE_JOB_RUNNER: "on" } });
    physician = await signIn(srv.url, DEMO.physician);
    // A demo patient of the physician's RCP whose board holds a lesion (the seeded boards).
    const candidates = queryRows<{ id: number }>(
      srv.dbPath,
      `SELECT p.id FROM patients p JOIN rcp_members m ON m.rcp_id = p.rcp_id
       JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY p.id`,
      DEMO.physician.email,
    );
    for (const { id } of candidates) {
      const res = await get(
        srv.url,
        dataPath(`/patients/${id}`, "routes/patients.$patientId._index"),
        physician,
      );
      const page = (await res.json()) as { feLesions: { id: string }[] };
      if (page.feLesions.length > 0) {
        patientId = id;
        lesionId = page.feLesions[0].id;
        break;
      }
    }
    expect(lesionId).toBeTruthy();
    [{ id: caseId }] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM cases WHERE patient_id = ? ORDER BY id LIMIT 1",
      patientId,
    );
    const { ct } = vertebraPhantom({
      spacing_mm: CT_MM,
      lesions: [{ centre_mm: LESION.centre_mm, radii_mm: [9, 9, 9] }],
    });
    const upload = new FormData();
    upload.append("file", new Blob([new Uint8Array(encodeNrrd(ctToNrrd(ct)))]), "vertebra.nrrd");
    const res = await fetch(`${srv.url}/patients/${patientId}/ct`, {
      method: "POST",
      body: upload,
      headers: { Cookie: physician, Origin: srv.url },
    });
    expect(res.status).toBe(201);
    ctSeriesId = ((await res.json()) as { ctSeries: { id: number } }).ctSeries.id;
  }, 90_000);
  afterAll(async () => {
    await srv?.stop();
  });

  it("refuses a blank form field by field, in French, and writes nothing", async () => {
    const before = countRows(srv.dbPath, "fe_jobs");
    const res = await form({ ctSeriesId: String(ctSeriesId) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    const fields = body.errors.map((e) => e.field);
    for (const f of ["lesionId", "site", "side", "loadCases", "bodyWeightKg", "comparator"]) {
      expect(fields).toContain(f);
    }
    expect(body.errors.find((e) => e.field === "site")?.message).toMatch(/obligatoire/);
    expect(countRows(srv.dbPath, "fe_jobs")).toBe(before);
  });

  it("refuses a repair without its sphere and a femoral load case on a vertebra", async () => {
    const before = countRows(srv.dbPath, "fe_jobs");
    const res = await form(validForm({ radius_mm: "", loadCases: "femur-fall" }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(["loadCases", "radius_mm"]);
    expect(body.errors.find((e) => e.field === "loadCases")?.message).toContain(
      "ce cas de charge ne s'applique pas à ce site",
    );
    expect(countRows(srv.dbPath, "fe_jobs")).toBe(before);
  });

  it("pushes the progress of a job started from the form, stage by stage, to its result", async () => {
    // A second user's board open on the same patient: the result must appear there by itself.
    const observerOfBoard = connectClient(srv.url, `case:${caseId}`, physician);
    await observerOfBoard.synced;
    expect(
      readBoard(observerOfBoard.doc, null).lesions.find((l) => l.id === lesionId)?.feResult,
    ).toBeUndefined();
    const serverWrites = () =>
      queryRows<{ n: number }>(
        srv.dbPath,
        "SELECT count(*) AS n FROM board_updates WHERE patient_id = ? AND user_id IS NULL",
        patientId,
      )[0].n;
    const serverWritesBefore = serverWrites();
    // Tilted axes: they must come back with the result on the board (decisions 127 and 132).
    const res = await form(validForm({ tiltCoronal_deg: "4", tiltSagittal_deg: "-2" }));
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { feJob: { id: number } }).feJob.id;
    const stream = await events(id);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    // Not compressed (the compression middleware would hold the events back).
    expect(stream.headers.get("content-encoding")).toBeNull();
    const got = await readEvents(stream, 60_000);
    const progress = got.filter((e) => e.event === "progress").map((e) => e.data as ProgressEvent);
    expect(progress.at(-1)?.status).toBe("done");
    expect(progress.at(-1)?.percent).toBe(100);
    // At least one pipeline stage seen while running, and the percent never goes back.
    const stages = progress.filter((p) => p.status === "running").map((p) => p.stage);
    expect(
      stages.some((s) =>
        ["segment", "calibrate", "mesh", "solve", "postprocess"].includes(s ?? ""),
      ),
    ).toBe(true);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(got.at(-1)?.event).toBe("end");
    // The result on the lesion, as the connected client's own document has it (decision 086).
    const onLesion = () =>
      readBoard(observerOfBoard.doc, null).lesions.find((l) => l.id === lesionId);
    await waitFor(() => onLesion()?.feResult !== undefined, 10_000, "the FE result on the board");
    const lesion = onLesion();
    const stored = JSON.parse(
      queryRows<{ result: string }>(srv.dbPath, "SELECT result FROM fe_jobs WHERE id = ?", id)[0]
        .result,
    ) as { failure_load_N: number; failure_load_BW: number; strength_loss_percent: number };
    expect(lesion?.feResult).toMatchObject({
      jobId: id,
      failureLoad_N: stored.failure_load_N,
      failureLoad_BW: stored.failure_load_BW,
      strengthLoss_pct: stored.strength_loss_percent,
      comparator: "digitally-repaired",
      healthyBand_pct: [15, 17],
      researchUseOnly: true,
    });
    // The computed failure load is the lesion's FE value the rule fracture.feFailureLoad reads.
    expect(lesion?.fe?.failureLoad_N).toBe(stored.failure_load_N);
    // With the weight the multiple was computed with and when it was entered (the job's row),
    // and the axes analysed: the repaired bone takes the same tilt (decision 132).
    const [{ created_at }] = queryRows<{ created_at: string }>(
      srv.dbPath,
      "SELECT created_at FROM fe_jobs WHERE id = ?",
      id,
    );
    expect(lesion?.feResult).toMatchObject({
      bodyWeight_kg: 70,
      bodyWeightEnteredAt: created_at,
      tilt_deg: { coronal_deg: 4, sagittal_deg: -2 },
      comparatorTilt_deg: { coronal_deg: 4, sagittal_deg: -2 },
    });
    // The rule reads that multiple, whatever today's record weight: one result, one multiple.
    expect(lesion?.fe).toMatchObject({ failureLoad_BW: stored.failure_load_BW, bodyWeight_kg: 70 });
    if (!lesion) throw new Error("no lesion");
    const rule = lesionRiskSummary(lesion, {
      feFailureLoadThreshold_bodyWeights: 3,
      bodyWeight_kg: 120,
    }).fracture.rules.find((r) => r.ruleId === "fracture.feFailureLoad");
    expect(rule?.rationale.en).toContain(
      `= ${stored.failure_load_BW.toFixed(1)} × body weight (70 kg, weight entered with the FE analysis; the record now says 120 kg)`,
    );
    observerOfBoard.destroy();
    // Stored as one server update of the patient's board (user null: written by the server).
    expect(serverWrites()).toBe(serverWritesBefore + 1);
    // The row the form wrote: the parameters as the clinical case's.
    const [row] = queryRows<{ lesion_id: string; params: string }>(
      srv.dbPath,
      "SELECT lesion_id, params FROM fe_jobs WHERE id = ?",
      id,
    );
    expect(row.lesion_id).toBe(lesionId);
    expect(JSON.parse(row.params)).toMatchObject({
      site: "vertebra",
      load_case: ["vertebra-compression"],
      body_weight_kg: 70,
      voxel_mm: 3,
      tilt_deg: { coronal_deg: 4, sagittal_deg: -2 },
      repair: { lesion_sphere: { radius_mm: 9 } },
    });
  }, 90_000);

  it("ends the stream of a cancelled job with its cancelled state", async () => {
    // 1 mm elements: long enough to be cancelled while it runs.
    const res = await form(validForm({ voxel_mm: "1" }));
    const id = ((await res.json()) as { feJob: { id: number } }).feJob.id;
    const stream = await events(id);
    const reading = readEvents(stream, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const cancel = await postForm(
      srv.url,
      `/patients/${patientId}/fe-jobs/${id}/cancel`,
      {},
      {
        cookie: physician,
      },
    );
    expect(cancel.status).toBe(200);
    const got = await reading;
    const last = got.filter((e) => e.event === "progress").at(-1)?.data as ProgressEvent;
    expect(last.status).toBe("cancelled");
    expect(got.at(-1)?.event).toBe("end");
  }, 90_000);

  it("refuses a client's write to the FE results and ignores one written inside a lesion", async () => {
    const forger = connectClient(srv.url, `case:${caseId}`, physician, { maxBackoffTime: 60_000 });
    await forger.synced;
    const reader = connectClient(srv.url, `case:${caseId}`, physician);
    await reader.synced;
    const real = () => readBoard(reader.doc, null).lesions.find((l) => l.id === lesionId)?.feResult;
    const before = real();
    expect(before).toBeDefined();
    // Inside the lesion (a root the board may write): dropped when the board is read.
    const forged = { ...before, failureLoad_N: 99_999, jobId: 999 };
    forger.doc.transact(() => lesionsMap(forger.doc).get(lesionId)?.set("feResult", forged));
    await sleep(500);
    expect(real()).toEqual(before);
    // The server-owned root itself: the update is refused and the connection closed.
    forger.doc.transact(() => forger.doc.getMap(FE_RESULTS_KEY).set(lesionId, forged));
    await waitFor(() => forger.closeCodes.length > 0, 5_000, "the forger's connection closed");
    expect(forger.closeCodes).toContain(1007);
    await sleep(300);
    expect(real()).toEqual(before);
    expect(reader.doc.getMap(FE_RESULTS_KEY).get(lesionId)).toEqual(before);
    forger.destroy();
    reader.destroy();
  });

  it("does not stream another patient's job", async () => {
    const res = await form(validForm({ voxel_mm: "3" }));
    const id = ((await res.json()) as { feJob: { id: number } }).feJob.id;
    const other = await get(srv.url, `/patients/${patientId + 1}/fe-jobs/${id}/events`, physician);
    expect([403, 404]).toContain(other.status);
  });
});
