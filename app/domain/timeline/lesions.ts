// The lesion assessments of a patient's stored board as timeline facts (issue 12 §5, decision
// 129): each assessment with its lesion's board number and site, in board order, oldest first.
import { boardOrder } from "../board/order";
import { type BoardLesion, lesionHistory } from "../board/schema";
import type { LesionAssessmentFact } from "./layout";

export function lesionAssessmentFacts(lesions: readonly BoardLesion[]): LesionAssessmentFact[] {
  // Numbered among all lesions, as on the board's map, assessed or not.
  return boardOrder(lesions).flatMap((lesion, i) =>
    lesionHistory(lesion).map((a) => ({
      lesionId: lesion.id,
      number: i + 1,
      siteId: lesion.siteId,
      side: lesion.side,
      date: a.imagingDate,
      modality: a.modality,
      response: a.response,
    })),
  );
}
