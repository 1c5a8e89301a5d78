// Reading the audit log (admin). Record rows are written by the other use cases, inside their
// changes. Board edits are not audit rows: they are read from the stored board updates
// (board_updates: who, when, which case) and told apart on read (decision 075).
import { patientDisplayName } from "../../app/domain/records/patient";
import { type AuditFilter, listAudit } from "../../db/audit";
import { casesOfPatient } from "../../db/cases";
import { type BoardUpdateMeta, listBoardUpdateMeta, userNames } from "../../db/collab";
import { getPatient } from "../../db/patients";
import { boardsAfterUpdates, diffBoards, type ReplayedBoard } from "../collab/history";
import type { HistoryChange } from "./boardHistory";
import type { AppContext } from "./context";

export type { AuditFilter };

/** The audit rows of record changes; `patientId` keeps the patient's own rows and its cases'. */
export function readAudit(ctx: AppContext, filter: AuditFilter & { patientId?: number }) {
  const { patientId, ...rest } = filter;
  if (patientId === undefined) return listAudit(ctx.db, rest);
  const caseIds = casesOfPatient(ctx.db, patientId).map((c) => String(c.id));
  return listAudit(ctx.db, { ...rest, patient: { patientId: String(patientId), caseIds } });
}

export interface BoardEditFilter {
  patientId?: number;
  userId?: number;
  from?: string;
  to?: string;
  beforeId?: number;
  /** Edits (runs of updates) to return; default 50. */
  limit?: number;
}

/** One person's run of updates to one board, and what it changed. */
export interface BoardEditView {
  /** The case whose board the edit came from; null for the merge step's own update. */
  caseId: number | null;
  patientId: number;
  patientName: string;
  userId: number | null;
  userName: string | null;
  firstUpdateId: number;
  lastUpdateId: number;
  /** When the run started and ended (ISO, UTC). */
  from: string;
  at: string;
  updateCount: number;
  changes: HistoryChange[];
  caseDiscussionChanged: boolean;
}

export interface BoardEditsView {
  edits: BoardEditView[];
  /** The `beforeId` of the next page, or null when these are the oldest. */
  olderBeforeId: number | null;
}

/** Updates read per page: a typed sentence is one update per few keystrokes. */
const UPDATES_PER_PAGE = 2000;
/**
 * Consecutive updates of one person to one board, with no one else's in between and no pause
 * longer than this, are one edit: a person typing a paragraph is one line, not two hundred.
 */
const RUN_PAUSE_MS = 10 * 60_000;

interface Run {
  caseId: number | null;
  patientId: number;
  userId: number | null;
  first: BoardUpdateMeta;
  last: BoardUpdateMeta;
  count: number;
}

function runsOf(metasNewestFirst: readonly BoardUpdateMeta[]): Run[] {
  const runs: Run[] = [];
  const open = new Map<number, Run>();
  for (const m of [...metasNewestFirst].reverse()) {
    // One lesion map per patient (decision 072): a run is one person's updates to that map.
    const run = open.get(m.patientId);
    const pause = run ? Date.parse(m.createdAt) - Date.parse(run.last.createdAt) : 0;
    if (run && run.userId === m.userId && pause <= RUN_PAUSE_MS) {
      run.last = m;
      run.count++;
      continue;
    }
    const next: Run = {
      caseId: m.caseId,
      patientId: m.patientId,
      userId: m.userId,
      first: m,
      last: m,
      count: 1,
    };
    open.set(m.patientId, next);
    runs.push(next);
  }
  return runs.sort((a, b) => b.last.id - a.last.id);
}

const EMPTY: ReplayedBoard = {
  board: { lesions: [], invalid: [], discussion: "" },
  discussions: new Map(),
};

/** Whether the run's case discussion changed (any case's, for the merge step's own update). */
function discussionChanged(before: ReplayedBoard, after: ReplayedBoard, caseId: number | null) {
  const ids =
    caseId === null ? [...before.discussions.keys(), ...after.discussions.keys()] : [caseId];
  return ids.some((id) => (before.discussions.get(id) ?? "") !== (after.discussions.get(id) ?? ""));
}

/**
 * Board edits for the audit page, newest first: who changed which lesion of which patient, when.
 * Runs are found among everyone's updates before the user filter applies, so that a run never
 * spans another person's update and its diff is that person's alone.
 */
export function readBoardEdits(ctx: AppContext, f: BoardEditFilter): BoardEditsView {
  const limit = f.limit ?? 50;
  const metas = listBoardUpdateMeta(ctx.sqlite, {
    patientId: f.patientId,
    from: f.from,
    to: f.to,
    beforeId: f.beforeId,
    limit: UPDATES_PER_PAGE,
  });
  const all = runsOf(metas).filter((r) => f.userId === undefined || r.userId === f.userId);
  const shown = all.slice(0, limit);
  const hasMore = all.length > limit || metas.length === UPDATES_PER_PAGE;
  const oldest = Math.min(...shown.map((r) => r.first.id));

  const byPatient = new Map<number, Run[]>();
  for (const r of shown) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const boards = new Map<Run, { before: ReplayedBoard; after: ReplayedBoard }>();
  for (const [patientId, runs] of byPatient) {
    const states = boardsAfterUpdates(
      ctx.sqlite,
      patientId,
      runs.flatMap((r) => [r.first.id - 1, r.last.id]),
    );
    for (const r of runs) {
      boards.set(r, {
        before: states.get(r.first.id - 1) ?? EMPTY,
        after: states.get(r.last.id) ?? EMPTY,
      });
    }
  }

  const names = userNames(
    ctx.sqlite,
    [...new Set(shown.map((r) => r.userId))].filter((id): id is number => id !== null),
  );
  const patientNames = new Map<number, string>();
  for (const id of new Set(shown.map((r) => r.patientId))) {
    const p = getPatient(ctx.db, id);
    patientNames.set(id, p ? patientDisplayName(p) : `#${id}`);
  }

  const edits = shown.map((r): BoardEditView => {
    const { before, after } = boards.get(r) ?? { before: EMPTY, after: EMPTY };
    const sites = new Map(
      [...before.board.lesions, ...after.board.lesions].map((l) => [
        l.id,
        { siteId: l.siteId, side: l.side },
      ]),
    );
    return {
      caseId: r.caseId,
      patientId: r.patientId,
      patientName: patientNames.get(r.patientId) ?? `#${r.patientId}`,
      userId: r.userId,
      userName: r.userId === null ? null : (names.get(r.userId) ?? `#${r.userId}`),
      firstUpdateId: r.first.id,
      lastUpdateId: r.last.id,
      from: r.first.createdAt,
      at: r.last.createdAt,
      updateCount: r.count,
      changes: diffBoards(before.board, after.board).map((c) => ({
        ...c,
        siteId: sites.get(c.lesionId)?.siteId ?? null,
        side: sites.get(c.lesionId)?.side ?? null,
      })),
      caseDiscussionChanged: discussionChanged(before, after, r.caseId),
    };
  });
  return { edits, olderBeforeId: hasMore && shown.length > 0 ? oldest : null };
}
