// The demo's past meeting (issue 11, demo data): last week's session of the demo RCP, held and
// closed, with one case decided and signed, so that a new user finds a signed decision, its
// versions and its fiche RCP (PDF, FHIR) from the first start. Everything goes through the use
// cases with the clock of that day (audit rows at the time they would have been written); the
// decision draft is written into the patient's board as the meeting's editor would have typed it.
// The clinical content is invented for the demo, like every fixture.
import {
  addDraftRow,
  draftGuidelineFollowed,
  draftRationale,
  setDraftConsent,
  setDraftLesionField,
  setDraftRowField,
  setDraftSystemic,
  setDraftTrial,
} from "../../app/domain/board/ydoc";
import { addDays } from "../../app/domain/dates";
import { CLINIC_TIME_ZONE, localToInstant } from "../../app/domain/meeting/calendar";
import type { CollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../collab/history";
import { type AppContext, todayOf } from "../usecases/context";
import { signCaseDecision } from "../usecases/decisions";
import {
  addCaseToAgenda,
  closeMeeting,
  openMeeting,
  planMeeting,
  setChair,
  setPresence,
} from "../usecases/meetings";
import { caseKey, idOf, type SeededRecords } from "./records";

/** Seven days before the clinic's today, 14:00 (the demo RCP meets weekly). */
const DAYS_AGO = 7;
const PRESENT = ["h.bernard", "s.laurent", "k.haddad"] as const;
const DEMO_DOMAIN = "@osteoboard.local";

/** M. Garnier's case (DEMO-0002, on denosumab): one decision per lesion, in board order. */
const LESION_DECISIONS = [
  // L4: painful, SINS and ESCC low: a single 8 Gy fraction (ESMO 2020).
  { action: "rt.singleFraction8Gy", specialty: "radiation_oncology", inDays: 14 },
  { action: "observation", specialty: "rheumatology", inDays: undefined },
  { action: "observation", specialty: "orthopaedic_surgery", inDays: undefined },
] as const;

export function writePastMeeting(
  ctx: AppContext,
  store: CollabStore,
  records: SeededRecords,
  rcpKey: string,
): number {
  const date = addDays(todayOf(ctx), -DAYS_AGO);
  const at = (time: string) => localToInstant(date, time, CLINIC_TIME_ZONE);
  // Each step carries the clock of its moment in the meeting.
  const when = (time: string): AppContext => ({ ...ctx, now: () => at(time) });
  const user = (login: string) => idOf(records.userIds, `${login}${DEMO_DOMAIN}`);
  const rcpId = idOf(records.rcpIds, rcpKey);
  const caseId = idOf(records.caseIds, caseKey("DEMO-0002", 0));
  const chair = user("h.bernard");

  const meeting = planMeeting(when("08:00"), null, {
    rcpId,
    date,
    time: "14:00",
    place: "Salle de staff d'oncologie, bâtiment B, 2e étage",
    videoLink: "https://visio.chu-demo.example/rcp-oos",
  });
  setChair(when("08:01"), null, meeting.id, chair);
  addCaseToAgenda(when("08:02"), null, meeting.id, caseId);
  for (const login of PRESENT)
    setPresence(when("14:00"), chair, meeting.id, `member:${user(login)}`, "onSite");
  openMeeting(when("14:01"), chair, meeting.id);

  // The draft, typed during the meeting into the patient's board.
  const patientId = store.patientOfCase(caseId);
  if (patientId === null) throw new Error(`seed: no patient for case ${caseId}`);
  const doc = loadStoredBoardDoc(store, patientId);
  const pending: Uint8Array[] = [];
  const collect = (u: Uint8Array) => pending.push(u);
  doc.on("update", collect);
  LESION_DECISIONS.forEach((d, i) => {
    const lesionId = `demo-${caseId}-${i + 1}`;
    setDraftLesionField(doc, caseId, lesionId, "action", d.action);
    setDraftLesionField(doc, caseId, lesionId, "responsibleSpecialty", d.specialty);
    if (d.inDays !== undefined)
      setDraftLesionField(doc, caseId, lesionId, "targetDate", addDays(date, d.inDays));
  });
  setDraftSystemic(doc, caseId, "action", "continue");
  addDraftRow(doc, caseId, "imaging", "img-1", 1);
  setDraftRowField(doc, caseId, "imaging", "img-1", "modality", "ct");
  setDraftRowField(doc, caseId, "imaging", "img-1", "dueDate", addDays(date, 90));
  draftGuidelineFollowed(doc, caseId).insert(
    0,
    "ESMO 2020 métastases osseuses ; référentiel AFSOS métastases osseuses",
  );
  setDraftTrial(doc, caseId, { proposed: false });
  setDraftConsent(doc, caseId, "patientInformed", "yes");
  setDraftConsent(doc, caseId, "patientNotObjecting", "yes");
  draftRationale(doc, caseId).insert(
    0,
    "Douleur lombaire L4 sans instabilité (SINS bas) ni compression : radiothérapie antalgique en " +
      "fraction unique. Iliaque et diaphyse fémorale : surveillance. Dénosumab poursuivi, " +
      "contrôle de la calcémie avant chaque injection.",
  );
  doc.off("update", collect);
  const typed = at("14:20").toISOString();
  for (const u of pending) store.appendUpdate(patientId, caseId, chair, u, typed);
  doc.destroy();

  signCaseDecision(when("14:25"), chair, { meetingId: meeting.id, caseId, expectedVersion: 0 });
  closeMeeting(when("16:00"), chair, meeting.id);
  return 1;
}
