// Migration 0002 and its data step (decision 072): per-case boards written the way the code before
// it wrote them (one Y.Doc per case, root `discussion`, rows keyed by case_id) become one lesion map
// per patient. Checked lesion by lesion against each case's own board as it was: every lesion,
// score item, assessment, option and lesion discussion is in the patient's map; each case's
// discussion is in its own root; the stored rows are all still there; a second run changes nothing.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addAssessment,
  addLesion,
  caseDiscussion,
  discussionCaseIds,
  LEGACY_DISCUSSION_KEY,
  lesionDiscussion,
  lesionsMap,
  proposeOption,
  setScoreItem,
} from "../../app/domain/board/ydoc";
import { migrateDatabase } from "../../db";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { mergePatientBoards } from "../../server/collab/merge-boards";

const MIGRATIONS = resolve(import.meta.dirname, "../../migrations");

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

/** One per-case board as the code before decision 072 stored it: every update a row. */
class OldCaseBoard {
  readonly doc = new Y.Doc();
  private pending: Uint8Array[] = [];
  private clock = 0;
  constructor(
    private readonly sqlite: Database.Database,
    readonly caseId: number,
  ) {
    this.doc.on("update", (u: Uint8Array) => this.pending.push(u));
  }
  /** Stores what was edited since the last call, as sent by `userId`. */
  send(userId: number): number {
    let last = 0;
    for (const u of this.pending.splice(0)) {
      this.clock++;
      const at = `2026-10-${String(this.clock).padStart(2, "0")}T10:00:00.000Z`;
      last = Number(
        this.sqlite
          .prepare(
            'INSERT INTO board_updates (case_id, "update", user_id, created_at) VALUES (?, ?, ?, ?)',
          )
          .run(this.caseId, Buffer.from(u), userId, at).lastInsertRowid,
      );
    }
    return last;
  }
  snapshot(lastUpdateId: number, editors: number[]): void {
    this.sqlite
      .prepare(
        "INSERT INTO board_snapshots (case_id, state, last_update_id, editors, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        this.caseId,
        Buffer.from(Y.encodeStateAsUpdate(this.doc)),
        lastUpdateId,
        JSON.stringify(editors),
        "2026-10-15T12:00:00.000Z",
      );
  }
  lesionsJson(): Record<string, unknown> {
    return lesionsMap(this.doc).toJSON();
  }
}

type Row = Record<string, unknown>;
const rows = (db: Database.Database, sql: string): Row[] => db.prepare(sql).all() as Row[];

