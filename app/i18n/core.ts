// i18next with one catalogue per language (issue 2 §6). French first; English on request.
// The browser bundle carries only the French catalogue; the English one is a separate chunk that
// app/entry.client.tsx loads before hydration when the page is in English (decision 117: the board
// page's JavaScript budget). The server and the tests register both (app/i18n/index.ts).
import i18next, { type i18n as I18n } from "i18next";
import type { FieldError } from "../domain/records/fields";
import { type Catalogue, fr } from "./fr";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "ob_lang";

const catalogues: Partial<Record<Locale, Catalogue>> = { fr };

/** Makes a language available to makeI18n (English: server start, or the browser before hydration). */
export function registerCatalogue(locale: Locale, catalogue: Catalogue): void {
  catalogues[locale] = catalogue;
  shared.clear();
}

export function hasCatalogue(locale: Locale): boolean {
  return catalogues[locale] !== undefined;
}

export function makeI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(
    Object.entries(catalogues).map(([l, c]) => [l, { translation: c }]),
  );
  // Resources are in memory, so init is synchronous: the server render and the browser agree.
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
  for (const ns of ["patient", "case", "admin", "login", "bta", "meeting", "skeletal"]) {
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

const shared = new Map<Locale, I18n>();

/**
 * One instance per language, made once: every page render and form error of the process uses it.
 * Nothing here changes an instance after init (no changeLanguage, no added resources), so
 * concurrent renders can share it; making one per request cost 2–3 % of a worklist page's CPU
 * (profile, decision 134). A catalogue registered later (English) starts afresh.
 */
export function i18nFor(locale: Locale): I18n {
  const known = shared.get(locale);
  if (known) return known;
  const made = makeI18n(locale);
  shared.set(locale, made);
  return made;
}
