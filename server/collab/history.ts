// The board's history (issue 5 §4) for the board page's loader: the stored snapshots of the
// patient's lesion map (decision 072), newest first, with who edited between one and the previous,
// from which case's board, and what changed; and any past state materialised read-only, seen from
// one case (its discussion). Snapshots of the per-case boards from before migration 0002 stay in
// the list, marked with their case and diffed against the same case's previous one. Call these
// only after the loader checked canSeeRcp for the patient.
import * as Y from "yjs";
import type { BoardLesion, LenientBoard } from "../../app/domain/board/schema";
import { parseBoardLenient } from "../../app/domain/board/schema";
import {
  boardJson,
  caseDiscussionKey,
  discussionCaseIds,
  LEGACY_DISCUSSION_KEY,
} from "../../app/domain/board/ydoc";
import {
  boardUpdatesUpTo,
  type CollabStore,
  createCollabStore,
  type StoredSnapshot,
  userNames,
} from "../../db/collab";
import type { Sqlite } from "../../db/index";

export interface HistoryEditor {
  id: number;
  /** For display only (the UI); never logged. */
  displayName: string;
}

export interface LesionChange {
  lesionId: string;
  kind: "added" | "removed" | "changed";
  /** Top-level fields that differ (e.g. "mirels", "options", "discussion"), for "changed". */
  fields: string[];
}

export interface BoardHistoryEntry {
  snapshotId: number;
  /** When the snapshot was written (ISO, UTC). */
  createdAt: string;
  /** Highest board_updates.id folded into it. */
  lastUpdateId: number;
  /** Who sent updates since the previous snapshot. */
  editors: HistoryEditor[];
  /** What differs from the previous snapshot (empty board for the first one). */
  changes: LesionChange[];
  /** The discussion of the case the history is seen from changed. */
  caseDiscussionChanged: boolean;
  /**
   * The cases whose boards sent the updates folded into this snapshot, ascending (for a per-case
   * snapshot from before migration 0002: its case).
   */
  caseIds: number[];
  /** Set on a per-case board's snapshot from before migration 0002. */
  legacyCaseId: number | null;
}

export interface BoardHistory {
  entries: BoardHistoryEntry[];
  /** Users who edited after the latest snapshot (the live board is newer than every entry). */
  editingSinceLatest: HistoryEditor[];
}

/** A snapshot seen from one case: the lesions and that case's discussion. */
function boardOf(snapshot: StoredSnapshot | undefined, caseId: number): LenientBoard {
  if (!snapshot) return { lesions: [], invalid: [], discussion: "" };
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, snapshot.state);
    if (snapshot.legacyCaseId === null) return parseBoardLenient(boardJson(doc, caseId));
    // A per-case board kept its discussion in the legacy root: shown only from its own case.
    const own = snapshot.legacyCaseId === caseId;
    const discussion = own ? doc.getText(LEGACY_DISCUSSION_KEY).toString() : "";
    return parseBoardLenient({ ...boardJson(doc, null), discussion });
  } finally {
    doc.destroy();
  }
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** Lesion-level differences between two boards. Pure. */
export function diffBoards(before: LenientBoard, after: LenientBoard): LesionChange[] {
  const old = new Map<string, BoardLesion>(before.lesions.map((l) => [l.id, l]));
  const changes: LesionChange[] = [];
  for (const lesion of after.lesions) {
    const previous = old.get(lesion.id);
    old.delete(lesion.id);
    if (!previous) {
      changes.push({ lesionId: lesion.id, kind: "added", fields: [] });
      continue;
    }
    const keys = new Set([...Object.keys(previous), ...Object.keys(lesion)]);
    const fields = [...keys]
      .filter(
        (k) =>
          stable((previous as Record<string, unknown>)[k]) !==
          stable((lesion as Record<string, unknown>)[k]),
      )
      .sort();
    if (fields.length > 0) changes.push({ lesionId: lesion.id, kind: "changed", fields });
  }
  for (const id of old.keys()) changes.push({ lesionId: id, kind: "removed", fields: [] });
  return changes;
}

function editors(sqlite: Sqlite, ids: readonly number[]): HistoryEditor[] {
  const names = userNames(sqlite, ids);
  return ids.map((id) => ({ id, displayName: names.get(id) ?? `#${id}` }));
}

/**
 * One patient's map history, seen from one case, for one request: every snapshot read from SQLite and decoded at most
 * once, whether for the list (each entry is diffed against the one before it) or to show a past
 * state (issue 8: boardHistory decoded each snapshot twice).
 */
export interface BoardHistoryReader {
  /** Snapshots newest first (at most `limit`, default 50), with editors and changes. */
  list(limit?: number): BoardHistory;
  /** A past state of the board, read-only (plain validated JSON, no live document). */
  boardAt(snapshotId: number): LenientBoard | undefined;
}

