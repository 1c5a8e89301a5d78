// The cache of computed results (server/usecases/cache.ts, decision 118): a value is served again
// only while no row of the database changed, whether the write came through the same connection
// (the server's own) or another one (a script, a restore).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createWriteCache } from "../../server/usecases/cache";

function freshDb() {
  const path = join(mkdtempSync(join(tmpdir(), "write-cache-")), "c.db");
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.exec("CREATE TABLE doses (id INTEGER PRIMARY KEY, date TEXT NOT NULL)");
  return { path, sqlite };
}

describe("results cached until the next write", () => {
  it("computes once while nothing is written, again after a write on the same connection", () => {
    const { sqlite } = freshDb();
    const cached = createWriteCache<number>();
    let computed = 0;
    const count = () =>
      cached(sqlite, "doses", () => {
        computed++;
        return (sqlite.prepare("SELECT count(*) AS n FROM doses").get() as { n: number }).n;
      });
    expect([count(), count(), computed]).toEqual([0, 0, 1]);
    sqlite.prepare("INSERT INTO doses (date) VALUES ('2026-12-01')").run();
    expect([count(), computed]).toEqual([1, 2]);
    // An update that changes a value, not the number of rows, is a write too.
    sqlite.prepare("UPDATE doses SET date = '2026-12-02'").run();
    count();
    expect(computed).toBe(3);
  });

  it("sees a row written by another connection", () => {
    const { path, sqlite } = freshDb();
    const cached = createWriteCache<number>();
    const count = () =>
      cached(
        sqlite,
        "doses",
        () => (sqlite.prepare("SELECT count(*) AS n FROM doses").get() as { n: number }).n,
      );
    expect(count()).toBe(0);
    const other = new Database(path);
    other.prepare("INSERT INTO doses (date) VALUES ('2026-12-01')").run();
    other.close();
    expect(count()).toBe(1);
  });

  it("keeps one value per key: another filter is computed apart", () => {
    const { sqlite } = freshDb();
    const cached = createWriteCache<string>();
    expect(cached(sqlite, "a", () => "first")).toBe("first");
    expect(cached(sqlite, "b", () => "second")).toBe("second");
    expect(cached(sqlite, "a", () => "not recomputed")).toBe("first");
  });
});
