// "Prêt pour la RCP ?" on real records (issue 11 §2): the case page's readiness is computed from
// the stored patient, case, BTA sequence and live board. One case is made ready, then each rule
// is broken alone, so that exactly its item is missing; the new record fields round-trip and bad
// input is a 400 naming the field, with nothing written.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoardLesionDraft } from "../../app/domain/board/schema";
import { addLesion, removeLesion, setScoreItem } from "../../app/domain/board/ydoc";
import { addMonths, todayIn } from "../../app/domain/dates";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { connectClient, type TestClient, waitFor } from "./collab-client";

const TODAY = todayIn(new Date(), "Europe/Paris");

const patientForm = {
  hospitalId: "RDY-0001",
  lastName: "Prête",
  firstName: "Alice",
  birthDate: "1958-03-12",
  sex: "F",
  "primaryCancer.type": "lung",
  "primaryCancer.histology": "adenocarcinoma",
  "primaryCancer.driver": "EGFR",
  weightKg: "64",
  ecog: "1",
  karnofsky: "",
  systemicTreatment: "chemotherapy",
  creatinineClearanceMlMin: "74",
  creatinineClearanceDate: addMonths(TODAY, -1),
  dentalCheckDate: addMonths(TODAY, -1),
  survivalBand: "unknown",
  wishes: "Souhaite rester à domicile.",
};

const caseForm = {
  question: "Col fémoral gauche lytique : ostéosynthèse préventive ? Acide zolédronique ?",
  referringPhysician: "Dr Prêt",
  urgency: "priority",
  status: "ready",
  btaInQuestion: "yes",
  imagingDate: addMonths(TODAY, -1),
  summary: "Adénocarcinome pulmonaire ; douleur mécanique de hanche gauche.",
};

// A femoral neck lesion with every score that applies there (Mirels, pain).
const femoralNeck = (userId: number): BoardLesionDraft => ({
  id: "rdy-f1",
  siteId: "femur.neck",
  side: "left",
  lesionType: "lytic",
  pain: { nrs: 6, character: "mechanical" },
  mirels: { size: "moreThanTwoThirds" },
  createdBy: userId,
  options: {},
  assessments: {},
  discussion: "",
});

interface ReadinessData {
  readiness: { ready: boolean; missing: { code: string; source: string; score?: string }[] };
  case: { btaInQuestion: boolean | null; imagingDate: string | null; summary: string | null };
}

