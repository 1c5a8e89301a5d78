import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import { CancerLabel } from "../components/CancerLabel";
import { StatusBadge, UrgencyBadge } from "../components/CaseBadges";
import { ReadinessChecklist } from "../components/ReadinessChecklist";
import { useDates } from "../components/useDates";
import type { PrimaryCancer } from "../domain/records/cancer";
import { patientDisplayName } from "../domain/records/patient";
import { can } from "../domain/records/permissions";
import { loadCase } from "../records.server";
import { caseReadinessFor } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { case: c, patient: p } = loadCase(context, params.caseId);
  requireRcp(user, p.rcpId);
  return json({
    case: c,
    patient: {
      id: p.id,
      name: patientDisplayName(p),
      hospitalId: p.hospitalId,
      primaryCancer: p.primaryCancer as PrimaryCancer,
    },
    canEdit: can(user, "case:write"),
    readiness: caseReadinessFor(context, c.id),
    canFix: {
      patient: can(user, "patient:write"),
      case: can(user, "case:write"),
      board: can(user, "record:read"),
    },
  });
}

export default function CasePage() {
  const { case: c, patient, canEdit, readiness, canFix } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { date, dateTime } = useDates();
  const notStated = t("case.notStated");
  return (
    <>
      <p>
        <Link to="/cases">← {t("case.listTitle")}</Link>
      </p>
      <div className="toolbar">
        <h1>
          {t("case.title", { id: c.id })} —{" "}
          <Link to={`/patients/${patient.id}`}>{patient.name}</Link>
        </h1>
        <span className="spacer" />
        <Link className="button" to={`/cases/${c.id}/board`}>
          {t("board.openBoard")}
        </Link>
        <Link className="button secondary" to={`/cases/${c.id}/history`}>
          {t("board.historyLink")}
        </Link>
        {canEdit ? (
          <Link className="button secondary" to={`/cases/${c.id}/edit`}>
            {t("common.edit")}
          </Link>
        ) : null}
      </div>
      <section className="panel">
        <dl className="facts">
          <dt>{t("patient.hospitalId")}</dt>
          <dd>{patient.hospitalId}</dd>
          <dt>{t("patient.primaryCancer")}</dt>
          <dd>
            <CancerLabel cancer={patient.primaryCancer} />
          </dd>
          <dt>{t("case.question")}</dt>
          <dd>{c.question}</dd>
          <dt>{t("case.btaInQuestion")}</dt>
          <dd>
            {c.btaInQuestion === null
              ? notStated
              : t(`case.btaAnswers.${c.btaInQuestion ? "yes" : "no"}`)}
          </dd>
          <dt>{t("case.imagingDate")}</dt>
          <dd>{date(c.imagingDate) || notStated}</dd>
          <dt>{t("case.summary")}</dt>
          <dd className="pre-line">{c.summary ?? notStated}</dd>
          <dt>{t("case.referringPhysician")}</dt>
          <dd>{c.referringPhysician}</dd>
          <dt>{t("case.urgency")}</dt>
          <dd>
            <UrgencyBadge urgency={c.urgency} />
          </dd>
          <dt>{t("case.status")}</dt>
          <dd>
            <StatusBadge status={c.status} />
          </dd>
          <dt>{t("case.updatedAt")}</dt>
          <dd>{dateTime(c.updatedAt)}</dd>
        </dl>
      </section>
      <ReadinessChecklist
        readiness={readiness}
        caseId={c.id}
        patientId={patient.id}
        canFix={canFix}
      />
    </>
  );
}
