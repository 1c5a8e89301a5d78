// The planned BTA act of a signed decision on the real server (issue 12 §1, decision 106): M.
// Garnier's decision, signed at last week's demo meeting, continues his denosumab, so his next dose
// is planned; a correction of that decision cancels the act and plans its own; recording the dose
// closes it, and the dose row names the decision version that agreed it, with one audit row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const HADDAD = { email: "k.haddad@osteoboard.local", password: "medecin-demo-2026" };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface Planned {
  id: number;
  kind: string;
  state: string;
  decision_version_id: number;
  bta_event_id: number | null;
  cancel_reason: string | null;
}

describe("planned BTA act of a signed decision", () => {
  let srv: TestServer;
  const cookie = { coordinator: "", bernard: "" };
  const garnier = () =>
    queryRows<{ id: number; caseId: number }>(
      srv.dbPath,
      `SELECT p.id, c.id AS caseId FROM patients p JOIN cases c ON c.patient_id = p.id
       WHERE p.hospital_id = 'DEMO-0002'`,
    )[0] ?? { id: 0, caseId: 0 };
  const planned = (patientId: number) =>
    queryRows<Planned>(
      srv.dbPath,
      "SELECT * FROM bta_planned WHERE patient_id = ? ORDER BY id",
      patientId,
    );
  const versionId = (caseId: number, version: number) =>
    queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM decision_versions WHERE case_id = ? AND version = ?",
      caseId,
      version,
    )[0]?.id;
  const userId = (email: string) =>
    queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM users WHERE email = ?", email)[0]?.id ??
    0;

  async function openMeetingWith(caseId: number): Promise<number> {
    const res = await postForm(
      srv.url,
      "/meetings",
      {
        intent: "plan",
        rcpId: String(queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM rcps")[0]?.id),
        // Before the seeded radiotherapy's target date (a week from now), which the draft keeps.
        date: inDays(1),
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

  beforeAll(async () => {
    srv = await startServer();
    cookie.coordinator = await signIn(srv.url, DEMO.coordinator);
    cookie.bernard = await signIn(srv.url, DEMO.physician);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("plans M. Garnier's next denosumab dose from his signed 'continue', cancels it on a correction that plans its own, and closes that one when the dose is recorded", async () => {
    const g = garnier();
    const v1 = versionId(g.caseId, 1);
    // Signed by the seed through the same use case (server/seed/past-meeting.ts): "continue".
    expect(planned(g.id)).toMatchObject([
      { kind: "dose_given", state: "open", decision_version_id: v1, bta_event_id: null },
    ]);

    const meetingId = await openMeetingWith(g.caseId);
    const corrected = await postForm(
      srv.url,
      dataPath(`/cases/${g.caseId}/decision`, "routes/cases.$caseId.decision._index"),
      {
        intent: "sign",
        meetingId: String(meetingId),
        expectedVersion: "1",
        correctionReason: "Relecture du compte rendu",
        confirm: "on",
      },
      { cookie: cookie.bernard },
    );
    expect(corrected.status, await corrected.clone().text()).toBe(204);
    const v2 = versionId(g.caseId, 2);
    expect(v2).toBeDefined();
    expect(planned(g.id)).toMatchObject([
      { state: "cancelled", decision_version_id: v1, cancel_reason: "superseded:v2" },
      { kind: "dose_given", state: "open", decision_version_id: v2, bta_event_id: null },
    ]);

    const audits = countRows(srv.dbPath, "audit_log");
    const dose = await postForm(
      srv.url,
      dataPath(`/patients/${g.id}`, "routes/patients.$patientId._index"),
      { kind: "dose_given", date: inDays(0) },
      { cookie: cookie.bernard },
    );
    expect(dose.status, await dose.clone().text()).toBe(204);
    const [event] = queryRows<{ id: number; decision_version_id: number | null }>(
      srv.dbPath,
      "SELECT id, decision_version_id FROM bta_events WHERE patient_id = ? ORDER BY id DESC LIMIT 1",
      g.id,
    );
    expect(event?.decision_version_id).toBe(v2);
    expect(planned(g.id)[1]).toMatchObject({ state: "done", bta_event_id: event?.id });
    expect(countRows(srv.dbPath, "audit_log")).toBe(audits + 1);
    const [audit] = queryRows<{ action: string; after: string }>(
      srv.dbPath,
      "SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    expect(audit?.action).toBe("bta.dose_given");
    expect(JSON.parse(audit?.after ?? "{}")).toMatchObject({
      btaPlannedId: planned(g.id)[1]?.id,
      btaPlannedState: "done",
    });

    // The next dose closes nothing: no act is open, and no decision is claimed for it.
    const again = await postForm(
      srv.url,
      dataPath(`/patients/${g.id}`, "routes/patients.$patientId._index"),
      { kind: "dose_given", date: inDays(0) },
      { cookie: cookie.bernard },
    );
    expect(again.status, await again.clone().text()).toBe(204);
    const [next] = queryRows<{ decision_version_id: number | null }>(
      srv.dbPath,
      "SELECT decision_version_id FROM bta_events WHERE patient_id = ? ORDER BY id DESC LIMIT 1",
      g.id,
    );
    expect(next?.decision_version_id).toBeNull();
    expect(planned(g.id).map((p) => p.state)).toEqual(["cancelled", "done"]);
  });
});
