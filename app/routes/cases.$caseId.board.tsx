// The live case board of one case (issue 5 §3): everyone in the meeting edits the same Yjs
// document (room case:<id>) through the collaboration server on this origin (/collab).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import type { BoardUser } from "../board/useBoard";
import { BoardView } from "../components/board/BoardView";
import { Fold } from "../components/board/Fold";
import { PatientStrip } from "../components/board/PatientStrip";
import type { PrimaryCancer } from "../domain/records/cancer";
import { ageYears, patientDisplayName } from "../domain/records/patient";
import { can } from "../domain/records/permissions";
import { loadCase } from "../records.server";
import boardStyles from "../styles/board.css";
import { membersOf, readBtaSequence, riskContextOfPatient, todayOf } from "../usecases.server";

// Loaded only in the browser once the board's document exists (decision 113: the board page's
// JavaScript budget, decision 070; the form is not needed to read the map).
const DecisionDraft = lazy(() => import("../components/board/DecisionDraft"));

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
  const bta = readBtaSequence(context, p.id);
  const primaryCancer = p.primaryCancer as PrimaryCancer;
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
      bta: btaStripOf(bta),
    },
    // The live check of the decision draft (app/domain/decision): the meeting's date is not known
    // on the board, today's stands for it; signing checks again with the meeting's.
    decisionCheck: {
      decidedOn: todayOf(context),
      primaryCancer: primaryCancer.type,
      systemic: {
        sequence: bta.state,
        dentalCheckDate: p.dentalCheckDate ?? undefined,
        baselineCreatinineClearance_mL_min: bta.latestClearance?.mL_min,
      },
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
        below={(live) => (
          <Fold id="decision-draft" title={t("board.decision.title")} defaultOpen>
            {live.doc ? (
              <Suspense fallback={<p className="loading">{t("board.decision.loading")}</p>}>
                <DecisionDraft
                  {...live}
                  doc={live.doc}
                  caseId={data.case.id}
                  riskContext={context}
                  check={data.decisionCheck}
                />
              </Suspense>
            ) : (
              <p className="loading">{t("board.decision.loading")}</p>
            )}
          </Fold>
        )}
      />
    </>
  );
}
