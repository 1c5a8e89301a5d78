// The coordinator's worklist (issue 12 §4): the next meetings' cases ready or not (readiness,
// decision 110), signed decisions whose fiche is not sent yet, decided actions overdue.
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
import { useLabel } from "../components/board/useLabel";
import { Pager } from "../components/Pager";
import { errorsOf, PlanItemActions, PlanItemProgress } from "../components/PlanItemActions";
import { useDates } from "../components/useDates";
import { WorklistNav } from "../components/WorklistNav";
import type { Label } from "../domain/common";
import { can } from "../domain/records/permissions";
import { LOCAL_TREATMENTS } from "../domain/treatments/catalogue";
import type { ActionErrors } from "../forms.server";
import { planItemAction } from "../plans.server";
import { coordinatorWorklist } from "../usecases.server";

export const meta: MetaFunction = () => [{ title: "OsteoBoard" }];

const treatments = new Map<string, { label: Label }>(Object.entries(LOCAL_TREATMENTS));

/** Rows a page in each paged section, as the surgeon's and the oncologist's lists (decision 120). */
const SECTION_ROWS = 50;

/** `?fiches=N` / `?overdue=N` (from 1); a value that does not parse is ignored: the first page. */
const PageSchema = z.coerce.number().int().min(1).max(100_000);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const list = coordinatorWorklist(context, visibleRcps(user));
  // A centre can have a thousand unsent fiches or overdue items: rendering them all took seconds a
  // request (docs/performance.md). Each section is paged on its own parameter (decisions 118, 120).
  const search = new URL(request.url).searchParams;
  const pageOf = (param: string, total: number) => {
    const parsed = PageSchema.safeParse(search.get(param) ?? undefined);
    const page = parsed.success ? parsed.data : 1;
    return Math.min(page, Math.max(1, Math.ceil(total / SECTION_ROWS)));
  };
  const pages = {
    fiches: pageOf("fiches", list.fichesToSend.length),
    overdue: pageOf("overdue", list.overdue.length),
  };
  const cut = <T,>(rows: T[], page: number) =>
    rows.slice((page - 1) * SECTION_ROWS, page * SECTION_ROWS);
  return json({
    totals: { fiches: list.fichesToSend.length, overdue: list.overdue.length },
    pages,
    pageSize: SECTION_ROWS,
    canWrite: can(user, "case:write"),
    meetings: list.meetings.map((m) => ({
      ...m,
      cases: m.cases.map((c) => ({
        caseId: c.caseId,
        patient: c.patient,
        ready: c.readiness.ready,
        missing: c.readiness.missing.map((x) => x.label),
      })),
    })),
    fichesToSend: cut(list.fichesToSend, pages.fiches),
    overdue: cut(list.overdue, pages.overdue).map(({ item, patient }) => ({
      patient,
      caseId: item.caseId,
      lesionId: item.lesionId,
      action: treatments.get(item.action)?.label ?? { fr: item.action, en: item.action },
      item: {
        id: item.id,
        state: item.state,
        targetDate: item.targetDate,
        scheduledDate: item.scheduledDate,
        overdue: true,
      },
    })),
  });
}

export const action = ({ request, context }: ActionFunctionArgs) =>
  planItemAction(request, context, "/worklists/coordinator");

export default function CoordinatorWorklist() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionErrors | undefined;
  const { t } = useTranslation();
  const label = useLabel();
  const { date, dateTime } = useDates();
  const errors = errorsOf(result);
  return (
    <>
      <h1>{t("worklists.coordinator.title")}</h1>
      <WorklistNav />

      <section aria-labelledby="next-meetings">
        <h2 id="next-meetings">{t("worklists.coordinator.nextMeetings")}</h2>
        {data.meetings.length === 0 ? <p>{t("worklists.coordinator.noMeeting")}</p> : null}
        {data.meetings.map((m) => (
          <div key={m.id} data-meeting={m.id}>
            <h3>
              <Link to={`/meetings/${m.id}`}>
                {t("worklists.coordinator.meeting", {
                  rcp: m.rcpName,
                  date: date(m.date),
                  time: m.time,
                })}
              </Link>
            </h3>
            {m.cases.length === 0 ? (
              <p className="muted">{t("worklists.coordinator.noCase")}</p>
            ) : (
              <ul className="worklist-cases">
                {m.cases.map((c) => (
                  <li key={c.caseId} data-case={c.caseId}>
                    <Link className="row-link" to={`/cases/${c.caseId}/board`}>
                      {c.patient.name}
                    </Link>{" "}
                    <span className={`badge ${c.ready ? "ready" : "priority"}`}>
                      {c.ready
                        ? t("worklists.coordinator.ready")
                        : t("worklists.coordinator.notReady")}
                    </span>
                    {c.missing.length > 0 ? (
                      <ul className="missing">
                        {c.missing.map((x) => (
                          <li key={x.fr}>{label(x)}</li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </section>

      <section aria-labelledby="fiches">
        <h2 id="fiches">{t("worklists.coordinator.fiches")}</h2>
        <Pager
          page={data.pages.fiches}
          pageSize={data.pageSize}
          total={data.totals.fiches}
          param="fiches"
          section="fiches"
        />
        {data.fichesToSend.length === 0 ? (
          <p>{t("worklists.coordinator.fichesEmpty")}</p>
        ) : (
          <ul>
            {data.fichesToSend.map((f) => (
              <li key={`${f.caseId}-${f.version}`} data-fiche-case={f.caseId}>
                <Link className="row-link" to={`/cases/${f.caseId}/decision`}>
                  {f.patient.name} —{" "}
                  {t("worklists.decisionLink", { version: f.version, date: dateTime(f.signedAt) })}
                </Link>{" "}
                <Link to={`/cases/${f.caseId}/board`}>{t("worklists.openBoard")}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="overdue">
        <h2 id="overdue">{t("worklists.coordinator.overdue")}</h2>
        <Pager
          page={data.pages.overdue}
          pageSize={data.pageSize}
          total={data.totals.overdue}
          param="overdue"
          section="overdue"
        />
        {errors && !data.overdue.some((o) => String(o.item.id) === errors.planItemId) ? (
          <div className="field-error" role="alert">
            {errors.messages.map((m) => (
              <p key={m.field}>{m.message}</p>
            ))}
          </div>
        ) : null}
        {data.overdue.length === 0 ? (
          <p>{t("worklists.coordinator.overdueEmpty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="worklist">
              <thead>
                <tr>
                  <th>{t("worklists.patient")}</th>
                  <th>{t("worklists.item")}</th>
                  <th>{t("worklists.target")}</th>
                </tr>
              </thead>
              <tbody>
                {data.overdue.map((o) => (
                  <tr key={o.item.id} data-plan-item={o.item.id}>
                    <td>
                      {o.patient.name}
                      <div>
                        <Link className="row-link" to={`/cases/${o.caseId}/board`}>
                          {t("worklists.openBoard")}
                        </Link>
                      </div>
                    </td>
                    <td>
                      <strong>{label(o.action)}</strong>
                    </td>
                    <td>
                      <PlanItemProgress item={o.item} />
                      {data.canWrite ? <PlanItemActions item={o.item} errors={errors} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
