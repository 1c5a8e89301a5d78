// i18next with one catalogue per language (issue 2 §6). French first; English on request.
import i18next, { type i18n as I18n } from "i18next";
import type { FieldError } from "../domain/records/fields";
import { en } from "./en";
import { fr } from "./fr";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "ob_lang";

export const resources = { fr: { translation: fr }, en: { translation: en } } as const;

export function makeI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  // Resources are bundled, so init is synchronous: the server render and the browser agree.
  instance.init({
    resources,
    lng: locale,
    fallbackLng: "fr",
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

export function localeFromCookieHeader(header: string | null): Locale {
  const match = header?.match(/(?:^|;\s*)ob_lang=(fr|en)(?:;|$)/);
  return match?.[1] === "en" ? "en" : "fr";
}

/** Field label key for a form field path (primaryCancer.type → patient.primaryCancer). */
const FIELD_LABELS: Record<string, string> = {
  "primaryCancer.type": "patient.primaryCancer",
  rcpId: "patient.rcp",
  scheduledDate: "worklists.scheduledDate",
  doneDate: "worklists.doneDate",
  cancelReason: "worklists.cancelReason",
};

export function fieldLabel(t: I18n["t"], field: string): string {
  const key = FIELD_LABELS[field];
  if (key) return t(key);
  const [head, tail] = field.split(".");
  if (head === "primaryCancer" && tail) return t(`cancer.fields.${tail}`);
  for (const ns of ["patient", "case", "admin", "login", "bta", "meeting"]) {
    const k = `${ns}.${field}`;
    if (t(k) !== k) return t(k);
  }
  // A signed decision's fields (lesions.0.action → "Proposition par lésion").
  const d = `decision.fields.${head}`;
  if (t(d) !== d) return t(d);
  return field;
}

/** "errors.max:350" → "doit être au plus 350". */
export function errorReason(t: I18n["t"], code: string): string {
  const [key, value] = code.split(":");
  return t(key ?? "errors.invalid", { value });
}

export function describeFieldErrors(i18n: I18n, errors: FieldError[]) {
  return errors.map((e) => ({
    ...e,
    message: i18n.t("errors.field", {
      field: fieldLabel(i18n.t, e.field),
      reason: e.reason
        ? e.reason[i18n.language === "en" ? "en" : "fr"]
        : errorReason(i18n.t, e.code),
    }),
  }));
}
