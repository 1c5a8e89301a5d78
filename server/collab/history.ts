// The board's history (issue 5 §4) for the board page's loader: the stored snapshots, newest
// first, with who edited between one and the previous, and what changed; and any past state
// materialised read-only. Call these only after the loader checked canSeeRcp for the case.
import * as Y from "yjs";
import type { BoardLesion, LenientBoard } from "../../app/domain/board/schema";
import { readBoard } from "../../app/domain/board/ydoc";
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
  caseDiscussionChanged: boolean;
}

export interface BoardHistory {
  entries: BoardHistoryEntry[];
  /** Users who edited after the latest snapshot (the live board is newer than every entry). */
  editingSinceLatest: HistoryEditor[];
}

function boardOf(snapshot: StoredSnapshot | undefined): LenientBoard {
  if (!snapshot) return { lesions: [], invalid: [], discussion: "" };
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, snapshot.state);
    return readBoard(doc);
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
 * One case's board history for one request: every snapshot read from SQLite and decoded at most
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
  caseId: number,
  opts: { store?: CollabStore } = {},
): BoardHistoryReader {
  const store = opts.store ?? createCollabStore(sqlite);
  const boards = new Map<number, LenientBoard | undefined>();
  const decode = (snapshot: StoredSnapshot): LenientBoard => {
    const board = boardOf(snapshot);
    boards.set(snapshot.id, board);
    return board;
  };
  const boardAt = (snapshotId: number): LenientBoard | undefined => {
    if (boards.has(snapshotId)) return boards.get(snapshotId);
    const snapshot = store.getSnapshot(caseId, snapshotId);
    if (!snapshot) {
      boards.set(snapshotId, undefined);
      return undefined;
    }
    return decode(snapshot);
  };
  return {
    boardAt,
    list(limit = 50) {
      const metas = store.listSnapshots(caseId, limit);
      const entries: BoardHistoryEntry[] = metas.map((meta, i) => {
        const board = boardAt(meta.id) ?? boardOf(undefined);
        // Snapshot ids of one case are listed newest first, so the one before is the next in the
        // list; only the oldest listed needs a read of its predecessor.
        const olderMeta = metas[i + 1];
        let before: LenientBoard;
        if (olderMeta) before = boardAt(olderMeta.id) ?? boardOf(undefined);
        else {
          const previous = store.previousSnapshot(caseId, meta.id);
          before = previous ? (boards.get(previous.id) ?? decode(previous)) : boardOf(undefined);
        }
        return {
          snapshotId: meta.id,
          createdAt: meta.createdAt,
          lastUpdateId: meta.lastUpdateId,
          editors: editors(sqlite, meta.editors),
          changes: diffBoards(before, board),
          caseDiscussionChanged: before.discussion !== board.discussion,
        };
      });
      const latest = metas[0];
      return {
        entries,
        editingSinceLatest: editors(sqlite, store.editorsAfter(caseId, latest?.lastUpdateId ?? 0)),
      };
    },
  };
}

/** Snapshots of a case's board, newest first (at most `limit`), with editors and changes. */
export function listBoardHistory(
  sqlite: Sqlite,
  caseId: number,
  opts: { limit?: number; store?: CollabStore } = {},
): BoardHistory {
  return openBoardHistory(sqlite, caseId, opts).list(opts.limit);
}

/** A past state of the board, read-only (plain validated JSON, no live document). */
export function boardAtSnapshot(
  sqlite: Sqlite,
  caseId: number,
  snapshotId: number,
): LenientBoard | undefined {
  return openBoardHistory(sqlite, caseId).boardAt(snapshotId);
}

/**
 * The stored board as it is now (latest snapshot + tail), without a live room: for loaders that
 * render the board server-side before the socket connects, and for the projection rebuild.
 */
export function loadStoredBoardDoc(store: CollabStore, caseId: number): Y.Doc {
  const { snapshot, tail } = store.loadBoard(caseId);
  const doc = new Y.Doc({ gc: true });
  const parts = [...(snapshot ? [snapshot.state] : []), ...tail.map((t) => t.update)];
  doc.transact(() => {
    for (const part of parts) Y.applyUpdate(doc, part);
  });
  return doc;
}

/**
 * The board of a case after each of the given update ids (state = every update of the case with
 * id <= that id), replayed from the stored updates in one pass: for the audit page, which tells
 * what one person's run of updates changed (decision 075). Updates are never deleted (the
 * snapshots only speed up loading), so the replay is exact.
 */
export function boardsAfterUpdates(
  sqlite: Sqlite,
  caseId: number,
  updateIds: readonly number[],
): Map<number, LenientBoard> {
  const wanted = [...new Set(updateIds)].sort((a, b) => a - b);
  const boards = new Map<number, LenientBoard>();
  const last = wanted[wanted.length - 1];
  if (last === undefined) return boards;
  const doc = new Y.Doc({ gc: true });
  try {
    let next = 0;
    // Records the state for every wanted id below `id`: all updates applied so far are <= it.
    const readUpTo = (id: number) => {
      for (let w = wanted[next]; w !== undefined && w < id; w = wanted[next]) {
        boards.set(w, readBoard(doc));
        next++;
      }
    };
    for (const u of boardUpdatesUpTo(sqlite, caseId, last)) {
      readUpTo(u.id);
      Y.applyUpdate(doc, u.update);
    }
    readUpTo(Number.POSITIVE_INFINITY);
  } finally {
    doc.destroy();
  }
  return boards;
}
