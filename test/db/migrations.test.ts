// Migration 0001 renames the tumour board to "RCP" (decision 005). A database filled under the
// first schema is migrated and read back with a second connection: every row is still there,
// under the new names, with its keys and constraints.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";

const MIGRATIONS = resolve(import.meta.dirname, "../../migrations");

/** A copy of the migrations folder that stops after the first `count` migrations. */
function migrationsUpTo(count: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), "osteoboard-migrations-")), "migrations");
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

function migrateFile(file: string, folder: string) {
  const sqlite = new Database(file);
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  return sqlite;
}

describe("migration 0001: the tumour board becomes an RCP", () => {
  it("keeps every RCP, member, patient and audit row, with their keys and constraints", () => {
    const file = join(mkdtempSync(join(tmpdir(), "osteoboard-migrate-")), "old.db");
    const old = migrateFile(file, migrationsUpTo(1));
    old.exec(`
      INSERT INTO users (id, email, display_name, password_hash, role) VALUES
        (1, 'a@x.fr', 'Dr A', 'h', 'physician'), (2, 'b@x.fr', 'Dr B', 'h', 'coordinator');
      INSERT INTO boards (id, name, institution, fe_failure_load_body_weights) VALUES
        (7, 'RCP OOS Nord', 'CHU Nord', 2.5), (8, 'RCP OOS Sud', 'CH Sud', 3);
      INSERT INTO board_members (board_id, user_id) VALUES (7, 1), (7, 2), (8, 2);
      INSERT INTO patients (id, board_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer)
        VALUES (11, 7, 'IPP-1', 'Durand', 'Anne', '1950-01-02', 'F', '{"type":"breast"}'),
               (12, 8, 'IPP-1', 'Martin', 'Paul', '1948-03-04', 'M', '{"type":"prostate"}');
      INSERT INTO cases (id, patient_id, question, referring_physician, urgency, status)
        VALUES (21, 11, 'Col fémoral ?', 'Dr C', 'urgent', 'ready');
      INSERT INTO audit_log (user_id, entity, entity_id, action) VALUES
        (1, 'board', '7', 'create'), (1, 'patient', '11', 'create');
    `);
    old.close();

    migrateFile(file, MIGRATIONS).close();
    const db = new Database(file, { readonly: true });
    const all = (sql: string) => db.prepare(sql).all();
    const tables = all("SELECT name FROM sqlite_master WHERE type = 'table'").map(
      (r) => (r as { name: string }).name,
    );
    expect(tables).toEqual(expect.arrayContaining(["rcps", "rcp_members", "patients"]));
    expect(tables).not.toContain("boards");
    expect(tables).not.toContain("board_members");

    expect(
      all("SELECT id, name, institution, fe_failure_load_body_weights AS n FROM rcps ORDER BY id"),
    ).toEqual([
      { id: 7, name: "RCP OOS Nord", institution: "CHU Nord", n: 2.5 },
      { id: 8, name: "RCP OOS Sud", institution: "CH Sud", n: 3 },
    ]);
    expect(all("SELECT rcp_id, user_id FROM rcp_members ORDER BY rcp_id, user_id")).toEqual([
      { rcp_id: 7, user_id: 1 },
      { rcp_id: 7, user_id: 2 },
      { rcp_id: 8, user_id: 2 },
    ]);
    expect(all("SELECT id, rcp_id, hospital_id FROM patients ORDER BY id")).toEqual([
      { id: 11, rcp_id: 7, hospital_id: "IPP-1" },
      { id: 12, rcp_id: 8, hospital_id: "IPP-1" },
    ]);
    expect(all("SELECT id, patient_id FROM cases")).toEqual([{ id: 21, patient_id: 11 }]);
    expect(all("SELECT entity, entity_id FROM audit_log ORDER BY id")).toEqual([
      { entity: "rcp", entity_id: "7" },
      { entity: "patient", entity_id: "11" },
    ]);
    // The foreign keys now point at rcps, and every row satisfies them.
    expect(all("PRAGMA foreign_key_check")).toEqual([]);
    const fks = all("PRAGMA foreign_key_list(patients)") as { table: string; from: string }[];
    expect(fks.find((f) => f.from === "rcp_id")?.table).toBe("rcps");
    db.close();

    // A hospital id is still unique within one RCP, and an unknown RCP is still refused.
    const rw = new Database(file);
    rw.pragma("foreign_keys = ON");
    const insert = rw.prepare(
      "INSERT INTO patients (rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer) VALUES (?, ?, 'X', 'Y', '1950-01-01', 'F', '{}')",
    );
    expect(() => insert.run(7, "IPP-1")).toThrow(/UNIQUE/);
    expect(() => insert.run(99, "IPP-9")).toThrow(/FOREIGN KEY/);
    expect(() => rw.prepare("DELETE FROM rcps WHERE id = 8").run()).toThrow(/FOREIGN KEY/);
    rw.close();
  });
});
