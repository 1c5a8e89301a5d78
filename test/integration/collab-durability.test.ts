// Nothing acknowledged is lost: restarts, SIGKILL in the middle of a burst of edits, and the
// board history read back from the file (issue 5, acceptance: crash test).
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addLesion, boardJson, lesionsMap, readBoard } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { boardAtSnapshot, listBoardHistory, loadStoredBoardDoc } from "../../server/collab/history";
import { DEMO, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import {
  connectClient,
  insertEmptyCase,
  makeLesion,
  patientOfCase,
  sleep,
  type TestClient,
  waitFor,
} from "./collab-client";

const ENV = { COLLAB_PROJECTION_DEBOUNCE_MS: "50", COLLAB_ROOM_IDLE_MS: "200" };

/** The board as stored in the file (latest snapshot + tail), read by a second connection. */
function storedBoard(dbPath: string, caseId: number): Y.Doc {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return loadStoredBoardDoc(createCollabStore(sqlite), patientOfCase(dbPath, caseId));
  } finally {
    sqlite.close();
  }
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

describe("durability of the live board", () => {
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const track = (c: TestClient) => {
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.stop();
  });

  it("brings a 50-lesion board back identical after a restart, with its history", async () => {
    const first = await startServer({ env: ENV });
    servers.push(first);
    const cookie = await signIn(first.url, DEMO.physician);
    const caseId = insertEmptyCase(first.dbPath);
    const writer = track(connectClient(first.url, `case:${caseId}`, cookie));
    await writer.synced;
    for (let i = 0; i < 50; i++) addLesion(writer.doc, makeLesion(i));
    const before = stableJson(boardJson(writer.doc, caseId));
    await waitFor(
      () => stableJson(boardJson(storedBoard(first.dbPath, caseId), caseId)) === before,
      10_000,
    );
    writer.destroy();
    await first.stop();
    servers.pop();

    const second = await startServer({ dbPath: first.dbPath, port: first.port, env: ENV });
    servers.push(second);
    const reader = track(
      connectClient(second.url, `case:${caseId}`, await signIn(second.url, DEMO.coordinator)),
    );
    await reader.synced;
    expect(stableJson(boardJson(reader.doc, caseId))).toBe(before);
    const board = readBoard(reader.doc, caseId);
    expect(board.lesions).toHaveLength(50);
    expect(board.invalid).toEqual([]);

    // History: the graceful stop wrote a snapshot; it materialises the same board read-only.
    const sqlite = new Database(first.dbPath, { readonly: true });
    try {
      const view = { patientId: patientOfCase(first.dbPath, caseId), caseId };
      const history = listBoardHistory(sqlite, view);
      expect(history.entries.length).toBeGreaterThanOrEqual(1);
      const latest = history.entries[0];
      expect(latest?.editors.map((e) => e.displayName)).toHaveLength(1);
      expect(latest?.changes.filter((c) => c.kind === "added")).toHaveLength(50);
      const past = latest ? boardAtSnapshot(sqlite, view, latest.snapshotId) : undefined;
      expect(past?.lesions).toHaveLength(50);
      const foreign = { patientId: view.patientId + 1000, caseId };
      expect(boardAtSnapshot(sqlite, foreign, latest?.snapshotId ?? 0)).toBeUndefined();
    } finally {
      sqlite.close();
    }
  });

  it("loses no received edit when the server is SIGKILLed during 1,000 edits", async () => {
    const srv = await startServer({ env: ENV });
    servers.push(srv);
    const [writerCookie, readerCookie] = await Promise.all([
      signIn(srv.url, DEMO.physician),
      signIn(srv.url, DEMO.coordinator),
    ]);
    const caseId = insertEmptyCase(srv.dbPath);
    const room = `case:${caseId}`;
    const writer = track(connectClient(srv.url, room, writerCookie, { maxBackoffTime: 200 }));
    const reader = track(connectClient(srv.url, room, readerCookie));
    await Promise.all([writer.synced, reader.synced]);
    // A counter inside the board's own types (the server refuses other top-level types): one
    // nested map in the lesions map, created once by the writer before the burst.
    const probe = (doc: Y.Doc): Y.Map<number> => {
      const map = lesionsMap(doc).get("probe");
      return map instanceof Y.Map ? (map as Y.Map<number>) : new Y.Map<number>();
    };
    writer.doc.transact(() => lesionsMap(writer.doc).set("probe", new Y.Map()));
    await waitFor(() => lesionsMap(reader.doc).has("probe"), 5000, "probe map at the reader");

    const TOTAL = 1000;
    const killAfterMs = 100 + Math.floor(Math.random() * 700);
    let made = 0;
    const editing = (async () => {
      while (made < TOTAL) {
        // Small bursts with pauses: a meeting's rhythm, and room for the kill to land mid-burst.
        for (let k = 0; k < 4 && made < TOTAL; k++) {
          probe(writer.doc).set(`e${made}`, made);
          made++;
        }
        await sleep(4);
      }
    })();

    await sleep(killAfterMs);
    await srv.kill();
    const madeAtKill = made;
    const receivedBeforeKill = [...probe(reader.doc).keys()];
    const stored = probe(storedBoard(srv.dbPath, caseId));
    const missing = receivedBeforeKill.filter((k) => !stored.has(k));
    expect(missing, `kill after ${killAfterMs} ms, ${madeAtKill} edits made`).toEqual([]);
    // The kill landed in the middle of the burst, after the reader had received some edits.
    expect(madeAtKill).toBeLessThan(TOTAL);
    expect(receivedBeforeKill.length).toBeGreaterThan(0);

    const restarted = await startServer({ dbPath: srv.dbPath, port: srv.port, env: ENV });
    servers.push(restarted);
    // The reloaded board (a fresh client) has everything the reader had before the kill.
    const fresh = track(connectClient(restarted.url, room, readerCookie));
    await fresh.synced;
    for (const k of receivedBeforeKill) expect(probe(fresh.doc).has(k)).toBe(true);

    await editing;
    // The writer reconnects by itself (y-websocket backoff) and resends what the server lacks.
    await waitFor(() => probe(fresh.doc).size === TOTAL, 20_000, "all 1,000 edits after reconnect");
    await waitFor(
      () => probe(storedBoard(restarted.dbPath, caseId)).size === TOTAL,
      10_000,
      "stored",
    );
    expect([...lesionsMap(fresh.doc).keys()]).toEqual(["probe"]);
  });
});
