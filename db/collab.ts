// SQL of the live case boards (tables board_updates, board_snapshots, board_lesions). Prepared
// better-sqlite3 statements: the update append is on the hot path of every edit (stack.md §4:
// "append then compact", one row per accepted update, about tens of µs in WAL mode).
import type { Sqlite } from "./index";

export interface StoredUpdate {
  id: number;
  update: Uint8Array;
  userId: number | null;
}

export interface StoredSnapshot {
  id: number;
  caseId: number;
  state: Uint8Array;
  lastUpdateId: number;
  editors: number[];
  createdAt: string;
}

export interface SnapshotMeta {
  id: number;
  lastUpdateId: number;
  editors: number[];
  createdAt: string;
}

export interface StoredBoard {
  snapshot: StoredSnapshot | null;
  /** Updates after the snapshot, oldest first. */
  tail: StoredUpdate[];
}

export interface ProjectedLesionRow {
  lesionId: string;
  siteId: string;
  side: string | null;
  lesionType: string | null;
  fractureRisk: string;
  neuroRisk: string;
  painLevel: string;
  worstRisk: string;
  scores: unknown;
}

export interface CaseRiskContextRow {
  rcpId: number;
  feFailureLoadBodyWeights: number;
  weightKg: number | null;
}

interface SnapshotRow {
  id: number;
  case_id: number;
  state: Buffer;
  last_update_id: number;
  editors: string;
  created_at: string;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

function parseEditors(json: string): number[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : [];
  } catch {
    return [];
  }
}

function toSnapshot(row: SnapshotRow): StoredSnapshot {
  return {
    id: row.id,
    caseId: row.case_id,
    state: row.state,
    lastUpdateId: row.last_update_id,
    editors: parseEditors(row.editors),
    createdAt: row.created_at,
  };
}

export type CollabStore = ReturnType<typeof createCollabStore>;

