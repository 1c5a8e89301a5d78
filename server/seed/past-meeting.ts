// The demo's past meeting (issue 11, demo data): last week's session of the demo RCP, held and
// closed, with one case decided and signed, so that a new user finds a signed decision, its
// versions and its fiche RCP (PDF, FHIR) from the first start. Everything goes through the use
// cases with the clock of that day (audit rows at the time they would have been written); the
// decision draft is written into the patient's board as the meeting's editor would have typed it.
// The clinical content is invented for the demo, like every fixture.

import type * as Y from "yjs";
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

/** Mme Blanc's case (DEMO-0008): S1 then the right trochanter, in board order. */
const BLANC_DECISIONS = [
  // Painful sacral lesion without instability: a single 8 Gy fraction (ESMO 2020). Its target
  // date has passed without a booking: the coordinator's overdue item.
  { action: "rt.singleFraction8Gy", specialty: "radiation_oncology", inDays: 3 },
  // Lytic, painful peritrochanteric lesion: prophylactic nailing (Mirels 1989, >= 9).
  { action: "surgery.prophylacticNailing", specialty: "orthopaedic_surgery", inDays: 7 },
] as const;

/** Types a draft into the patient's stored board as the meeting's editor would have, at `typedAt`. */
function typeDraft(
  store: CollabStore,
  caseId: number,
  editor: number,
  typedAt: string,
  type: (doc: Y.Doc) => void,
): void {
  const patientId = store.patientOfCase(caseId);
  if (patientId === null) throw new Error(`seed: no patient for case ${caseId}`);
  const doc = loadStoredBoardDoc(store, patientId);
  const pending: Uint8Array[] = [];
  const collect = (u: Uint8Array) => pending.push(u);
  doc.on("update", collect);
  type(doc);
  doc.off("update", collect);
  for (const u of pending) store.appendUpdate(patientId, caseId, editor, u, typedAt);
  doc.destroy();
}

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

  typeDraft(store, caseId, chair, at("14:20").toISOString(), (doc) => {
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
  });
  signCaseDecision(when("14:25"), chair, { meetingId: meeting.id, caseId, expectedVersion: 0 });

  // Mme Blanc's case (DEMO-0008), added late: what happened after shows on the worklists.
  const blancCase = idOf(records.caseIds, caseKey("DEMO-0008", 0));
  addCaseToAgenda(when("08:03"), null, meeting.id, blancCase);
  typeDraft(store, blancCase, chair, at("14:40").toISOString(), (doc) => {
    BLANC_DECISIONS.forEach((d, i) => {
      const lesionId = `demo-${blancCase}-${i + 1}`;
      setDraftLesionField(doc, blancCase, lesionId, "action", d.action);
      setDraftLesionField(doc, blancCase, lesionId, "responsibleSpecialty", d.specialty);
      setDraftLesionField(doc, blancCase, lesionId, "targetDate", addDays(date, d.inDays));
    });
    // Denosumab paused on 16/11 for a dental extraction (patients.json): resumed once healed.
    setDraftSystemic(doc, blancCase, "action", "resume");
    draftGuidelineFollowed(doc, blancCase).insert(
      0,
      "ESMO 2020 métastases osseuses ; Mirels 1989 pour l'enclouage prophylactique",
    );
    setDraftTrial(doc, blancCase, { proposed: false });
    setDraftConsent(doc, blancCase, "patientInformed", "yes");
    setDraftConsent(doc, blancCase, "patientNotObjecting", "yes");
    draftRationale(doc, blancCase).insert(
      0,
      "Trochanter droit lytique douloureux à la marche : enclouage prophylactique. Sacrum S1 " +
        "douloureux : radiothérapie antalgique 8 Gy. Reprise du dénosumab après cicatrisation " +
        "de l'extraction dentaire.",
    );
  });
  signCaseDecision(when("14:45"), chair, {
    meetingId: meeting.id,
    caseId: blancCase,
    expectedVersion: 0,
  });
  closeMeeting(when("16:00"), chair, meeting.id);
  return 1;
}
