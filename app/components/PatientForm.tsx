import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CANCER_DETAIL_FIELDS, CANCER_TYPES } from "../domain/records/cancer";
import { SEXES, SURVIVAL_BANDS, SYSTEMIC_TREATMENTS } from "../domain/records/patient";
import { SYSTEMIC_TREATMENTS as SYSTEMIC_CATALOGUE } from "../domain/treatments/catalogue";
import { radium223MayApply } from "../domain/treatments/radium223";
import { useLabel } from "./board/useLabel";
import { Field, type FieldErrors, FormErrorSummary } from "./Field";

type Values = Record<string, string | undefined>;
type CancerType = (typeof CANCER_TYPES)[number];
const isCancerType = (v: string | undefined): v is CancerType =>
  (CANCER_TYPES as readonly string[]).includes(v ?? "");

export function PatientForm({
  values,
  errors,
  rcps,
  submitLabel,
}: {
  values: Values;
  errors: FieldErrors;
  rcps?: { id: number; name: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const radium = SYSTEMIC_CATALOGUE.radium223;
  // The catalogue's indication starts with a capital; here it runs on inside a sentence.
  const radiumIndication = label(radium.indication).replace(/^\p{Lu}/u, (c) => c.toLowerCase());
  const busy = useNavigation().state === "submitting";
  const initialType = values["primaryCancer.type"];
  const [cancerType, setCancerType] = useState<string>(
    isCancerType(initialType) ? initialType : "",
  );
  const [systemicTreatment, setSystemicTreatment] = useState(values.systemicTreatment ?? "");
  const text = (name: string, label: string, type = "text", extra: Record<string, string> = {}) => (
    <Field name={name} label={label} errors={errors}>
      {(p) => <input {...p} type={type} defaultValue={values[name] ?? ""} {...extra} />}
    </Field>
  );
  // Every clinical choice starts on "— non renseigné —" (or on its own "not known" value, given as
  // `startOn`) so that nothing is recorded that nobody chose (issue 10 §4: receptors and HER2
  // used to open on "Positif", the survival band on "< 3 mois").
  const select = (
    name: string,
    label: string,
    options: readonly string[],
    labelOf: (o: string) => string,
    startOn?: string,
  ) => (
    <Field name={name} label={label} errors={errors}>
      {(p) => (
        <select {...p} defaultValue={values[name] ?? startOn ?? ""}>
          {startOn === undefined ? <option value="">{t("common.notGiven")}</option> : null}
          {options.map((o) => (
            <option key={o} value={o}>
              {labelOf(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const details = isCancerType(cancerType) ? CANCER_DETAIL_FIELDS[cancerType] : [];

  return (
    <Form method="post" noValidate>
      <FormErrorSummary errors={errors} />
      <fieldset>
        <legend>{t("patient.identity")}</legend>
        <div className="form-grid">
          {rcps && rcps.length > 1
            ? select(
                "rcpId",
                t("patient.rcp"),
                rcps.map((b) => String(b.id)),
                (id) => rcps.find((b) => String(b.id) === id)?.name ?? id,
                String(rcps[0]?.id ?? ""),
              )
            : rcps?.[0] && <input type="hidden" name="rcpId" value={rcps[0].id} />}
          {text("hospitalId", t("patient.hospitalId"))}
          {text("lastName", t("patient.lastName"))}
          {text("firstName", t("patient.firstName"))}
          {text("birthDate", t("patient.birthDate"), "date")}
          {select("sex", t("patient.sex"), SEXES, (s) => t(`patient.sexes.${s}`))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("patient.primaryCancer")}</legend>
        <div className="form-grid">
          <Field name="primaryCancer.type" label={t("patient.primaryCancer")} errors={errors}>
            {(p) => (
              <select {...p} value={cancerType} onChange={(e) => setCancerType(e.target.value)}>
                <option value="">{t("common.notGiven")}</option>
                {CANCER_TYPES.map((c) => (
                  <option key={c} value={c}>
                    {t(`cancer.types.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {details.map((d) =>
            d.options === "text"
              ? text(`primaryCancer.${d.name}`, t(`cancer.fields.${d.name}`))
              : select(`primaryCancer.${d.name}`, t(`cancer.fields.${d.name}`), d.options, (o) =>
                  t(`cancer.options.${o}`),
                ),
          )}
          {text("cancerDiagnosisDate", t("patient.cancerDiagnosisDate"), "date")}
          {text("boneMetastasisDiagnosisDate", t("patient.boneMetastasisDiagnosisDate"), "date")}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("patient.clinical")}</legend>
        <div className="form-grid">
          {text("weightKg", t("patient.weightKg"), "number", { step: "0.1", min: "1", max: "350" })}
          {text("ecog", t("patient.ecog"), "number", { min: "0", max: "4", step: "1" })}
          {text("karnofsky", t("patient.karnofsky"), "number", {
            min: "0",
            max: "100",
            step: "10",
          })}
          <Field name="systemicTreatment" label={t("patient.systemicTreatment")} errors={errors}>
            {(p) => (
              <select
                {...p}
                value={systemicTreatment}
                onChange={(e) => setSystemicTreatment(e.target.value)}
              >
                <option value="">{t("common.notGiven")}</option>
                {SYSTEMIC_TREATMENTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`patient.systemicTreatments.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text("systemicTreatmentDetail", t("patient.systemicTreatmentDetail"))}
          {/* Radium-223's indication beside the list that offers it (issue 12; decision 124), only
              for a prostate primary: shown to a breast-cancer patient it read as a suggestion
              (issue 12 review). Chosen anyway for another primary, it says it does not apply. */}
          {radium223MayApply(cancerType) ? (
            <p className="hint muted wide" data-testid="radium223-indication">
              {t("patient.radium223Indication", {
                indication: radiumIndication,
                source: radium.source,
              })}
            </p>
          ) : systemicTreatment === "radium223" ? (
            <p className="alert warning wide" data-testid="radium223-not-applicable" role="status">
              {t("patient.radium223NotApplicable", {
                indication: radiumIndication,
                source: radium.source,
              })}
            </p>
          ) : null}
          {text("creatinineClearanceMlMin", t("patient.creatinineClearanceMlMin"), "number", {
            min: "0",
            max: "250",
          })}
          {text("creatinineClearanceDate", t("patient.creatinineClearanceDate"), "date")}
          {text("dentalCheckDate", t("patient.dentalCheckDate"), "date")}
          {select(
            "survivalBand",
            t("patient.survivalBand"),
            SURVIVAL_BANDS,
            (s) => t(`patient.survivalBands.${s}`),
            "unknown",
          )}
          <Field name="wishes" label={t("patient.wishes")} errors={errors} className="wide">
            {(p) => <textarea {...p} defaultValue={values.wishes ?? ""} />}
          </Field>
        </div>
      </fieldset>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
