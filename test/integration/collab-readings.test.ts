// Dated clinical readings on the live board (decision 130), with a real server, SQLite file and
// stock y-websocket clients: two physicians adding readings to one lesion at the same moment both
// keep theirs; an observer's reading is dropped by the server (never applied, stored nor sent on).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLesion, addReading, readLesion } from "../../app/domain/board/ydoc";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import {
  connectClient,
  insertEmptyCase,
  makeLesion,
  sleep,
  type TestClient,
  waitFor,
} from "./collab-client";

const SECOND_PHYSICIAN = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };

function readingIds(client: TestClient, lesionId: string): string[] {
  return Object.keys(readLesion(client.doc, lesionId)?.readings ?? {}).sort();
}

describe("dated clinical readings on the live board", () => {
  let srv: TestServer;
  let surgeon: string;
  let rheumatologist: string;
  let observer: string;
  const clients: TestClient[] = [];
  const client = (room: string, cookie: string) => {
    const c = connectClient(srv.url, room, cookie);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    srv = await startServer({ env: { COLLAB_PROJECTION_DEBOUNCE_MS: "50" } });
    [surgeon, rheumatologist, observer] = await Promise.all([
      signIn(srv.url, DEMO.physician),
      signIn(srv.url, SECOND_PHYSICIAN),
      signIn(srv.url, DEMO.observer),
    ]);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv?.stop();
  });

  it("keeps both readings when two physicians add one to the same lesion at the same moment, and drops the observer's", async () => {
    const room = `case:${insertEmptyCase(srv.dbPath)}`;
    const a = client(room, surgeon);
    const b = client(room, rheumatologist);
    const watcher = client(room, observer);
    await Promise.all([a.synced, b.synced, watcher.synced]);
    addLesion(a.doc, makeLesion(7));
    await waitFor(() => readLesion(b.doc, "lesion-7") !== undefined, 5000, "lesion on b");
    await waitFor(() => readLesion(watcher.doc, "lesion-7") !== undefined, 5000, "on observer");

    // Same moment: neither client has seen the other's reading when it writes its own.
    addReading(a.doc, "lesion-7", { id: "rdg-a", date: "2026-01-10", painNrs: 6 });
    addReading(b.doc, "lesion-7", {
      id: "rdg-b",
      date: "2026-02-10",
      painNrs: 2,
      omedMgPerDay: 30,
    });
    addReading(watcher.doc, "lesion-7", { id: "rdg-obs", date: "2026-02-11", painNrs: 9 });

    await waitFor(() => readingIds(a, "lesion-7").length === 2, 5000, "both readings on a");
    await waitFor(() => readingIds(b, "lesion-7").length === 2, 5000, "both readings on b");
    await waitFor(() => watcher.denied.length > 0, 5000, "observer told");
    expect(watcher.denied[0]).toMatch(/read-only/);
    await sleep(300);
    expect(readingIds(a, "lesion-7")).toEqual(["rdg-a", "rdg-b"]);
    expect(readingIds(b, "lesion-7")).toEqual(["rdg-a", "rdg-b"]);
    expect(readLesion(a.doc, "lesion-7")?.readings["rdg-b"]).toEqual({
      id: "rdg-b",
      date: "2026-02-10",
      painNrs: 2,
      omedMgPerDay: 30,
      note: "",
    });

    // What the server stored: a client joining later gets both physicians' readings, not the
    // observer's, and no update of the observer was written.
    const late = client(room, surgeon);
    await late.synced;
    expect(readingIds(late, "lesion-7")).toEqual(["rdg-a", "rdg-b"]);
    const observerId = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM users WHERE email = ?",
      DEMO.observer.email,
    )[0]?.id;
    expect(observerId).toBeDefined();
    expect(countRows(srv.dbPath, "board_updates", "user_id = ?", observerId)).toBe(0);
  });
});
