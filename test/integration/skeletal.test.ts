// Skeletal events on the real server and SQLite file (issue 12 §3, decision 105): an emergency
// fracture on a lesion of the board, a planned radiotherapy from the decision's scheduled plan item
// (which it marks done, in the same change), each with one audit row; a planned event without its
// plan item, bad input, and an observer are refused, naming the field, and write nothing. The
// lesion's board page carries its events, read from SQLite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const PAGE = "routes/patients.$patientId._index";
const BOARD = "routes/cases.$caseId.board";

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface EventRow {
  kind: string;
  date: string;
  lesion_id: string | null;
  planned: number;
  plan_item_id: number | null;
}

describe("skeletal events", () => {
  let srv: TestServer;
  const cookie = { coordinator: "", physician: "", observer: "" };
  const patient = (hospitalId: string) =>
    queryRows<{ id: number; caseId: number }>(
      srv.dbPath,
      `SELECT p.id, c.id AS caseId FROM patients p JOIN cases c ON c.patient_id = p.id
       WHERE p.hospital_id = ?`,
      hospitalId,
    )[0] ?? { id: 0, caseId: 0 };
  const events = (patientId: number) =>
    queryRows<EventRow>(
      srv.dbPath,
      "SELECT * FROM skeletal_events WHERE patient_id = ? ORDER BY id",
      patientId,
    );
  const audits = () => countRows(srv.dbPath, "audit_log");
  const post = (patientId: number, fields: Record<string, string>, who: string) =>
    postForm(
      srv.url,
      dataPath(`/patients/${patientId}`, PAGE),
      { intent: "skeletalEvent", ...fields },
      { cookie: who },
    );
  const fieldsOf = async (res: Response) =>
    ((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort();

  beforeAll(async () => {
    srv = await startServer();
    cookie.coordinator = await signIn(srv.url, DEMO.coordinator);
    cookie.physician = await signIn(srv.url, DEMO.physician);
    cookie.observer = await signIn(srv.url, DEMO.observer);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("records an emergency pathological fracture on Mme Moreau's femoral neck, with one audit row, and shows it on that lesion's board", async () => {
    const moreau = patient("DEMO-0001");
    // The seed names lesions demo-<case>-<n>; the femoral neck is her first (boards.json).
    const lesionId = `demo-${moreau.caseId}-1`;
    const before = audits();
    const res = await post(
      moreau.id,
      { eventKind: "pathologicalFracture", eventDate: today(), lesionId, origin: "emergency" },
      cookie.coordinator,
    );
    expect(res.status, await res.clone().text()).toBe(204);
    expect(events(moreau.id)).toMatchObject([
      { kind: "pathologicalFracture", lesion_id: lesionId, planned: 0, plan_item_id: null },
    ]);
    expect(audits()).toBe(before + 1);
    const [audit] = queryRows<{ action: string; entity: string; entity_id: number }>(
      srv.dbPath,
      "SELECT action, entity, entity_id FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    expect(audit).toEqual({
      action: "skeletalEvent.record",
      entity: "patient",
      entity_id: String(moreau.id),
    });

    const board = await get(
      srv.url,
      dataPath(`/cases/${moreau.caseId}/board`, BOARD),
      cookie.observer,
    );
    expect(board.status).toBe(200);
    const data = (await board.json()) as {
      skeletalEvents: { lesionId: string | null; kind: string; planned: boolean }[];
    };
    expect(data.skeletalEvents).toEqual([
      expect.objectContaining({ lesionId, kind: "pathologicalFracture", planned: false }),
    ]);
  });

  it("records a planned radiotherapy from M. Garnier's scheduled plan item and marks the item done on that date, in one change", async () => {
    const garnier = patient("DEMO-0002");
    const [item] = queryRows<{ id: number; lesion_id: string; state: string }>(
      srv.dbPath,
      "SELECT id, lesion_id, state FROM plan_items WHERE patient_id = ?",
      garnier.id,
    );
    expect(item?.state).toBe("planned");
    const itemId = String(item?.id);
    const lesionId = item?.lesion_id ?? "";
    const scheduled = await postForm(
      srv.url,
      dataPath("/worklists/coordinator", "routes/worklists.coordinator"),
      { intent: "schedule", planItemId: itemId, scheduledDate: inDays(-2) },
      { cookie: cookie.coordinator },
    );
    expect(scheduled.status, await scheduled.clone().text()).toBeLessThan(400);

    const before = audits();
    // Planned, but no plan item named: refused on planItemId, nothing written.
    const noItem = await post(
      garnier.id,
      { eventKind: "radiotherapyToBone", eventDate: inDays(-1), lesionId, origin: "planned" },
      cookie.physician,
    );
    expect(noItem.status).toBe(400);
    expect(await fieldsOf(noItem)).toEqual(["planItemId"]);
    // The item is on another lesion than the event's: refused on planItemId.
    const otherLesion = await post(
      garnier.id,
      {
        eventKind: "radiotherapyToBone",
        eventDate: inDays(-1),
        lesionId: `demo-${garnier.caseId}-2`,
        origin: "planned",
        planItemId: itemId,
      },
      cookie.physician,
    );
    expect(otherLesion.status).toBe(400);
    expect(await fieldsOf(otherLesion)).toEqual(["planItemId"]);
    expect(events(garnier.id)).toEqual([]);
    expect(audits()).toBe(before);

    const res = await post(
      garnier.id,
      {
        eventKind: "radiotherapyToBone",
        eventDate: inDays(-1),
        lesionId,
        origin: "planned",
        planItemId: itemId,
      },
      cookie.physician,
    );
    expect(res.status, await res.clone().text()).toBe(204);
    expect(events(garnier.id)).toMatchObject([
      { kind: "radiotherapyToBone", planned: 1, plan_item_id: item?.id, date: inDays(-1) },
    ]);
    expect(
      queryRows(srv.dbPath, "SELECT state, done_date FROM plan_items WHERE id = ?", item?.id),
    ).toEqual([{ state: "done", done_date: inDays(-1) }]);
    expect(audits()).toBe(before + 1);

    // The patient page lists it as planned.
    const page = await get(srv.url, dataPath(`/patients/${garnier.id}`, PAGE), cookie.observer);
    const data = (await page.json()) as { skeletal: { events: { planned: boolean }[] } };
    expect(data.skeletal.events.map((e) => e.planned)).toEqual([true]);

    // The board knows the lesion was irradiated that day, from the event and from the done plan
    // item alike (decision 130: the pain response after radiotherapy starts from it).
    const board = await get(
      srv.url,
      dataPath(`/cases/${garnier.caseId}/board`, BOARD),
      cookie.observer,
    );
    const boardData = (await board.json()) as {
      radiotherapies: { lesionId: string; date: string; from: string }[];
    };
    expect(boardData.radiotherapies).toEqual(
      expect.arrayContaining([
        { lesionId, date: inDays(-1), from: "skeletalEvent" },
        { lesionId, date: inDays(-1), from: "planItem" },
      ]),
    );
    expect(boardData.radiotherapies).toHaveLength(2);
  });

  it("records an emergency hypercalcaemia without a lesion, but a fracture without one is a 400 naming lesionId", async () => {
    const p = patient("DEMO-0003");
    const before = audits();
    const fracture = await post(
      p.id,
      { eventKind: "pathologicalFracture", eventDate: today(), lesionId: "", origin: "emergency" },
      cookie.coordinator,
    );
    expect(fracture.status).toBe(400);
    expect(await fieldsOf(fracture)).toEqual(["lesionId"]);
    expect(audits()).toBe(before);
    const res = await post(
      p.id,
      { eventKind: "hypercalcaemia", eventDate: today(), origin: "emergency" },
      cookie.coordinator,
    );
    expect(res.status).toBe(204);
    expect(events(p.id)).toMatchObject([{ kind: "hypercalcaemia", lesion_id: null, planned: 0 }]);
    expect(audits()).toBe(before + 1);
  });

  it("refuses bad input with a 400 naming each field, and writes nothing", async () => {
    const p = patient("DEMO-0005");
    const before = audits();
    const blank = await post(p.id, { eventKind: "", eventDate: "", origin: "" }, cookie.physician);
    expect(blank.status).toBe(400);
    // Nothing is pre-selected: kind, date and planned-or-emergency are each asked for.
    expect(await fieldsOf(blank)).toEqual(["eventDate", "eventKind", "origin"]);
    const future = await post(
      p.id,
      { eventKind: "hypercalcaemia", eventDate: inDays(3), origin: "emergency" },
      cookie.physician,
    );
    expect(future.status).toBe(400);
    expect(await fieldsOf(future)).toEqual(["eventDate"]);
    const offBoard = await post(
      p.id,
      { eventKind: "surgeryToBone", eventDate: today(), lesionId: "nowhere", origin: "emergency" },
      cookie.physician,
    );
    expect(offBoard.status).toBe(400);
    expect(await fieldsOf(offBoard)).toEqual(["lesionId"]);
    expect(events(p.id)).toEqual([]);
    expect(audits()).toBe(before);
  });

  it("answers an observer 403 and writes nothing", async () => {
    const p = patient("DEMO-0003");
    const count = countRows(srv.dbPath, "skeletal_events");
    const before = audits();
    const res = await post(
      p.id,
      { eventKind: "hypercalcaemia", eventDate: today(), origin: "emergency" },
      cookie.observer,
    );
    expect(res.status).toBe(403);
    expect(countRows(srv.dbPath, "skeletal_events")).toBe(count);
    expect(audits()).toBe(before);
  });
});
