// The board history: the stored states of the patient's lesion map (decision 072) with who changed
// what from which case's board, and each lesion's timeline across the patient's cases, read
// through the collaboration server's own history functions (server/collab/history.ts) so there is
// one definition of "what changed"; each stored state is read and decoded once per request.
import type { LenientBoard, LesionAssessment } from "../../app/domain/board/schema";
import { readBoard } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc, openBoardHistory } from "../collab/history";
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
  /** The cases whose boards the changes came from (the legacy per-case snapshot: its case). */
  caseIds: number[];
}

/** One lesion across the patient's cases: its stored changes and its imaging assessments. */
export interface LesionTimelineView {
  lesionId: string;
  siteId: string;
  side: string;
  /** Imaging assessments by imaging date, oldest first. */
  assessments: LesionAssessment[];
  /** Stored states that added or changed it, oldest first, with the cases they came from. */
  events: {
    snapshotId: number;
    createdAt: string;
    kind: "added" | "changed";
    fields: string[];
    caseIds: number[];
  }[];
}

export interface BoardHistoryView {
  entries: HistoryEntryView[];
  /** Every lesion of the stored map as it is now, in creation order, with its timeline. */
  timelines: LesionTimelineView[];
  /** People who edited the live board after the latest stored state. */
  editingSinceLatest: string[];
  selected: { snapshotId: number; board: LenientBoard } | null;
}

/**
 * The map's stored states, newest first, and the one asked for (default: the newest), seen from
 * one case of the patient. Call only after the loader checked the user may see the patient.
 */
export function boardHistory(
  ctx: AppContext,
  view: { patientId: number; caseId: number },
  wanted: number | null,
): BoardHistoryView {
  // One reader for the list and the states shown: each snapshot is decoded once.
  const reader = openBoardHistory(ctx.sqlite, view);
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
      caseIds: e.caseIds,
      changes: e.changes.map((c) => ({
        ...c,
        siteId: sites.get(c.lesionId)?.siteId ?? null,
        side: sites.get(c.lesionId)?.side ?? null,
      })),
    };
  });
  return {
    entries,
    timelines: lesionTimelines(currentBoard(ctx, view), history.entries),
    editingSinceLatest: history.editingSinceLatest.map((x) => x.displayName),
    selected: board && snapshotId !== null ? { snapshotId, board } : null,
  };
}

/** The stored map as it is now (latest snapshot and the updates after it), seen from one case. */
function currentBoard(ctx: AppContext, view: { patientId: number; caseId: number }): LenientBoard {
  const doc = loadStoredBoardDoc(createCollabStore(ctx.sqlite), view.patientId);
  try {
    return readBoard(doc, view.caseId);
  } finally {
    doc.destroy();
  }
}

/** Each lesion of the map now, with what changed it, and when, from which case. */
function lesionTimelines(
  board: LenientBoard,
  entries: readonly {
    snapshotId: number;
    createdAt: string;
    changes: readonly { lesionId: string; kind: string; fields: string[] }[];
    caseIds: number[];
    legacyCaseId: number | null;
  }[],
): LesionTimelineView[] {
  const lesions = [...board.lesions].sort(
    (a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.id.localeCompare(b.id),
  );
  const oldestFirst = [...entries].reverse();
  return lesions.map((lesion) =>
    withOneAddition({
      lesionId: lesion.id,
      siteId: lesion.siteId,
      side: lesion.side,
      assessments: Object.values(lesion.assessments).sort(
        (a, b) => a.imagingDate.localeCompare(b.imagingDate) || a.id.localeCompare(b.id),
      ),
      events: oldestFirst.flatMap((e) =>
        e.changes
          .filter((c) => c.lesionId === lesion.id && (c.kind === "added" || c.kind === "changed"))
          .map((c) => ({
            snapshotId: e.snapshotId,
            createdAt: e.createdAt,
            kind: c.kind === "added" ? ("added" as const) : ("changed" as const),
            fields: c.fields,
            caseIds: e.caseIds,
          })),
      ),
    }),
  );
}

/**
 * A lesion is added once: the merge's first map state (migration 0002) has no predecessor, so it
 * lists as added every lesion that a per-case snapshot already added; the first addition is kept.
 */
function withOneAddition(timeline: LesionTimelineView): LesionTimelineView {
  let added = false;
  const events = timeline.events.filter((e) => {
    if (e.kind !== "added") return true;
    if (added) return false;
    added = true;
    return true;
  });
  return { ...timeline, events };
}
