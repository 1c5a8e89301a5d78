// Writes the demo case boards (issue 5 §5) through the collaboration store (db/collab.ts) into the
// lesion map of each case's patient (decision 072) as two stored states per board: the first look
// (lesions, imaging, the case's discussion), then the pre-meeting work-up (local-treatment
// options, each as sent by the physician who proposed it). So they load like any board and have a
// history.
import * as Y from "yjs";
import {
  addAssessment,
  addLesion,
  caseDiscussion,
  proposeOption,
} from "../../app/domain/board/ydoc";
import type { CollabStore } from "../../db/collab";
import type { DemoBoard, DemoBoards } from "./fixtures";
import { caseKey, idOf, type SeededRecords } from "./records";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Writes every board of boards.json; returns how many. Call inside the seed's transaction. */
export function writeCaseBoards(
  store: CollabStore,
  fixture: DemoBoards,
  records: SeededRecords,
  now: Date,
): number {
  const firstLook = new Date(now.getTime() - fixture.firstLookDaysAgo * DAY_MS);
  const workUp = new Date(now.getTime() - fixture.workUpDaysAgo * DAY_MS);
  // One document per patient: two boards of one patient's cases write into the same map.
  const maps = new Map<number, Y.Doc>();
  for (const board of fixture.boards) {
    const caseId = idOf(records.caseIds, caseKey(board.hospitalId, board.caseIndex));
    const patientId = store.patientOfCase(caseId);
    if (patientId === null) throw new Error(`seed: no patient for case ${caseId}`);
    const doc = maps.get(patientId) ?? new Y.Doc();
    maps.set(patientId, doc);
    writeBoard(store, { patientId, caseId, doc }, board, records.userIds, firstLook, workUp);
  }
  for (const doc of maps.values()) doc.destroy();
  return fixture.boards.length;
}

function writeBoard(
  store: CollabStore,
  target: { patientId: number; caseId: number; doc: Y.Doc },
  board: DemoBoard,
  userIds: ReadonlyMap<string, number>,
  firstLook: Date,
  workUp: Date,
): void {
  const { patientId, caseId, doc } = target;
  const pending: Uint8Array[] = [];
  const collect = (u: Uint8Array) => pending.push(u);
  doc.on("update", collect);
  const flush = (userId: number, at: Date): number => {
    let last = 0;
    for (const u of pending.splice(0)) {
      last = store.appendUpdate(patientId, caseId, userId, u, at.toISOString());
    }
    return last;
  };
  const lesionId = (i: number) => `demo-${caseId}-${i + 1}`;

  // Stage 1: the coordinator or referring physician maps the lesions and their imaging.
  const first = idOf(userIds, board.firstLookBy);
  board.lesions.forEach((d, i) => {
    const id = lesionId(i);
    const createdAt = new Date(firstLook.getTime() + i * MINUTE_MS).toISOString();
    addLesion(doc, { ...d.lesion, id, createdBy: first, createdAt });
    d.assessments.forEach(({ note, ...assessment }, k) => {
      // A note is left out rather than stored as undefined (the stored JSON stays minimal).
      addAssessment(doc, id, { id: `${id}-a${k + 1}`, ...assessment, ...(note ? { note } : {}) });
    });
  });
  caseDiscussion(doc, caseId).insert(0, board.discussion);
  const stage1 = flush(first, firstLook);
  store.writeSnapshot(
    patientId,
    Y.encodeStateAsUpdate(doc),
    stage1,
    [first],
    firstLook.toISOString(),
  );

  // Stage 2: the work-up before the meeting.
  const editors = new Set<number>();
  let stage2 = 0;
  board.lesions.forEach((d, i) => {
    const id = lesionId(i);
    d.options.forEach((o, k) => {
      const proposedBy = idOf(userIds, o.by);
      editors.add(proposedBy);
      proposeOption(doc, id, {
        id: `${id}-o${k + 1}`,
        treatmentId: o.treatmentId,
        proposedBy,
        proposedAt: workUp.toISOString(),
        status: o.status,
        note: o.note,
      });
      stage2 = flush(proposedBy, workUp);
    });
  });
  if (stage2 > 0) {
    store.writeSnapshot(
      patientId,
      Y.encodeStateAsUpdate(doc),
      stage2,
      [...editors],
      workUp.toISOString(),
    );
  }
  doc.off("update", collect);
}
