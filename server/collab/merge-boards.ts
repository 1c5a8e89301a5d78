// The data step of migration 0002 (decision 072): each patient's per-case boards become the
// patient's one lesion map. SQL cannot rewrite Yjs documents, so this runs at start right after the
// SQL migrations (server/index.ts), once per patient (board_merges marks it), one transaction per
// patient. Also runnable by hand (merge-boards-cli.ts):
//   node --import tsx server/collab/merge-boards-cli.ts     (DATABASE_PATH as for npm start)
//
// Lossless by construction: the merged map is the Yjs union of the case documents (every lesion,
// score item, assessment, option and lesion discussion with its Yjs history), and one "migration"
// update on top of it, stored like any other update (user null, case null), that
//  - writes each case's discussion (read from that case's document alone) into its own root
//    `discussion:<caseId>`, and empties the legacy root `discussion`, where the union interleaves
//    the texts of all cases;
//  - re-keys a lesion whose id another case also used (two per-case boards could not see each
//    other, so nothing stopped it): in the union one entry of a Y.Map key wins, so the other is
//    copied under `<id>~case<caseId>` and reported; none is dropped.
// The legacy updates stay in board_updates (now with the patient id) for who-changed-what; the
// per-case snapshots stay as history (legacy_case_id). The merged state becomes the patient's first
// snapshot, so the room loads it and never reapplies the legacy updates.
import * as Y from "yjs";
import { BoardLesionSchema } from "../../app/domain/board/schema";
import {
  caseDiscussion,
  LEGACY_DISCUSSION_KEY,
  lesionsMap,
  lesionToY,
} from "../../app/domain/board/ydoc";
import { type CollabStore, createCollabStore, type StoredBoard } from "../../db/collab";
import type { Sqlite } from "../../db/index";
import { writeProjection } from "./projection";

export interface RekeyedLesion {
  caseId: number;
  from: string;
  to: string;
}

export interface PatientMergeReport {
  patientId: number;
  cases: number[];
  lesions: number;
  rekeyed: RekeyedLesion[];
}

function docOf(board: StoredBoard): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    if (board.snapshot) Y.applyUpdate(doc, board.snapshot.state);
    for (const row of board.tail) Y.applyUpdate(doc, row.update);
  });
  return doc;
}

/** The Yjs item that holds a lesion entry: same id in two documents = the same lesion edit. */
function itemKey(value: unknown): string | null {
  if (!(value instanceof Y.Map) || !value._item) return null;
  return `${value._item.id.client}:${value._item.id.clock}`;
}

/** Merges one patient's per-case boards (inside the caller's transaction). */
function mergePatient(store: CollabStore, patientId: number, at: string): PatientMergeReport {
  const cases = store.legacyCasesOf(patientId);
  const caseDocs = cases.map((caseId) => ({ caseId, doc: docOf(store.legacyCaseBoard(caseId)) }));
  const merged = new Y.Doc({ gc: true });
  try {
    merged.transact(() => {
      for (const { doc } of caseDocs) Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc));
    });
    const migration: Uint8Array[] = [];
    merged.on("update", (u: Uint8Array) => migration.push(u));
    const rekeyed: RekeyedLesion[] = [];
    merged.transact(() => {
      const lesions = lesionsMap(merged);
      for (const { caseId, doc } of caseDocs) {
        for (const [lesionId, own] of lesionsMap(doc).entries()) {
          if (itemKey(lesions.get(lesionId)) === itemKey(own)) continue;
          // Another case's lesion won this key in the union: keep this one under a new key.
          // Ids are at most 64 characters (BoardLesionSchema); a uuid (36) leaves room.
          const to = `${lesionId.slice(0, 44)}~case${caseId}`;
          if (lesions.has(to)) throw new Error(`patient ${patientId}: lesion id ${to} is taken`);
          const copy = BoardLesionSchema.parse({ ...own.toJSON(), id: to });
          lesions.set(to, lesionToY(copy));
          rekeyed.push({ caseId, from: lesionId, to });
        }
        const text = doc.getText(LEGACY_DISCUSSION_KEY).toString();
        if (text.length > 0) caseDiscussion(merged, caseId).insert(0, text);
      }
      const legacy = merged.getText(LEGACY_DISCUSSION_KEY);
      if (legacy.length > 0) legacy.delete(0, legacy.length);
    });
    let lastUpdateId = 0;
    if (migration.length > 0) {
      lastUpdateId = store.appendUpdate(patientId, null, null, Y.mergeUpdates(migration), at);
    } else {
      const { tail, snapshot } = store.loadBoard(patientId);
      lastUpdateId = Math.max(snapshot?.lastUpdateId ?? 0, ...tail.map((t) => t.id));
    }
    store.writeSnapshot(patientId, Y.encodeStateAsUpdate(merged), lastUpdateId, [], at);
    const lesions = writeProjection(store, patientId, merged, at, () => {});
    const report = { patientId, cases, lesions, rekeyed };
    if (!store.markMerged(patientId, at, report)) {
      throw new Error(`patient ${patientId}: merge was not pending`);
    }
    return report;
  } finally {
    merged.destroy();
    for (const { doc } of caseDocs) doc.destroy();
  }
}

/**
 * Merges every pending patient (board_merges.merged_at null), each in its own transaction. A
 * failure throws (its patient stays pending, the others merged so far stay merged): the server must
 * not start on a half-migrated map.
 */
export function mergePatientBoards(
  sqlite: Sqlite,
  now: () => Date,
  log: (m: string) => void,
): PatientMergeReport[] {
  const store = createCollabStore(sqlite);
  const reports: PatientMergeReport[] = [];
  for (const patientId of store.pendingMerges()) {
    const at = now().toISOString();
    const report = sqlite.transaction(() => mergePatient(store, patientId, at))();
    for (const r of report.rekeyed) {
      log(`merge patient ${patientId}: lesion ${r.from} of case ${r.caseId} kept as ${r.to}`);
    }
    reports.push(report);
  }
  if (reports.length > 0) {
    log(`merged the case boards of ${reports.length} patients into one lesion map each`);
  }
  return reports;
}
