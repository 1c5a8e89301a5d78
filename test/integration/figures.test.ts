// The centre's figures through HTTP on the real server and SQLite file (issue 12 §6): a fixture of
// digestive-primary patients (no demo patient has one) is written into the server's database,
// /figures.csv is fetched with the period 2025 and the digestive filter, and every number is
// checked against values derived by hand below. A bad filter is a 400 naming the field.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../helpers/db";
import { DEMO, get, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const FILTER = "?from=2025-01-01&to=2025-12-31&cancer=digestive";

/** Whole days from an ISO date to another (calendar dates, no clock). */
function daysTo(iso: string, today: string): number {
  return (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000;
}

function seedFixture(dbPath: string): void {
  const db = new Database(dbPath);
  db.pragma("busy_timeout = 5000");
  const one = <T>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T;
  const run = (sql: string, ...p: unknown[]) => Number(db.prepare(sql).run(...p).lastInsertRowid);
  const rcpId = one<{ id: number }>("SELECT id FROM rcps ORDER BY id LIMIT 1").id;
  const userId = one<{ id: number }>(
    "SELECT id FROM users WHERE email = ?",
    DEMO.physician.email,
  ).id;
  const cancer = JSON.stringify({ type: "digestive", site: "colorectal" });
  db.transaction(() => {
    const patient = (hid: string, dx: string | null) =>
      run(
        `INSERT INTO patients (rcp_id, hospital_id, last_name, first_name, birth_date, sex,
           primary_cancer, bone_metastasis_diagnosis_date) VALUES (?, ?, 'Chiffre', ?, '1950-01-01', 'F', ?, ?)`,
        rcpId,
        hid,
        hid,
        cancer,
        dx,
      );
    const d1 = patient("FIG-1", "2025-01-10");
    const d2 = patient("FIG-2", "2025-03-01");
    const d3 = patient("FIG-3", "2025-04-01");
    const d4 = patient("FIG-4", null);
    const bta = (p: number, kind: string, date: string) =>
      run(
        "INSERT INTO bta_events (patient_id, kind, date, agent, recorded_by) VALUES (?, ?, ?, 'denosumab', ?)",
        p,
        kind,
        date,
        userId,
      );
    bta(d1, "initiate", "2025-02-19");
    bta(d1, "dose_given", "2025-05-20");
    bta(d2, "initiate", "2025-08-01");
    const event = (p: number, kind: string, date: string, planned: boolean) =>
      run(
        "INSERT INTO skeletal_events (patient_id, kind, date, planned, recorded_by) VALUES (?, ?, ?, ?, ?)",
        p,
        kind,
        date,
        planned ? 1 : 0,
        userId,
      );
    event(d1, "surgeryToBone", "2025-06-01", true);
    event(d3, "pathologicalFracture", "2025-05-01", false);
    event(d3, "surgeryToBone", "2025-05-03", false);
    event(d4, "surgeryToBone", "2025-07-01", false);
    const meetingId = run(
      "INSERT INTO meetings (rcp_id, date, time, place, status) VALUES (?, '2025-01-20', '07:30', 'Chiffres', 'closed')",
      rcpId,
    );
    const caseOf = (p: number) =>
      run(
        "INSERT INTO cases (patient_id, question, referring_physician, urgency, status) VALUES (?, 'Chiffres', 'Dr X', 'routine', 'discussed')",
        p,
      );
    const version = (caseId: number, p: number, v: number, quorum: boolean, at: string) =>
      run(
        `INSERT INTO decision_versions (case_id, patient_id, meeting_id, version, body, board_state,
           board_sha256, quorum_met, signed_by, signed_at) VALUES (?, ?, ?, ?, '{}', x'00', 'x', ?, ?, ?)`,
        caseId,
        p,
        meetingId,
        v,
        quorum ? 1 : 0,
        userId,
        at,
      );
    const c1 = caseOf(d1);
    const c2 = caseOf(d2);
    const v1 = version(c1, d1, 1, true, "2025-01-20T10:00:00.000Z");
    // Case 2: signed without quorum, then corrected with it: the version in force counts.
    version(c2, d2, 1, false, "2025-03-10T10:00:00.000Z");
    version(c2, d2, 2, true, "2025-03-17T10:00:00.000Z");
    const item = (state: string, target: string, done: string | null) =>
      run(
        `INSERT INTO plan_items (decision_version_id, patient_id, case_id, lesion_id, action,
           responsible_specialty, target_date, state, done_date) VALUES (?, ?, ?, 'l1', 'surgery', 'orthopaedic_surgery', ?, ?, ?)`,
        v1,
        d1,
        c1,
        target,
        state,
        done,
      );
    item("done", "2025-06-01", "2025-05-30");
    item("done", "2025-06-01", "2025-06-10");
    item("scheduled", "2025-07-01", null);
  })();
  db.close();
}

describe("the centre's figures over HTTP", () => {
  let srv: TestServer;
  let cookie = "";
  beforeAll(async () => {
    srv = await startServer();
    seedFixture(srv.dbPath);
    cookie = await signIn(srv.url, DEMO.observer);
  });
  afterAll(() => srv?.stop());

  it("downloads the figures of 2025's digestive primaries as a French CSV, each computed by hand", async () => {
    const res = await get(srv.url, `/figures.csv${FILTER}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The UTF-8 byte-order mark French Excel needs to read the accents, and CRLF line ends.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.endsWith("\r\n")).toBe(true);
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Indicateur;Numérateur;Dénominateur;Nature du dénominateur;Valeur;Unité");
    const row = (label: string) => {
      const found = lines.find((l) => l.startsWith(`${label};`));
      if (!found) throw new Error(`no row ${label} in\n${text}`);
      return found.split(";").slice(1);
    };
    // The server's "today" is the clinic's (CLINIC_TIME_ZONE, default Europe/Paris).
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    const py = (days: number) => (days / 365.25).toFixed(2).replace(".", ",");
    const per100 = (events: number, days: number) =>
      ((100 * events * 365.25) / days).toFixed(1).replace(".", ",");

    // Cohort: FIG-1, 2, 3 (FIG-4 has no diagnosis date); FIG-1 and FIG-2 started → 2/3 = 66,7 %.
    expect(row("Patients ayant débuté un anti-résorbeur osseux")).toEqual([
      "2",
      "3",
      "patients avec métastase osseuse diagnostiquée",
      "66,7",
      "%",
    ]);
    // FIG-1: 10/01 → 19/02 = 21 + 19 = 40 days; FIG-2: 01/03 → 01/08 = 31+30+31+30+31 = 153 days.
    // Median of 40 and 153 = 96.5; within 100 days: 1 of 2.
    expect(row("Délai médian diagnostic de la métastase osseuse → première dose")).toEqual([
      "",
      "2",
      "patients traités",
      "96,5",
      "jours",
    ]);
    expect(row("Premières doses dans les 100 jours").slice(0, 2)).toEqual(["1", "2"]);
    expect(row("Premières doses dans les 100 jours")[3]).toBe("50,0");
    // Early (FIG-1): one operation on 01/06/2025, followed from 10/01/2025 to today.
    const early = daysTo("2025-01-10", today);
    expect(row("Évènements osseux, début précoce (≤ 100 jours)")).toEqual([
      "1",
      py(early),
      "patients-années",
      per100(1, early),
      "pour 100 patients-années",
    ]);
    // Late (FIG-2): no event.
    expect(row("Évènements osseux, début tardif (> 100 jours)").slice(0, 2)).toEqual([
      "0",
      py(daysTo("2025-03-01", today)),
    ]);
    // Never (FIG-3): fracture 01/05 then surgery 03/05: two episodes, the second one a second event.
    const never = daysTo("2025-04-01", today);
    expect(row("Évènements osseux, sans anti-résorbeur à 100 jours").slice(0, 4)).toEqual([
      "2",
      py(never),
      "patients-années",
      per100(2, never),
    ]);
    const afterFirst = daysTo("2025-05-01", today);
    expect(row("Seconds évènements osseux, sans anti-résorbeur à 100 jours").slice(0, 2)).toEqual([
      "1",
      py(afterFirst),
    ]);
    // Operations of 2025: FIG-1 planned, FIG-3 and FIG-4 in emergency → 1/3 and 2/3.
    expect(row("Chirurgies osseuses programmées")).toEqual([
      "1",
      "3",
      "chirurgies osseuses",
      "33,3",
      "%",
    ]);
    expect(row("Chirurgies osseuses en urgence").slice(0, 4)).toEqual([
      "2",
      "3",
      "chirurgies osseuses",
      "66,7",
    ]);
    // Items: done 30/05 for 01/06 (on time), done 10/06 (late), scheduled for 01/07 (overdue).
    expect(row("Actions décidées réalisées à l'échéance").slice(0, 2)).toEqual(["1", "3"]);
    // Case 1 with quorum; case 2's version in force (v2) with quorum: 2/2.
    expect(row("Dossiers décidés avec le quorum")).toEqual([
      "2",
      "2",
      "dossiers décidés",
      "100,0",
      "%",
    ]);
  });

  it("shows the same figures on the page, table and charts", async () => {
    const res = await get(srv.url, `/figures${FILTER}`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-figure="btaStarted"');
    expect(html).toMatch(/<tr data-figure="operationsPlanned">.*?33,3/s);
    expect(html).toContain("<svg");
  });

  it("refuses a bad filter with a 400 naming the field, for the CSV and the page", async () => {
    const csv = await get(srv.url, "/figures.csv?from=2025-02-30", cookie);
    expect(csv.status).toBe(400);
    const body = (await csv.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(["from"]);
    expect(body.errors[0]?.message).toContain("date invalide");
    const cancer = await get(srv.url, "/figures.csv?cancer=liver", cookie);
    expect(cancer.status).toBe(400);
    expect(((await cancer.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe(
      "cancer",
    );
    const reversed = await get(srv.url, "/figures?from=2025-12-31&to=2025-01-01", cookie);
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toContain("la fin de la période précède son début");
  });

  it("counts a first dose recorded after the figures were computed on the very next request", async () => {
    const started = async () => {
      const res = await get(srv.url, `/figures.csv${FILTER}`, cookie);
      const line = (await res.text())
        .split("\r\n")
        .find((l) => l.startsWith("Patients ayant débuté un anti-résorbeur osseux;"));
      return line?.split(";").slice(1, 3);
    };
    expect(await started()).toEqual(["2", "3"]);
    // Written by another connection, as a restore or a script would: the cache must not hide it.
    const db = new Database(srv.dbPath);
    try {
      db.pragma("busy_timeout = 5000");
      db.prepare(
        `INSERT INTO bta_events (patient_id, kind, date, agent, recorded_by)
         SELECT id, 'initiate', '2025-06-01', 'denosumab', 1 FROM patients WHERE hospital_id = 'FIG-3'`,
      ).run();
    } finally {
      db.close();
    }
    expect(await started()).toEqual(["3", "3"]);
  });

  it("is for signed-in users only", async () => {
    const res = await get(srv.url, "/figures.csv");
    expect(res.status).toBe(302);
    expect(
      queryRows(srv.dbPath, "SELECT 1 FROM patients WHERE hospital_id = 'FIG-1'"),
    ).toHaveLength(1);
  });
});
