// Server side of the board pages: what the board route needs from the records (board parameter,
// members' names) and the board history, read through the collaboration server's own history
// functions (server/collab/history.ts) so there is one definition of "what changed". Server only.
import { boardAtSnapshot, listBoardHistory } from "../server/collab/history";
import { boardMembersOf, getBoard } from "./db.server";
import type { LenientBoard } from "./domain/board/schema";
import type { AppContext } from "./load-context";

export interface BoardMember {
  id: number;
  displayName: string;
  specialty: string | null;
  role: string;
}

export function boardSettings(ctx: AppContext, boardId: number) {
  const board = getBoard(ctx.db, boardId);
  const members: BoardMember[] = boardMembersOf(ctx.db, boardId);
  return { feFailureLoadBodyWeights: board?.feFailureLoadBodyWeights ?? 3, members };
}

export interface HistoryChange {
  lesionId: string;
  kind: "added" | "removed" | "changed";
  fields: string[];
  siteId: string | null;
  side: string | null;
}

export interface HistoryEntryView {
  snapshotId: number;
  createdAt: string;
  editors: string[];
  changes: HistoryChange[];
  caseDiscussionChanged: boolean;
}

export interface BoardHistoryView {
  entries: HistoryEntryView[];
  /** People who edited the live board after the latest stored state. */
  editingSinceLatest: string[];
  selected: { snapshotId: number; board: LenientBoard } | null;
}

/**
 * The board's stored states, newest first, and the one asked for (default: the newest). Call only
 * after the loader checked the user may see the case.
 */
export function boardHistory(
  ctx: AppContext,
  caseId: number,
  wanted: number | null,
): BoardHistoryView {
  const history = listBoardHistory(ctx.sqlite, caseId, { limit: 100 });
  const snapshotId = wanted ?? history.entries[0]?.snapshotId ?? null;
  const board = snapshotId === null ? undefined : boardAtSnapshot(ctx.sqlite, caseId, snapshotId);
  // A removed lesion is only in the state before; look its site up there for the label.
  const sites = new Map<string, { siteId: string; side: string }>();
  const remember = (b: LenientBoard | undefined) => {
    for (const l of b?.lesions ?? []) sites.set(l.id, { siteId: l.siteId, side: l.side });
  };
  remember(board);
  const entries = history.entries.map((e, i) => {
    const needsOlder = e.changes.some((c) => !sites.has(c.lesionId));
    if (needsOlder) {
      remember(boardAtSnapshot(ctx.sqlite, caseId, e.snapshotId));
      const older = history.entries[i + 1];
      if (older) remember(boardAtSnapshot(ctx.sqlite, caseId, older.snapshotId));
    }
    return {
      snapshotId: e.snapshotId,
      createdAt: e.createdAt,
      editors: e.editors.map((x) => x.displayName),
      caseDiscussionChanged: e.caseDiscussionChanged,
      changes: e.changes.map((c) => ({
        ...c,
        siteId: sites.get(c.lesionId)?.siteId ?? null,
        side: sites.get(c.lesionId)?.side ?? null,
      })),
    };
  });
  return {
    entries,
    editingSinceLatest: history.editingSinceLatest.map((x) => x.displayName),
    selected: board && snapshotId !== null ? { snapshotId, board } : null,
  };
}
