// Projections written by another build are stale (decision 136): the surgeon's list reads the
// engine's stored output (flags, sort key), so a release whose rules differ re-projects every board
// once instead of keeping the previous rules for the boards nobody edits. Real SQLite files, the
// demo seed's boards, and the compiled server.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCookie } from "@remix-run/node";
import { afterAll, describe, expect, it } from "vitest";
import { codeVersionOfFiles, createCollabStore, setProjectionCodeVersion } from "../../db/collab";
import { openDb } from "../../db/index";
import { projectStoredBoard } from "../../server/collab/projection";
import { seedDemo } from "../../server/seed/index";
import type { AppContext } from "../../server/usecases/context";
import { queryRows } from "../helpers/db";
import { startServer } from "../helpers/server";

afterAll(() => setProjectionCodeVersion(""));

type LesionRow = { patient_id: number; lesion_id: string; surgical: number; sort_key: number };
const lesionsSql =
  "SELECT patient_id, lesion_id, surgical, sort_key FROM board_lesions ORDER BY patient_id, lesion_id";

describe("the projection's code version", () => {
  it("makes every board stale under another build, and current again once re-projected", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "osteoboard-projection-")), "o.db");
    const { db, sqlite } = openDb(dbPath);
    const ctx: AppContext = {
      db,
      sqlite,
      sessionCookie: createCookie("t", { secrets: ["s"] }),
      sessionTtlHours: 1,
      now: () => new Date("2026-12-01T09:00:00Z"),
      timeZone: "Europe/Paris",
      dataDir: tmpdir(),
    };
    await seedDemo(ctx);
    const projectAll = () => {
      const store = createCollabStore(sqlite);
      for (const id of store.staleProjections(null)) {
        projectStoredBoard(store, id, "2026-12-01T09:00:00Z", () => {});
      }
    };
    const withBoards = (
      sqlite
        .prepare("SELECT DISTINCT patient_id FROM board_snapshots ORDER BY patient_id")
        .all() as {
        patient_id: number;
      }[]
    ).map((r) => r.patient_id);
    expect(withBoards.length).toBeGreaterThan(5);

    projectAll();
    expect(createCollabStore(sqlite).staleProjections(null)).toEqual([]);
    const before = queryRows<LesionRow>(dbPath, lesionsSql);
    expect(before.length).toBeGreaterThan(0);

    // A new build: every patient with a board is behind, though no board and no context changed.
    setProjectionCodeVersion("00ff00ff");
    expect(createCollabStore(sqlite).staleProjections(null)).toEqual(withBoards);
    projectAll();
    expect(createCollabStore(sqlite).staleProjections(null)).toEqual([]);
    // Same boards, same rules in this process: the same rows.
    expect(queryRows<LesionRow>(dbPath, lesionsSql)).toEqual(before);

    // And back: a store of the other build sees them all behind again.
    setProjectionCodeVersion("");
    expect(createCollabStore(sqlite).staleProjections(null)).toEqual(withBoards);
    sqlite.close();
  });

  it("refuses a version that is not hex (it is written into SQL text)", () => {
    expect(() => setProjectionCodeVersion("1' OR '1'='1")).toThrow(/hex/);
  });

  it("is the server bundle's hash: the server re-projects boards written by another build", async () => {
    const srv = await startServer();
    try {
      const keys = async () =>
        queryRows<{ context_key: string }>(srv.dbPath, "SELECT context_key FROM board_projections");
      // The seed's boards are projected in the background after the start.
      const deadline = Date.now() + 60_000;
      let rows = await keys();
      while (
        (rows.length === 0 || rows.some((r) => !/^[0-9a-f]{16}\|/.test(r.context_key))) &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setTimeout(r, 200));
        rows = await keys();
      }
      expect(rows.length).toBeGreaterThan(5);
      const versions = new Set(rows.map((r) => r.context_key.split("|")[0]));
      expect(versions.size).toBe(1);
      expect([...versions][0]).toBe(
        codeVersionOfFiles(["build/server/index.js", "build/index.js"]),
      );
    } finally {
      await srv.stop();
    }
  });
});
