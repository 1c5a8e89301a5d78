// The patient's skeletal events on the patient page (issue 12 §3): each with its date, lesion and
// whether it was planned (from a decision's action) or an emergency, and the form to record one.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BtaAgentSchema } from "../domain/bta/agents";
import { SkeletalEventRecordSchema, skeletalEventSummary } from "../domain/events/skeletal";
import { PLAN_ITEM_STATE_LABELS } from "../domain/plans";
import { SKELETAL_EVENT_KINDS, SKELETAL_EVENT_ORIGINS } from "../domain/records/skeletalEvent";
import type { Side } from "../domain/skeleton/catalogue";
import { LOCAL_TREATMENTS } from "../domain/treatments/catalogue";
import { useSiteName } from "./board/BoardChanges";
import { useLabel } from "./board/useLabel";
import { Field, type FieldErrors, FormErrorSummary } from "./Field";
import { useDates } from "./useDates";

export interface SkeletalSectionData {
  events: {
    id: number;
    kind: string;
    date: string;
    lesionId: string | null;
    planned: boolean;
    planItemId: number | null;
    note: string | null;
  }[];
  lesions: { id: string; siteId: string; side: Side }[];
  planItems: { id: number; action: string; lesionId: string; state: string }[];
}

/** The form's field ids: the patient page also holds the BTA and FE forms (Field's idPrefix). */
const ID_PREFIX = "skeletal";

const treatments = new Map<string, { label: { fr: string; en: string } }>(
  Object.entries(LOCAL_TREATMENTS),
);
const stateLabels = new Map<string, { fr: string; en: string }>(
  Object.entries(PLAN_ITEM_STATE_LABELS),
);

/**
 * First and second SRE under the definition of the patient's agent, and the SSE count (decision
 * 124): both SRE definitions when no agent is known, never one silently (clinical.md §9 item 6).
 */
function SkeletalEventSummary({
  events,
  agent,
}: {
  events: SkeletalSectionData["events"];
  agent: string | null;
}) {
  const { t } = useTranslation();
  const { date } = useDates();
  const records = events.flatMap((e) => {
    const r = SkeletalEventRecordSchema.safeParse({ kind: e.kind, date: e.date });
    return r.success ? [r.data] : [];
  });
  const parsedAgent = BtaAgentSchema.safeParse(agent);
  const summary = skeletalEventSummary(records, parsedAgent.success ? parsedAgent.data : null);
  // Without an agent both definitions are given; when they name the same events, once (both
  // sources), so the page does not show two identical blocks.
  const [a, b] = summary.sre;
  const same = a !== undefined && b !== undefined && a.first === b.first && a.second === b.second;
  const blocks =
    same && a && b
      ? [
          {
            ...a,
            definition: "both",
            title: t("skeletal.summary.titleBoth"),
            source: `${a.source}; ${b.source}`,
          },
        ]
      : summary.sre.map((d) => ({
          ...d,
          title: parsedAgent.success
            ? t(`skeletal.summary.titleForAgent.${d.definition}`)
            : t(`skeletal.summary.titleNoAgent.${d.definition}`),
        }));
  const eventText = (e: { kind: string; date: string } | null) =>
    e
      ? t("skeletal.summary.event", { kind: t(`skeletal.kinds.${e.kind}`), date: date(e.date) })
      : t("skeletal.summary.noneYet");
  return (
    <div className="skeletal-summary" data-testid="skeletal-summary">
      {blocks.map((d) => (
        <div key={d.definition} className="sre" data-definition={d.definition}>
          <h3>{d.title}</h3>
          <dl className="facts">
            <dt>{t("skeletal.summary.first")}</dt>
            <dd data-sre="first">{eventText(d.first)}</dd>
            <dt>{t("skeletal.summary.second")}</dt>
            <dd data-sre="second">{eventText(d.second)}</dd>
          </dl>
          <p className="source">{t("skeletal.summary.source", { source: d.source })}</p>
        </div>
      ))}
      <div className="sse" data-sse={summary.sse.count}>
        <h3>{t("skeletal.summary.sseTitle")}</h3>
        <p>
          {t("skeletal.summary.sseCount", { count: summary.sse.count })}
          {summary.sse.undetermined > 0 ? (
            <span className="muted">
              {" "}
              {t("skeletal.summary.sseUndetermined", { count: summary.sse.undetermined })}
            </span>
          ) : null}
        </p>
        <p className="source">{t("skeletal.summary.source", { source: summary.sse.source })}</p>
      </div>
    </div>
  );
}

