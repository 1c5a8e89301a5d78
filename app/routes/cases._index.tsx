import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requireUser, visibleRcps } from "../auth.server";
import { CaseTable } from "../components/CaseTable";
import { CASE_STATUSES } from "../domain/records/case";
import { patientDisplayName } from "../domain/records/patient";
import { searchCases } from "../usecases.server";

const FilterSchema = z.object({
  q: z.string().max(100).catch(""),
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = FilterSchema.parse({ q: params.q ?? "", status: params.status || undefined });
  const rows = searchCases(context, { rcpIds: visibleRcps(user), ...filter });
  return json({
    filter,
    cases: rows.map(({ case: c, patient: p }) => ({
      id: c.id,
      question: c.question,
      urgency: c.urgency,
      status: c.status,
      updatedAt: c.updatedAt,
      referringPhysician: c.referringPhysician,
      patient: {
        id: p.id,
        name: patientDisplayName(p),
        hospitalId: p.hospitalId,
      },
    })),
  });
}

export default function Cases() {
  const { filter, cases } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("case.listTitle")}</h1>
      <Form method="get" role="search" className="toolbar">
        <div>
          <label htmlFor="q">{t("common.search")}</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filter.q}
            placeholder={t("common.searchPlaceholder")}
          />
        </div>
        <div>
          <label htmlFor="status">{t("case.status")}</label>
          <select id="status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("common.all")}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`case.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>
      <p className="muted">{t("common.results", { count: cases.length })}</p>
      {cases.length === 0 ? (
        <EmptyCases filtered={filter.q.trim() !== "" || filter.status !== undefined} />
      ) : (
        <CaseTable cases={cases} showPatient />
      )}
    </>
  );
}

/** What an empty list means and what to do next: change the filters, or go create a case. */
function EmptyCases({ filtered }: { filtered: boolean }) {
  const { t } = useTranslation();
  return filtered ? (
    <div className="panel">
      <p>
        <strong>{t("case.emptyFiltered")}</strong>
      </p>
      <p>{t("case.emptyFilteredHelp")}</p>
      <p>
        <Link to="/cases">{t("case.clearFilters")}</Link>
      </p>
    </div>
  ) : (
    <div className="panel">
      <p>
        <strong>{t("case.emptyNone")}</strong>
      </p>
      <p>{t("case.emptyNoneHelp")}</p>
      <p>
        <Link to="/patients">{t("case.goToPatients")}</Link>
      </p>
    </div>
  );
}
