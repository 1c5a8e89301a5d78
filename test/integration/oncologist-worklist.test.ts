// The oncologist's worklist over HTTP on the real server (issue 12 §4, decision 107): "my
// patients" are those with a case I refer, overdue doses come first, the horizon filter widens
// what is due, a bad filter value is ignored with a message, and the page changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const ROUTE = "routes/worklists.oncologist";

interface Row {
  patient: { id: number; name: string };
  caseId: number | null;
  next: { kind: string; date: string; status: string } | null;
  warnings: { id: string; source: string }[];
  systemic: { caseId: number; version: number; action: string }[];
  overdue: boolean;
}
interface Data {
  rows: Row[];
  filter: { scope: string; within: number };
  ignored: string[];
  page: number;
  pageSize: number;
  total: number;
}

/** An ISO date `days` from today (UTC; the tests keep a margin of several days either side). */
const fromToday = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("the oncologist's worklist", () => {
  let srv: TestServer;
  let laurent: string;
  let rcpId: number;
  const ids: Record<string, number> = {};

  const list = async (query = ""): Promise<Data> => {
    const res = await get(srv.url, dataPath(`/worklists/oncologist${query}`, ROUTE), laurent);
    expect(res.status).toBe(200);
    return (await res.json()) as Data;
  };

  const patientForm = (name: string) => ({
    hospitalId: `ONC-${name}`,
    lastName: name,
    firstName: "Anne",
    birthDate: "1958-03-02",
    sex: "F",
    "primaryCancer.type": "breast",
    "primaryCancer.hormoneReceptor": "positive",
    "primaryCancer.her2": "negative",
    boneMetastasisDiagnosisDate: fromToday(-60),
    systemicTreatment: "hormone_therapy",
    survivalBand: "gt_2y",
    rcpId: String(rcpId),
  });

  async function patientWithCase(name: string, referrer: string): Promise<number> {
    const res = await postForm(srv.url, "/patients/new", patientForm(name), { cookie: laurent });
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("location")?.split("/").pop());
    const c = await postForm(
      srv.url,
      `/patients/${id}/cases/new`,
      {
        question: "Acide zolédronique ?",
        referringPhysician: referrer,
        urgency: "routine",
        status: "ready",
        btaInQuestion: "yes",
      },
      { cookie: laurent },
    );
    expect(c.status).toBe(302);
    return id;
  }

  async function startZoledronicAcid(patientId: number, date: string) {
    const res = await postForm(
      srv.url,
      dataPath(`/patients/${patientId}`, "routes/patients.$patientId._index"),
      {
        kind: "initiate",
        date,
        agent: "zoledronicAcid",
        intervalWeeks: "4",
        creatinineClearanceMlMin: "80",
        baselineCreatinineUmolL: "70",
        dentalCheckDate: fromToday(-90),
        calciumVitaminDPlan: "yes",
        baselineCalciumMmolL: "2.35",
      },
      { cookie: laurent },
    );
    expect(res.status).toBe(204);
  }

  beforeAll(async () => {
    srv = await startServer();
    laurent = await signIn(srv.url, LAURENT);
    const [r] = queryRows<{ rcp_id: number }>(
      srv.dbPath,
      "SELECT m.rcp_id FROM rcp_members m JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY m.rcp_id LIMIT 1",
      LAURENT.email,
    );
    rcpId = r?.rcp_id ?? 0;
    // Started 40 days ago every 4 weeks: the second infusion was due 12 days ago.
    ids.overdue = await patientWithCase("Retard", "Dr Sophie Laurent (rhumatologie)");
    await startZoledronicAcid(ids.overdue, fromToday(-40));
    // Started 10 days ago: the next infusion is in 18 days.
    ids.soon = await patientWithCase("Bientot", "dr sophie LAURENT");
    await startZoledronicAcid(ids.soon, fromToday(-10));
    // Another physician's patient, BTA indicated and never started: a warning, not mine.
    ids.other = await patientWithCase("Autre", "Dr Anne Leroy (oncologie)");
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("lists my overdue patient by default, with the dose date 12 days ago, and a board link", async () => {
    const data = await list();
    expect(data.filter).toEqual({ scope: "mine", within: 14 });
    const names = data.rows.map((r) => r.patient.id);
    expect(names).toEqual([ids.overdue]);
    const [row] = data.rows;
    expect(row?.next).toEqual({ kind: "dose", date: fromToday(-12), status: "overdue" });
    expect(row?.overdue).toBe(true);
    expect(row?.warnings.map((w) => w.id)).toContain("doseOverdue");
    const [own] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM cases WHERE patient_id = ?",
      ids.overdue,
    );
    expect(row?.caseId).toBe(own?.id);
    const html = await (await get(srv.url, "/worklists/oncologist", laurent)).text();
    expect(html).toContain(`/cases/${row?.caseId}/board`);
    expect(html).toContain("Liste de travail de l&#x27;oncologue");
  });

  it("within 30 days adds the dose due in 18 days, after the overdue one", async () => {
    const data = await list("?within=30");
    expect(data.rows.map((r) => r.patient.id)).toEqual([ids.overdue, ids.soon]);
    expect(data.rows[1]?.next).toEqual({ kind: "dose", date: fromToday(18), status: "due" });
  });

  it("all patients of my RCPs includes another physician's patient with the dental-check warning", async () => {
    const data = await list("?scope=rcps");
    const other = data.rows.find((r) => r.patient.id === ids.other);
    expect(other?.warnings.map((w) => w.id)).toContain("dentalCheckBeforeFirstDose");
    expect(other?.warnings.every((w) => w.source.length > 0)).toBe(true);
    // Overdue rows first (the demo data holds other overdue sequences): mine is among them.
    const firstNotOverdue = data.rows.findIndex((r) => !r.overdue);
    const mine = data.rows.findIndex((r) => r.patient.id === ids.overdue);
    expect(data.rows[mine]?.overdue).toBe(true);
    expect(data.rows.slice(firstNotOverdue).every((r) => !r.overdue)).toBe(true);
  });

  it("ignores a horizon that is not offered, says so, and writes nothing", async () => {
    const before = countRows(srv.dbPath, "audit_log");
    const data = await list("?within=15&scope=mine");
    expect(data.ignored).toEqual(["within"]);
    expect(data.filter).toEqual({ scope: "mine", within: 14 });
    const html = await (await get(srv.url, "/worklists/oncologist?within=abc", laurent)).text();
    expect(html).toContain("Paramètre ignoré (valeur non reconnue) : within");
    expect(countRows(srv.dbPath, "audit_log")).toBe(before);
  });

  it("lists Mme Blanc's signed 'resume denosumab' for her referring physician until the resumption is recorded", async () => {
    // The seed signs Mme Blanc's decision (server/seed/past-meeting.ts): denosumab to resume after
    // the dental extraction. Her referrer becomes Dr Laurent, through the case form.
    const [blanc] = queryRows<{ patientId: number; caseId: number }>(
      srv.dbPath,
      `SELECT p.id AS patientId, c.id AS caseId FROM patients p JOIN cases c ON c.patient_id = p.id
       WHERE p.hospital_id = 'DEMO-0008'`,
    );
    const patientId = blanc?.patientId ?? 0;
    const caseId = blanc?.caseId ?? 0;
    const mine = async () =>
      (await list("?within=90")).rows.find((r) => r.patient.id === patientId);
    expect(await mine()).toBeUndefined();
    const edit = await postForm(
      srv.url,
      `/cases/${caseId}/edit`,
      {
        question: "Métastase sacrée réfractaire à l'iode : thermoablation ou radiothérapie ?",
        referringPhysician: "Dr Sophie Laurent",
        urgency: "routine",
        status: "discussed",
        btaInQuestion: "yes",
        imagingDate: "2026-10-06",
        summary: "",
      },
      { cookie: laurent },
    );
    expect(edit.status, await edit.clone().text()).toBe(302);

    const waiting = await mine();
    expect(waiting?.systemic).toEqual([expect.objectContaining({ caseId, action: "resume" })]);
    const html = await (await get(srv.url, "/worklists/oncologist?within=90", laurent)).text();
    expect(html).toContain(`data-patient="${patientId}"`);

    const resumed = await postForm(
      srv.url,
      dataPath(`/patients/${patientId}`, "routes/patients.$patientId._index"),
      { kind: "resume", date: fromToday(0) },
      { cookie: laurent },
    );
    expect(resumed.status, await resumed.clone().text()).toBe(204);
    const [event] = queryRows<{ decision_version_id: number | null }>(
      srv.dbPath,
      "SELECT decision_version_id FROM bta_events WHERE patient_id = ? ORDER BY id DESC LIMIT 1",
      patientId,
    );
    expect(event?.decision_version_id).not.toBeNull();
    expect((await mine())?.systemic ?? []).toEqual([]);
  });

  it("is paged: the total counts every row, a page past the end is empty, a bad page is named and the first shown", async () => {
    const all = await list("?scope=rcps");
    // The demo data and this file's patients: fewer rows than a page.
    expect([all.page, all.pageSize, all.total]).toEqual([1, 50, all.rows.length]);
    const second = await list("?scope=rcps&page=2");
    expect([second.rows.length, second.total, second.page]).toEqual([0, all.total, 2]);
    const bad = await list("?scope=rcps&page=zero");
    expect([bad.page, bad.ignored, bad.rows.length]).toEqual([1, ["page"], all.rows.length]);
  });

  it("has previous and next links that keep the filters when the list is longer than a page", async () => {
    const html = await (
      await get(srv.url, "/worklists/oncologist?scope=rcps&within=30&page=2", laurent)
    ).text();
    // Page 2 of a short list: a link back to page 1 with the same filters, none forward.
    expect(html).toContain('href="/worklists/oncologist?scope=rcps&amp;within=30&amp;page=1"');
    expect(html).not.toContain("page=3");
  });
  // Each patient's replayed sequence is kept until their events, their record or the day change
  // (decision 138): after a write only the patients concerned are replayed, and these two show it.
  it("moves the next infusion 4 weeks on once today's is recorded, the other patient's unchanged", async () => {
    const before = await list("?within=30");
    expect(before.rows.find((r) => r.patient.id === ids.overdue)?.next?.status).toBe("overdue");
    const res = await postForm(
      srv.url,
      dataPath(`/patients/${ids.overdue}`, "routes/patients.$patientId._index"),
      { kind: "dose_given", date: fromToday(0), creatinineUmolL: "72" },
      { cookie: laurent },
    );
    expect(res.status, await res.clone().text()).toBe(204);
    const after = await list("?within=30");
    expect(after.rows.find((r) => r.patient.id === ids.overdue)?.next).toEqual({
      kind: "dose",
      date: fromToday(28),
      status: "due",
    });
    expect(after.rows.find((r) => r.patient.id === ids.soon)?.next).toEqual({
      kind: "dose",
      date: fromToday(18),
      status: "due",
    });
  });

  it("warns of no BTA at 3 months once the bone-metastasis diagnosis is corrected to 4 months ago", async () => {
    const warningsOfOther = async () =>
      (await list("?scope=rcps")).rows
        .find((r) => r.patient.id === ids.other)
        ?.warnings.map((w) => w.id);
    expect(await warningsOfOther()).not.toContain("noBtaAtThreeMonths");
    const edit = await postForm(
      srv.url,
      `/patients/${ids.other}/edit`,
      { ...patientForm("Autre"), boneMetastasisDiagnosisDate: fromToday(-120) },
      { cookie: laurent },
    );
    expect(edit.status, await edit.clone().text()).toBe(302);
    expect(await warningsOfOther()).toContain("noBtaAtThreeMonths");
  });
});
