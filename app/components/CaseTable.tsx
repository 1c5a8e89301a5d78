import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge, UrgencyBadge } from "./CaseBadges";

export interface CaseRowView {
  id: number;
  question: string;
  urgency: string;
  status: string;
  referringPhysician: string;
  /** Shown when the table lists cases of several patients. */
  patient?: { id: number; name: string; hospitalId: string };
}

/** The one table of cases: the case list and a patient's page show the same rows. */
export function CaseTable({ cases, showPatient }: { cases: CaseRowView[]; showPatient: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>#</th>
            {showPatient ? <th>{t("case.patient")}</th> : null}
            <th>{t("case.question")}</th>
            <th>{t("case.urgency")}</th>
            <th>{t("case.status")}</th>
            <th>{t("case.referringPhysician")}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/cases/${c.id}`}>{c.id}</Link>
              </td>
              {showPatient && c.patient ? (
                <td>
                  <Link to={`/patients/${c.patient.id}`}>{c.patient.name}</Link>
                  <div className="muted">{c.patient.hospitalId}</div>
                </td>
              ) : null}
              <td>
                <Link to={`/cases/${c.id}`}>{c.question}</Link>
              </td>
              <td>
                <UrgencyBadge urgency={c.urgency} />
              </td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td>{c.referringPhysician}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
