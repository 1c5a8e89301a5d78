// The patient timeline (issue 12 §5, decisions 108 and 129): the patient's dated facts, parsed by
// the kernel's schema (a stored value out of shape is a server error, not a silently missing mark),
// and the imaging assessments of each lesion of the patient's stored board.
import { readBoard } from "../../app/domain/board/ydoc";
import {
  type LesionAssessmentFact,
  lesionAssessmentFacts,
  type TimelineFacts,
  TimelineFactsSchema,
} from "../../app/domain/timeline";
import { createCollabStore } from "../../db/collab";
import { getPatient } from "../../db/patients";
import { timelineFactsOfPatient } from "../../db/timeline";
import { loadStoredBoardDoc } from "../collab/history";
import { type AppContext, todayOf } from "./context";
import { notFound } from "./refusal";

/**
 * The assessments on the stored board (what everyone saw, as the surgeon's worklist and the
 * readiness check read it); a lesion a client wrote out of shape is left out by readBoard.
 */
function storedLesionAssessments(ctx: AppContext, patientId: number): LesionAssessmentFact[] {
  const doc = loadStoredBoardDoc(createCollabStore(ctx.sqlite), patientId);
  try {
    return lesionAssessmentFacts(readBoard(doc, null).lesions);
  } finally {
    doc.destroy();
  }
}

export function patientTimelineFacts(ctx: AppContext, patientId: number): TimelineFacts {
  if (!getPatient(ctx.db, patientId)) throw notFound();
  return TimelineFactsSchema.parse({
    today: todayOf(ctx),
    ...timelineFactsOfPatient(ctx.db, patientId),
    lesionAssessments: storedLesionAssessments(ctx, patientId),
  });
}
