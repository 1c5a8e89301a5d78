import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BTA_QUESTION_ANSWERS, CASE_STATUSES, CASE_URGENCIES } from "../domain/records/case";
import { errorReason } from "../i18n/core";
import { errorFor, Field, type FieldErrors, FormErrorSummary } from "./Field";

export function CaseForm({
  values,
  errors,
  submitLabel,
}: {
  values: Record<string, string | undefined>;
  errors: FieldErrors;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const btaError = errorFor(errors, "btaInQuestion");
  return (
    <Form method="post" noValidate>
      <FormErrorSummary errors={errors} />
      <div className="form-grid">
        <Field name="question" label={t("case.question")} errors={errors} className="wide">
          {(p) => <textarea {...p} defaultValue={values.question ?? ""} />}
        </Field>
        <Field name="referringPhysician" label={t("case.referringPhysician")} errors={errors}>
          {(p) => <input {...p} defaultValue={values.referringPhysician ?? ""} />}
        </Field>
        <Field name="urgency" label={t("case.urgency")} errors={errors}>
          {(p) => (
            <select {...p} defaultValue={values.urgency ?? "routine"}>
              {CASE_URGENCIES.map((u) => (
                <option key={u} value={u}>
                  {t(`case.urgencies.${u}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="status" label={t("case.status")} errors={errors}>
          {(p) => (
            <select {...p} defaultValue={values.status ?? "draft"}>
              {CASE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`case.statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {/* No answer is checked until someone chooses: "no" is a clinical statement (issue 11 §2). */}
        <fieldset
          className="field choice-group"
          aria-describedby={btaError ? "f-btaInQuestion-error" : undefined}
        >
          <legend>{t("case.btaInQuestion")}</legend>
          {BTA_QUESTION_ANSWERS.map((a) => (
            <label key={a} className="radio">
              <input
                type="radio"
                name="btaInQuestion"
                value={a}
                defaultChecked={values.btaInQuestion === a}
                aria-invalid={Boolean(btaError)}
              />
              {t(`case.btaAnswers.${a}`)}
            </label>
          ))}
          {btaError ? (
            <div className="field-error" id="f-btaInQuestion-error" role="alert">
              {errorReason(t, btaError.code)}
            </div>
          ) : null}
        </fieldset>
        <Field name="imagingDate" label={t("case.imagingDate")} errors={errors}>
          {(p) => <input {...p} type="date" defaultValue={values.imagingDate ?? ""} />}
        </Field>
        <Field name="summary" label={t("case.summary")} errors={errors} className="wide">
          {(p) => <textarea {...p} maxLength={4000} defaultValue={values.summary ?? ""} />}
        </Field>
      </div>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
