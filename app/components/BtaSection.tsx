// The BTA sequence on the patient page (issue 12 §1): the engine's state, next dates, warnings
// with their source, the recorded events, and the form a physician records an event with.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BTA_EVENT_KINDS } from "../domain/records/btaEvent";
import { Field, type FieldErrors, FormErrorSummary } from "./Field";
import { useDates } from "./useDates";

interface Label {
  fr: string;
  en: string;
}

export interface BtaSectionData {
  status: "none" | "active" | "paused" | "stopped";
  agent: string | null;
  nextDoseDate: string | null;
  reassessment: { from: string; by: string } | null;
  zoledronicDose: { dose_mg: number | null; band: Label } | null;
  latestClearanceDate: string | null;
  indication: { rationale: Label; source: string };
  warnings: { id: string; label: Label; source: string }[];
  /** Acts a signed decision asked for, not yet recorded (decision 106). */
  plannedActs: {
    id: number;
    kind: string;
    agent: string | null;
    createdAt: string;
    /** Start gates to meet before the first dose (decision 119). */
    conditions: { label: Label; source: string }[];
  }[];
  events: {
    id: number;
    kind: string;
    date: string;
    agent: string | null;
    doseMg: number | null;
    intervalWeeks: number | null;
    pauseReason: string | null;
    pauseReasonOther: string | null;
  }[];
}

/** The form's field ids: the patient page also holds the skeletal and FE forms (Field's idPrefix). */
const ID_PREFIX = "bta";

const AGENTS = ["zoledronicAcid", "denosumab"] as const;
const PAUSE_REASONS = [
  "dentalProcedure",
  "osteonecrosisOfJaw",
  "renalDeterioration",
  "hypocalcaemia",
  "patientChoice",
  "endOfLife",
  "other",
] as const;

