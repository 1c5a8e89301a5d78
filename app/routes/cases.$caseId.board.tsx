// The live case board of one case (issue 5 §3): everyone in the meeting edits the same Yjs
// document (room case:<id>) through the collaboration server on this origin (/collab).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import type { BoardUser } from "../board/useBoard";
import { BoardView } from "../components/board/BoardView";
import { PatientStrip } from "../components/board/PatientStrip";
import type { PrimaryCancer } from "../domain/records/cancer";
import { ageYears, patientDisplayName } from "../domain/records/patient";
import { can } from "../domain/records/permissions";
import { loadCase } from "../records.server";
import boardStyles from "../styles/board.css";
import { membersOf, readBtaSequence, riskContextOfPatient, todayOf } from "../usecases.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: boardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `OsteoBoard — ${data.patient.name} (${data.case.id})` : "OsteoBoard" },
];

function btaStripOf(view: ReturnType<typeof readBtaSequence>) {
  const s = view.state;
  return {
    status: s.status,
    agent: s.status === "none" ? null : s.regimen.agent,
    nextDoseDate: view.followUp.nextDoseDate,
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { case: c, patient: p } = loadCase(context, params.caseId);
  requireRcp(user, p.rcpId);
  return json({
    case: { id: c.id, question: c.question },
    patient: { id: p.id, name: patientDisplayName(p) },
    // The patient beside the map (issue 10 §5): stored facts only; age from the birth date and
    // the RCP's today, never typed.
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
      bta: btaStripOf(readBtaSequence(context, p.id)),
    },
    riskContext: riskContextOfPatient(context, p),
    user: {
      id: user.id,
      name: user.displayName,
      specialty: user.specialty,
      role: user.role,
    },
    canEdit: can(user, "board:edit"),
    members: membersOf(context, p.rcpId).map((m) => ({ id: m.id, displayName: m.displayName })),
  });
}

export default function CaseBoardPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { id, name, specialty, role } = data.user;
  // Stable identities: the board hook reconnects when these change.
  const user = useMemo<BoardUser>(
    () => ({ id, name, specialty, role }),
    [id, name, specialty, role],
  );
  const context = data.riskContext;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/cases/${data.case.id}`}>← {t("case.title", { id: data.case.id })}</Link>
        <span className="muted"> — {data.case.question}</span>
      </p>
      <BoardView
        caseId={data.case.id}
        title={t("board.title", { patient: data.patient.name })}
        user={user}
        canEdit={data.canEdit}
        members={data.members}
        context={context}
        patientStrip={<PatientStrip patient={data.strip} />}
      />
    </>
  );
}
