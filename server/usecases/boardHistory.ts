// The case-board history: the board's stored states with who changed what, read through the
// collaboration server's own history functions (server/collab/history.ts) so there is one
// definition of "what changed"; each stored state is read and decoded once per request.
import type { LenientBoard } from "../../app/domain/board/schema";
import { openBoardHistory } from "../collab/history";
import type { AppContext } from "./context";

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
  // One reader for the list and the states shown: each snapshot is decoded once.
  const reader = openBoardHistory(ctx.sqlite, caseId);
  const history = reader.list(100);
  const snapshotId = wanted ?? history.entries[0]?.snapshotId ?? null;
  const board = snapshotId === null ? undefined : reader.boardAt(snapshotId);
  // A removed lesion is only in the state before; look its site up there for the label.
  const sites = new Map<string, { siteId: string; side: string }>();
  const remember = (b: LenientBoard | undefined) => {
    for (const l of b?.lesions ?? []) sites.set(l.id, { siteId: l.siteId, side: l.side });
  };
  remember(board);
  const entries = history.entries.map((e, i) => {
    const needsOlder = e.changes.some((c) => !sites.has(c.lesionId));
    if (needsOlder) {
      remember(reader.boardAt(e.snapshotId));
      const older = history.entries[i + 1];
      if (older) remember(reader.boardAt(older.snapshotId));
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
