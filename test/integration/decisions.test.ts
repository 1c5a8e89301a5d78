// Signed decisions on the real server and SQLite file (issue 11 §6–8, acceptance): the chair signs
// the draft the meeting wrote in the patient's board (real Yjs client); a signed version freezes
// the board (checked byte for byte after a later edit); a correction is a new version and keeps
// the old; two signatures at once give one version and one 409; an observer and a non-chair get
// 403 and nothing is written; an illegal systemic decision is a 400 with the engine's reason; a
// decision without quorum is stamped and the case flagged; each signature writes one audit row;
// the fiche PDF's text and the FHIR Bundle come from the signed version.
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addDraftRow,
  draftGuidelineFollowed,
  draftRationale,
  lesionsMap,
  setDraftConsent,
  setDraftLesionField,
  setDraftRowField,
  setDraftSystemic,
  setDraftTrial,
  setLesionField,
} from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { connectClient, type TestClient, waitFor } from "./collab-client";

const MEETING_ROUTE = "routes/meetings.$meetingId._index";
const DECISION_ROUTE = "routes/cases.$caseId.decision._index";
const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const HADDAD = { email: "k.haddad@osteoboard.local", password: "medecin-demo-2026" };

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

interface VersionRow {
  id: number;
  version: number;
  quorum_met: number;
  board_state: Buffer;
  board_sha256: string;
  body: string;
  correction_reason: string | null;
}