describe("readiness of a case on real records", () => {
  let srv: TestServer;
  let coordinator: string;
  let physician: string;
  let patientId = 0;
  let caseId = 0;
  let board: TestClient | undefined;

  const caseData = async (id = caseId): Promise<ReadinessData> => {
    const res = await get(
      srv.url,
      dataPath(`/cases/${id}`, "routes/cases.$caseId._index"),
      physician,
    );
    expect(res.status).toBe(200);
    return (await res.json()) as ReadinessData;
  };
  const missing = async (id = caseId) => (await caseData(id)).readiness.missing.map((m) => m.code);
  const editPatient = (fields: Record<string, string>) =>
    postForm(
      srv.url,
      `/patients/${patientId}/edit`,
      { ...patientForm, ...fields },
      {
        cookie: coordinator,
      },
    );
  const editCase = (fields: Record<string, string>) =>
    postForm(srv.url, `/cases/${caseId}/edit`, { ...caseForm, ...fields }, { cookie: coordinator });
  const userId = (email: string) =>
    queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM users WHERE email = ?", email)[0]?.id ??
    0;

  beforeAll(async () => {
    srv = await startServer();
    [coordinator, physician] = await Promise.all([
      signIn(srv.url, DEMO.coordinator),
      signIn(srv.url, DEMO.physician),
    ]);
    const p = await postForm(srv.url, "/patients/new", patientForm, { cookie: coordinator });
    if (p.status !== 302) throw new Error(`patient not created: ${p.status}`);
    patientId = Number(p.headers.get("location")?.split("/").pop());
    const c = await postForm(srv.url, `/patients/${patientId}/cases/new`, caseForm, {
      cookie: coordinator,
    });
    expect(c.status).toBe(302);
    caseId = Number(c.headers.get("location")?.split("/").pop());
    board = connectClient(srv.url, `case:${caseId}`, physician);
    await board.synced;
  });
  afterAll(async () => {
    board?.destroy();
    await srv?.stop();
  });

  it("stores the new fields as typed and shows them back", async () => {
    const { case: c } = await caseData();
    expect(c).toMatchObject({
      btaInQuestion: true,
      imagingDate: caseForm.imagingDate,
      summary: caseForm.summary,
    });
    const [p] = queryRows<{ dental_check_date: string }>(
      srv.dbPath,
      "SELECT dental_check_date FROM patients WHERE id = ?",
      patientId,
    );
    expect(p?.dental_check_date).toBe(patientForm.dentalCheckDate);
    const page = await (await get(srv.url, `/cases/${caseId}`, physician)).text();
    expect(page).toContain("Prêt pour la RCP ?");
    expect(page).toContain("Anti-résorbeur en question ?");
  });

  it("misses only the lesion while the board is empty, then is ready once it is mapped and scored", async () => {
    expect(await missing()).toEqual(["noLesion"]);
    if (!board) throw new Error("no board client");
    addLesion(board.doc, femoralNeck(userId(DEMO.physician.email)));
    await waitFor(() => countRows(srv.dbPath, "board_updates", "patient_id = ?", patientId) > 0);
    const data = await caseData();
    expect(data.readiness).toEqual({ ready: true, missing: [] });
    const page = await (await get(srv.url, `/cases/${caseId}`, physician)).text();
    expect(page).toContain("Dossier prêt");
  });

  it("misses the Mirels score when a lesion's size is cleared on the board, citing Mirels 1989", async () => {
    if (!board) throw new Error("no board client");
    const updates = countRows(srv.dbPath, "board_updates", "patient_id = ?", patientId);
    setScoreItem(board.doc, "rdy-f1", "mirels", "size", undefined);
    await waitFor(
      () => countRows(srv.dbPath, "board_updates", "patient_id = ?", patientId) > updates,
    );
    const { readiness } = await caseData();
    expect(readiness.missing).toMatchObject([
      { code: "lesionScoresMissing", score: "mirels", source: "Mirels 1989" },
    ]);
    setScoreItem(board.doc, "rdy-f1", "mirels", "size", "moreThanTwoThirds");
    await waitFor(
      () => countRows(srv.dbPath, "board_updates", "patient_id = ?", patientId) > updates + 1,
    );
    expect(await missing()).toEqual([]);
  });

  it.each([
    ["performanceStatus", { ecog: "", karnofsky: "" }],
    ["creatinineClearanceMissing", { creatinineClearanceMlMin: "", creatinineClearanceDate: "" }],
    ["creatinineClearanceStale", { creatinineClearanceDate: addMonths(TODAY, -4) }],
    ["dentalStatus", { dentalCheckDate: "" }],
    ["patientWishes", { wishes: "" }],
  ])("misses %s when the patient record lacks it", async (code, fields) => {
    expect((await editPatient(fields)).status).toBe(302);
    expect(await missing()).toEqual([code]);
    expect((await editPatient({})).status).toBe(302);
    expect(await missing()).toEqual([]);
  });

  it("misses the imaging date when the case lacks it", async () => {
    expect((await editCase({ imagingDate: "" })).status).toBe(302);
    expect(await missing()).toEqual(["imagingDate"]);
    expect((await editCase({})).status).toBe(302);
    expect(await missing()).toEqual([]);
  });

  it("lists an old case whose BTA question was never stated as that item, not as yes or no", async () => {
    const db = new Database(srv.dbPath);
    let oldCase = 0;
    try {
      db.pragma("busy_timeout = 5000");
      oldCase = Number(
        db
          .prepare(
            `INSERT INTO cases (patient_id, question, referring_physician, urgency, status, imaging_date)
             VALUES (?, 'Ancien dossier', 'Dr T', 'routine', 'draft', ?)`,
          )
          .run(patientId, caseForm.imagingDate).lastInsertRowid,
      );
    } finally {
      db.close();
    }
    // The patient's board is shared: the old case sees the scored lesion too.
    expect(await missing(oldCase)).toEqual(["btaQuestionUnstated"]);
    const page = await (await get(srv.url, `/cases/${oldCase}`, physician)).text();
    expect(page).toContain("non renseigné");
  });

  it("needs no clearance nor dental check when no BTA is in question", async () => {
    expect((await editCase({ btaInQuestion: "no" })).status).toBe(302);
    expect(
      (
        await editPatient({
          dentalCheckDate: "",
          creatinineClearanceMlMin: "",
          creatinineClearanceDate: "",
        })
      ).status,
    ).toBe(302);
    expect(await missing()).toEqual([]);
    expect((await editPatient({})).status).toBe(302);
    expect((await editCase({})).status).toBe(302);
  });

  it("refuses a new case without the BTA question, and bad dates and summary, naming each field and writing nothing", async () => {
    const cases = countRows(srv.dbPath, "cases");
    const audits = countRows(srv.dbPath, "audit_log");
    const { btaInQuestion: _b, ...noAnswer } = caseForm;
    const res = await postForm(
      srv.url,
      dataPath(`/patients/${patientId}/cases/new`, "routes/patients.$patientId.cases.new"),
      { ...noAnswer, imagingDate: "2999-01-01", summary: "x".repeat(4001) },
      { cookie: coordinator },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string; code: string }[] };
    expect(body.errors.map((e) => [e.field, e.code]).sort()).toEqual([
      ["btaInQuestion", "errors.required"],
      ["imagingDate", "errors.date_future"],
      ["summary", "errors.too_long"],
    ]);
    const maybe = await postForm(
      srv.url,
      dataPath(`/patients/${patientId}/cases/new`, "routes/patients.$patientId.cases.new"),
      { ...caseForm, btaInQuestion: "maybe" },
      { cookie: coordinator },
    );
    expect(maybe.status).toBe(400);
    // Once stated, the answer cannot be blanked on an edit.
    const { btaInQuestion: _a, ...editNoAnswer } = caseForm;
    const unanswered = await postForm(
      srv.url,
      dataPath(`/cases/${caseId}/edit`, "routes/cases.$caseId.edit"),
      editNoAnswer,
      { cookie: coordinator },
    );
    expect(unanswered.status).toBe(400);
    const patient = await editPatient({ dentalCheckDate: "2999-01-01" });
    expect(patient.status).toBe(400);
    expect(countRows(srv.dbPath, "cases")).toBe(cases);
    expect(countRows(srv.dbPath, "audit_log")).toBe(audits);
    expect(
      queryRows<{ d: string }>(
        srv.dbPath,
        "SELECT dental_check_date AS d FROM patients WHERE id = ?",
        patientId,
      )[0]?.d,
    ).toBe(patientForm.dentalCheckDate);
  });

  it("keeps a stated answer on edit and writes one audit row with it", async () => {
    const audits = countRows(srv.dbPath, "audit_log");
    expect((await editCase({ summary: "Résumé revu." })).status).toBe(302);
    expect(countRows(srv.dbPath, "audit_log")).toBe(audits + 1);
    const [row] = queryRows<{ after: string }>(
      srv.dbPath,
      "SELECT after FROM audit_log WHERE entity = 'case' AND entity_id = ? ORDER BY id DESC LIMIT 1",
      String(caseId),
    );
    expect(JSON.parse(row?.after ?? "{}")).toMatchObject({
      btaInQuestion: true,
      summary: "Résumé revu.",
    });
  });

  it("shows the board to fix a removed lesion", async () => {
    if (!board) throw new Error("no board client");
    const updates = countRows(srv.dbPath, "board_updates", "patient_id = ?", patientId);
    removeLesion(board.doc, "rdy-f1");
    await waitFor(
      () => countRows(srv.dbPath, "board_updates", "patient_id = ?", patientId) > updates,
    );
    expect(await missing()).toEqual(["noLesion"]);
    const page = await (await get(srv.url, `/cases/${caseId}`, coordinator)).text();
    expect(page).toContain(`href="/cases/${caseId}/board"`);
  });
});