export function createCollabStore(sqlite: Sqlite) {
  const insertUpdate = sqlite.prepare(
    'INSERT INTO board_updates (case_id, "update", user_id, created_at) VALUES (?, ?, ?, ?)',
  );
  const latestSnapshot = sqlite.prepare(
    "SELECT * FROM board_snapshots WHERE case_id = ? ORDER BY id DESC LIMIT 1",
  );
  const tailAfter = sqlite.prepare(
    'SELECT id, "update" AS u, user_id FROM board_updates WHERE case_id = ? AND id > ? ORDER BY id',
  );
  const insertSnapshot = sqlite.prepare(
    "INSERT INTO board_snapshots (case_id, state, last_update_id, editors, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const snapshotList = sqlite.prepare(
    "SELECT id, last_update_id, editors, created_at FROM board_snapshots WHERE case_id = ? ORDER BY id DESC LIMIT ?",
  );
  const snapshotById = sqlite.prepare("SELECT * FROM board_snapshots WHERE case_id = ? AND id = ?");
  const previousSnapshot = sqlite.prepare(
    "SELECT * FROM board_snapshots WHERE case_id = ? AND id < ? ORDER BY id DESC LIMIT 1",
  );
  const tailEditors = sqlite.prepare(
    "SELECT DISTINCT user_id FROM board_updates WHERE case_id = ? AND id > ? AND user_id IS NOT NULL",
  );
  const deleteLesions = sqlite.prepare("DELETE FROM board_lesions WHERE case_id = ?");
  const insertLesion = sqlite.prepare(
    `INSERT INTO board_lesions (case_id, lesion_id, site_id, side, lesion_type, fracture_risk,
       neuro_risk, pain_level, worst_risk, scores, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const riskContext = sqlite.prepare(
    `SELECT b.id AS rcpId, b.fe_failure_load_body_weights AS feFailureLoadBodyWeights,
       p.weight_kg AS weightKg
     FROM cases c JOIN patients p ON p.id = c.patient_id JOIN rcps b ON b.id = p.rcp_id
     WHERE c.id = ?`,
  );
  const storedCases = sqlite.prepare(
    `SELECT case_id FROM board_snapshots UNION SELECT case_id FROM board_updates ORDER BY case_id`,
  );

  const replaceLesions = sqlite.transaction(
    (caseId: number, rows: readonly ProjectedLesionRow[], at: string) => {
      deleteLesions.run(caseId);
      for (const r of rows) {
        insertLesion.run(
          caseId,
          r.lesionId,
          r.siteId,
          r.side,
          r.lesionType,
          r.fractureRisk,
          r.neuroRisk,
          r.painLevel,
          r.worstRisk,
          JSON.stringify(r.scores),
          at,
        );
      }
    },
  );

  return {
    /** Appends one accepted update; returns its row id. Committed when this returns. */
    appendUpdate(caseId: number, userId: number | null, update: Uint8Array, at: string): number {
      return Number(insertUpdate.run(caseId, asBuffer(update), userId, at).lastInsertRowid);
    },

    /** Latest snapshot plus every update after it: what a room loads. */
    loadBoard(caseId: number): StoredBoard {
      const row = latestSnapshot.get(caseId) as SnapshotRow | undefined;
      const snapshot = row ? toSnapshot(row) : null;
      const tail = (
        tailAfter.all(caseId, snapshot?.lastUpdateId ?? 0) as {
          id: number;
          u: Buffer;
          user_id: number | null;
        }[]
      ).map((r) => ({ id: r.id, update: r.u, userId: r.user_id }));
      return { snapshot, tail };
    },

    writeSnapshot(
      caseId: number,
      state: Uint8Array,
      lastUpdateId: number,
      editors: readonly number[],
      at: string,
    ): number {
      const info = insertSnapshot.run(
        caseId,
        asBuffer(state),
        lastUpdateId,
        JSON.stringify([...editors].sort((a, b) => a - b)),
        at,
      );
      return Number(info.lastInsertRowid);
    },

    /** Snapshot metadata, newest first. */
    listSnapshots(caseId: number, limit: number): SnapshotMeta[] {
      return (
        snapshotList.all(caseId, limit) as {
          id: number;
          last_update_id: number;
          editors: string;
          created_at: string;
        }[]
      ).map((r) => ({
        id: r.id,
        lastUpdateId: r.last_update_id,
        editors: parseEditors(r.editors),
        createdAt: r.created_at,
      }));
    },

    getSnapshot(caseId: number, snapshotId: number): StoredSnapshot | undefined {
      const row = snapshotById.get(caseId, snapshotId) as SnapshotRow | undefined;
      return row ? toSnapshot(row) : undefined;
    },

    previousSnapshot(caseId: number, snapshotId: number): StoredSnapshot | undefined {
      const row = previousSnapshot.get(caseId, snapshotId) as SnapshotRow | undefined;
      return row ? toSnapshot(row) : undefined;
    },

    /** Users who sent updates after the given update id (not yet folded into a snapshot). */
    editorsAfter(caseId: number, afterUpdateId: number): number[] {
      return (tailEditors.all(caseId, afterUpdateId) as { user_id: number }[]).map(
        (r) => r.user_id,
      );
    },

    /** Replaces the projected lesions of one case in one transaction. */
    replaceLesions(caseId: number, rows: readonly ProjectedLesionRow[], at: string): void {
      replaceLesions(caseId, rows, at);
    },

    caseRiskContext(caseId: number): CaseRiskContextRow | undefined {
      return riskContext.get(caseId) as CaseRiskContextRow | undefined;
    },

    /** Cases that have a stored board (for the projection rebuild). */
    casesWithBoards(): number[] {
      return (storedCases.all() as { case_id: number }[]).map((r) => r.case_id);
    },
  };
}

export function userNames(sqlite: Sqlite, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = sqlite
    .prepare(`SELECT id, display_name FROM users WHERE id IN (${ids.map(() => "?").join(",")})`)
    .all(...ids) as { id: number; display_name: string }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** One stored board update without its bytes: who sent it, when, to which case (admin audit). */
export interface BoardUpdateMeta {
  id: number;
  caseId: number;
  patientId: number;
  userId: number | null;
  createdAt: string;
}

export interface BoardUpdateFilter {
  patientId?: number;
  /** Calendar days 'YYYY-MM-DD', inclusive. */
  from?: string;
  to?: string;
  /** Only updates older than this id (the "older entries" page). */
  beforeId?: number;
  limit: number;
}

/**
 * The board updates the audit page reads, newest first. The one query that knows how updates
 * reach a patient (through the case today; issue 10 §2 moves boards to one per patient, and this
 * is where the key changes). Not filtered by user: a person's edit is told apart from the edits
 * around it by the use case, which needs everyone's updates to know what each one changed.
 */
export function listBoardUpdateMeta(sqlite: Sqlite, f: BoardUpdateFilter): BoardUpdateMeta[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.patientId !== undefined) {
    where.push("c.patient_id = ?");
    params.push(f.patientId);
  }
  if (f.from) {
    where.push("u.created_at >= ?");
    params.push(f.from);
  }
  if (f.to) {
    where.push("u.created_at <= ?");
    params.push(`${f.to}\uffff`);
  }
  if (f.beforeId !== undefined) {
    where.push("u.id < ?");
    params.push(f.beforeId);
  }
  const rows = sqlite
    .prepare(
      `SELECT u.id, u.case_id AS caseId, c.patient_id AS patientId, u.user_id AS userId,
         u.created_at AS createdAt
       FROM board_updates u JOIN cases c ON c.id = u.case_id
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY u.id DESC LIMIT ?`,
    )
    .all(...params, f.limit) as BoardUpdateMeta[];
  return rows;
}

/** A case's board updates up to and including `maxId`, oldest first: to replay its states. */
export function boardUpdatesUpTo(sqlite: Sqlite, caseId: number, maxId: number): StoredUpdate[] {
  return (
    sqlite
      .prepare(
        'SELECT id, "update" AS u, user_id FROM board_updates WHERE case_id = ? AND id <= ? ORDER BY id',
      )
      .all(caseId, maxId) as { id: number; u: Buffer; user_id: number | null }[]
  ).map((r) => ({ id: r.id, update: r.u, userId: r.user_id }));
}
