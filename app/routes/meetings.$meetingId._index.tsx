// One RCP meeting (issue 11 §1, §3): header, the quorum always in view, the agenda in order with
// its reorder and postpone buttons, the suggested order, the attendance sheet, and the meeting's
// steps (open, close, carry the undecided cases). Every form works without JavaScript; closing and
// postponing ask for a ticked confirmation. Coordinators (meeting:manage) change everything; the
// chair marks attendance, opens and closes (docs/meetings.md §2, §4).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { forbidden, requirePermission, requireRcp, requireUser } from "../auth.server";
import { useMeetingLive } from "../board/useMeetingLive";
import { UrgencyBadge } from "../components/CaseBadges";
import { Field, FormErrorSummary } from "../components/Field";
import { useDates } from "../components/useDates";
import { PRESENCES } from "../domain/meeting/quorum";
import {
  CaseOnAgendaSchema,
  ChairSchema,
  ConfirmSchema,
  GuestSchema,
  MoveSchema,
  OrderSchema,
  PostponeSchema,
  PresenceSchema,
  TargetMeetingSchema,
} from "../domain/records/meeting";
import { can, SPECIALTIES } from "../domain/records/permissions";
import { attempt, badRequest, formObject, parseOr400 } from "../forms.server";
import { localeFromCookieHeader } from "../i18n/core";
import type { AppContext } from "../load-context";
import {
  addCaseToAgenda,
  addGuest,
  carryUndecided,
  closeMeeting,
  findMeeting,
  getMeeting,
  moveCaseOnAgenda,
  openMeeting,
  postponeCase,
  readinessOfCases,
  reorderAgenda,
  setChair,
  setPresence,
} from "../usecases.server";

/** What the agenda's "Prêt ?" column shows for each case (issue 11 §2), in the reader's language. */
export type AgendaReadiness = Record<number, { ready: boolean; missing: { label: string }[] }>;

/** Readiness of every case on the agenda, computed now (never stored: decision 110). */
function readinessOfAgenda(
  ctx: AppContext,
  caseIds: readonly number[],
  locale: "fr" | "en",
): AgendaReadiness {
  const out: AgendaReadiness = {};
  for (const [caseId, r] of readinessOfCases(ctx, [...caseIds]))
    out[caseId] = { ready: r.ready, missing: r.missing.map((m) => ({ label: m.label[locale] })) };
  return out;
}

function meetingIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !/^\d{1,12}$/.test(raw) || !Number.isSafeInteger(id))
    throw json({ error: "not_found" }, { status: 404 });
  return id;
}

function load(ctx: AppContext, raw: string | undefined) {
  const view = getMeeting(ctx, meetingIdOf(raw));
  if (!view) throw json({ error: "not_found" }, { status: 404 });
  return view;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "record:read");
  const view = load(context, params.meetingId);
  requireRcp(user, view.meeting.rcpId);
  const manage = can(user, "meeting:manage");
  const chair = view.meeting.chairUserId === user.id && can(user, "decision:sign");
  const locale = localeFromCookieHeader(request.headers.get("Cookie"));
  const readiness = readinessOfAgenda(
    context,
    view.agenda.map((a) => a.caseId),
    locale,
  );
  return json({ ...view, rights: { manage, chair }, readiness });
}

