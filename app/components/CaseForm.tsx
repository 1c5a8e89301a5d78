import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CASE_STATUSES, CASE_URGENCIES } from "../domain/records/case";
import { Field, type FieldErrors, FormErrorSummary } from "./Field";

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
      </div>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
