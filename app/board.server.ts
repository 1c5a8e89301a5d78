// What a live case board needs from the server (the board page and the meeting mode show the same
// board): the case, the patient beside the map (stored facts only; age from the birth date and the
// RCP's today, never typed), the risk context, who is looking and who may edit.
import type { CurrentUser } from "./auth.server";
import type { PrimaryCancer } from "./domain/records/cancer";
import { ageYears, patientDisplayName } from "./domain/records/patient";
import { can } from "./domain/records/permissions";
import type { loadCase } from "./records.server";
import {
  type AppContext,
  lesionRadiotherapiesOf,
  membersOf,
  readBtaSequence,
  riskContextOfPatient,
  skeletalEventsOf,
  todayOf,
} from "./usecases.server";

function btaStripOf(view: ReturnType<typeof readBtaSequence>) {
  const s = view.state;
  return {
    status: s.status,
    agent: s.status === "none" ? null : s.regimen.agent,
    nextDoseDate: view.followUp.nextDoseDate,
  };
}

/**
 * `decidedOn`: the date the live check of the decision draft assumes (the meeting's in meeting
 * mode; today's on the board page, where the meeting is not known); signing checks again.
 */
export function boardPageData(
  context: AppContext,
  user: CurrentUser,
  found: ReturnType<typeof loadCase>,
  decidedOn: string = todayOf(context),
) {
  const { case: c, patient: p } = found;
  const bta = readBtaSequence(context, p.id);
  const primaryCancer = p.primaryCancer as PrimaryCancer;
  return {
    case: { id: c.id, question: c.question },
    patient: { id: p.id, name: patientDisplayName(p) },
    strip: {
      patientId: p.id,
      ageYears: ageYears(p.birthDate, todayOf(context)),
      sex: p.sex,
      primaryCancer: p.primaryCancer as PrimaryCancer,
      ecog: p.ecog,
      karnofsky: p.karnofsky,
      survivalBand: p.survivalBand,
      systemicTreatment: p.systemicTreatment,
      systemicTreatmentDetail: p.systemicTreatmentDetail,
      weightKg: p.weightKg,
      creatinineClearanceMlMin: p.creatinineClearanceMlMin,
      creatinineClearanceDate: p.creatinineClearanceDate,
      wishes: p.wishes,
      bta: btaStripOf(bta),
    },
    decisionCheck: {
      decidedOn,
      primaryCancer: primaryCancer.type,
      systemic: {
        sequence: bta.state,
        dentalCheckDate: p.dentalCheckDate ?? undefined,
        baselineCreatinineClearance_mL_min: bta.latestClearance?.mL_min,
      },
    },
    riskContext: riskContextOfPatient(context, p),
    user: { id: user.id, name: user.displayName, specialty: user.specialty, role: user.role },
    canEdit: can(user, "board:edit"),
    members: membersOf(context, p.rcpId).map((m) => ({ id: m.id, displayName: m.displayName })),
    // Read from SQLite for each page load, never written into the Yjs document (issue 12 §3).
    skeletalEvents: skeletalEventsOf(context, p.id).map((e) => ({
      id: e.id,
      lesionId: e.lesionId,
      kind: e.kind,
      date: e.date,
      planned: e.planned,
    })),
    // The radiotherapy dates of each lesion (skeletal events and done plan items), for the pain
    // response after radiotherapy computed from the board's dated readings (decision 130).
    radiotherapies: lesionRadiotherapiesOf(context, p.id),
  };
}
