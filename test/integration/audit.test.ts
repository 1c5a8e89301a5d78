// Issue 10 §10: the admin audit page a person reads. A live-board edit sent by a real Yjs client
// appears with the person, the lesion and the patient (read from board_updates, decision 075);
// the patient and user filters narrow both lists; a patient edit reads as a French before/after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLesion, setScoreItem } from "../../app/domain/board/ydoc";
import { queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import {
  connectClient,
  insertEmptyCase,
  makeLesion,
  type TestClient,
  waitFor,
} from "./collab-client";

interface BoardEdit {
  caseId: number;
  patientId: number;
  userId: number | null;
  userName: string | null;
  changes: { kind: string; fields: string[]; siteId: string | null; side: string | null }[];
}
interface AuditData {
  rows: { entity: string; entityId: string }[];
  board: { edits: BoardEdit[] };
}

describe("admin audit page: readable changes and board edits", () => {
  let srv: TestServer;
  let admin: string;
  let physician: string;
  let coordinator: string;
  const clients: TestClient[] = [];
  const user = (email: string) =>
    queryRows<{ id: number; display_name: string }>(
      srv.dbPath,
      "SELECT id, display_name FROM users WHERE email = ?",
      email,
    )[0] ?? { id: 0, display_name: "?" };
  const patientOf = (caseId: number) =>
    queryRows<{ id: number; hospital_id: string }>(
      srv.dbPath,
      "SELECT p.id, p.hospital_id FROM cases c JOIN patients p ON p.id = c.patient_id WHERE c.id = ?",
      caseId,
    )[0] ?? { id: 0, hospital_id: "" };
  const updates = (caseId: number) =>
    queryRows<{ n: number }>(
      srv.dbPath,
      "SELECT COUNT(*) AS n FROM board_updates WHERE case_id = ?",
      caseId,
    )[0]?.n ?? 0;
  const page = async (query: string) => {
    const res = await get(srv.url, `/admin/audit${query}`, admin);
    expect(res.status).toBe(200);
    return res.text();
  };
  const data = async (query: string) => {
    const res = await get(srv.url, dataPath(`/admin/audit${query}`, "routes/admin.audit"), admin);
    expect(res.status).toBe(200);
    return (await res.json()) as AuditData;
  };
  /** The visible table of a list (the page also carries its loader data as JSON for hydration). */
  const table = (html: string, which: "records" | "boards") =>
    html.match(new RegExp(`<table data-audit="${which}">[\\s\\S]*?</table>`))?.[0] ?? "";

  let caseA = 0;
  let caseB = 0;

  beforeAll(async () => {
    srv = await startServer();
    [admin, physician, coordinator] = await Promise.all([
      signIn(srv.url, DEMO.admin),
      signIn(srv.url, DEMO.physician),
      signIn(srv.url, DEMO.coordinator),
    ]);
    caseA = insertEmptyCase(srv.dbPath);
    caseB = insertEmptyCase(srv.dbPath);
    const doctor = user(DEMO.physician.email);

    // The physician maps a right femoral-neck lesion on patient A's board ...
    const a1 = connectClient(srv.url, `case:${caseA}`, physician);
    clients.push(a1);
    await a1.synced;
    const before = updates(caseA);
    addLesion(a1.doc, { ...makeLesion(1, doctor.id), siteId: "femur.neck", side: "right" });
    await waitFor(() => updates(caseA) > before, 5000, "physician's update stored");
    a1.destroy();

    // ... then the coordinator scores its pain; and edits patient B's board.
    const a2 = connectClient(srv.url, `case:${caseA}`, coordinator);
    const b2 = connectClient(srv.url, `case:${caseB}`, coordinator);
    clients.push(a2, b2);
    await Promise.all([a2.synced, b2.synced]);
    await waitFor(() => a2.doc.getMap("lesions").size === 1, 5000, "lesion on the coordinator");
    const afterPhysician = updates(caseA);
    setScoreItem(a2.doc, "lesion-1", "pain", "nrs", 7);
    addLesion(b2.doc, {
      ...makeLesion(2, user(DEMO.coordinator.email).id),
      siteId: "femur.neck",
      side: "left",
    });
    await waitFor(
      () => updates(caseA) > afterPhysician && updates(caseB) > 0,
      5000,
      "coordinator's updates stored",
    );
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv?.stop();
  });

  it("shows a board edit with the person, the lesion and the patient, in French", async () => {
    const boards = table(await page(""), "boards");
    expect(boards).toContain(user(DEMO.physician.email).display_name);
    expect(boards).toContain("Lésion ajoutée : Fémur – col fémoral, côté droit");
    expect(boards).toContain("Fémur – col fémoral, côté droit : douleur");
    expect(boards).toContain("TEST Board");
    expect(boards).toContain(`Depuis le dossier n° ${caseA}`);
  });

  it("tells the physician's edit from the coordinator's on the same board", async () => {
    const { edits } = (await data(`?patientId=${patientOf(caseA).id}`)).board;
    const mine = edits.filter((e) => e.caseId === caseA);
    const byPhysician = mine.find((e) => e.userId === user(DEMO.physician.email).id);
    const byCoordinator = mine.find((e) => e.userId === user(DEMO.coordinator.email).id);
    expect(byPhysician?.changes).toEqual([
      { lesionId: "lesion-1", kind: "added", fields: [], siteId: "femur.neck", side: "right" },
    ]);
    expect(byCoordinator?.changes).toEqual([
      {
        lesionId: "lesion-1",
        kind: "changed",
        fields: ["pain"],
        siteId: "femur.neck",
        side: "right",
      },
    ]);
  });

  it("filters board edits by patient and by user", async () => {
    const a = patientOf(caseA).id;
    const onlyA = (await data(`?patientId=${a}`)).board.edits;
    expect(onlyA.length).toBeGreaterThanOrEqual(2);
    expect(onlyA.every((e) => e.patientId === a)).toBe(true);
    expect(onlyA.some((e) => e.caseId === caseB)).toBe(false);

    const coordinatorId = user(DEMO.coordinator.email).id;
    const byCoordinator = (await data(`?userId=${coordinatorId}`)).board.edits;
    expect(byCoordinator.map((e) => e.caseId)).toEqual(expect.arrayContaining([caseA, caseB]));
    expect(byCoordinator.every((e) => e.userId === coordinatorId)).toBe(true);

    const both = (await data(`?userId=${coordinatorId}&patientId=${a}`)).board.edits;
    expect(both.map((e) => e.caseId)).toEqual([caseA]);
  });

  it("shows a patient edit as a French before/after of the changed fields only", async () => {
    const p = patientOf(caseA);
    const res = await postForm(
      srv.url,
      `/patients/${p.id}/edit`,
      {
        hospitalId: p.hospital_id,
        lastName: "Test",
        firstName: "Board",
        birthDate: "1955-03-02",
        sex: "F",
        "primaryCancer.type": "breast",
        "primaryCancer.hormoneReceptor": "positive",
        "primaryCancer.her2": "negative",
        weightKg: "58.5",
        ecog: "",
        karnofsky: "",
        systemicTreatment: "hormone_therapy",
        systemicTreatmentDetail: "",
        creatinineClearanceMlMin: "",
        creatinineClearanceDate: "",
        survivalBand: "",
        wishes: "",
        cancerDiagnosisDate: "2024-02-01",
        boneMetastasisDiagnosisDate: "",
      },
      { cookie: coordinator },
    );
    expect(res.status).toBe(302);
    const { rows } = await data(`?patientId=${p.id}`);
    expect(rows.map((r) => `${r.entity} ${r.entityId}`)).toEqual([`patient ${p.id}`]);

    const records = table(await page(`?patientId=${p.id}`), "records");
    const row = (field: string) =>
      records.match(new RegExp(`<tr data-field="${field}">([\\s\\S]*?)</tr>`))?.[1] ?? "";
    expect(row("weightKg")).toBe('<th scope="row">Poids (kg)</th><td>62</td><td>58,5</td>');
    expect(row("cancerDiagnosisDate")).toBe(
      '<th scope="row">Date du diagnostic de cancer</th><td>—</td><td>01/02/2024</td>',
    );
    expect(row("systemicTreatment")).toContain("<td>Hormonothérapie</td>");
    expect(row("primaryCancer.hormoneReceptor")).toContain("<td>Positif</td>");
    // Unchanged fields are not listed; the action and the object are words, not identifiers.
    expect(row("lastName")).toBe("");
    expect(row("birthDate")).toBe("");
    expect(records).toContain("<td>Modification</td>");
    expect(records).toContain(`<td>Patient n° ${p.id}</td>`);
    const visible = records.replace(/<[^>]+>/g, " ");
    expect(visible).not.toMatch(/weightKg|\bupdate\b|\d{4}-\d{2}-\d{2}|[{}]/);
  });

  it("shows a skeletal event in French words: its kind, date, lesion and that it was an emergency", async () => {
    const p = patientOf(caseA);
    const today = new Date().toISOString().slice(0, 10);
    const res = await postForm(
      srv.url,
      `/patients/${p.id}`,
      {
        intent: "skeletalEvent",
        eventKind: "pathologicalFracture",
        eventDate: today,
        lesionId: "lesion-1",
        origin: "emergency",
      },
      { cookie: coordinator },
    );
    expect(res.status).toBe(302);
    const records = table(await page(`?patientId=${p.id}`), "records");
    const row = (field: string) =>
      records.match(new RegExp(`<tr data-field="${field}">([\\s\\S]*?)</tr>`))?.[1] ?? "";
    expect(records).toContain("<td>Événement osseux enregistré</td>");
    expect(row("skeletalKind")).toBe(
      '<th scope="row">Événement osseux</th><td>—</td><td>Fracture pathologique</td>',
    );
    expect(row("planned")).toBe(
      // React escapes the apostrophe in the server-rendered HTML.
      '<th scope="row">Programmé (issu d&#x27;une action de la décision)</th><td>—</td><td>Non</td>',
    );
    const [y, m, d] = today.split("-");
    expect(row("date")).toContain(`<td>${d}/${m}/${y}</td>`);
    const visible = records.replace(/<[^>]+>/g, " ");
    expect(visible).not.toMatch(/skeletalKind|pathologicalFracture|skeletalEvent\.record/);
  });
});
