// The surgeon's worklist reads the board read model (board_lesions), kept current by a per-patient
// marker (decision 118). On the real server and SQLite file: a lesion changed through a real Yjs
// client shows its new values; a weight change that moves the FE failure load across the RCP's
// threshold changes the list with no board edit; a board stored without a live room (as the seed
// and a restore write them) is listed (decision 103's guarantee).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { BoardLesionDraft } from "../../app/domain/board/schema";
import { addLesion, setScoreItem } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { queryRows } from "../helpers/db";
import { DEMO, dataPath, get, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import {
  connectClient,
  insertEmptyCase,
  makeLesion,
  patientOfCase,
  type TestClient,
  waitFor,
} from "./collab-client";

const SURGEON = "routes/worklists.surgeon";
// Standard gravity, as the engine converts body weight to newtons (app/domain/risk/summary.ts).
const G = 9.80665;

interface SurgeonRow {
  patient: { id: number };
  lesionId: string;
  surgicalFlags: { id: string }[];
  mirels: number | string | null;
  failureLoad_N: number | null;
}

/** A femoral-neck lesion with no Mirels, SINS or ESCC: only the FE load can make it surgical. */
function feLesion(id: string, failureLoad_N: number, userId: number): BoardLesionDraft {
  const { mirels: _m, sins: _s, escc: _e, frankel: _f, ...base } = makeLesion(0, userId);
  return {
    ...base,
    id,
    siteId: "femur.neck",
    side: "left",
    lesionType: "blastic",
    pain: { nrs: 0, character: "nonMechanical" },
    fe: { failureLoad_N },
  };
}

describe("surgeon's worklist from the board read model", () => {
  let srv: TestServer;
  let cookie = "";
  const clients: TestClient[] = [];

  const rows = async () => {
    const res = await get(srv.url, dataPath("/worklists/surgeon", SURGEON), cookie);
    expect(res.status).toBe(200);
    return ((await res.json()) as { rows: SurgeonRow[] }).rows;
  };
  /** Polls the list until `check` holds (the client's update reaches the server asynchronously). */
  async function listUntil(check: (r: SurgeonRow[]) => boolean): Promise<SurgeonRow[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const list = await rows();
      if (check(list) || Date.now() > deadline) return list;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const write = (sql: string, ...params: unknown[]) => {
    const db = new Database(srv.dbPath);
    try {
      db.pragma("busy_timeout = 5000");
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    srv = await startServer();
    cookie = await signIn(srv.url, DEMO.physician);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv?.stop();
  });

  it("follows a lesion edited live, and the patient's weight crossing the FE threshold", async () => {
    const caseId = insertEmptyCase(srv.dbPath);
    const patientId = patientOfCase(srv.dbPath, caseId);
    const threshold =
      queryRows<{ n: number }>(
        srv.dbPath,
        "SELECT r.fe_failure_load_body_weights AS n FROM patients p JOIN rcps r ON r.id = p.rcp_id WHERE p.id = ?",
        patientId,
      )[0]?.n ?? 0;
    expect(threshold).toBeGreaterThan(0);
    write("UPDATE patients SET weight_kg = 60 WHERE id = ?", patientId);
    // Above the threshold for 60 kg, below it for 90 kg: N × 75 kg × g.
    const load = Math.round(threshold * 75 * G);
    const userId =
      queryRows<{ id: number }>(
        srv.dbPath,
        "SELECT id FROM users WHERE email = ?",
        DEMO.physician.email,
      )[0]?.id ?? 0;
    const client = connectClient(srv.url, `case:${caseId}`, cookie);
    clients.push(client);
    await client.synced;
    addLesion(client.doc, feLesion("perf-fe", load, userId));
    const mine = (list: SurgeonRow[]) =>
      list.filter((r) => r.patient.id === patientId && r.lesionId === "perf-fe");

    // Stored through the live room, but not surgical at 60 kg: not listed.
    await waitFor(
      () =>
        queryRows(srv.dbPath, "SELECT 1 FROM board_updates WHERE patient_id = ?", patientId)
          .length > 0,
    );
    expect(mine(await rows())).toEqual([]);

    // A lower failure load (a new FE result typed on the board) is below 3 × 60 kg: listed.
    const low = Math.round(threshold * 40 * G);
    setScoreItem(client.doc, "perf-fe", "fe", "failureLoad_N", low);
    let list = await listUntil((l) => mine(l).length === 1);
    expect(mine(list).map((r) => [r.failureLoad_N, r.surgicalFlags.map((f) => f.id)])).toEqual([
      [low, ["ortho.feFailureLoad"]],
    ]);

    // Back above the threshold: the lesion leaves the list.
    setScoreItem(client.doc, "perf-fe", "fe", "failureLoad_N", load);
    list = await listUntil((l) => mine(l).length === 0);
    expect(mine(list)).toEqual([]);

    // No board edit: the patient now weighs 90 kg, and the same load is below N × 90 kg.
    write("UPDATE patients SET weight_kg = 90 WHERE id = ?", patientId);
    list = await rows();
    expect(mine(list).map((r) => [r.failureLoad_N, r.surgicalFlags.map((f) => f.id)])).toEqual([
      [load, ["ortho.feFailureLoad"]],
    ]);
  });

  it("pages the list: a page past the end is empty with the same total, a bad page is ignored", async () => {
    const page = async (q: string) => {
      const res = await get(srv.url, dataPath(`/worklists/surgeon${q}`, SURGEON), cookie);
      expect(res.status).toBe(200);
      return (await res.json()) as {
        rows: unknown[];
        total: number;
        page: number;
        pageIgnored: boolean;
      };
    };
    const first = await page("");
    expect(first.total).toBe(first.rows.length);
    expect(first.total).toBeGreaterThan(0);
    const second = await page("?page=2");
    expect([second.rows.length, second.total, second.page]).toEqual([0, first.total, 2]);
    const bad = await page("?page=deux");
    expect([bad.page, bad.pageIgnored, bad.rows.length]).toEqual([1, true, first.rows.length]);
  });

  it("keeps each projected lesion's surgical flag and sort key in their own indexed columns (decision 120)", async () => {
    await rows();
    const projected = queryRows<{
      siteId: string;
      surgical: number;
      sortKey: number;
      flags: number;
      jsonSortKey: number;
    }>(
      srv.dbPath,
      `SELECT site_id AS siteId, surgical, sort_key AS sortKey,
         json_array_length(scores, '$.surgicalFlags') AS flags,
         json_extract(scores, '$.sortKey') AS jsonSortKey FROM board_lesions`,
    );
    // Mme Moreau's femoral neck, Mirels 12 (Mirels 1989: >= 9, fixation): flagged.
    expect(projected.find((l) => l.siteId === "femur.neck")?.surgical).toBe(1);
    // The demo boards hold lesions with and without a proposed operation.
    expect(new Set(projected.map((l) => l.surgical))).toEqual(new Set([0, 1]));
    for (const l of projected) {
      expect([l.siteId, l.surgical]).toEqual([l.siteId, l.flags > 0 ? 1 : 0]);
      expect([l.siteId, l.sortKey]).toEqual([l.siteId, l.jsonSortKey]);
    }
  });

  it("lists a board stored without a live room, as the seed and a restore write it", async () => {
    const caseId = insertEmptyCase(srv.dbPath);
    const patientId = patientOfCase(srv.dbPath, caseId);
    const doc = new Y.Doc();
    const base = makeLesion(1);
    addLesion(doc, {
      ...base,
      id: "stored-neck",
      siteId: "femur.neck",
      side: "right",
      lesionType: "lytic",
      pain: { nrs: 7, character: "mechanical" },
      mirels: { pain: "functional", size: "moreThanTwoThirds" },
    });
    const sqlite = new Database(srv.dbPath);
    try {
      sqlite.pragma("busy_timeout = 5000");
      createCollabStore(sqlite).writeSnapshot(
        patientId,
        Y.encodeStateAsUpdate(doc),
        0,
        [],
        new Date().toISOString(),
      );
    } finally {
      sqlite.close();
      doc.destroy();
    }
    const row = (await rows()).find((r) => r.patient.id === patientId);
    // Peritrochanteric 3 + functional pain 3 + lytic 3 + more than 2/3 of the width 3 (Mirels 1989).
    expect(row?.mirels).toBe(12);
    expect(row?.surgicalFlags.map((f) => f.id)).toContain("ortho.mirelsFixation");
  });
});
