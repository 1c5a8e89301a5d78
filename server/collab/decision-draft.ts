// The decision draft of a case as the server stored it (decision 091): read from the patient's
// stored board (latest snapshot + every acknowledged update, durability), so signing reads what
// everyone in the meeting saw, with or without a live room.
import { readBoard } from "../../app/domain/board/ydoc";
import { type DecisionDraft, readDecisionDraft } from "../../app/domain/decision/draft";
import type { CollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "./history";

/** The case's draft, lesion rows in the order of the map (lenient: see readDecisionDraft). */
export function loadDecisionDraft(
  store: CollabStore,
  patientId: number,
  caseId: number,
): DecisionDraft {
  const doc = loadStoredBoardDoc(store, patientId);
  try {
    const lesionIds = readBoard(doc, null).lesions.map((l) => l.id);
    return readDecisionDraft(doc, caseId, lesionIds);
  } finally {
    doc.destroy();
  }
}
