import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorReason } from "../i18n/core";

export type FieldErrors =
  | readonly { field: string; code: string; reason?: { fr: string; en: string } }[]
  | undefined;

export function errorFor(errors: FieldErrors, name: string) {
  return errors?.find((e) => e.field === name);
}

/** A labelled form control that shows its own error (which field, and why). */
export function Field({
  name,
  label,
  errors,
  className,
  children,
}: {
  name: string;
  label: string;
  errors: FieldErrors;
  className?: string;
  children: (props: {
    id: string;
    name: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
  }) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const error = errorFor(errors, name);
  const id = `f-${name.replace(/\W/g, "-")}`;
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
