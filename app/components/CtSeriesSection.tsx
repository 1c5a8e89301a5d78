// The patient's CT volumes and the form that imports one (issue 13 §1): a DICOM series (zip or
// files) or a NRRD, posted as multipart to the resource route /patients/:id/ct. A fetcher, so the
// page stays and the list is reloaded after the import; a refusal shows the reader's own words.
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useDates } from "./useDates";

export interface CtSeriesItem {
  id: number;
  seriesUid: string | null;
  size: number[];
  spacing: number[];
  acquisitionDate: string | null;
  createdAt: string;
}

interface ImportAnswer {
  ctSeries?: { id: number };
  errors?: { field: string; fr?: string; en?: string }[];
}

export function CtSeriesSection({
  patientId,
  series,
  canImport,
}: {
  patientId: number;
  series: readonly CtSeriesItem[];
  canImport: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { date, dateTime } = useDates();
  const fetcher = useFetcher<ImportAnswer>();
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const english = i18n.language.startsWith("en");
  return (
    <section className="panel" id="ct">
      <h2>{t("ct.title")}</h2>
      {series.length === 0 ? (
        <p className="muted">{t("ct.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("ct.acquired")}</th>
              <th>{t("ct.size")}</th>
              <th>{t("ct.spacing")}</th>
              <th>{t("ct.series")}</th>
              <th>{t("ct.importedOn")}</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.id}>
                <td>{s.acquisitionDate ? date(s.acquisitionDate) : t("ct.unknownDate")}</td>
                <td>{s.size.join(" × ")}</td>
                <td>{s.spacing.map((v) => v.toLocaleString(i18n.language)).join(" × ")}</td>
                <td>{s.seriesUid ?? t("ct.nrrd")}</td>
                <td>{dateTime(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canImport ? (
        <fetcher.Form
          method="post"
          action={`/patients/${patientId}/ct`}
          encType="multipart/form-data"
        >
          <label>
            {t("ct.files")}
            <input
              type="file"
              name="file"
              multiple
              required
              accept=".zip,.dcm,.nrrd,application/zip"
            />
          </label>
          <p className="muted">{t("ct.hint")}</p>
          <button type="submit" disabled={fetcher.state !== "idle"}>
            {fetcher.state === "idle" ? t("ct.import") : t("ct.sending")}
          </button>
          {answer?.ctSeries ? <p role="status">{t("ct.imported")}</p> : null}
          {answer?.errors?.map((e) => (
            <p className="error" role="alert" key={e.field}>
              {(english ? e.en : e.fr) ?? t("errors.ct_import")}
            </p>
          ))}
        </fetcher.Form>
      ) : null}
    </section>
  );
}
