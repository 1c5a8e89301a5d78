// The surgeon's worklist (issue 12 §4, decision 103): lesions the engine proposes to operate on and
// the decided surgical or interventional actions still to do, riskiest first, then by due date.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requireUser, visibleRcps } from "../auth.server";
import { useSiteName } from "../components/board/BoardChanges";
import { Pager } from "../components/Pager";
import { errorsOf, PlanItemActions, PlanItemProgress } from "../components/PlanItemActions";
import { useDates } from "../components/useDates";
import { WorklistNav } from "../components/WorklistNav";
import { type Label, RISK_LEVEL_LABELS } from "../domain/common";
import { can } from "../domain/records/permissions";
import { LOCAL_TREATMENTS } from "../domain/treatments/catalogue";
import type { ActionErrors } from "../forms.server";
import { localeFromCookieHeader } from "../i18n/core";
import { asLocale } from "../i18n/dates";
import { numberFormat } from "../i18n/numbers";
import { planItemAction } from "../plans.server";
import { SURGEON_PAGE_SIZE, surgeonWorklist } from "../usecases.server";

export const meta: MetaFunction = () => [{ title: "OsteoBoard" }];

const treatments = new Map<string, { label: Label }>(Object.entries(LOCAL_TREATMENTS));

/** `?page=N` (from 1); a value that does not parse is ignored and the first page shown. */
const PageSchema = z.coerce.number().int().min(1).max(100_000);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const raw = new URL(request.url).searchParams.get("page");
  const parsed = PageSchema.safeParse(raw ?? 1);
  const page = parsed.success ? parsed.data : 1;
  const list = surgeonWorklist(context, visibleRcps(user), {
    offset: (page - 1) * SURGEON_PAGE_SIZE,
    limit: SURGEON_PAGE_SIZE,
  });
  // Only what a row shows, labels already in the page's language: the loader data is embedded in
  // every HTML response and parsed again by the browser (profile, docs/performance.md).
  const locale = localeFromCookieHeader(request.headers.get("Cookie"));
  const rows = list.rows.map((r) => ({
    patient: r.patient,
    caseId: r.caseId,
    lesionId: r.lesionId,
    siteId: r.siteId,
    side: r.side,
    worstRisk: r.worstRisk ? RISK_LEVEL_LABELS[r.worstRisk][locale] : null,
    surgicalFlags: r.surgicalFlags.map((f) => ({ id: f.id, label: f.label[locale] })),
    mirels: r.mirels,
    sins: r.sins,
    escc: r.escc,
    failureLoad_N: r.failureLoad_N,
    strengthLoss_pct: r.strengthLoss_pct,
    item: r.item
      ? {
          id: r.item.id,
          state: r.item.state,
          targetDate: r.item.targetDate,
          scheduledDate: r.item.scheduledDate,
          overdue: r.overdue,
          action: treatments.get(r.item.action)?.label[locale] ?? r.item.action,
        }
      : null,
    lastDecision: r.lastDecision,
  }));
  return json({
    rows,
    canWrite: can(user, "case:write"),
    page,
    pageSize: SURGEON_PAGE_SIZE,
    total: list.total,
    pageIgnored: raw !== null && !parsed.success,
  });
}

export const action = ({ request, context }: ActionFunctionArgs) =>
  planItemAction(request, context, "/worklists/surgeon");

export default function SurgeonWorklist() {
  const { rows, canWrite, page, pageSize, total, pageIgnored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionErrors | undefined;
  const { t, i18n } = useTranslation();
  const siteName = useSiteName();
  const { dateTime } = useDates();
  const errors = errorsOf(result);
  // The same words on every row, looked up once a render rather than once a row (profile,
  // docs/performance.md: i18next's t was a tenth of a cached request).
  const text = {
    openBoard: t("worklists.openBoard"),
    offBoard: t("worklists.offBoard"),
    risk: t("worklists.risk"),
    none: t("common.none"),
    feLabel: t("worklists.feLabel"),
    notDecided: t("worklists.notDecided"),
    noDecision: t("worklists.noDecision"),
  };
  // Newtons as the FE card writes them: 4 924 N in French (decision 132's rule text too).
  const integer = numberFormat(asLocale(i18n.language), 0);
  const decimal1 = numberFormat(asLocale(i18n.language), 1);
  return (
    <>
      <h1>{t("worklists.surgeon.title")}</h1>
      <WorklistNav />
      <p className="muted">{t("worklists.surgeon.intro")}</p>
      {pageIgnored ? (
        <p className="muted" role="status">
          {t("worklists.surgeon.pageIgnored")}
        </p>
      ) : null}
      <Pager page={page} pageSize={pageSize} total={total} />
      {errors && !rows.some((r) => String(r.item?.id) === errors.planItemId) ? (
        <div className="field-error" role="alert">
          {errors.messages.map((m) => (
            <p key={m.field}>{m.message}</p>
          ))}
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("worklists.surgeon.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="worklist">
            <thead>
              <tr>
                <th>{t("worklists.patient")}</th>
                <th>{t("worklists.lesion")}</th>
                <th>{t("worklists.scores")}</th>
                <th>{t("worklists.item")}</th>
                <th>{t("worklists.lastDecision")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={`${r.patient.id}-${r.lesionId}-${r.item?.id ?? "engine"}`}
                  data-lesion={r.lesionId}
                  data-plan-item={r.item?.id}
                >
                  <td>
                    <Link to={`/patients/${r.patient.id}`}>{r.patient.name}</Link>
                    <div className="muted">{r.patient.hospitalId}</div>
                    {r.caseId !== null ? (
                      <Link className="row-link" to={`/cases/${r.caseId}/board`}>
                        {text.openBoard}
                      </Link>
                    ) : null}
                  </td>
                  <td>
                    <strong>{r.siteId ? siteName(r.siteId, r.side) : text.offBoard}</strong>
                    {r.worstRisk ? (
                      <div>
                        {text.risk} : {r.worstRisk}
                      </div>
                    ) : null}
                    <ul className="scores">
                      {r.surgicalFlags.map((f) => (
                        <li key={f.id}>{f.label}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul className="scores">
                      <li>Mirels : {r.mirels ?? text.none}</li>
                      <li>SINS : {r.sins ?? text.none}</li>
                      <li>ESCC : {r.escc ?? text.none}</li>
                      <li>
                        {r.failureLoad_N !== null
                          ? t("worklists.feValue", { value: integer(Math.round(r.failureLoad_N)) })
                          : `${text.feLabel} : ${text.none}`}
                      </li>
                      {r.strengthLoss_pct !== null ? (
                        <li>
                          {t("worklists.feStrengthLoss", {
                            value: decimal1(r.strengthLoss_pct),
                          })}
                        </li>
                      ) : null}
                    </ul>
                  </td>
                  <td>
                    {r.item ? (
                      <>
                        <strong>{r.item.action}</strong>
                        <PlanItemProgress item={r.item} />
                        {canWrite ? <PlanItemActions item={r.item} errors={errors} /> : null}
                      </>
                    ) : (
                      <span className="badge priority">{text.notDecided}</span>
                    )}
                  </td>
                  <td>
                    {r.lastDecision && r.caseId !== null ? (
                      <Link className="row-link" to={`/cases/${r.caseId}/decision`}>
                        {t("worklists.decisionLink", {
                          version: r.lastDecision.version,
                          date: dateTime(r.lastDecision.signedAt),
                        })}
                      </Link>
                    ) : (
                      <span className="muted">{text.noDecision}</span>
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