const INTENTS = [
  "set-chair",
  "add-case",
  "move",
  "reorder",
  "postpone",
  "open",
  "close",
  "carry",
  "presence",
  "add-guest",
] as const;
type Intent = (typeof INTENTS)[number];
/** What the chair may do besides the coordinators: run the meeting and its attendance. */
const CHAIR_INTENTS: ReadonlySet<Intent> = new Set(["presence", "add-guest", "open", "close"]);
const IntentSchema = z.object({ intent: z.enum(INTENTS) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = meetingIdOf(params.meetingId);
  const meeting = findMeeting(context, id);
  if (!meeting) throw json({ error: "not_found" }, { status: 404 });
  const manage = can(user, "meeting:manage");
  const chair = meeting.chairUserId === user.id && can(user, "decision:sign");
  if (!manage && !chair) throw forbidden();
  requireRcp(user, meeting.rcpId);
  const values = await formObject(request);
  const intent = IntentSchema.safeParse(values);
  if (!intent.success)
    return badRequest(request, [{ field: "intent", code: "errors.choice" }], values);
  if (!manage && !CHAIR_INTENTS.has(intent.data.intent)) throw forbidden();

  const run = async <S extends z.ZodType>(schema: S, change: (input: z.infer<S>) => unknown) => {
    const parsed = parseOr400(request, schema, values, values);
    if (!parsed.ok) return parsed.response;
    const done = await attempt(request, values, () => change(parsed.data));
    return done.ok ? redirect(`/meetings/${id}`) : done.response;
  };
  const me = user.id;
  switch (intent.data.intent) {
    case "set-chair":
      return run(ChairSchema, (i) => setChair(context, me, id, i.chairUserId));
    case "add-case":
      return run(CaseOnAgendaSchema, (i) => addCaseToAgenda(context, me, id, i.caseId));
    case "move":
      return run(MoveSchema, (i) => moveCaseOnAgenda(context, me, id, i.caseId, i.direction));
    case "reorder":
      return run(OrderSchema, (i) => reorderAgenda(context, me, id, i.order));
    case "postpone":
      return run(PostponeSchema, (i) => postponeCase(context, me, id, i.caseId, i.toMeetingId));
    case "open":
      return run(z.object({}), () => openMeeting(context, me, id));
    case "close":
      return run(ConfirmSchema, () => closeMeeting(context, me, id));
    case "carry":
      return run(TargetMeetingSchema, (i) => carryUndecided(context, me, id, i.toMeetingId));
    case "presence":
      return run(PresenceSchema, (i) => setPresence(context, me, id, i.attendeeKey, i.presence));
    case "add-guest":
      return run(GuestSchema, (i) => addGuest(context, me, id, i));
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/**
 * While the meeting is open, the chair's (or a coordinator's) page tells the meeting's live
 * document that the attendance changed, so every meeting-mode screen reads the quorum again
 * (decision 112: attendanceRev). Rendered only for those who may change the attendance.
 */
function AttendanceBroadcast({ meetingId, signature }: { meetingId: number; signature: string }) {
  const live = useMeetingLive(meetingId);
  const first = useRef(signature);
  const { canDrive, bumpAttendanceRev } = live;
  useEffect(() => {
    if (signature !== first.current && canDrive) {
      first.current = signature;
      bumpAttendanceRev();
    }
  }, [signature, canDrive, bumpAttendanceRev]);
  return null;
}

export default function MeetingPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const { date } = useDates();
  const { meeting, rights } = data;
  const errors = result && "errors" in result ? result.errors : undefined;
  const values: Record<string, string> = result && "values" in result ? result.values : {};
  const closed = meeting.status === "closed";
  return (
    <>
      <p>
        <Link to="/meetings">← {t("meeting.backToList")}</Link>
      </p>
      <div className="toolbar">
        <h1>
          {meeting.rcpName} — {t("meeting.title", { date: date(meeting.date), time: meeting.time })}
        </h1>
        <span className="spacer" />
        {meeting.status === "open" ? (
          <Link className="button" to={`/meetings/${meeting.id}/mode`}>
            {t("meeting.modeLink")}
          </Link>
        ) : null}
      </div>
      {errors && values.intent !== "add-guest" ? (
        <div className="alert error" role="alert">
          {errors.map((e) => e.message).join(" ")}
        </div>
      ) : null}
      <QuorumBanner data={data} />
      {meeting.status === "open" && (rights.manage || rights.chair) ? (
        <AttendanceBroadcast
          meetingId={meeting.id}
          signature={data.attendance.map((a) => `${a.attendeeKey}=${a.presence}`).join(",")}
        />
      ) : null}
      <section className="panel">
        <dl className="facts">
          <dt>{t("meeting.status")}</dt>
          <dd>
            <span className={`badge meeting-${meeting.status}`}>
              {t(`meeting.statuses.${meeting.status}`)}
            </span>
          </dd>
          <dt>{t("meeting.place")}</dt>
          <dd>{meeting.place}</dd>
          {meeting.videoLink ? (
            <>
              <dt>{t("meeting.videoLink")}</dt>
              <dd>
                <a href={meeting.videoLink} rel="noreferrer noopener" target="_blank">
                  {t("meeting.video")}
                </a>
              </dd>
            </>
          ) : null}
          <dt>{t("meeting.chair")}</dt>
          <dd>{meeting.chairName ?? <span className="muted">{t("meeting.noChair")}</span>}</dd>
        </dl>
        {rights.manage && meeting.status === "planned" ? <ChairForm data={data} /> : null}
      </section>
      <MeetingSteps data={data} />
      <h2>{t("meeting.agendaTitle")}</h2>
      <AgendaTable data={data} />
      {rights.manage && !closed ? <SuggestedOrder data={data} /> : null}
      {rights.manage && !closed ? <AddCaseForm data={data} /> : null}
      <Attendance data={data} errors={values.intent === "add-guest" ? errors : undefined} />
    </>
  );
}

function QuorumBanner({ data }: { data: Data }) {
  const { t } = useTranslation();
  const q = data.quorum;
  const specialties = (anyOf: readonly string[]) =>
    anyOf.map((s) => t(`admin.specialties.${s}`)).join(t("meeting.or"));
  return (
    <section
      className={`alert quorum ${q.met ? "ok" : "error"}`}
      aria-live="polite"
      data-quorum={q.met ? "met" : "not-met"}
    >
      <strong>
        {q.met
          ? t("meeting.quorumMet", { count: q.specialtiesPresent.length })
          : t("meeting.quorumNotMet")}
      </strong>
      {q.gaps.length > 0 ? (
        <ul>
          {q.gaps.map((g) => (
            <li key={g.code === "requiredSpecialtyAbsent" ? g.anyOf.join() : g.code}>
              {g.code === "tooFewSpecialties"
                ? t("meeting.quorumTooFew", { present: g.present, needed: g.needed })
                : t("meeting.quorumRequiredAbsent", { specialties: specialties(g.anyOf) })}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted source">{t("meeting.quorumSource")}</p>
    </section>
  );
}

function ChairForm({ data }: { data: Data }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="toolbar">
      <input type="hidden" name="intent" value="set-chair" />
      <div>
        <label htmlFor="chair">{t("meeting.chair")}</label>
        <select id="chair" name="chairUserId" defaultValue={data.meeting.chairUserId ?? ""}>
          <option value="">{t("meeting.none")}</option>
          {data.chairCandidates.map((c) => (
            <option key={c.userId} value={c.userId}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="secondary">
        {t("meeting.setChair")}
      </button>
    </Form>
  );
}

function TargetSelect({ data, id }: { data: Data; id: string }) {
  const { t } = useTranslation();
  const { date } = useDates();
  return (
    <select id={id} name="toMeetingId" defaultValue="">
      <option value="">{t("meeting.nextPlanned")}</option>
      {data.laterMeetings.map((m) => (
        <option key={m.id} value={m.id}>
          {`${date(m.date)} ${m.time}`}
        </option>
      ))}
    </select>
  );
}

function MeetingSteps({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { meeting, rights } = data;
  const undecided = data.agenda.filter((l) => l.outcome === "pending").length;
  const canRun = rights.manage || rights.chair;
  if (!canRun && meeting.status !== "closed") return null;
  return (
    <section className="panel" aria-labelledby="steps-title">
      <h2 id="steps-title">{t("meeting.stateTitle")}</h2>
      {meeting.status === "planned" && canRun ? (
        <Form method="post">
          <input type="hidden" name="intent" value="open" />
          <button type="submit" className="big">
            {t("meeting.openMeeting")}
          </button>
        </Form>
      ) : null}
      {meeting.status === "open" && canRun ? (
        <Form method="post" className="toolbar">
          <input type="hidden" name="intent" value="close" />
          <label className="confirm">
            <input type="checkbox" name="confirm" value="yes" required />{" "}
            {t("meeting.confirmClose")}
          </label>
          <button type="submit" className="danger big">
            {t("meeting.closeMeeting")}
          </button>
        </Form>
      ) : null}
      {meeting.status === "closed" ? (
        <>
          <p>{t("meeting.closedUndecided", { count: undecided })}</p>
          {undecided > 0 && rights.manage ? (
            data.laterMeetings.length > 0 ? (
              <Form method="post" className="toolbar">
                <input type="hidden" name="intent" value="carry" />
                <div>
                  <label htmlFor="carry-to">{t("meeting.carryTo")}</label>
                  <TargetSelect data={data} id="carry-to" />
                </div>
                <button type="submit">{t("meeting.carry")}</button>
              </Form>
            ) : (
              <p className="muted">{t("meeting.noLater")}</p>
            )
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function AgendaTable({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { agenda, rights, readiness, meeting } = data;
  if (agenda.length === 0) return <p className="muted">{t("meeting.agendaEmpty")}</p>;
  const editable = rights.manage && meeting.status !== "closed";
  return (
    <div className="table-wrap">
      <table className="agenda">
        <thead>
          <tr>
            <th>{t("meeting.position")}</th>
            <th>{t("meeting.patient")}</th>
            <th>{t("meeting.question")}</th>
            <th>{t("meeting.urgency")}</th>
            <th>{t("meeting.outcome")}</th>
            <th>{t("meeting.ready")}</th>
            <th>{t("meeting.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {agenda.map((line, i) => {
            const ready = readiness?.[line.caseId];
            return (
              <tr key={line.caseId} data-case={line.caseId}>
                <td>{i + 1}</td>
                <td>
                  <Link to={`/cases/${line.caseId}`}>{line.patientName}</Link>
                  <div className="muted">{line.hospitalId}</div>
                </td>
                <td>{line.question}</td>
                <td>
                  <UrgencyBadge urgency={line.urgency} />
                  {line.late ? (
                    <>
                      {" "}
                      <span className="badge late">{t("meeting.lateBadge")}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  <span className={`badge outcome-${line.outcome}`}>
                    {t(`meeting.outcomes.${line.outcome}`)}
                  </span>
                </td>
                <td>
                  {ready ? (
                    <span title={ready.missing.map((m) => m.label).join(" ; ")}>
                      {ready.ready ? t("meeting.readyYes") : t("meeting.readyNo")}
                      {ready.missing.length > 0 ? (
                        <ul className="missing">
                          {ready.missing.map((m) => (
                            <li key={m.label}>{m.label}</li>
                          ))}
                        </ul>
                      ) : null}
                    </span>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="agenda-actions">
                  <Link className="button secondary" to={`/cases/${line.caseId}/board`}>
                    {t("meeting.board")}
                  </Link>
                  {editable ? (
                    <>
                      <MoveButton
                        caseId={line.caseId}
                        direction="up"
                        name={line.patientName}
                        disabled={i === 0}
                      />
                      <MoveButton
                        caseId={line.caseId}
                        direction="down"
                        name={line.patientName}
                        disabled={i === agenda.length - 1}
                      />
                      {line.outcome === "pending" ? (
                        <PostponeForm data={data} caseId={line.caseId} />
                      ) : null}
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function MoveButton(props: {
  caseId: number;
  direction: "up" | "down";
  name: string;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const up = props.direction === "up";
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="caseId" value={props.caseId} />
      <input type="hidden" name="direction" value={props.direction} />
      <button
        type="submit"
        className="secondary big-target"
        disabled={props.disabled}
        aria-label={t(up ? "meeting.moveUpLabel" : "meeting.moveDownLabel", { name: props.name })}
      >
        {up ? "↑" : "↓"} {t(up ? "meeting.moveUp" : "meeting.moveDown")}
      </button>
    </Form>
  );
}

function PostponeForm({ data, caseId }: { data: Data; caseId: number }) {
  const { t } = useTranslation();
  return (
    <details className="postpone">
      <summary className="button secondary">{t("meeting.postpone")}</summary>
      <Form method="post">
        <input type="hidden" name="intent" value="postpone" />
        <input type="hidden" name="caseId" value={caseId} />
        <label htmlFor={`postpone-${caseId}`}>{t("meeting.postponeTo")}</label>
        <TargetSelect data={data} id={`postpone-${caseId}`} />
        <label className="confirm">
          <input type="checkbox" name="confirm" value="yes" required />{" "}
          {t("meeting.confirmPostpone")}
        </label>
        <button type="submit" className="danger">
          {t("meeting.postpone")}
        </button>
      </Form>
    </details>
  );
}

function SuggestedOrder({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { order, waiting } = data.suggestedOrder;
  const pending = data.agenda.filter((l) => l.outcome === "pending").map((l) => l.caseId);
  if (pending.length < 2) return null;
  const name = (caseId: number) =>
    data.agenda.find((l) => l.caseId === caseId)?.patientName ?? String(caseId);
  // The kernel orders the pending cases; decided and postponed ones keep their place at the end.
  const rest = data.agenda.map((l) => l.caseId).filter((id) => !order.includes(id));
  const full = [...order, ...rest];
  const same = full.every((id, i) => data.agenda[i]?.caseId === id);
  return (
    <section className="panel" aria-labelledby="suggested-title">
      <h2 id="suggested-title">{t("meeting.suggestedTitle")}</h2>
      {same ? (
        <p className="muted">{t("meeting.suggestedSame")}</p>
      ) : (
        <>
          <ol>
            {order.map((id) => (
              <li key={id}>{name(id)}</li>
            ))}
          </ol>
          <Form method="post">
            <input type="hidden" name="intent" value="reorder" />
            <input type="hidden" name="order" value={full.join(",")} />
            <button type="submit">{t("meeting.applySuggested")}</button>
          </Form>
        </>
      )}
      {waiting.length > 0 ? (
        <p className="muted">
          {t("meeting.suggestedWaiting", {
            names: waiting.map((w) => name(w.caseId)).join(", "),
          })}
        </p>
      ) : null}
    </section>
  );
}

function AddCaseForm({ data }: { data: Data }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="add-case-title">
      <h2 id="add-case-title">{t("meeting.addCase")}</h2>
      {data.casesToAdd.length === 0 ? (
        <p className="muted">{t("meeting.noCaseToAdd")}</p>
      ) : (
        <Form method="post" className="toolbar">
          <input type="hidden" name="intent" value="add-case" />
          <div>
            <label htmlFor="add-case">{t("meeting.caseId")}</label>
            <select id="add-case" name="caseId" defaultValue="">
              <option value="">{t("meeting.none")}</option>
              {data.casesToAdd.map((c) => (
                <option key={c.caseId} value={c.caseId}>
                  {`${c.label} (${t(`case.statuses.${c.status}`)})`}
                </option>
              ))}
            </select>
            <p className="muted">{t("meeting.addCaseHelp")}</p>
          </div>
          <button type="submit">{t("meeting.addCase")}</button>
        </Form>
      )}
    </section>
  );
}

function Attendance({
  data,
  errors,
}: {
  data: Data;
  errors: { field: string; code: string; message: string }[] | undefined;
}) {
  const { t } = useTranslation();
  const { rights, meeting } = data;
  const editable = (rights.manage || rights.chair) && meeting.status !== "closed";
  return (
    <section className="panel" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t("meeting.attendanceTitle")}</h2>
      <div className="table-wrap">
        <table className="attendance">
          <thead>
            <tr>
              <th>{t("meeting.attendee")}</th>
              <th>{t("meeting.specialty")}</th>
              <th>{t("meeting.presence")}</th>
            </tr>
          </thead>
          <tbody>
            {data.attendance.map((a) => (
              <tr key={a.attendeeKey} data-attendee={a.attendeeKey}>
                <td>
                  {a.name}
                  {a.kind === "guest" ? (
                    <>
                      {" "}
                      <span className="badge">{t("meeting.guestBadge")}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {a.specialty ? t(`admin.specialties.${a.specialty}`) : "—"}
                  <div className="muted">
                    {a.physician ? t("meeting.physicianYes") : t("meeting.physicianNo")}
                  </div>
                </td>
                <td>
                  {editable ? (
                    <Form method="post" className="presence">
                      <input type="hidden" name="intent" value="presence" />
                      <input type="hidden" name="attendeeKey" value={a.attendeeKey} />
                      <fieldset>
                        <legend className="visually-hidden">
                          {t("meeting.presence")} — {a.name}
                        </legend>
                        {PRESENCES.map((p) => (
                          <label key={p} className="radio">
                            <input
                              type="radio"
                              name="presence"
                              value={p}
                              defaultChecked={a.presence === p}
                            />{" "}
                            {t(`meeting.presences.${p}`)}
                          </label>
                        ))}
                      </fieldset>
                      <button type="submit" className="secondary">
                        {t("meeting.savePresence")}
                      </button>
                    </Form>
                  ) : a.presence ? (
                    t(`meeting.presences.${a.presence}`)
                  ) : (
                    <span className="muted">{t("meeting.notMarked")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editable ? <GuestForm errors={errors} /> : null}
    </section>
  );
}

function GuestForm({
  errors,
}: {
  errors: { field: string; code: string; message: string }[] | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Form method="post" noValidate>
      <h3>{t("meeting.addGuest")}</h3>
      <FormErrorSummary errors={errors} />
      <input type="hidden" name="intent" value="add-guest" />
      <div className="form-grid">
        <Field name="name" label={t("meeting.name")} errors={errors}>
          {(p) => <input {...p} />}
        </Field>
        <Field name="physician" label={t("meeting.physician")} errors={errors}>
          {(p) => (
            <select {...p} defaultValue="">
              <option value="">{t("meeting.none")}</option>
              <option value="yes">{t("meeting.yes")}</option>
              <option value="no">{t("meeting.no")}</option>
            </select>
          )}
        </Field>
        <Field name="specialty" label={t("meeting.specialty")} errors={errors}>
          {(p) => (
            <select {...p} defaultValue="">
              <option value="">{t("meeting.none")}</option>
              {SPECIALTIES.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.specialties.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="presence" label={t("meeting.presence")} errors={errors}>
          {(p) => (
            <select {...p} defaultValue="">
              <option value="">{t("meeting.none")}</option>
              {PRESENCES.map((s) => (
                <option key={s} value={s}>
                  {t(`meeting.presences.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit">{t("meeting.addGuest")}</button>
    </Form>
  );
}