export function openBoardHistory(
  sqlite: Sqlite,
  view: { patientId: number; caseId: number },
  opts: { store?: CollabStore } = {},
): BoardHistoryReader {
  const { patientId, caseId } = view;
  const store = opts.store ?? createCollabStore(sqlite);
  const boards = new Map<number, LenientBoard | undefined>();
  const decode = (snapshot: StoredSnapshot): LenientBoard => {
    const board = boardOf(snapshot, caseId);
    boards.set(snapshot.id, board);
    return board;
  };
  const boardAt = (snapshotId: number): LenientBoard | undefined => {
    if (boards.has(snapshotId)) return boards.get(snapshotId);
    const snapshot = store.getSnapshot(patientId, snapshotId);
    if (!snapshot) {
      boards.set(snapshotId, undefined);
      return undefined;
    }
    return decode(snapshot);
  };
  return {
    boardAt,
    list(limit = 50) {
      const metas = store.listSnapshots(patientId, limit);
      const empty = boardOf(undefined, caseId);
      const entries: BoardHistoryEntry[] = metas.map((meta, i) => {
        const board = boardAt(meta.id) ?? empty;
        // Snapshots are listed newest first, so the one before in the same stream (the patient's
        // map, or one legacy case board) is the next of that stream in the list; only the oldest
        // listed needs a read of its predecessor.
        const olderMeta = metas.slice(i + 1).find((m) => m.legacyCaseId === meta.legacyCaseId);
        let before: LenientBoard;
        let beforeLastUpdateId = 0;
        if (olderMeta) {
          before = boardAt(olderMeta.id) ?? empty;
          beforeLastUpdateId = olderMeta.lastUpdateId;
        } else {
          const previous = store.previousSnapshot(patientId, meta.id);
          before = previous ? (boards.get(previous.id) ?? decode(previous)) : empty;
          beforeLastUpdateId = previous?.lastUpdateId ?? 0;
        }
        const caseIds =
          meta.legacyCaseId !== null
            ? [meta.legacyCaseId]
            : [
                ...new Set(
                  store
                    .updateMeta(patientId, beforeLastUpdateId, meta.lastUpdateId)
                    .flatMap((u) => (u.caseId === null ? [] : [u.caseId])),
                ),
              ].sort((a, b) => a - b);
        return {
          snapshotId: meta.id,
          createdAt: meta.createdAt,
          lastUpdateId: meta.lastUpdateId,
          editors: editors(sqlite, meta.editors),
          changes: diffBoards(before, board),
          caseDiscussionChanged: before.discussion !== board.discussion,
          caseIds,
          legacyCaseId: meta.legacyCaseId,
        };
      });
      const latest = metas.find((m) => m.legacyCaseId === null) ?? metas[0];
      return {
        entries,
        editingSinceLatest: editors(
          sqlite,
          store.editorsAfter(patientId, latest?.lastUpdateId ?? 0),
        ),
      };
    },
  };
}

/** Snapshots of a patient's map seen from one case, newest first (at most `limit`). */
export function listBoardHistory(
  sqlite: Sqlite,
  view: { patientId: number; caseId: number },
  opts: { limit?: number; store?: CollabStore } = {},
): BoardHistory {
  return openBoardHistory(sqlite, view, opts).list(opts.limit);
}

/** A past state of the map seen from one case, read-only (plain validated JSON). */
export function boardAtSnapshot(
  sqlite: Sqlite,
  view: { patientId: number; caseId: number },
  snapshotId: number,
): LenientBoard | undefined {
  return openBoardHistory(sqlite, view).boardAt(snapshotId);
}

/**
 * The stored board as it is now (latest snapshot + tail), without a live room: for loaders that
 * render the board server-side before the socket connects, and for the projection rebuild.
 */
export function loadStoredBoardDoc(store: CollabStore, patientId: number): Y.Doc {
  const { snapshot, tail } = store.loadBoard(patientId);
  const doc = new Y.Doc({ gc: true });
  const parts = [...(snapshot ? [snapshot.state] : []), ...tail.map((t) => t.update)];
  doc.transact(() => {
    for (const part of parts) Y.applyUpdate(doc, part);
  });
  return doc;
}

/** A replayed state of a patient's map: its lesions, and each case's discussion text. */
export interface ReplayedBoard {
  board: LenientBoard;
  discussions: ReadonlyMap<number, string>;
}

function replayed(doc: Y.Doc): ReplayedBoard {
  const discussions = new Map<number, string>();
  for (const caseId of discussionCaseIds(doc)) {
    discussions.set(caseId, doc.getText(caseDiscussionKey(caseId)).toString());
  }
  return { board: parseBoardLenient(boardJson(doc, null)), discussions };
}

/**
 * A patient's lesion map after each of the given update ids (state = every update of the patient
 * with id <= that id), replayed from the stored updates in one pass: for the audit page, which
 * tells what one person's run of updates changed (decision 075). Updates are never deleted (the
 * snapshots only speed up loading), and the per-case boards of an older database were copied into
 * the patient's log by the merge step (decision 072), so the replay is exact.
 */
export function boardsAfterUpdates(
  sqlite: Sqlite,
  patientId: number,
  updateIds: readonly number[],
): Map<number, ReplayedBoard> {
  const wanted = [...new Set(updateIds)].sort((a, b) => a - b);
  const boards = new Map<number, ReplayedBoard>();
  const last = wanted[wanted.length - 1];
  if (last === undefined) return boards;
  const doc = new Y.Doc({ gc: true });
  try {
    let next = 0;
    // Records the state for every wanted id below `id`: all updates applied so far are <= it.
    const readUpTo = (id: number) => {
      for (let w = wanted[next]; w !== undefined && w < id; w = wanted[next]) {
        boards.set(w, replayed(doc));
        next++;
      }
    };
    for (const u of boardUpdatesUpTo(sqlite, patientId, last)) {
      readUpTo(u.id);
      Y.applyUpdate(doc, u.update);
    }
    readUpTo(Number.POSITIVE_INFINITY);
  } finally {
    doc.destroy();
  }
  return boards;
}
