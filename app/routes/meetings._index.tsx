// The RCP meetings (issue 11 §1): the next ones and the past ones of the RCPs the user sees; a
// coordinator plans a meeting at a date of the RCP's calendar or as a one-off session.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission, visibleRcps } from "../auth.server";
import { Field, FormErrorSummary } from "../components/Field";
import { useDates } from "../components/useDates";
import { makePlanMeetingSchema, ScheduledSlotSchema } from "../domain/records/meeting";
import { can, canSeeRcp } from "../domain/records/permissions";
import { withFlash } from "../flash.server";
import { attempt, badRequest, formObject, parseOr400 } from "../forms.server";
import {
  listMeetings,
  listVisibleRcps,
  type MeetingRow,
  type MeetingSummary,
  planMeeting,
  planScheduledMeeting,
  scheduledDatesOf,
  todayOf,
} from "../usecases.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "record:read");
  const meetings = listMeetings(context, visibleRcps(user));
  const manage = can(user, "meeting:manage");
  const rcps = manage
    ? listVisibleRcps(context, visibleRcps(user)).map((r) => ({
        id: r.id,
        name: r.name,
        scheduled: scheduledDatesOf(context, r.id),
      }))
    : [];
  return json({ ...meetings, manage, rcps, today: todayOf(context) });
}

const IntentSchema = z.object({ intent: z.enum(["plan", "plan-scheduled"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "meeting:manage");
  const values = await formObject(request);
  const intent = IntentSchema.safeParse(values);
  if (!intent.success)
    return badRequest(request, [{ field: "intent", code: "errors.choice" }], values);
  // The RCP is a choice in the form: one the user does not see is a wrong choice (400 on rcpId).
  const rcpId = Number(values.rcpId);
  if (Number.isSafeInteger(rcpId) && rcpId > 0 && !canSeeRcp(user, rcpId))
    return badRequest(request, [{ field: "rcpId", code: "errors.choice" }], values);

  let done: Awaited<ReturnType<typeof attempt<MeetingRow>>>;
  if (intent.data.intent === "plan") {
    const parsed = parseOr400(request, makePlanMeetingSchema(todayOf(context)), values, values);
    if (!parsed.ok) return parsed.response;
    done = await attempt(request, values, () => planMeeting(context, user.id, parsed.data));
  } else {
    const parsed = parseOr400(request, ScheduledSlotSchema, values, values);
    if (!parsed.ok) return parsed.response;
    const slot = parsed.data.slot;
    if (!canSeeRcp(user, slot.rcpId))
      return badRequest(request, [{ field: "slot", code: "errors.choice" }], values);
    done = await attempt(request, values, () =>
      planScheduledMeeting(context, user.id, slot.rcpId, slot),
    );
  }
  if (!done.ok) return done.response;
  return withFlash(redirect(`/meetings/${done.value.id}`), "meetingPlanned");
}

export default function Meetings() {
  const { upcoming, past, manage, rcps, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const { date: formatDate } = useDates();
  const errors = result && "errors" in result ? result.errors : undefined;
  const values: Record<string, string> = result && "values" in result ? result.values : {};
  const oneOffErrors = values.intent === "plan" ? errors : undefined;
  const slotErrors = values.intent !== "plan" ? errors : undefined;
  const withSlots = rcps.filter((r) => r.scheduled.length > 0);
  return (
    <>
      <h1>{t("meeting.listTitle")}</h1>
      <h2>{t("meeting.upcoming")}</h2>
      <MeetingTable meetings={upcoming} empty={t("meeting.noUpcoming")} />
      {manage ? (
        <section className="panel" aria-labelledby="plan-title">
          <h2 id="plan-title">{t("meeting.planTitle")}</h2>
          {withSlots.length > 0 ? (
            <Form method="post" className="toolbar" noValidate>
              <input type="hidden" name="intent" value="plan-scheduled" />
              <FormErrorSummary errors={slotErrors} />
              <Field name="slot" label={t("meeting.planFromCalendar")} errors={slotErrors}>
                {(p) => (
                  <select {...p} defaultValue="">
                    <option value="">{t("meeting.none")}</option>
                    {withSlots.map((r) => (
                      <optgroup key={r.id} label={r.name}>
                        {r.scheduled.map((s) => (
                          <option key={`${s.date} ${s.time}`} value={`${r.id} ${s.date} ${s.time}`}>
                            {`${formatDate(s.date)} ${s.time} — ${s.place}`}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit">{t("meeting.plan")}</button>
            </Form>
          ) : (
            <p className="muted">{t("meeting.noCalendar")}</p>
          )}
          <h3>{t("meeting.planOneOff")}</h3>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="plan" />
            <FormErrorSummary errors={oneOffErrors} />
            <div className="form-grid">
              <Field name="rcpId" label={t("meeting.rcp")} errors={oneOffErrors}>
                {(p) => (
                  <select {...p} defaultValue={values.rcpId ?? String(rcps[0]?.id ?? "")}>
                    {rcps.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name="date" label={t("meeting.date")} errors={oneOffErrors}>
                {(p) => <input {...p} type="date" min={today} defaultValue={values.date ?? ""} />}
              </Field>
              <Field name="time" label={t("meeting.time")} errors={oneOffErrors}>
                {(p) => <input {...p} type="time" defaultValue={values.time ?? ""} />}
              </Field>
              <Field name="place" label={t("meeting.place")} errors={oneOffErrors}>
                {(p) => <input {...p} defaultValue={values.place ?? ""} />}
              </Field>
              <Field name="videoLink" label={t("meeting.videoLink")} errors={oneOffErrors}>
                {(p) => (
                  <input
                    {...p}
                    type="url"
                    placeholder="https://"
                    defaultValue={values.videoLink ?? ""}
                  />
                )}
              </Field>
            </div>
            <button type="submit">{t("meeting.plan")}</button>
          </Form>
        </section>
      ) : null}
      <h2>{t("meeting.past")}</h2>
      <MeetingTable meetings={past} empty={t("meeting.noPast")} />
    </>
  );
}

function MeetingTable({ meetings, empty }: { meetings: MeetingSummary[]; empty: string }) {
  const { t } = useTranslation();
  const { date } = useDates();
  if (meetings.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t("meeting.date")}</th>
            <th>{t("meeting.time")}</th>
            <th>{t("meeting.rcp")}</th>
            <th>{t("meeting.place")}</th>
            <th>{t("meeting.status")}</th>
          </tr>
        </thead>
        <tbody>
          {meetings.map((m) => (
            <tr key={m.id}>
              <td>
                <Link to={`/meetings/${m.id}`}>{date(m.date)}</Link>
              </td>
              <td>{m.time}</td>
              <td>{m.rcpName}</td>
              <td>{m.place}</td>
              <td>
                <span className={`badge meeting-${m.status}`}>
                  {t(`meeting.statuses.${m.status}`)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
