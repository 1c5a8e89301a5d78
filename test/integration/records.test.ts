// Cases and their board history over HTTP, on a real server with the demo data: a case edit is
// one audit row with the values before and after; bad input is a 400 naming the field and writes
// nothing; the history page lists the stored states and shows the one asked for with `?s=`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

interface AuditRow {
  entity: string;
  entity_id: string;
  action: string;
  user_id: number;
  before: string;
  after: string;
}

describe("cases: edit and history", () => {
  let srv: TestServer;
  let coordinator: string;
  /** A demo case whose board the seed stored in two states (issue 5 §5). */
  let boardCaseId: number;
  const casesState = () => queryRows(srv.dbPath, "SELECT * FROM cases ORDER BY id");
  const audits = () => countRows(srv.dbPath, "audit_log");
  const snapshotsOf = (caseId: number) =>
    queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM board_snapshots WHERE patient_id = (SELECT patient_id FROM cases WHERE id = ?) ORDER BY id DESC",
      caseId,
    ).map((r) => r.id);

  beforeAll(async () => {
    srv = await startServer();
    coordinator = await signIn(srv.url, DEMO.coordinator);
    const [c] = queryRows<{ case_id: number }>(
      srv.dbPath,
      "SELECT min(u.case_id) AS case_id FROM board_snapshots s JOIN board_updates u ON u.patient_id = s.patient_id GROUP BY s.patient_id HAVING count(DISTINCT s.id) >= 2 ORDER BY 1 LIMIT 1",
    );
    boardCaseId = c?.case_id ?? 0;
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("records a case edit as one audit row with the values before and after", async () => {
    const [before] = queryRows<{
      id: number;
      question: string;
      urgency: string;
      created_at: string;
      updated_at: string;
    }>(srv.dbPath, "SELECT * FROM cases WHERE id = ?", boardCaseId);
    const auditsBefore = audits();
    const res = await postForm(
      srv.url,
      `/cases/${boardCaseId}/edit`,
      {
        question: "Vertèbre T8 : radiothérapie seule ou cimentoplastie d'abord ?",
        referringPhysician: "Dr Nouveau",
        urgency: "urgent",
        status: "ready",
        btaInQuestion: "yes",
      },
      { cookie: coordinator },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/cases/${boardCaseId}`);
    expect(audits()).toBe(auditsBefore + 1);
    // The edit moves the case's update time and leaves its creation time alone (migration 0015:
    // before it, both names wrote the one created_at column).
    const [after] = queryRows<{ created_at: string; updated_at: string }>(
      srv.dbPath,
      "SELECT created_at, updated_at FROM cases WHERE id = ?",
      boardCaseId,
    );
    expect(after?.created_at).toBe(before?.created_at);
    expect(after?.updated_at).not.toBe(before?.updated_at);
    expect(Date.parse(after?.updated_at ?? "")).toBeGreaterThan(
      Date.parse(before?.created_at ?? ""),
    );
    const [row] = queryRows<AuditRow>(
      srv.dbPath,
      "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    expect([row?.entity, row?.entity_id, row?.action]).toEqual([
      "case",
      String(boardCaseId),
      "update",
    ]);
    const [coordinatorRow] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM users WHERE email = ?",
      DEMO.coordinator.email,
    );
    expect(row?.user_id).toBe(coordinatorRow?.id);
    expect(JSON.parse(row?.before ?? "{}")).toMatchObject({
      question: before?.question,
      urgency: before?.urgency,
    });
    expect(JSON.parse(row?.after ?? "{}")).toMatchObject({
      question: "Vertèbre T8 : radiothérapie seule ou cimentoplastie d'abord ?",
      referringPhysician: "Dr Nouveau",
      urgency: "urgent",
    });
    const page = await (await get(srv.url, `/cases/${boardCaseId}`, coordinator)).text();
    expect(page).toContain("Vertèbre T8 : radiothérapie seule ou cimentoplastie d&#x27;abord ?");
  });

  it.each([
    ["an empty question", { question: "  " }, "question"],
    ["no referring physician", { referringPhysician: "" }, "referringPhysician"],
    ["an unknown urgency", { urgency: "tomorrow" }, "urgency"],
    ["an unknown status", { status: "archived" }, "status"],
    ["a question of 2,001 characters", { question: "x".repeat(2001) }, "question"],
  ])(
    "refuses a case edit with %s: 400 naming the field, nothing written",
    async (_l, change, field) => {
      const [cases, auditsBefore] = [casesState(), audits()];
      const res = await postForm(
        srv.url,
        dataPath(`/cases/${boardCaseId}/edit`, "routes/cases.$caseId.edit"),
        {
          question: "Une question valide",
          referringPhysician: "Dr Valide",
          urgency: "routine",
          status: "draft",
          btaInQuestion: "no",
          ...change,
        },
        { cookie: coordinator },
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(body.errors.map((e) => e.field)).toEqual([field]);
      expect(body.errors[0]?.message.length).toBeGreaterThan(0);
      expect(casesState()).toEqual(cases);
      expect(audits()).toBe(auditsBefore);
    },
  );

  it("renders the history page with one entry per stored state, newest selected", async () => {
    const ids = snapshotsOf(boardCaseId);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const res = await get(srv.url, `/cases/${boardCaseId}/history`, coordinator);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of ids) expect(html).toContain(`href="/cases/${boardCaseId}/history?s=${id}"`);
    const data = (await (
      await get(
        srv.url,
        dataPath(`/cases/${boardCaseId}/history`, "routes/cases.$caseId.history"),
        coordinator,
      )
    ).json()) as { entries: { snapshotId: number }[]; selected: { snapshotId: number } | null };
    expect(data.entries.map((e) => e.snapshotId)).toEqual(ids);
    expect(data.selected?.snapshotId).toBe(ids[0]);
  });

  it("shows the state asked for with ?s=: the first look, before the options were proposed", async () => {
    const ids = snapshotsOf(boardCaseId);
    const oldest = ids[ids.length - 1] ?? 0;
    const read = async (s: string) =>
      (await (
        await get(
          srv.url,
          dataPath(`/cases/${boardCaseId}/history?s=${s}`, "routes/cases.$caseId.history"),
          coordinator,
        )
      ).json()) as {
        selected: {
          snapshotId: number;
          board: { lesions: { options: Record<string, unknown> }[] };
        } | null;
      };
    const first = await read(String(oldest));
    expect(first.selected?.snapshotId).toBe(oldest);
    // The seed's first state maps lesions only; options come with the work-up (seed/case-boards.ts).
    expect(first.selected?.board.lesions.length).toBeGreaterThan(0);
    expect(first.selected?.board.lesions.flatMap((l) => Object.keys(l.options))).toEqual([]);
    const latest = await read(String(ids[0]));
    expect(
      latest.selected?.board.lesions.flatMap((l) => Object.keys(l.options)).length,
    ).toBeGreaterThan(0);
    const html = await (
      await get(srv.url, `/cases/${boardCaseId}/history?s=${oldest}`, coordinator)
    ).text();
    // The list marks the state shown (aria-current), and only that one.
    const current = html.match(/<a[^>]*aria-current="true"[^>]*>/g) ?? [];
    expect(current).toHaveLength(1);
    expect(current[0]).toContain(`href="/cases/${boardCaseId}/history?s=${oldest}"`);
  });

  it("answers a bad or foreign ?s= with the page, never another case's board", async () => {
    const [other] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM board_snapshots WHERE patient_id <> (SELECT patient_id FROM cases WHERE id = ?) ORDER BY id LIMIT 1",
      boardCaseId,
    );
    expect(other).toBeDefined();
    for (const s of ["abc", "-1", "1e3", "99999999", "99999999999999999999", String(other?.id)]) {
      const path = `/cases/${boardCaseId}/history?s=${encodeURIComponent(s)}`;
      const page = await get(srv.url, path, coordinator);
      expect(page.status, path).toBe(200);
      const data = (await (
        await get(srv.url, dataPath(path, "routes/cases.$caseId.history"), coordinator)
      ).json()) as { selected: { snapshotId: number } | null };
      expect(data.selected?.snapshotId, path).not.toBe(other?.id);
    }
  });
});
