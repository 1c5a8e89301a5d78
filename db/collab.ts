// SQL of the live lesion maps, one per patient (decision 072; tables board_updates,
// board_snapshots, board_lesions, board_merges). Prepared
// better-sqlite3 statements: the update append is on the hot path of every edit (stack.md §4:
// "append then compact", one row per accepted update, about tens of µs in WAL mode).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Sqlite } from "./index";

export interface StoredUpdate {
  id: number;
  update: Uint8Array;
  userId: number | null;
}

/** What is known of one stored update without decoding it (for the history and the audit). */
export interface UpdateMeta {
  id: number;
  /** The case whose board page sent it; null for server-written updates (the migration's). */
  caseId: number | null;
  userId: number | null;
  createdAt: string;
}

export interface StoredSnapshot {
  id: number;
  patientId: number;
  /** Set on a per-case board's snapshot written before migration 0002 (that case's board only). */
  legacyCaseId: number | null;
  state: Uint8Array;
  lastUpdateId: number;
  editors: number[];
  createdAt: string;
}

export interface SnapshotMeta {
  id: number;
  legacyCaseId: number | null;
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
  /** The engine proposes an operation (board_lesions.surgical, decision 120). */
  surgical: boolean;
  /** The engine's sort key, larger = more urgent (board_lesions.sort_key). */
  sortKey: number;
}

/**
 * What a projection of one patient is current with (decision 118): the newest snapshot and update
 * ids of its stored map, and the key of its risk context (weight, RCP FE threshold: the inputs of
 * app/domain/risk/context.ts riskContextOf).
 */
export interface ProjectionHeads {
  throughSnapshotId: number;
  throughUpdateId: number;
  contextKey: string;
}

/**
 * The code that computed the stored projections (decision 136). The rows hold the engine's output
 * (flags, sort key, risk levels): a release whose rules differ must not leave the surgeon's list
 * on the previous rules for every board nobody edits. The server sets the hash of its compiled
 * code at start, before any store exists; every projection written under another one is stale, so
 * a new release re-projects the centre once, in the background. Tests and tools keep "".
 * Kept on globalThis, not in a module variable: the server bundle and the Remix build each carry a
 * copy of this module, and both must write the same key (else each re-projects the other's rows).
 */
const CODE_VERSION = Symbol.for("osteoboard.projectionCodeVersion");
const globals = globalThis as typeof globalThis & { [CODE_VERSION]?: string };

/** The code version of compiled files: the start of the SHA-256 of their bytes, in hex. */
export function codeVersionOfFiles(paths: readonly string[]): string {
  const hash = createHash("sha256");
  for (const path of paths) hash.update(readFileSync(path));
  return hash.digest("hex").slice(0, 16);
}

export function setProjectionCodeVersion(version: string): void {
  // Written into SQL text below: hex digits only.
  if (!/^[0-9a-f]{0,64}$/.test(version))
    throw new Error("projection code version: hex digits only");
  globals[CODE_VERSION] = version;
}

// The one definition of the context key, in SQL so that the staleness query compares it with the
// stored one without loading anything. Change it together with riskContextOf's inputs. Built when
// a store is made: it carries the code version.
const contextKeySql = (version = globals[CODE_VERSION] ?? "") =>
  `${version === "" ? "" : `'${version}|' || `}COALESCE(CAST(p.weight_kg AS TEXT), '') || '|' || COALESCE(CAST(r.fe_failure_load_body_weights AS TEXT), '')`;

// Newest snapshot (legacy ones included: any stored write) and update id of each patient's map.
const HEADS_SQL = `SELECT patient_id, MAX(snap) AS snap, MAX(upd) AS upd FROM (
    SELECT patient_id, MAX(id) AS snap, 0 AS upd FROM board_snapshots GROUP BY patient_id
    UNION ALL
    SELECT patient_id, 0 AS snap, MAX(id) AS upd FROM board_updates GROUP BY patient_id
  ) GROUP BY patient_id`;

export interface PatientRiskContextRow {
  rcpId: number;
  feFailureLoadBodyWeights: number;
  weightKg: number | null;
}