function Select({
  name,
  label,
  options,
  prefix,
  values,
  errors,
}: {
  name: string;
  label: string;
  options: readonly string[];
  prefix: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  return (
    <Field name={name} label={label} errors={errors} idPrefix={ID_PREFIX}>
      {(p) => (
        <select {...p} defaultValue={values[name] ?? ""}>
          {/* Nothing clinical is pre-selected (issue 10 §4). */}
          <option value="">{t("bta.choose")}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {t(`${prefix}.${o}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function Input({
  name,
  type = "text",
  values,
  errors,
}: {
  name: string;
  type?: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  return (
    <Field name={name} label={t(`bta.${name}`)} errors={errors} idPrefix={ID_PREFIX}>
      {(p) => (
        <input
          {...p}
          type={type}
          inputMode={type === "text" ? "decimal" : undefined}
          defaultValue={values[name] ?? ""}
        />
      )}
    </Field>
  );
}

export function BtaSection({
  bta,
  canRecord,
  errors,
  values,
}: {
  bta: BtaSectionData;
  canRecord: boolean;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const { date } = useDates();
  const lang = i18n.language === "en" ? "en" : "fr";
  return (
    <section className="panel" id="bta" aria-labelledby="bta-title">
      <h2 id="bta-title">{t("bta.title")}</h2>
      <dl className="facts">
        <dt>{t("bta.state")}</dt>
        <dd data-bta-status={bta.status}>
          {bta.agent ? `${t(`bta.agents.${bta.agent}`)}, ` : ""}
          {t(`bta.status.${bta.status}`)}
        </dd>
        <dt>{t("bta.nextDoseLabel")}</dt>
        <dd data-bta-next-dose={bta.nextDoseDate ?? ""}>
          {bta.nextDoseDate ? date(bta.nextDoseDate) : t("common.none")}
        </dd>
        <dt>{t("bta.reassessment")}</dt>
        <dd>
          {bta.reassessment
            ? t("bta.reassessmentValue", {
                from: date(bta.reassessment.from),
                by: date(bta.reassessment.by),
              })
            : t("common.none")}
        </dd>
        {bta.zoledronicDose ? (
          <>
            <dt>{t("bta.zoledronicDose")}</dt>
            <dd>
              {t("bta.zoledronicDoseValue", {
                dose: bta.zoledronicDose.dose_mg ?? "—",
                band: bta.zoledronicDose.band[lang],
                date: date(bta.latestClearanceDate),
              })}
            </dd>
          </>
        ) : null}
        <dt>{t("bta.plannedActs")}</dt>
        <dd data-bta-planned={bta.plannedActs.map((a) => a.kind).join(" ")}>
          {bta.plannedActs.length === 0
            ? t("common.none")
            : bta.plannedActs
                .map(
                  (a) =>
                    t("bta.plannedAct", {
                      kind: t(`bta.kinds.${a.kind}`),
                      agent: a.agent ? ` (${t(`bta.agents.${a.agent}`)})` : "",
                      date: date(a.createdAt.slice(0, 10)),
                    }) +
                    (a.conditions.length === 0
                      ? ""
                      : t("bta.plannedActConditions", {
                          conditions: a.conditions
                            .map((c) => `${c.label[lang]} (${c.source})`)
                            .join(", "),
                        })),
                )
                .join(" ; ")}
        </dd>
        <dt>{t("bta.indication")}</dt>
        <dd title={bta.indication.source}>{bta.indication.rationale[lang]}</dd>
      </dl>
      <h3>{t("bta.warnings")}</h3>
      {bta.warnings.length === 0 ? (
        <p className="muted">{t("bta.noWarnings")}</p>
      ) : (
        <ul className="bta-warnings">
          {bta.warnings.map((w) => (
            <li key={w.id} data-warning={w.id} className="alert warning">
              {w.label[lang]}{" "}
              <small className="muted">
                ({t("bta.source")} : {w.source})
              </small>
            </li>
          ))}
        </ul>
      )}
      {bta.events.length === 0 ? (
        <p className="muted">{t("bta.noEvents")}</p>
      ) : (
        <table className="table bta-events">
          <thead>
            <tr>
              <th>{t("bta.date")}</th>
              <th>{t("bta.kind")}</th>
              <th>{t("bta.agent")}</th>
              <th>{t("bta.dose")}</th>
              <th>{t("bta.intervalWeeks")}</th>
              <th>{t("bta.pauseReason")}</th>
            </tr>
          </thead>
          <tbody>
            {bta.events.map((e) => (
              <tr key={e.id} data-kind={e.kind}>
                <td>{date(e.date)}</td>
                <td>{t(`bta.kinds.${e.kind}`)}</td>
                <td>{e.agent ? t(`bta.agents.${e.agent}`) : ""}</td>
                <td>{e.doseMg === null ? "" : t("bta.doseValue", { value: e.doseMg })}</td>
                <td>
                  {e.intervalWeeks === null
                    ? ""
                    : t("bta.intervalValue", { value: e.intervalWeeks })}
                </td>
                <td>
                  {e.pauseReason ? t(`bta.pauseReasons.${e.pauseReason}`) : ""}
                  {e.pauseReasonOther ? ` (${e.pauseReasonOther})` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canRecord ? (
        <Form method="post" className="form bta-form" noValidate>
          <h3>{t("bta.recordTitle")}</h3>
          <FormErrorSummary errors={errors} />
          <Select
            name="kind"
            label={t("bta.kind")}
            options={BTA_EVENT_KINDS}
            prefix="bta.kinds"
            values={values}
            errors={errors}
          />
          <Input name="date" type="date" values={values} errors={errors} />
          <Select
            name="agent"
            label={t("bta.agent")}
            options={AGENTS}
            prefix="bta.agents"
            values={values}
            errors={errors}
          />
          <Input name="intervalWeeks" values={values} errors={errors} />
          <Input name="dentalCheckDate" type="date" values={values} errors={errors} />
          <Select
            name="calciumVitaminDPlan"
            label={t("bta.calciumVitaminDPlan")}
            options={["yes", "no"]}
            prefix="bta.yesNo"
            values={values}
            errors={errors}
          />
          <Input name="baselineCalciumMmolL" values={values} errors={errors} />
          <Input name="creatinineClearanceMlMin" values={values} errors={errors} />
          <Input name="baselineCreatinineUmolL" values={values} errors={errors} />
          <Input name="creatinineUmolL" values={values} errors={errors} />
          <Select
            name="pauseReason"
            label={t("bta.pauseReason")}
            options={PAUSE_REASONS}
            prefix="bta.pauseReasons"
            values={values}
            errors={errors}
          />
          <Input name="pauseReasonOther" values={values} errors={errors} />
          <Input name="decisionVersionId" values={values} errors={errors} />
          <button type="submit">{t("bta.record")}</button>
        </Form>
      ) : (
        <p className="muted">{t("bta.physiciansOnly")}</p>
      )}
    </section>
  );
}
