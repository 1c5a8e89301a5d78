// What happened after last week's demo meeting (issue 12 demo data): Mme Blanc's prophylactic
// nailing was booked and done, recorded as a planned skeletal event from its plan item (which
// marks the item done, decision 105); Sarah Chevalier's progressing right humerus broke, an
// emergency. Her sacral radiotherapy stays unbooked past its target date (overdue). Each step goes
// through its use case, with the clock of its day. The clinical content is invented, like every
// fixture.
import { addDays } from "../../app/domain/dates";
import { CLINIC_TIME_ZONE, localToInstant } from "../../app/domain/meeting/calendar";
import type { CollabStore } from "../../db/collab";
import { planItemsOfPatient } from "../../db/planItems";
import { type AppContext, todayOf } from "../usecases/context";
import { scheduleItem } from "../usecases/plans";
import { recordSkeletalEvent } from "../usecases/skeletal";
import { caseKey, idOf, type SeededRecords } from "./records";

const DEMO_DOMAIN = "@osteoboard.local";

/** Returns the number of skeletal events written. */
export function writeFollowThrough(
  ctx: AppContext,
  store: CollabStore,
  records: SeededRecords,
): number {
  const today = todayOf(ctx);
  const on = (date: string, time: string): AppContext => ({
    ...ctx,
    now: () => localToInstant(date, time, CLINIC_TIME_ZONE),
  });
  const user = (login: string) => idOf(records.userIds, `${login}${DEMO_DOMAIN}`);
  const patientOf = (hospitalId: string) => {
    const caseId = idOf(records.caseIds, caseKey(hospitalId, 0));
    const patientId = store.patientOfCase(caseId);
    if (patientId === null) throw new Error(`seed: no patient for case ${caseId}`);
    return { caseId, patientId };
  };

  const blanc = patientOf("DEMO-0008");
  const nailing = planItemsOfPatient(ctx.db, blanc.patientId).find(
    (i) => i.action === "surgery.prophylacticNailing",
  );
  if (!nailing) throw new Error("seed: Mme Blanc's nailing was not planned");
  const operated = addDays(today, -3);
  scheduleItem(on(addDays(today, -6), "09:00"), user("coordination"), nailing.id, operated);
  recordSkeletalEvent(on(operated, "18:00"), user("h.bernard"), blanc.patientId, {
    eventKind: "surgeryToBone",
    eventDate: operated,
    lesionId: nailing.lesionId,
    origin: "planned",
    planItemId: nailing.id,
    note: "Enclouage centromédullaire prophylactique du fémur droit.",
  });

  const chevalier = patientOf("DEMO-0007");
  const broke = addDays(today, -2);
  // Her first lesion in boards.json is the progressing right humeral diaphysis.
  recordSkeletalEvent(on(broke, "22:30"), user("h.bernard"), chevalier.patientId, {
    eventKind: "pathologicalFracture",
    eventDate: broke,
    lesionId: `demo-${chevalier.caseId}-1`,
    origin: "emergency",
    note: "Chute de sa hauteur ; fracture de la diaphyse humérale droite, aux urgences.",
  });
  return 2;
}
