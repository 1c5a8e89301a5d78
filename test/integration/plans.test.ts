// Plan items and worklists on the real server and SQLite file (issue 12 §2 and §4): a signed
// decision to operate puts the lesion's plan item on the surgeon's worklist; it is scheduled then
// marked done, each change with its audit row, and leaves the list; an illegal change is a 409 with
// the state machine's reason, a bad date a 400 naming the field, an observer a 403: nothing written.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  draftGuidelineFollowed,
  draftRationale,
  lesionsMap,
  setDraftConsent,
  setDraftLesionField,
  setDraftSystemic,
  setDraftTrial,
} from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { connectClient, type TestClient, waitFor } from "./collab-client";

const SURGEON = "routes/worklists.surgeon";
const COORDINATOR = "routes/worklists.coordinator";
const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const HADDAD = { email: "k.haddad@osteoboard.local", password: "medecin-demo-2026" };

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface SurgeonRow {
  patient: { id: number };
  lesionId: string;
  siteId: string | null;
  surgicalFlags: { id: string }[];
  mirels: number | string | null;
  item: { id: number; state: string } | null;
}

interface PlanItem {
  id: number;
  state: string;
  scheduled_date: string | null;
  done_date: string | null;
  lesion_id: string;
  action: string;
}

describe("plan items and worklists", () => {
  let srv: TestServer;
  const cookie = { coordinator: "", bernard: "", observer: "" };
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
  const items = (caseId: number) =>
    queryRows<PlanItem>(srv.dbPath, "SELECT * FROM plan_items WHERE case_id = ?", caseId);
  const audits = () => countRows(srv.dbPath, "audit_log");
  const surgeonRows = async (who: string) => {
    const res = await get(srv.url, dataPath("/worklists/surgeon", SURGEON), who);
    expect(res.status).toBe(200);
    return ((await res.json()) as { rows: SurgeonRow[] }).rows;
  };
  const post = (fields: Record<string, string>, who: string) =>
    postForm(srv.url, dataPath("/worklists/surgeon", SURGEON), fields, { cookie: who });

  async function openMeetingWith(caseId: number): Promise<number> {
    const res = await postForm(
      srv.url,
      "/meetings",
      {
        intent: "plan",
        rcpId: String(queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM rcps")[0]?.id),
        date: inDays(40),
        time: "14:00",
        place: "Salle de staff",
        videoLink: "",
      },
      { cookie: cookie.coordinator },
    );
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("location")?.match(/(\d+)$/)?.[1]);
    const act = async (fields: Record<string, string>) => {
      const path = dataPath(`/meetings/${id}`, "routes/meetings.$meetingId._index");
      const r = await postForm(srv.url, path, fields, { cookie: cookie.coordinator });
      expect(r.status, `${fields.intent}: ${await r.clone().text()}`).toBe(204);
    };
    await act({ intent: "set-chair", chairUserId: String(userId(DEMO.physician.email)) });
    await act({ intent: "add-case", caseId: String(caseId) });
    for (const email of [DEMO.physician.email, LAURENT.email, HADDAD.email])
      await act({ intent: "presence", attendeeKey: `member:${userId(email)}`, presence: "onSite" });
    await act({ intent: "open" });
    return id;
  }

  async function waitStored(patientId: number, doc: Y.Doc) {
    const want = Y.decodeStateVector(Y.encodeStateVector(doc));
    await waitFor(() => {
      const sqlite = new Database(srv.dbPath, { readonly: true, fileMustExist: true });
      try {
        const stored = loadStoredBoardDoc(createCollabStore(sqlite), patientId);
        const have = Y.decodeStateVector(Y.encodeStateVector(stored));
        stored.destroy();
        return [...want].every(([client, clock]) => (have.get(client) ?? 0) >= clock);
      } finally {
        sqlite.close();
      }
    });
  }

  beforeAll(async () => {
    srv = await startServer();
    cookie.coordinator = await signIn(srv.url, DEMO.coordinator);
    cookie.bernard = await signIn(srv.url, DEMO.physician);
    cookie.observer = await signIn(srv.url, DEMO.observer);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv?.stop();
  });

  it("lists Mme Moreau's femoral neck (Mirels 12) as not decided, and not M. Garnier's radiotherapy", async () => {
    const rows = await surgeonRows(cookie.coordinator);
    const moreau = rows.find((r) => r.siteId === "femur.neck");
    // Functional pain 3 + lytic 3 + more than 2/3 of the width 3 + peritrochanteric 3 (Mirels 1989).
    expect(moreau?.mirels).toBe(12);
    expect(moreau?.surgicalFlags.map((f) => f.id)).toContain("ortho.mirelsFixation");
    expect(moreau?.item).toBeNull();
    const garnier = items(caseOf("DEMO-0002"));
    expect(garnier.map((i) => i.action.split(".")[0])).toEqual(["rt"]);
    expect(rows.some((r) => r.item?.id === garnier[0]?.id)).toBe(false);
  });

  it("writes M. Lefebvre's typed failure load (1900 N, demo board) in French figures on the page", async () => {
    const res = await get(srv.url, "/worklists/surgeon", cookie.coordinator);
    const html = await res.text();
    // 1 900 with a narrow no-break space, as the FE card and the rule's text write newtons.
    expect(html).toContain("Force à la rupture (EF) : 1\u202f900 N");
    expect(html).not.toContain("1900 N");
  });

  it("a signed arthroplasty is scheduled then done, each with an audit row, and leaves the list; illegal, bad and unauthorised changes write nothing", async () => {
    const caseId = caseOf("DEMO-0001");
    const patientId =
      queryRows<{ patient_id: number }>(
        srv.dbPath,
        "SELECT patient_id FROM cases WHERE id = ?",
        caseId,
      )[0]?.patient_id ?? 0;
    const meetingId = await openMeetingWith(caseId);
    const client = connectClient(srv.url, `case:${caseId}`, cookie.bernard);
    clients.push(client);
    await client.synced;
    const doc = client.doc;
    const lesions = lesionsMap(doc).toJSON() as Record<string, { siteId: string }>;
    const neck = Object.entries(lesions).find(([, l]) => l.siteId === "femur.neck")?.[0] ?? "";
    for (const id of Object.keys(lesions)) {
      const surgery = id === neck;
      setDraftLesionField(
        doc,
        caseId,
        id,
        "action",
        surgery ? "surgery.arthroplasty" : "observation",
      );
      setDraftLesionField(
        doc,
        caseId,
        id,
        "responsibleSpecialty",
        surgery ? "orthopaedic_surgery" : "rheumatology",
      );
      if (surgery) setDraftLesionField(doc, caseId, id, "targetDate", inDays(50));
    }
    setDraftSystemic(doc, caseId, "action", "noBta");
    draftGuidelineFollowed(doc, caseId).insert(0, "Référentiel AFSOS métastases osseuses 2023");
    setDraftTrial(doc, caseId, { proposed: false });
    setDraftConsent(doc, caseId, "patientInformed", "yes");
    setDraftConsent(doc, caseId, "patientNotObjecting", "yes");
    draftRationale(doc, caseId).insert(0, "Mirels 12 au col fémoral : arthroplastie.");
    await waitStored(patientId, doc);
    const signed = await postForm(
      srv.url,
      dataPath(`/cases/${caseId}/decision`, "routes/cases.$caseId.decision._index"),
      { intent: "sign", meetingId: String(meetingId), expectedVersion: "0", confirm: "on" },
      { cookie: cookie.bernard },
    );
    expect(signed.status, await signed.clone().text()).toBe(204);

    const [item] = items(caseId);
    expect(item).toMatchObject({
      action: "surgery.arthroplasty",
      state: "planned",
      lesion_id: neck,
    });
    const id = String(item?.id);
    let rows = await surgeonRows(cookie.coordinator);
    expect(rows.filter((r) => r.lesionId === neck).map((r) => r.item?.state)).toEqual(["planned"]);

    const before = audits();
    // An observer reads the list but may not change it.
    expect((await surgeonRows(cookie.observer)).some((r) => r.item?.id === item?.id)).toBe(true);
    const forbidden = await post(
      { intent: "schedule", planItemId: id, scheduledDate: inDays(20) },
      cookie.observer,
    );
    expect(forbidden.status).toBe(403);
    // A French-typed date is not the form's ISO date: 400 on that field.
    const bad = await post(
      { intent: "schedule", planItemId: id, scheduledDate: "31/12/2026" },
      cookie.bernard,
    );
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { errors: { field: string }[] };
    expect(badBody.errors.map((e) => e.field)).toEqual(["scheduledDate"]);
    // Done before anyone scheduled it: the state machine refuses, saying it is still planned.
    const early = await post(
      { intent: "complete", planItemId: id, doneDate: inDays(0) },
      cookie.bernard,
    );
    expect(early.status).toBe(409);
    const earlyBody = (await early.json()) as { errors: { field: string; message: string }[] };
    expect(earlyBody.errors[0]?.field).toBe("doneDate");
    expect(earlyBody.errors[0]?.message).toContain("prévu");
    const blank = await post(
      { intent: "cancel", planItemId: id, cancelReason: "  " },
      cookie.bernard,
    );
    expect(blank.status).toBe(400);
    expect(items(caseId)[0]).toEqual(item);
    expect(audits()).toBe(before);

    const slot = inDays(20);
    const scheduled = await post(
      { intent: "schedule", planItemId: id, scheduledDate: slot },
      cookie.coordinator,
    );
    expect(scheduled.status).toBe(204);
    expect(items(caseId)[0]).toMatchObject({ state: "scheduled", scheduled_date: slot });
    const today = inDays(0);
    const done = await post(
      { intent: "complete", planItemId: id, doneDate: today },
      cookie.bernard,
    );
    expect(done.status).toBe(204);
    expect(items(caseId)[0]).toMatchObject({
      state: "done",
      scheduled_date: slot,
      done_date: today,
    });
    const trail = queryRows<{ action: string; entity: string; entity_id: string }>(
      srv.dbPath,
      "SELECT action, entity, entity_id FROM audit_log WHERE id > (SELECT MAX(id) - 2 FROM audit_log) ORDER BY id",
    );
    expect(trail).toEqual([
      { action: "planItem.schedule", entity: "case", entity_id: String(caseId) },
      { action: "planItem.complete", entity: "case", entity_id: String(caseId) },
    ]);
    expect(audits()).toBe(before + 2);
    // Done is final, and the operation has left the surgeon's list.
    const again = await post(
      { intent: "cancel", planItemId: id, cancelReason: "x" },
      cookie.bernard,
    );
    expect(again.status).toBe(409);
    rows = await surgeonRows(cookie.coordinator);
    expect(rows.some((r) => r.lesionId === neck)).toBe(false);
  });

  it("the coordinator sees a fiche to send and an overdue plan item", async () => {
    const garnier = items(caseOf("DEMO-0002"))[0];
    // Make M. Garnier's radiotherapy overdue: its target date was yesterday.
    const writer = new Database(srv.dbPath);
    try {
      writer
        .prepare("UPDATE plan_items SET target_date = ? WHERE id = ?")
        .run(inDays(-1), garnier?.id);
    } finally {
      writer.close();
    }
    const res = await get(
      srv.url,
      dataPath("/worklists/coordinator", COORDINATOR),
      cookie.coordinator,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      overdue: { item: { id: number } }[];
      fichesToSend: { caseId: number }[];
    };
    // The seed's own overdue item comes first: Mme Blanc's sacral radiotherapy, due 4 days ago
    // (server/seed/past-meeting.ts), before M. Garnier's, due yesterday.
    const blanc = items(caseOf("DEMO-0008")).find((i) => i.action === "rt.singleFraction8Gy");
    expect(body.overdue.map((o) => o.item.id)).toEqual([blanc?.id, garnier?.id]);
    expect(body.fichesToSend.map((f) => f.caseId)).toContain(caseOf("DEMO-0001"));
  });

  it("pages the coordinator's overdue items 50 at a time, each section on its own parameter", async () => {
    // 60 more overdue items, copies of an existing one due 10 days ago (a fixture written beside
    // the server, as the benchmark's generator does): 62 with the seed's two.
    const [template] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM plan_items ORDER BY id LIMIT 1",
    );
    const sqlite = new Database(srv.dbPath);
    const copy = sqlite.prepare(
      `INSERT INTO plan_items (decision_version_id, patient_id, case_id, lesion_id, action,
         responsible_specialty, target_date, state)
       SELECT decision_version_id, patient_id, case_id, lesion_id, action, responsible_specialty,
         ?, 'planned' FROM plan_items WHERE id = ?`,
    );
    sqlite.transaction(() => {
      for (let n = 0; n < 60; n++) copy.run(inDays(-10), template?.id);
    })();
    sqlite.close();
    const page = async (query: string) => {
      const res = await get(
        srv.url,
        dataPath(`/worklists/coordinator${query}`, COORDINATOR),
        cookie.coordinator,
      );
      expect(res.status).toBe(200);
      return (await res.json()) as {
        totals: { overdue: number; fiches: number };
        pages: { overdue: number; fiches: number };
        pageSize: number;
        overdue: { item: { id: number } }[];
      };
    };
    const [{ n: total } = { n: 0 }] = queryRows<{ n: number }>(
      srv.dbPath,
      "SELECT count(*) AS n FROM plan_items WHERE state IN ('planned', 'scheduled') AND target_date < ?",
      inDays(0),
    );
    expect(total).toBeGreaterThanOrEqual(61);
    const first = await page("");
    expect([first.totals.overdue, first.pageSize, first.overdue.length]).toEqual([total, 50, 50]);
    const second = await page("?overdue=2");
    expect([second.pages.overdue, second.overdue.length]).toEqual([2, total - 50]);
    // The two pages together are every overdue item, once.
    const ids = [...first.overdue, ...second.overdue].map((o) => o.item.id);
    expect(new Set(ids).size).toBe(total);
    // The other section keeps its own page; a page past the end shows the last; nonsense the first.
    expect((await page("?overdue=2&fiches=1")).pages).toEqual({ overdue: 2, fiches: 1 });
    expect((await page("?overdue=9")).pages.overdue).toBe(2);
    expect((await page("?overdue=zero")).pages.overdue).toBe(1);
    const html = await (
      await get(srv.url, "/worklists/coordinator?overdue=2", cookie.coordinator)
    ).text();
    expect(html).toContain('href="/worklists/coordinator?overdue=1#overdue"');
  });
});