describe("signing a decision", () => {
  let srv: TestServer;
  const cookie = { coordinator: "", bernard: "", laurent: "", haddad: "", observer: "" };
  let rcpId = 0;
  const clients: TestClient[] = [];
  const userId = (email: string) =>
    queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM users WHERE email = ?", email)[0]?.id ??
    0;
  const caseOf = (hospitalId: string) =>
    queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT c.id FROM cases c JOIN patients p ON p.id = c.patient_id WHERE p.hospital_id = ?",
      hospitalId,
    )[0]?.id ?? 0;
  const versions = (caseId: number) =>
    queryRows<VersionRow>(
      srv.dbPath,
      "SELECT * FROM decision_versions WHERE case_id = ? ORDER BY version",
      caseId,
    );
  const audits = () => countRows(srv.dbPath, "audit_log");

  let serial = 0;
  async function meetingWith(caseIds: number[], present: string[]): Promise<number> {
    serial += 1;
    const res = await postForm(
      srv.url,
      "/meetings",
      {
        intent: "plan",
        rcpId: String(rcpId),
        date: inDays(30 + serial),
        time: "14:00",
        place: "Salle de staff",
        videoLink: "",
      },
      { cookie: cookie.coordinator },
    );
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("location")?.match(/(\d+)$/)?.[1]);
    const act = async (fields: Record<string, string>) => {
      const r = await postForm(srv.url, dataPath(`/meetings/${id}`, MEETING_ROUTE), fields, {
        cookie: cookie.coordinator,
      });
      expect(r.status, `${fields.intent}: ${await r.clone().text()}`).toBe(204);
    };
    await act({ intent: "set-chair", chairUserId: String(userId(DEMO.physician.email)) });
    for (const c of caseIds) await act({ intent: "add-case", caseId: String(c) });
    for (const email of present)
      await act({ intent: "presence", attendeeKey: `member:${userId(email)}`, presence: "onSite" });
    await act({ intent: "open" });
    return id;
  }

  /** The board of a case, as Dr Bernard's browser would hold it. */
  async function board(caseId: number): Promise<TestClient> {
    const client = connectClient(srv.url, `case:${caseId}`, cookie.bernard);
    clients.push(client);
    await client.synced;
    return client;
  }

  /** Fills the whole draft: every lesion decided, the systemic decision given. */
  function fillDraft(doc: Y.Doc, caseId: number, systemic: "noBta" | "resume") {
    const ids = [...lesionsMap(doc).keys()];
    for (const id of ids) {
      setDraftLesionField(doc, caseId, id, "action", "observation");
      setDraftLesionField(doc, caseId, id, "responsibleSpecialty", "rheumatology");
    }
    setDraftSystemic(doc, caseId, "action", systemic);
    addDraftRow(doc, caseId, "imaging", "img1", 1);
    setDraftRowField(doc, caseId, "imaging", "img1", "modality", "ct");
    setDraftRowField(doc, caseId, "imaging", "img1", "dueDate", inDays(120));
    draftGuidelineFollowed(doc, caseId).insert(0, "Référentiel AFSOS métastases osseuses 2023");
    setDraftTrial(doc, caseId, { proposed: false });
    setDraftConsent(doc, caseId, "patientInformed", "yes");
    setDraftConsent(doc, caseId, "patientNotObjecting", "yes");
    draftRationale(doc, caseId).insert(0, "Lésions stables, surveillance clinique et scanner.");
    return ids;
  }

  /** Waits until the server has stored (acknowledged) everything this client wrote. */
  async function waitStored(caseId: number, doc: Y.Doc) {
    const patientId = queryRows<{ patient_id: number }>(
      srv.dbPath,
      "SELECT patient_id FROM cases WHERE id = ?",
      caseId,
    )[0]?.patient_id;
    const want = Y.decodeStateVector(Y.encodeStateVector(doc));
    await waitFor(() => {
      const sqlite = new Database(srv.dbPath, { readonly: true, fileMustExist: true });
      try {
        const stored = loadStoredBoardDoc(createCollabStore(sqlite), patientId ?? 0);
        const have = Y.decodeStateVector(Y.encodeStateVector(stored));
        stored.destroy();
        return [...want].every(([client, clock]) => (have.get(client) ?? 0) >= clock);
      } finally {
        sqlite.close();
      }
    });
  }

  const sign = (caseId: number, fields: Record<string, string>, who: string) =>
    postForm(srv.url, dataPath(`/cases/${caseId}/decision`, DECISION_ROUTE), fields, {
      cookie: who,
    });

  beforeAll(async () => {
    srv = await startServer();
    cookie.coordinator = await signIn(srv.url, DEMO.coordinator);
    cookie.bernard = await signIn(srv.url, DEMO.physician);
    cookie.laurent = await signIn(srv.url, LAURENT);
    cookie.haddad = await signIn(srv.url, HADDAD);
    cookie.observer = await signIn(srv.url, DEMO.observer);
    rcpId = queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM rcps ORDER BY id")[0]?.id ?? 0;
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv?.stop();
  });

  it("refuses an observer and a physician who is not the chair (403), and an illegal systemic decision (400 with the engine's reason); nothing is written", async () => {
    const caseId = caseOf("DEMO-0001");
    const meetingId = await meetingWith(
      [caseId],
      [DEMO.physician.email, LAURENT.email, HADDAD.email],
    );
    const client = await board(caseId);
    fillDraft(client.doc, caseId, "resume");
    await waitStored(caseId, client.doc);
    const form = {
      intent: "sign",
      meetingId: String(meetingId),
      expectedVersion: "0",
      confirm: "on",
    };
    const before = audits();

    expect((await sign(caseId, form, cookie.observer)).status).toBe(403);
    expect((await sign(caseId, form, cookie.laurent)).status).toBe(403);
    // Madame Moreau never started a BTA: "resume" is refused by the sequence's state machine.
    const illegal = await sign(caseId, form, cookie.bernard);
    expect(illegal.status).toBe(400);
    const body = (await illegal.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field)).toContain("systemic.action");
    expect(body.errors.find((e) => e.field === "systemic.action")?.message).toMatch(
      /reprendre|séquence/i,
    );
    expect(versions(caseId)).toHaveLength(0);
    expect(countRows(srv.dbPath, "plan_items", "case_id = ?", caseId)).toBe(0);
    expect(audits()).toBe(before);
  });

  it("bad input names the field and writes nothing", async () => {
    const caseId = caseOf("DEMO-0001");
    const before = audits();
    for (const [fields, field] of [
      [{ intent: "sign", meetingId: "x", expectedVersion: "0", confirm: "on" }, "meetingId"],
      [{ intent: "sign", meetingId: "1", expectedVersion: "-1", confirm: "on" }, "expectedVersion"],
      [{ intent: "sign", meetingId: "1", expectedVersion: "0" }, "confirm"],
      [{ intent: "nonsense" }, "intent"],
    ] as const) {
      const res = await sign(caseId, fields, cookie.bernard);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { field: string }[] };
      expect(body.errors.map((e) => e.field)).toContain(field);
    }
    expect(versions(caseId)).toHaveLength(0);
    expect(audits()).toBe(before);
  });

  it("two signatures at once give one version and one 409; the version freezes the board byte for byte; a correction keeps the old version", async () => {
    const caseId = caseOf("DEMO-0003");
    const meetingId = await meetingWith(
      [caseId],
      [DEMO.physician.email, LAURENT.email, HADDAD.email],
    );
    const client = await board(caseId);
    const lesionIds = fillDraft(client.doc, caseId, "noBta");
    await waitStored(caseId, client.doc);
    const before = audits();
    const form = {
      intent: "sign",
      meetingId: String(meetingId),
      expectedVersion: "0",
      confirm: "on",
    };
    const [a, b] = await Promise.all([
      sign(caseId, form, cookie.bernard),
      sign(caseId, form, cookie.bernard),
    ]);
    expect([a.status, b.status].sort()).toEqual([204, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(JSON.stringify(await conflict.json())).toContain("expectedVersion");
    const [v1] = versions(caseId);
    expect(versions(caseId)).toHaveLength(1);
    expect(audits()).toBe(before + 1);
    expect(v1?.quorum_met).toBe(1);
    expect(v1?.board_sha256).toBe(sha(v1?.board_state ?? new Uint8Array()));
    const body = JSON.parse(v1?.body ?? "{}");
    expect(body.decision.lesions.map((l: { lesionId: string }) => l.lesionId)).toEqual(lesionIds);
    expect(body.lesionTable).toHaveLength(lesionIds.length);
    expect(
      body.attendance.filter((x: { presence: string }) => x.presence !== "absent"),
    ).toHaveLength(3);
    // Surveillance is not an act to schedule: no plan item.
    expect(countRows(srv.dbPath, "plan_items", "case_id = ?", caseId)).toBe(0);
    const agenda = queryRows<{ outcome: string }>(
      srv.dbPath,
      "SELECT outcome FROM agenda_items WHERE meeting_id = ? AND case_id = ?",
      meetingId,
      caseId,
    );
    expect(agenda).toEqual([{ outcome: "decided" }]);

    // A later board edit changes nothing in the signed version.
    const first = lesionIds[0] ?? "";
    setLesionField(client.doc, first, "size_mm", 77);
    setDraftLesionField(client.doc, caseId, first, "action", "rt.singleFraction8Gy");
    await waitStored(caseId, client.doc);
    const [again] = versions(caseId);
    expect(
      Buffer.compare(again?.board_state ?? Buffer.alloc(0), v1?.board_state ?? Buffer.alloc(0)),
    ).toBe(0);
    expect(again?.body).toBe(v1?.body);

    // A correction needs its reason, then becomes version 2; version 1 stays as it was.
    const correct = { ...form, expectedVersion: "1" };
    const noReason = await sign(caseId, correct, cookie.bernard);
    expect(noReason.status).toBe(400);
    expect(versions(caseId)).toHaveLength(1);
    const ok = await sign(
      caseId,
      { ...correct, correctionReason: "Radiothérapie antalgique retenue après relecture." },
      cookie.bernard,
    );
    expect(ok.status).toBe(204);
    const [old, v2] = versions(caseId);
    expect(old?.body).toBe(v1?.body);
    expect(v2?.version).toBe(2);
    expect(v2?.correction_reason).toBe("Radiothérapie antalgique retenue après relecture.");
    expect(JSON.parse(v2?.body ?? "{}").decision.lesions[0].action).toBe("rt.singleFraction8Gy");
    // The radiotherapy is now a plan item; version 1 had none to cancel.
    expect(countRows(srv.dbPath, "plan_items", "case_id = ? AND state = 'planned'", caseId)).toBe(
      1,
    );
    expect(audits()).toBe(before + 2);
    // The database itself refuses to change a signed version.
    const writer = new Database(srv.dbPath);
    try {
      expect(() =>
        writer.prepare("UPDATE decision_versions SET quorum_met = 0 WHERE case_id = ?").run(caseId),
      ).toThrow(/append-only/);
    } finally {
      writer.close();
    }

    // The page shows both versions and what changed.
    const page = await (await get(srv.url, `/cases/${caseId}/decision?v=2`, cookie.laurent)).text();
    expect(page).toContain("Version 1");
    expect(page).toContain("Version 2");
    expect(page).toContain("Modifications de la version 1 à la version 2");

    // The fiche: PDF text holds the participants, the quorum, each lesion row and the proposal.
    const pdf = await get(srv.url, `/cases/${caseId}/decision/2/fiche.pdf`, cookie.laurent);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const doc = await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer()));
    const { text } = await extractText(doc, { mergePages: true });
    for (const name of ["Dr Hugo Bernard", "Quorum atteint", "Radiothérapie"])
      expect(text).toContain(name);
    const v2body = JSON.parse(v2?.body ?? "{}") as {
      attendance: { name: string; presence: string; physician: boolean }[];
    };
    for (const a of v2body.attendance.filter((x) => x.presence !== "absent"))
      expect(text).toContain(a.name);
    // Absent members who are not physicians (the coordinator, the observer) did not take part.
    const absentOthers = v2body.attendance.filter((x) => x.presence === "absent" && !x.physician);
    expect(absentOthers.length).toBeGreaterThan(0);
    for (const a of absentOthers) expect(text).not.toContain(a.name);

    // FHIR: a Bundle whose every reference resolves inside it.
    const fhir = await get(srv.url, `/cases/${caseId}/decision/2/fhir.json`, cookie.laurent);
    expect(fhir.status).toBe(200);
    const bundle = (await fhir.json()) as {
      resourceType: string;
      entry: { fullUrl: string; resource: { resourceType: string } }[];
    };
    expect(bundle.resourceType).toBe("Bundle");
    const urls = new Set(bundle.entry.map((e) => e.fullUrl));
    const refs = [...JSON.stringify(bundle).matchAll(/"reference":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(urls.has(r ?? "")).toBe(true);
  });

  it("signs the board's decision to start zoledronic acid for Mme Chevalier before her dental check: the check is a condition of the first dose, the act is planned, and the first dose without the check is still refused", async () => {
    const caseId = caseOf("DEMO-0007");
    const patientId =
      queryRows<{ patient_id: number }>(
        srv.dbPath,
        "SELECT patient_id FROM cases WHERE id = ?",
        caseId,
      )[0]?.patient_id ?? 0;
    const meetingId = await meetingWith(
      [caseId],
      [DEMO.physician.email, LAURENT.email, HADDAD.email],
    );
    const client = await board(caseId);
    fillDraft(client.doc, caseId, "noBta");
    // "Introduction de l'acide zolédronique après bilan bucco-dentaire": clearance 105 mL/min → 4 mg.
    setDraftSystemic(client.doc, caseId, "action", "initiate");
    setDraftSystemic(client.doc, caseId, "agent", "zoledronicAcid");
    setDraftSystemic(client.doc, caseId, "dose_mg", 4);
    setDraftSystemic(client.doc, caseId, "intervalWeeks", 4);
    await waitStored(caseId, client.doc);
    const res = await sign(
      caseId,
      { intent: "sign", meetingId: String(meetingId), expectedVersion: "0", confirm: "on" },
      cookie.bernard,
    );
    expect(res.status, await res.clone().text()).toBe(204);
    const [v] = versions(caseId);
    const body = JSON.parse(v?.body ?? "{}") as {
      decision: { systemic: { action: string; dose_mg: number } };
      systemicConditions: { gate: string; source: string }[];
    };
    expect(body.decision.systemic).toMatchObject({ action: "initiate", dose_mg: 4 });
    // The record holds no dental check, no calcium + vitamin D plan, no baseline calcium.
    expect(body.systemicConditions.map((c) => c.gate)).toEqual([
      "dentalCheck",
      "calciumVitaminDPlan",
      "baselineCalcium",
    ]);
    const planned = () =>
      queryRows<{ kind: string; agent: string; state: string; decision_version_id: number }>(
        srv.dbPath,
        "SELECT kind, agent, state, decision_version_id FROM bta_planned WHERE case_id = ?",
        caseId,
      );
    expect(planned()).toEqual([
      { kind: "initiate", agent: "zoledronicAcid", state: "open", decision_version_id: v?.id },
    ]);
    const page = await (await get(srv.url, `/cases/${caseId}/decision`, cookie.coordinator)).text();
    expect(page).toContain("À réaliser avant la première dose");
    expect(page).toContain("Bilan bucco-dentaire fait avant l&#x27;initiation");

    // The planned act on the patient page carries the same conditions, each with its source.
    const patientPath = dataPath(`/patients/${patientId}`, "routes/patients.$patientId._index");
    const patientPage = (await (await get(srv.url, patientPath, cookie.bernard)).json()) as {
      bta: { plannedActs: { kind: string; conditions: { gate: string; source: string }[] }[] };
    };
    expect(patientPage.bta.plannedActs).toHaveLength(1);
    expect(patientPage.bta.plannedActs[0]?.conditions.map((c) => c.gate)).toEqual([
      "dentalCheck",
      "calciumVitaminDPlan",
      "baselineCalcium",
    ]);
    expect(patientPage.bta.plannedActs[0]?.conditions[0]?.source).toContain("Brown 2021");

    // The first dose itself still needs every gate: without the dental check it is refused.
    const events = () => countRows(srv.dbPath, "bta_events", "patient_id = ?", patientId);
    const before = { events: events(), audits: audits() };
    const firstDose = {
      kind: "initiate",
      date: inDays(0),
      agent: "zoledronicAcid",
      intervalWeeks: "4",
      calciumVitaminDPlan: "yes",
      baselineCalciumMmolL: "2.4",
      creatinineClearanceMlMin: "105",
    };
    const refused = await postForm(srv.url, patientPath, firstDose, { cookie: cookie.bernard });
    expect(refused.status).toBe(400);
    const errors = ((await refused.json()) as { errors: { field: string }[] }).errors;
    expect(errors.map((e) => e.field)).toEqual(["dentalCheckDate"]);
    expect(events()).toBe(before.events);
    expect(audits()).toBe(before.audits);
    expect(planned()[0]?.state).toBe("open");

    const given = await postForm(
      srv.url,
      patientPath,
      { ...firstDose, dentalCheckDate: inDays(-3) },
      { cookie: cookie.bernard },
    );
    expect(given.status, await given.clone().text()).toBe(204);
    expect(planned()[0]?.state).toBe("done");
  });

  it("a decision without quorum is stamped so and the case is flagged to be presented again", async () => {
    const caseId = caseOf("DEMO-0004");
    const meetingId = await meetingWith([caseId], [DEMO.physician.email, LAURENT.email]);
    const client = await board(caseId);
    fillDraft(client.doc, caseId, "noBta");
    await waitStored(caseId, client.doc);
    const res = await sign(
      caseId,
      { intent: "sign", meetingId: String(meetingId), expectedVersion: "0", confirm: "on" },
      cookie.bernard,
    );
    expect(res.status, await res.clone().text()).toBe(204);
    const [v] = versions(caseId);
    expect(v?.quorum_met).toBe(0);
    const body = JSON.parse(v?.body ?? "{}");
    expect(body.quorum.toBePresentedAgain).toBe(true);
    // DEMO-0004 had no imaging date: the missing item is written into the decision.
    expect(body.decision.missingReadiness).toContain("imagingDate");
    const page = await (await get(srv.url, `/cases/${caseId}/decision`, cookie.coordinator)).text();
    expect(page).toContain("Décision prise sans quorum");
  });
});
