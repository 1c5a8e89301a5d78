// The oncologist's worklist (issue 12 §4, decision 107): BTA doses and reassessments due or
// overdue, the engine's follow-up warnings with their source, and the signed decisions waiting for
// the oncologist. Overdue rows first, then by due date.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requireUser, visibleRcps } from "../auth.server";
import { useLabel } from "../components/board/useLabel";
import { Pager } from "../components/Pager";
import { useDates } from "../components/useDates";
import { WorklistNav } from "../components/WorklistNav";
import { SYSTEMIC_ACTION_LABELS } from "../domain/decision/schema";
import { LOCAL_TREATMENTS } from "../domain/treatments/catalogue";
import {
  DUE_HORIZONS_DAYS,
  type OncologistFilter,
  OncologistFilterSchema,
} from "../domain/worklists";
import { ONCOLOGIST_PAGE_SIZE, oncologistWorklist } from "../usecases.server";

/** `?page=N` (from 1); a value that does not parse is ignored (named) and the first page shown. */
const PageSchema = z.coerce.number().int().min(1).max(100_000);

export const meta: MetaFunction = () => [{ title: "OsteoBoard" }];

/**
 * The GET filters: a value that does not parse is dropped (its default applies) and the page says
 * which parameter was ignored, as the case list ignores a bad status.
 */
function parseFilter(url: URL): { filter: OncologistFilter; ignored: string[] } {
  const raw: Record<string, string> = {};
  for (const key of ["scope", "within"]) {
    const v = url.searchParams.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  const parsed = OncologistFilterSchema.safeParse(raw);
  if (parsed.success) return { filter: parsed.data, ignored: [] };
  const ignored = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
  for (const key of ignored) delete raw[key];
  return { filter: OncologistFilterSchema.parse(raw), ignored };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const { filter, ignored } = parseFilter(url);
  const rawPage = url.searchParams.get("page");
  const parsedPage = PageSchema.safeParse(rawPage ?? 1);
  const page = parsedPage.success ? parsedPage.data : 1;
  if (rawPage !== null && !parsedPage.success) ignored.push("page");
  const list = oncologistWorklist(context, visibleRcps(user), user, filter, {
    offset: (page - 1) * ONCOLOGIST_PAGE_SIZE,
    limit: ONCOLOGIST_PAGE_SIZE,
  });
  const rows = list.rows.map((r) => ({
    ...r,
    systemic: r.systemic.map((s) => ({ ...s, label: SYSTEMIC_ACTION_LABELS[s.action] })),
    items: r.items.map((i) => ({
      id: i.id,
      caseId: i.caseId,
      state: i.state,
      overdue: i.overdue,
      targetDate: i.targetDate,
      scheduledDate: i.scheduledDate,
      label: LOCAL_TREATMENTS[i.action as keyof typeof LOCAL_TREATMENTS]?.label ?? {
        fr: i.action,
        en: i.action,
      },
    })),
  }));
  return json({
    rows,
    filter,
    ignored,
    page,
    pageSize: ONCOLOGIST_PAGE_SIZE,
    total: list.total,
  });
}

export default function OncologistWorklist() {
  const { rows, filter, ignored, page, pageSize, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const label = useLabel();
  const { date } = useDates();
  return (
    <>
      <h1>{t("worklists.oncologist.title")}</h1>
      <WorklistNav />
      <p className="muted">{t("worklists.oncologist.intro")}</p>
      {ignored.length > 0 ? (
        <div className="alert error" role="alert">
          {t("worklists.oncologist.ignored", { params: ignored.join(", ") })}
        </div>
      ) : null}
      <Form method="get" className="toolbar" aria-label={t("worklists.oncologist.filters")}>
        <div>
          <label htmlFor="scope">{t("worklists.oncologist.scope")}</label>
          <select id="scope" name="scope" defaultValue={filter.scope}>
            <option value="mine">{t("worklists.oncologist.scopeMine")}</option>
            <option value="rcps">{t("worklists.oncologist.scopeRcps")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="within">{t("worklists.oncologist.within")}</label>
          <select id="within" name="within" defaultValue={String(filter.within)}>
            {DUE_HORIZONS_DAYS.map((d) => (
              <option key={d} value={d}>
                {t("worklists.oncologist.days", { count: d })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("worklists.oncologist.apply")}</button>
      </Form>
      <Pager page={page} pageSize={pageSize} total={total} />
      {rows.length === 0 ? (
        <p>
          {filter.scope === "mine"
            ? t("worklists.oncologist.emptyMine")
            : t("worklists.oncologist.empty")}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="worklist">
            <thead>
              <tr>
                <th>{t("worklists.patient")}</th>
                <th>{t("worklists.oncologist.next")}</th>
                <th>{t("worklists.oncologist.warnings")}</th>
                <th>{t("worklists.oncologist.waiting")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.patient.id} data-patient={r.patient.id}>
                  <td>
                    <Link to={`/patients/${r.patient.id}#bta`}>{r.patient.name}</Link>
                    <div className="muted">{r.patient.hospitalId}</div>
                    {r.caseId !== null ? (
                      <Link className="row-link" to={`/cases/${r.caseId}/board`}>
                        {t("worklists.openBoard")}
                      </Link>
                    ) : null}
                  </td>
                  <td>
                    {r.next ? (
                      <>
                        <strong>
                          {t(`worklists.oncologist.kind.${r.next.kind}`, {
                            date: date(r.next.date),
                          })}
                        </strong>
                        {r.next.status === "overdue" ? (
                          <div>
                            <span className="badge urgent">{t("worklists.overdue")}</span>
                          </div>
                        ) : r.next.status === "due" ? (
                          <div>
                            <span className="badge priority">{t("worklists.oncologist.due")}</span>
                          </div>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">{t("worklists.oncologist.noSequence")}</span>
                    )}
                  </td>
                  <td>
                    {r.warnings.length === 0 ? (
                      <span className="muted">{t("common.none")}</span>
                    ) : (
                      <ul className="scores">
                        {r.warnings.map((w) => (
                          <li key={w.id}>
                            {label(w.label)}{" "}
                            <span className="muted">
                              ({t("worklists.oncologist.source")} : {w.source})
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {r.systemic.length === 0 && r.items.length === 0 ? (
                      <span className="muted">{t("common.none")}</span>
                    ) : (
                      <ul className="scores">
                        {r.systemic.map((s) => (
                          <li key={`s${s.caseId}-${s.version}`}>
                            <Link className="row-link" to={`/cases/${s.caseId}/decision`}>
                              {t("worklists.oncologist.systemic", {
                                action: label(s.label),
                                version: s.version,
                                date: date(s.decidedOn),
                              })}
                            </Link>
                          </li>
                        ))}
                        {r.items.map((i) => (
                          <li key={`i${i.id}`}>
                            <Link className="row-link" to={`/cases/${i.caseId}/decision`}>
                              {label(i.label)}
                            </Link>{" "}
                            {i.targetDate
                              ? t("worklists.targetOn", { date: date(i.targetDate) })
                              : t("worklists.noTarget")}
                            {i.overdue ? (
                              <span className="badge urgent">{t("worklists.overdue")}</span>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