interface SnapshotRow {
  id: number;
  patient_id: number;
  legacy_case_id: number | null;
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

interface TailRow {
  id: number;
  u: Buffer;
  user_id: number | null;
}

/** A snapshot row (or none) and the updates stored after it: what a board loads from. */
function storedBoard(
  row: SnapshotRow | undefined,
  tailAfter: (lastUpdateId: number) => TailRow[],
): StoredBoard {
  const snapshot = row ? toSnapshot(row) : null;
  const tail = tailAfter(snapshot?.lastUpdateId ?? 0).map((r) => ({
    id: r.id,
    update: r.u,
    userId: r.user_id,
  }));
  return { snapshot, tail };
}

function toSnapshot(row: SnapshotRow): StoredSnapshot {
  return {
    id: row.id,
    patientId: row.patient_id,
    legacyCaseId: row.legacy_case_id,
    state: row.state,
    lastUpdateId: row.last_update_id,
    editors: parseEditors(row.editors),
    createdAt: row.created_at,
  };
}

export type CollabStore = ReturnType<typeof createCollabStore>;

export function createCollabStore(sqlite: Sqlite) {
  const CONTEXT_KEY_SQL = contextKeySql();
  const insertUpdate = sqlite.prepare(
    'INSERT INTO board_updates (patient_id, case_id, "update", user_id, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  // A per-case snapshot from before migration 0002 holds one case's board: never a load base.
  const latestSnapshot = sqlite.prepare(
    "SELECT * FROM board_snapshots WHERE patient_id = ? AND legacy_case_id IS NULL ORDER BY id DESC LIMIT 1",
  );
  const tailAfter = sqlite.prepare(
    'SELECT id, "update" AS u, user_id FROM board_updates WHERE patient_id = ? AND id > ? ORDER BY id',
  );
  const insertSnapshot = sqlite.prepare(
    "INSERT INTO board_snapshots (patient_id, state, last_update_id, editors, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const snapshotList = sqlite.prepare(
    "SELECT id, legacy_case_id, last_update_id, editors, created_at FROM board_snapshots WHERE patient_id = ? ORDER BY id DESC LIMIT ?",
  );
  const snapshotById = sqlite.prepare(
    "SELECT * FROM board_snapshots WHERE patient_id = ? AND id = ?",
  );
  // The previous snapshot of the same stream: the patient's map, or the same legacy case board.
  const previousSnapshot = sqlite.prepare(
    "SELECT * FROM board_snapshots WHERE patient_id = ? AND legacy_case_id IS ? AND id < ? ORDER BY id DESC LIMIT 1",
  );
  const tailEditors = sqlite.prepare(
    "SELECT DISTINCT user_id FROM board_updates WHERE patient_id = ? AND id > ? AND user_id IS NOT NULL",
  );
  const updateMetaBetween = sqlite.prepare(
    "SELECT id, case_id, user_id, created_at FROM board_updates WHERE patient_id = ? AND id > ? AND id <= ? ORDER BY id",
  );
  const deleteLesions = sqlite.prepare("DELETE FROM board_lesions WHERE patient_id = ?");
  const insertLesion = sqlite.prepare(
    `INSERT INTO board_lesions (patient_id, lesion_id, site_id, side, lesion_type, fracture_risk,
       neuro_risk, pain_level, worst_risk, scores, surgical, sort_key, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const riskContext = sqlite.prepare(
    `SELECT b.id AS rcpId, b.fe_failure_load_body_weights AS feFailureLoadBodyWeights,
       p.weight_kg AS weightKg
     FROM patients p JOIN rcps b ON b.id = p.rcp_id
     WHERE p.id = ?`,
  );
  const headsOf = sqlite.prepare(
    `SELECT
       COALESCE((SELECT MAX(id) FROM board_snapshots WHERE patient_id = p.id), 0) AS throughSnapshotId,
       COALESCE((SELECT MAX(id) FROM board_updates WHERE patient_id = p.id), 0) AS throughUpdateId,
       ${CONTEXT_KEY_SQL} AS contextKey
     FROM patients p LEFT JOIN rcps r ON r.id = p.rcp_id WHERE p.id = ?`,
  );
  const upsertMarker = sqlite.prepare(
    `INSERT INTO board_projections (patient_id, through_snapshot_id, through_update_id, context_key, projected_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (patient_id) DO UPDATE SET through_snapshot_id = excluded.through_snapshot_id,
       through_update_id = excluded.through_update_id, context_key = excluded.context_key,
       projected_at = excluded.projected_at`,
  );
  const stalePatients = sqlite.prepare(
    `SELECT h.patient_id AS patientId
     FROM (${HEADS_SQL}) h
     JOIN patients p ON p.id = h.patient_id
     LEFT JOIN rcps r ON r.id = p.rcp_id
     LEFT JOIN board_projections m ON m.patient_id = h.patient_id
     WHERE (? IS NULL OR p.rcp_id IN (SELECT value FROM json_each(?)))
       AND (m.patient_id IS NULL OR m.through_snapshot_id <> h.snap
         OR m.through_update_id <> h.upd OR m.context_key <> ${CONTEXT_KEY_SQL})
     ORDER BY h.patient_id`,
  );
  const casePatient = sqlite.prepare("SELECT patient_id FROM cases WHERE id = ?");
  const pendingMerges = sqlite.prepare(
    "SELECT patient_id FROM board_merges WHERE merged_at IS NULL ORDER BY patient_id",
  );
  const legacyCases = sqlite.prepare(
    `SELECT case_id FROM board_updates WHERE patient_id = ? AND case_id IS NOT NULL
     UNION SELECT legacy_case_id FROM board_snapshots WHERE patient_id = ? AND legacy_case_id IS NOT NULL
     ORDER BY 1`,
  );
  const legacySnapshot = sqlite.prepare(
    "SELECT * FROM board_snapshots WHERE legacy_case_id = ? ORDER BY id DESC LIMIT 1",
  );
  const legacyTail = sqlite.prepare(
    'SELECT id, "update" AS u, user_id FROM board_updates WHERE case_id = ? AND id > ? ORDER BY id',
  );
  const markMerged = sqlite.prepare(
    "UPDATE board_merges SET merged_at = ?, report = ? WHERE patient_id = ? AND merged_at IS NULL",
  );
  const storedPatients = sqlite.prepare(
    `SELECT patient_id FROM board_snapshots UNION SELECT patient_id FROM board_updates ORDER BY patient_id`,
  );

  const replaceLesions = sqlite.transaction(
    (
      patientId: number,
      rows: readonly ProjectedLesionRow[],
      at: string,
      heads: ProjectionHeads,
    ) => {
      deleteLesions.run(patientId);
      upsertMarker.run(
        patientId,
        heads.throughSnapshotId,
        heads.throughUpdateId,
        heads.contextKey,
        at,
      );
      for (const r of rows) {
        insertLesion.run(
          patientId,
          r.lesionId,
          r.siteId,
          r.side,
          r.lesionType,
          r.fractureRisk,
          r.neuroRisk,
          r.painLevel,
          r.worstRisk,
          JSON.stringify(r.scores),
          r.surgical ? 1 : 0,
          r.sortKey,
          at,
        );
      }
    },
  );

  return {
    /**
     * Appends one accepted update of a patient's map, sent from the board of `caseId` (null: written
     * by the server); returns its row id. Committed when this returns.
     */
    appendUpdate(
      patientId: number,
      caseId: number | null,
      userId: number | null,
      update: Uint8Array,
      at: string,
    ): number {
      return Number(
        insertUpdate.run(patientId, caseId, asBuffer(update), userId, at).lastInsertRowid,
      );
    },

    /** Latest patient snapshot plus every update after it: what a room loads. */
    loadBoard(patientId: number): StoredBoard {
      const row = latestSnapshot.get(patientId) as SnapshotRow | undefined;
      return storedBoard(row, (after) => tailAfter.all(patientId, after) as TailRow[]);
    },

    writeSnapshot(
      patientId: number,
      state: Uint8Array,
      lastUpdateId: number,
      editors: readonly number[],
      at: string,
    ): number {
      const info = insertSnapshot.run(
        patientId,
        asBuffer(state),
        lastUpdateId,
        JSON.stringify([...editors].sort((a, b) => a - b)),
        at,
      );
      return Number(info.lastInsertRowid);
    },

    /** Snapshot metadata, newest first (the legacy per-case ones included, marked). */
    listSnapshots(patientId: number, limit: number): SnapshotMeta[] {
      return (
        snapshotList.all(patientId, limit) as {
          id: number;
          legacy_case_id: number | null;
          last_update_id: number;
          editors: string;
          created_at: string;
        }[]
      ).map((r) => ({
        id: r.id,
        legacyCaseId: r.legacy_case_id,
        lastUpdateId: r.last_update_id,
        editors: parseEditors(r.editors),
        createdAt: r.created_at,
      }));
    },

    getSnapshot(patientId: number, snapshotId: number): StoredSnapshot | undefined {
      const row = snapshotById.get(patientId, snapshotId) as SnapshotRow | undefined;
      return row ? toSnapshot(row) : undefined;
    },

    /** The snapshot before this one in the same stream (the patient's map, or one legacy case). */
    previousSnapshot(patientId: number, snapshotId: number): StoredSnapshot | undefined {
      const current = snapshotById.get(patientId, snapshotId) as SnapshotRow | undefined;
      if (!current) return undefined;
      const row = previousSnapshot.get(patientId, current.legacy_case_id, snapshotId) as
        | SnapshotRow
        | undefined;
      return row ? toSnapshot(row) : undefined;
    },

    /** Users who sent updates after the given update id (not yet folded into a snapshot). */
    editorsAfter(patientId: number, afterUpdateId: number): number[] {
      return (tailEditors.all(patientId, afterUpdateId) as { user_id: number }[]).map(
        (r) => r.user_id,
      );
    },

    /**
     * Who sent which update from which case's board, and when, for ids in (afterId, upToId], oldest
     * first. The one query of update metadata (history, audit).
     */
    updateMeta(patientId: number, afterId: number, upToId: number): UpdateMeta[] {
      return (
        updateMetaBetween.all(patientId, afterId, upToId) as {
          id: number;
          case_id: number | null;
          user_id: number | null;
          created_at: string;
        }[]
      ).map((r) => ({ id: r.id, caseId: r.case_id, userId: r.user_id, createdAt: r.created_at }));
    },

    /**
     * Replaces the projected lesions of one patient and its marker (what they are current with) in
     * one transaction.
     */
    replaceLesions(
      patientId: number,
      rows: readonly ProjectedLesionRow[],
      at: string,
      heads: ProjectionHeads,
    ): void {
      replaceLesions(patientId, rows, at, heads);
    },

    /** What a projection of this patient written now would be current with. */
    projectionHeads(patientId: number): ProjectionHeads {
      const row = headsOf.get(patientId) as ProjectionHeads | undefined;
      return row ?? { throughSnapshotId: 0, throughUpdateId: 0, contextKey: "" };
    },

    /**
     * Patients of these RCPs (null: all) with a stored map whose projection is missing or behind:
     * a newer snapshot or update, or another risk context (one statement, decision 118).
     */
    staleProjections(rcpIds: readonly number[] | null): number[] {
      const filter = rcpIds === null ? null : JSON.stringify(rcpIds);
      return (stalePatients.all(filter, filter) as { patientId: number }[]).map((r) => r.patientId);
    },

    patientRiskContext(patientId: number): PatientRiskContextRow | undefined {
      return riskContext.get(patientId) as PatientRiskContextRow | undefined;
    },

    /** The patient of a case (whose lesion map its board opens), or null for no such case. */
    patientOfCase(caseId: number): number | null {
      const row = casePatient.get(caseId) as { patient_id: number } | undefined;
      return row ? row.patient_id : null;
    },

    /** Patients whose per-case boards still wait for the merge (migration 0002). */
    pendingMerges(): number[] {
      return (pendingMerges.all() as { patient_id: number }[]).map((r) => r.patient_id);
    },

    /** The cases of a patient that had a per-case board before migration 0002. */
    legacyCasesOf(patientId: number): number[] {
      return (legacyCases.all(patientId, patientId) as { case_id: number }[]).map((r) => r.case_id);
    },

    /**
     * A per-case board as it was before migration 0002: its latest own snapshot plus its own
     * updates after it. Call before the merge (afterwards the patient's map holds it).
     */
    legacyCaseBoard(caseId: number): StoredBoard {
      const row = legacySnapshot.get(caseId) as SnapshotRow | undefined;
      return storedBoard(row, (after) => legacyTail.all(caseId, after) as TailRow[]);
    },

    /** Marks a patient's merge done; false if it was not pending (already merged). */
    markMerged(patientId: number, at: string, report: unknown): boolean {
      return markMerged.run(at, JSON.stringify(report), patientId).changes === 1;
    },

    /** Patients that have a stored map (for the projection rebuild). */
    patientsWithBoards(): number[] {
      return (storedPatients.all() as { patient_id: number }[]).map((r) => r.patient_id);
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
  /** The case whose board sent the update; null for the merge step's own update (decision 072). */
  caseId: number | null;
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
    where.push("u.patient_id = ?");
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
      `SELECT u.id, u.case_id AS caseId, u.patient_id AS patientId, u.user_id AS userId,
         u.created_at AS createdAt
       FROM board_updates u
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY u.id DESC LIMIT ?`,
    )
    .all(...params, f.limit) as BoardUpdateMeta[];
  return rows;
}

/** A patient's lesion-map updates up to and including `maxId`, oldest first: to replay its states. */
export function boardUpdatesUpTo(sqlite: Sqlite, patientId: number, maxId: number): StoredUpdate[] {
  return (
    sqlite
      .prepare(
        'SELECT id, "update" AS u, user_id FROM board_updates WHERE patient_id = ? AND id <= ? ORDER BY id',
      )
      .all(patientId, maxId) as { id: number; u: Buffer; user_id: number | null }[]
  ).map((r) => ({ id: r.id, update: r.u, userId: r.user_id }));
}