describe("migration 0002 and the board merge: one lesion map per patient", () => {
  let file: string;
  const before: Record<number, Record<string, unknown>> = {};
  let oldUpdates: Row[];
  let oldSnapshots: Row[];
  let oldRecords: Row[];

  beforeAll(() => {
    file = join(mkdtempSync(join(tmpdir(), "osteoboard-merge-")), "old.db");
    const old = migrateFile(file, migrationsUpTo(2));
    old.exec(`
      INSERT INTO users (id, email, display_name, password_hash, role) VALUES
        (1, 'a@x.fr', 'Dr A', 'h', 'physician'), (2, 'b@x.fr', 'Dr B', 'h', 'coordinator');
      INSERT INTO rcps (id, name, institution, fe_failure_load_body_weights) VALUES (7, 'RCP OOS', 'CHU', 2.5);
      INSERT INTO patients (id, rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer)
        VALUES (11, 7, 'IPP-11', 'Durand', 'Anne', '1950-01-02', 'F', '{"type":"breast"}'),
               (12, 7, 'IPP-12', 'Martin', 'Paul', '1948-03-04', 'M', '{"type":"prostate"}'),
               (13, 7, 'IPP-13', 'Petit', 'Luc', '1952-05-06', 'M', '{"type":"lung"}');
      INSERT INTO cases (id, patient_id, question, referring_physician, urgency, status) VALUES
        (21, 11, 'Col fémoral ?', 'Dr C', 'urgent', 'discussed'),
        (22, 11, 'Rachis ?', 'Dr C', 'routine', 'ready'),
        (23, 12, 'Bassin ?', 'Dr D', 'routine', 'ready'),
        (24, 13, 'Humérus ?', 'Dr D', 'routine', 'ready');
    `);

    // Patient 11, first meeting (case 21): a femur lesion fully worked up, and a humerus lesion
    // whose id case 22's board will also use (per-case boards could not see each other).
    const first = new OldCaseBoard(old, 21);
    addLesion(first.doc, {
      id: "femur-1",
      siteId: "femur.trochanteric",
      side: "right",
      lesionType: "lytic",
      size_mm: 32,
    });
    setScoreItem(first.doc, "femur-1", "mirels", "pain", "functional");
    setScoreItem(first.doc, "femur-1", "mirels", "size", "moreThanTwoThirds");
    const firstLook = first.send(1);
    first.snapshot(firstLook, [1]);
    addAssessment(first.doc, "femur-1", {
      id: "femur-1-a1",
      imagingDate: "2026-09-30",
      modality: "ct",
      response: "progression",
    });
    proposeOption(first.doc, "femur-1", {
      id: "femur-1-o1",
      treatmentId: "surgery.prophylacticNailing",
      proposedBy: 2,
      status: "retained",
      note: "Enclouage",
    });
    lesionDiscussion(first.doc, "femur-1").insert(0, "Risque fracturaire majeur");
    addLesion(first.doc, { id: "shared-1", siteId: "humerus.diaphysis", side: "left" });
    first.doc.getText(LEGACY_DISCUSSION_KEY).insert(0, "RCP 1 : enclouage prophylactique.");
    first.send(2);

    // Patient 11, second meeting (case 22): a spine lesion, and its own "shared-1".
    const second = new OldCaseBoard(old, 22);
    addLesion(second.doc, { id: "spine-1", siteId: "spine.T11", side: "midline" });
    setScoreItem(second.doc, "spine-1", "sins", "pain", "mechanical");
    setScoreItem(second.doc, "spine-1", "sins", "collapse", "under50");
    addLesion(second.doc, { id: "shared-1", siteId: "pelvis.ilium", side: "right" });
    second.doc.getText(LEGACY_DISCUSSION_KEY).insert(0, "RCP 2 : radiothérapie T11.");
    second.send(1);
    // Case 21's board edited again after case 22's (interleaved rows of one patient).
    first.doc
      .getText(LEGACY_DISCUSSION_KEY)
      .insert(first.doc.getText(LEGACY_DISCUSSION_KEY).length, " Revu.");
    first.send(1);

    // Patient 12: one case, no discussion.
    const other = new OldCaseBoard(old, 23);
    addLesion(other.doc, { id: "pelvis-1", siteId: "pelvis.ilium", side: "left" });
    other.send(2);

    for (const b of [first, second, other]) before[b.caseId] = b.lesionsJson();
    oldUpdates = rows(
      old,
      'SELECT id, case_id, "update", user_id, created_at FROM board_updates ORDER BY id',
    );
    oldSnapshots = rows(
      old,
      "SELECT id, case_id, state, last_update_id, editors, created_at FROM board_snapshots ORDER BY id",
    );
    oldRecords = rows(old, "SELECT * FROM patients ORDER BY id").concat(
      rows(old, "SELECT * FROM cases ORDER BY id"),
    );
    old.close();

    const migrated = migrateFile(file, MIGRATIONS);
    mergePatientBoards(
      migrated,
      () => new Date("2026-11-30T08:00:00.000Z"),
      () => {},
    );
    migrated.close();
  });

  function patientMap(patientId: number): Y.Doc {
    const db = new Database(file, { readonly: true });
    try {
      return loadStoredBoardDoc(createCollabStore(db), patientId);
    } finally {
      db.close();
    }
  }

  it("puts every lesion of both cases, with its score items, assessments, options and discussion, in the patient's map", () => {
    const map = lesionsMap(patientMap(11)).toJSON();
    // Which "shared-1" wins the key is Yjs's choice (client ids); the other is re-keyed.
    const rekey = "shared-1~case21" in map ? "shared-1~case21" : "shared-1~case22";
    expect(Object.keys(map).sort()).toEqual(["femur-1", "shared-1", rekey, "spine-1"].sort());
    for (const caseId of [21, 22]) {
      for (const [id, lesion] of Object.entries(before[caseId] ?? {})) {
        const kept = map[id] !== undefined && JSON.stringify(map[id]) === JSON.stringify(lesion);
        const rekeyed = map[`${id}~case${caseId}`];
        expect(kept || rekeyed !== undefined, `case ${caseId} lesion ${id}`).toBe(true);
        if (kept) expect(map[id]).toEqual(lesion);
        else expect(rekeyed).toEqual({ ...(lesion as object), id: `${id}~case${caseId}` });
      }
    }
    // The femur lesion in clinical terms, not only "equal to before".
    expect(map["femur-1"]).toMatchObject({
      siteId: "femur.trochanteric",
      size_mm: 32,
      mirels: { pain: "functional", size: "moreThanTwoThirds" },
      assessments: { "femur-1-a1": { imagingDate: "2026-09-30", response: "progression" } },
      options: {
        "femur-1-o1": { treatmentId: "surgery.prophylacticNailing", status: "retained" },
      },
      discussion: "Risque fracturaire majeur",
    });
    expect(map["spine-1"]).toMatchObject({ sins: { pain: "mechanical", collapse: "under50" } });
  });

  it("keeps both lesions two cases gave the same id: one re-keyed, none dropped", () => {
    const map = lesionsMap(patientMap(11)).toJSON() as Record<string, { siteId: string }>;
    const sites = Object.entries(map)
      .filter(([id]) => id.startsWith("shared-1"))
      .map(([, l]) => l.siteId)
      .sort();
    expect(sites).toEqual(["humerus.diaphysis", "pelvis.ilium"]);
    expect(Object.keys(map)).toHaveLength(4);
  });

  it("gives each case its own discussion and empties the mixed legacy root", () => {
    const doc = patientMap(11);
    expect(discussionCaseIds(doc)).toEqual([21, 22]);
    expect(caseDiscussion(doc, 21).toString()).toBe("RCP 1 : enclouage prophylactique. Revu.");
    expect(caseDiscussion(doc, 22).toString()).toBe("RCP 2 : radiothérapie T11.");
    expect(doc.getText(LEGACY_DISCUSSION_KEY).toString()).toBe("");
    const lone = patientMap(12);
    expect(Object.keys(lesionsMap(lone).toJSON())).toEqual(["pelvis-1"]);
    expect(lesionsMap(lone).toJSON()["pelvis-1"]).toEqual(before[23]?.["pelvis-1"]);
    expect(discussionCaseIds(lone)).toEqual([]);
  });

  it("keeps every stored row: updates with their author, time and case, per-case snapshots as history", () => {
    const db = new Database(file, { readonly: true });
    const updates = rows(
      db,
      'SELECT id, patient_id, case_id, "update", user_id, created_at FROM board_updates ORDER BY id',
    );
    const legacy = updates.slice(0, oldUpdates.length);
    expect(legacy.map(({ patient_id: _p, ...r }) => r)).toEqual(oldUpdates);
    expect(legacy.map((r) => r.patient_id)).toEqual(
      oldUpdates.map((r) => (r.case_id === 23 ? 12 : 11)),
    );
    // Then one migration update (no user, no case) for the patient whose discussions moved.
    expect(
      updates.slice(oldUpdates.length).map((r) => [r.patient_id, r.case_id, r.user_id]),
    ).toEqual([[11, null, null]]);
    const snapshots = rows(
      db,
      "SELECT id, patient_id, legacy_case_id, state, last_update_id, editors, created_at FROM board_snapshots ORDER BY id",
    );
    expect(
      snapshots
        .slice(0, oldSnapshots.length)
        .map(({ patient_id: _p, legacy_case_id, ...r }) => ({ ...r, case_id: legacy_case_id })),
    ).toEqual(oldSnapshots);
    expect(
      snapshots.slice(oldSnapshots.length).map((r) => [r.patient_id, r.legacy_case_id]),
    ).toEqual([
      [11, null],
      [12, null],
    ]);
    // Every old column keeps its value; later migrations (0004) only add nullable columns.
    const now = rows(db, "SELECT * FROM patients ORDER BY id").concat(
      rows(db, "SELECT * FROM cases ORDER BY id"),
    );
    expect(
      now.map((row, i) =>
        Object.fromEntries(Object.keys(oldRecords[i] ?? {}).map((k) => [k, row[k]])),
      ),
    ).toEqual(oldRecords);
    expect(now).toHaveLength(oldRecords.length);
    const projected = rows(
      db,
      "SELECT patient_id, lesion_id FROM board_lesions ORDER BY patient_id, lesion_id",
    );
    expect(
      projected.map(
        (r) => `${r.patient_id}/${String(r.lesion_id).replace(/~case2[12]$/, "~rekeyed")}`,
      ),
    ).toEqual(["11/femur-1", "11/shared-1", "11/shared-1~rekeyed", "11/spine-1", "12/pelvis-1"]);
    expect(
      rows(
        db,
        "SELECT patient_id, merged_at IS NOT NULL AS done FROM board_merges ORDER BY patient_id",
      ),
    ).toEqual([
      { patient_id: 11, done: 1 },
      { patient_id: 12, done: 1 },
    ]);
    db.close();
  });

  it("runs once: a second run (and a map created after the migration) changes nothing", () => {
    const db = new Database(file);
    const store = createCollabStore(db);
    // Patient 13's first map, written the new way after the migration.
    const doc = new Y.Doc();
    doc.on("update", (u: Uint8Array) =>
      store.appendUpdate(13, 24, 1, u, "2026-11-30T09:00:00.000Z"),
    );
    caseDiscussion(doc, 24).insert(0, "Nouvelle RCP");
    const count = (t: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const counts = ["board_updates", "board_snapshots", "board_lesions", "board_merges"].map(count);
    expect(
      mergePatientBoards(
        db,
        () => new Date(),
        () => {},
      ),
    ).toEqual([]);
    migrateDatabase(db, MIGRATIONS);
    expect(
      mergePatientBoards(
        db,
        () => new Date(),
        () => {},
      ),
    ).toEqual([]);
    expect(
      ["board_updates", "board_snapshots", "board_lesions", "board_merges"].map(count),
    ).toEqual(counts);
    expect(caseDiscussion(loadStoredBoardDoc(store, 13), 24).toString()).toBe("Nouvelle RCP");
    db.close();
  });
});
