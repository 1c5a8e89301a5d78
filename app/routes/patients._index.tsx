import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser, visibleRcps } from "../auth.server";
import { CancerLabel } from "../components/CancerLabel";
import { useDates } from "../components/useDates";
import type { PrimaryCancer } from "../domain/records/cancer";
import { ageYears, patientDisplayName } from "../domain/records/patient";
import { can } from "../domain/records/permissions";
import { searchPatients, todayOf } from "../usecases.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const patients = searchPatients(context, visibleRcps(user), q).map((p) => ({
    id: p.id,
    hospitalId: p.hospitalId,
    lastName: p.lastName,
    firstName: p.firstName,
    birthDate: p.birthDate,
    sex: p.sex,
    primaryCancer: p.primaryCancer as PrimaryCancer,
    boneMetastasisDiagnosisDate: p.boneMetastasisDiagnosisDate,
  }));
  return json({
    q,
    patients,
    today: todayOf(context),
    canCreate: can(user, "patient:write"),
  });
}

export default function Patients() {
  const { q, patients, today, canCreate } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { date } = useDates();
  return (
    <>
      <h1>{t("patient.listTitle")}</h1>
      <div className="toolbar">
        <Form method="get" role="search" className="toolbar">
          <div>
            <label htmlFor="q">{t("common.search")}</label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={q}
              placeholder={t("common.searchPlaceholder")}
            />
          </div>
          <button type="submit" className="secondary">
            {t("common.search")}
          </button>
        </Form>
        <span className="spacer" />
        {canCreate ? (
          <Link className="button" to="/patients/new">
            {t("patient.new")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("common.results", { count: patients.length })}</p>
      {patients.length === 0 ? (
        <EmptyPatients q={q} canCreate={canCreate} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("patient.lastName")}</th>
                <th>{t("patient.hospitalId")}</th>
                <th>{t("patient.age")}</th>
                <th>{t("patient.primaryCancer")}</th>
                <th>{t("patient.boneMetastasisDiagnosisDate")}</th>
              </tr>
            </thead>
            <tbody>
              {patients.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/patients/${p.id}`}>{patientDisplayName(p)}</Link>
                  </td>
                  <td>{p.hospitalId}</td>
                  <td>{t("common.years", { count: ageYears(p.birthDate, today) })}</td>
                  <td>
                    <CancerLabel cancer={p.primaryCancer} />
                  </td>
                  <td>{date(p.boneMetastasisDiagnosisDate) || t("common.none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** What an empty list means and what to do next: create the first patient, or change the search. */
function EmptyPatients({ q, canCreate }: { q: string; canCreate: boolean }) {
  const { t } = useTranslation();
  if (q.trim() === "") {
    return (
      <div className="panel">
        <p>
          <strong>{t("patient.emptyNone")}</strong>
        </p>
        {canCreate ? (
          <p>
            {t("patient.emptyNoneCreate")} <Link to="/patients/new">{t("patient.new")}</Link>
          </p>
        ) : (
          <p>{t("patient.emptyNoneReadOnly")}</p>
        )}
      </div>
    );
  }
  return (
    <div className="panel">
      <p>
        <strong>{t("patient.emptySearch", { q })}</strong>
      </p>
      <p>{t("patient.emptySearchHelp")}</p>
      <p>
        <Link to="/patients">{t("patient.clearSearch")}</Link>
        {canCreate ? (
          <>
            {" · "}
            <Link to="/patients/new">{t("patient.new")}</Link>
          </>
        ) : null}
      </p>
    </div>
  );
}
