import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import { CancerLabel } from "../components/CancerLabel";
import { CaseTable } from "../components/CaseTable";
import { useDates } from "../components/useDates";
import type { PrimaryCancer } from "../domain/records/cancer";
import { ageYears, patientDisplayName } from "../domain/records/patient";
import { can } from "../domain/records/permissions";
import { loadPatient } from "../records.server";
import { casesOf, findRcp, todayOf } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  return json({
    patient: { ...patient, primaryCancer: patient.primaryCancer as PrimaryCancer },
    rcp: findRcp(context, patient.rcpId)?.name ?? "",
    cases: casesOf(context, patient.id),
    today: todayOf(context),
    canEdit: can(user, "patient:write"),
    canCreateCase: can(user, "case:write"),
  });
}

export default function PatientPage() {
  const { patient: p, rcp, cases, today, canEdit, canCreateCase } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const none = t("common.none");
  const { date } = useDates();
  return (
    <>
      <p>
        <Link to="/patients">← {t("patient.listTitle")}</Link>
      </p>
      <div className="toolbar">
        <h1>
          {patientDisplayName(p)}{" "}
          <span className="muted">
            ({p.hospitalId}, {t("common.years", { count: ageYears(p.birthDate, today) })})
          </span>
        </h1>
        <span className="spacer" />
        {canEdit ? (
          <Link className="button secondary" to={`/patients/${p.id}/edit`}>
            {t("common.edit")}
          </Link>
        ) : null}
      </div>
      <div className="cols">
        <section className="panel">
          <h2>{t("patient.identity")}</h2>
          <dl className="facts">
            <dt>{t("patient.rcp")}</dt>
            <dd>{rcp}</dd>
            <dt>{t("patient.birthDate")}</dt>
            <dd>{date(p.birthDate)}</dd>
            <dt>{t("patient.sex")}</dt>
            <dd>{t(`patient.sexes.${p.sex}`)}</dd>
            <dt>{t("patient.primaryCancer")}</dt>
            <dd>
              <CancerLabel cancer={p.primaryCancer} />
            </dd>
            <dt>{t("patient.cancerDiagnosisDate")}</dt>
            <dd>{date(p.cancerDiagnosisDate) || none}</dd>
            <dt>{t("patient.boneMetastasisDiagnosisDate")}</dt>
            <dd>{date(p.boneMetastasisDiagnosisDate) || none}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{t("patient.clinical")}</h2>
          <dl className="facts">
            <dt>{t("patient.weightKg")}</dt>
            <dd>{p.weightKg ?? none}</dd>
            <dt>ECOG</dt>
            <dd>{p.ecog ?? none}</dd>
            <dt>Karnofsky</dt>
            <dd>{p.karnofsky === null ? none : `${p.karnofsky} %`}</dd>
            <dt>{t("patient.systemicTreatment")}</dt>
            <dd>
              {t(`patient.systemicTreatments.${p.systemicTreatment}`)}
              {p.systemicTreatmentDetail ? ` (${p.systemicTreatmentDetail})` : ""}
            </dd>
            <dt>{t("patient.creatinineClearanceMlMin")}</dt>
            <dd>
              {p.creatinineClearanceMlMin === null
                ? none
                : `${p.creatinineClearanceMlMin} (${date(p.creatinineClearanceDate) || none})`}
            </dd>
            <dt>{t("patient.survivalBand")}</dt>
            <dd>{t(`patient.survivalBands.${p.survivalBand ?? "unknown"}`)}</dd>
            <dt>{t("patient.wishes")}</dt>
            <dd>{p.wishes ?? none}</dd>
          </dl>
        </section>
      </div>
      <div className="toolbar">
        <h2>{t("patient.cases")}</h2>
        <span className="spacer" />
        {canCreateCase ? (
          <Link className="button" to={`/patients/${p.id}/cases/new`}>
            {t("patient.newCase")}
          </Link>
        ) : null}
      </div>
      <CaseTable cases={cases} showPatient={false} />
    </>
  );
}