export function SkeletalEventsSection({
  data,
  agent,
  canRecord,
  errors,
  values,
}: {
  data: SkeletalSectionData;
  /** The patient's current BTA agent (the SRE definition follows it), null without a sequence. */
  agent: string | null;
  canRecord: boolean;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { date } = useDates();
  const label = useLabel();
  const siteName = useSiteName();
  const lesionName = (id: string | null) => {
    if (id === null) return t("common.none");
    const l = data.lesions.find((x) => x.id === id);
    return l ? siteName(l.siteId, l.side) : t("skeletal.lesionGone", { id });
  };
  const actionName = (action: string) =>
    label(treatments.get(action)?.label ?? { fr: action, en: action });
  const select = (name: string, options: { value: string; text: string }[]) => (
    <Field name={name} label={t(`skeletal.${name}`)} errors={errors} idPrefix={ID_PREFIX}>
      {(p) => (
        <select {...p} defaultValue={values[name] ?? ""}>
          {/* Nothing clinical is pre-selected (issue 10 §4). */}
          <option value="">{t("skeletal.choose")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <section className="panel" id="skeletal" aria-labelledby="skeletal-title">
      <h2 id="skeletal-title">{t("skeletal.title")}</h2>
      <p className="muted">{t("skeletal.intro")}</p>
      {data.events.length === 0 ? (
        <p className="muted">{t("skeletal.none")}</p>
      ) : (
        <SkeletalEventSummary events={data.events} agent={agent} />
      )}
      {data.events.length === 0 ? null : (
        <table className="table skeletal-events">
          <thead>
            <tr>
              <th>{t("skeletal.eventDate")}</th>
              <th>{t("skeletal.eventKind")}</th>
              <th>{t("skeletal.lesionId")}</th>
              <th>{t("skeletal.origin")}</th>
              <th>{t("skeletal.note")}</th>
            </tr>
          </thead>
          <tbody>
            {data.events.map((e) => (
              <tr key={e.id} data-kind={e.kind} data-origin={e.planned ? "planned" : "emergency"}>
                <td>{date(e.date)}</td>
                <td>{t(`skeletal.kinds.${e.kind}`)}</td>
                <td>{lesionName(e.lesionId)}</td>
                <td>
                  <strong className={e.planned ? "badge" : "badge urgent"}>
                    {t(`skeletal.origins.${e.planned ? "planned" : "emergency"}`)}
                  </strong>
                </td>
                <td>{e.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canRecord ? (
        <Form method="post" className="form skeletal-form" noValidate>
          <h3>{t("skeletal.recordTitle")}</h3>
          <input type="hidden" name="intent" value="skeletalEvent" />
          <FormErrorSummary errors={errors} />
          {select(
            "eventKind",
            SKELETAL_EVENT_KINDS.map((k) => ({ value: k, text: t(`skeletal.kinds.${k}`) })),
          )}
          <Field
            name="eventDate"
            label={t("skeletal.eventDate")}
            errors={errors}
            idPrefix={ID_PREFIX}
          >
            {(p) => <input {...p} type="date" defaultValue={values.eventDate ?? ""} />}
          </Field>
          {select(
            "lesionId",
            data.lesions.map((l) => ({ value: l.id, text: siteName(l.siteId, l.side) })),
          )}
          {select(
            "origin",
            SKELETAL_EVENT_ORIGINS.map((o) => ({ value: o, text: t(`skeletal.origins.${o}`) })),
          )}
          {select(
            "planItemId",
            data.planItems.map((i) => ({
              value: String(i.id),
              text: t("skeletal.planItemOption", {
                action: actionName(i.action),
                lesion: lesionName(i.lesionId),
                state: label(stateLabels.get(i.state) ?? { fr: i.state, en: i.state }),
              }),
            })),
          )}
          <Field name="note" label={t("skeletal.note")} errors={errors} idPrefix={ID_PREFIX}>
            {(p) => <input {...p} type="text" defaultValue={values.note ?? ""} />}
          </Field>
          <button type="submit">{t("skeletal.record")}</button>
        </Form>
      ) : (
        <p className="muted">{t("skeletal.readOnly")}</p>
      )}
    </section>
  );
}
