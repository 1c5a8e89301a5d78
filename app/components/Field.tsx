import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorReason } from "../i18n/core";

export type FieldErrors =
  | readonly { field: string; code: string; reason?: { fr: string; en: string } }[]
  | undefined;

export function errorFor(errors: FieldErrors, name: string) {
  return errors?.find((e) => e.field === name);
}

/**
 * A labelled form control that shows its own error (which field, and why). Its id is
 * `<idPrefix>-<name>`: a page that holds several forms gives each form its own prefix, because two
 * forms may ask for the same field (the patient page's skeletal event and FE analysis forms both
 * have a `lesionId`) and ids must be unique in the page (HTML Living Standard §3.2.6.1), or the
 * <label for> and aria-describedby point at the other form's control.
 */
export function Field({
  name,
  label,
  errors,
  className,
  idPrefix = "f",
  children,
}: {
  name: string;
  label: string;
  errors: FieldErrors;
  className?: string;
  /** Which form on the page the field belongs to ("f" when the page holds only one). */
  idPrefix?: string;
  children: (props: {
    id: string;
    name: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
  }) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const error = errorFor(errors, name);
  const id = `${idPrefix}-${name.replace(/\W/g, "-")}`;
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name,
        "aria-invalid": Boolean(error),
        "aria-describedby": error ? `${id}-error` : undefined,
      })}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {/* The clinical engine's own words when it refused (decision 100), else the key's. */}
          {error.reason
            ? error.reason[i18n.language === "en" ? "en" : "fr"]
            : errorReason(t, error.code)}
        </div>
      ) : null}
    </div>
  );
}

export function FormErrorSummary({ errors }: { errors: FieldErrors }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div className="alert error" role="alert">
      {t("common.fixErrors")}
    </div>
  );
}
