// Read-only queries of the patient timeline (issue 12 §5, decision 108): a patient's dated facts
// across aggregates, one query per kind of fact, each on its patient index.
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./index";
import {
  agendaItems,
  btaEvents,
  cases,
  decisionVersions,
  meetings,
  planItems,
  skeletalEvents,
} from "./schema";

export function timelineFactsOfPatient(db: Db, patientId: number) {
  const bta = db
    .select({ kind: btaEvents.kind, date: btaEvents.date, agent: btaEvents.agent })
    .from(btaEvents)
    .where(eq(btaEvents.patientId, patientId))
    .orderBy(asc(btaEvents.date), asc(btaEvents.id))
    .all();
  const items = db
    .select({
      id: planItems.id,
      action: planItems.action,
      lesionId: planItems.lesionId,
      state: planItems.state,
      targetDate: planItems.targetDate,
      scheduledDate: planItems.scheduledDate,
      doneDate: planItems.doneDate,
    })
    .from(planItems)
    .where(eq(planItems.patientId, patientId))
    .orderBy(asc(planItems.id))
    .all();
  const skeletal = db
    .select({
      id: skeletalEvents.id,
      kind: skeletalEvents.kind,
      date: skeletalEvents.date,
      planned: skeletalEvents.planned,
      lesionId: skeletalEvents.lesionId,
    })
    .from(skeletalEvents)
    .where(eq(skeletalEvents.patientId, patientId))
    .orderBy(asc(skeletalEvents.date), asc(skeletalEvents.id))
    .all();
  const meetingRows = db
    .selectDistinct({ id: meetings.id, date: meetings.date })
    .from(agendaItems)
    .innerJoin(cases, eq(cases.id, agendaItems.caseId))
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(eq(cases.patientId, patientId))
    .orderBy(asc(meetings.date))
    .all();
  const decisions = db
    .select({
      caseId: decisionVersions.caseId,
      version: decisionVersions.version,
      // body is the signed-version envelope (app/domain/decision/version.ts), decision under
      // `decision`. The decision's date is its meeting's (DecisionSchema.decidedOn), not the signing instant.
      date: sql<string>`json_extract(${decisionVersions.body}, '$.decision.decidedOn')`,
    })
    .from(decisionVersions)
    .where(eq(decisionVersions.patientId, patientId))
    .orderBy(asc(decisionVersions.id))
    .all();
  const imaging = db
    .select({ caseId: cases.id, date: cases.imagingDate })
    .from(cases)
    .where(and(eq(cases.patientId, patientId), isNotNull(cases.imagingDate)))
    .orderBy(asc(cases.id))
    .all()
    .flatMap((c) => (c.date ? [{ caseId: c.caseId, date: c.date }] : []));
  return { bta, planItems: items, skeletal, meetings: meetingRows, decisions, imaging };
}
