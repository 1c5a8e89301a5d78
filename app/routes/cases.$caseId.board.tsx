// The live case board of one case (issue 5 §3): everyone in the meeting edits the same Yjs
// document (room case:<id>) through the collaboration server on this origin (/collab).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import type { BoardUser } from "../board/useBoard";
import { boardPageData } from "../board.server";
import { BoardView } from "../components/board/BoardView";
import { BoardPatientContext } from "../components/board/boardPatient";
import { DecisionDraftFold } from "../components/board/DecisionDraftFold";
import { PatientStrip } from "../components/board/PatientStrip";
import { loadCase } from "../records.server";
import boardStyles from "../styles/board.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: boardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `OsteoBoard — ${data.patient.name} (${data.case.id})` : "OsteoBoard" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const found = loadCase(context, params.caseId);
  requireRcp(user, found.patient.rcpId);
  return json(boardPageData(context, user, found));
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
      <BoardPatientContext.Provider value={data.strip.patientId}>
        <BoardView
          caseId={data.case.id}
          title={t("board.title", { patient: data.patient.name })}
          user={user}
          canEdit={data.canEdit}
          members={data.members}
          context={context}
          skeletalEvents={data.skeletalEvents}
          radiotherapies={data.radiotherapies}
          patientStrip={<PatientStrip patient={data.strip} />}
          below={(live) => (
            <DecisionDraftFold
              live={live}
              caseId={data.case.id}
              riskContext={context}
              check={data.decisionCheck}
            />
          )}
        />
      </BoardPatientContext.Provider>
    </>
  );
}
