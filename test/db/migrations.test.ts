// Migration 0001 renames the tumour board to "RCP" (decision 005). A database filled under the
// first schema is migrated and read back with a second connection: every row is still there,
// under the new names, with its keys and constraints.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "../../db";

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
  migrateDatabase(sqlite, folder);
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

/** How many migrations come before the one tagged `tag` in the journal. */
function indexOfMigration(tag: string): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const index = journal.entries.findIndex((e) => e.tag === tag);
  if (index < 0) throw new Error(`no migration ${tag}`);
  return index;
}

describe("migration 0015: records keep their creation time when they are updated", () => {
  it("gives patients, cases, meetings and plan items an updated_at of their own, keeping every row and reference", () => {
    const file = join(mkdtempSync(join(tmpdir(), "osteoboard-migrate-")), "old.db");
    const old = migrateFile(file, migrationsUpTo(indexOfMigration("0015_updated-at")));
    // Before 0015 the schema wrote its "updated" time into created_at: these values are the last
    // update of each row, the only time the old file still has.
    old.exec(`
      INSERT INTO users (id, email, display_name, password_hash, role) VALUES (1, 'a@x.fr', 'Dr A', 'h', 'physician');
      INSERT INTO rcps (id, name, institution) VALUES (7, 'RCP OOS Nord', 'CHU Nord');
      INSERT INTO patients (id, rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer, dental_check_date, created_at)
        VALUES (11, 7, 'IPP-1', 'Durand', 'Anne', '1950-01-02', 'F', '{"type":"breast"}', '2026-10-01', '2026-10-02T08:00:00.000Z');
      INSERT INTO cases (id, patient_id, question, referring_physician, urgency, status, summary, created_at)
        VALUES (21, 11, 'Col fémoral ?', 'Dr C', 'urgent', 'ready', 'Résumé', '2026-10-03T09:00:00.000Z');
      INSERT INTO meetings (id, rcp_id, date, time, place, status, created_at)
        VALUES (31, 7, '2026-10-10', '14:00', 'Salle 2', 'planned', '2026-10-04T10:00:00.000Z');
    `);
    old.close();

    const db = migrateFile(file, MIGRATIONS);
    const one = (sql: string) => db.prepare(sql).get();
    expect(
      one("SELECT created_at, updated_at, dental_check_date FROM patients WHERE id = 11"),
    ).toEqual({
      created_at: "2026-10-02T08:00:00.000Z",
      updated_at: "2026-10-02T08:00:00.000Z",
      dental_check_date: "2026-10-01",
    });
    expect(one("SELECT created_at, updated_at, summary FROM cases WHERE id = 21")).toEqual({
      created_at: "2026-10-03T09:00:00.000Z",
      updated_at: "2026-10-03T09:00:00.000Z",
      summary: "Résumé",
    });
    expect(one("SELECT created_at, updated_at FROM meetings WHERE id = 31")).toEqual({
      created_at: "2026-10-04T10:00:00.000Z",
      updated_at: "2026-10-04T10:00:00.000Z",
    });
    expect(db.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
    expect(one("PRAGMA foreign_keys")).toEqual({ foreign_keys: 1 });

    // An update now leaves the creation time alone, and the rebuilt tables keep their rules:
    // ids continue after the old ones, a case still needs an existing patient.
    db.prepare(
      "UPDATE patients SET weight_kg = 70, updated_at = '2026-11-30T12:00:00.000Z' WHERE id = 11",
    ).run();
    expect(one("SELECT created_at, updated_at FROM patients WHERE id = 11")).toEqual({
      created_at: "2026-10-02T08:00:00.000Z",
      updated_at: "2026-11-30T12:00:00.000Z",
    });
    const insertCase = db.prepare(
      "INSERT INTO cases (patient_id, question, referring_physician, urgency, status) VALUES (?, 'Q', 'Dr C', 'routine', 'draft')",
    );
    expect(Number(insertCase.run(11).lastInsertRowid)).toBe(22);
    expect(() => insertCase.run(99)).toThrow(/FOREIGN KEY/);
    const fresh = one("SELECT created_at, updated_at FROM cases WHERE id = 22") as {
      created_at: string;
      updated_at: string;
    };
    expect(fresh.updated_at).toBe(fresh.created_at);
    expect(fresh.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    db.close();
  });
});
