// The patient timeline (issue 12 §5, decision 108): the patient's dated facts, parsed by the
// kernel's schema (a stored value out of shape is a server error, not a silently missing mark).
import { type TimelineFacts, TimelineFactsSchema } from "../../app/domain/timeline";
import { getPatient } from "../../db/patients";
import { timelineFactsOfPatient } from "../../db/timeline";
import { type AppContext, todayOf } from "./context";
import { notFound } from "./refusal";

export function patientTimelineFacts(ctx: AppContext, patientId: number): TimelineFacts {
  if (!getPatient(ctx.db, patientId)) throw notFound();
  return TimelineFactsSchema.parse({
    today: todayOf(ctx),
    ...timelineFactsOfPatient(ctx.db, patientId),
  });
}
