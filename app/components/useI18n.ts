// The page's i18next instance and language without useTranslation. react-i18next 17's
// useTranslation copies every property descriptor of the instance for each component that calls
// it (createI18nWrapper in its useTranslation.js): on a worklist page, hooks called once per row
// (useLabel, useDates, the plan item forms) made this a large share of a cached request's CPU
// (profile, docs/performance.md). Nothing needs to subscribe: the language changes only with a
// document reload (root.tsx's language form posts with reloadDocument), which makes a new instance.
import { useContext } from "react";
import { getI18n, I18nContext } from "react-i18next";
import type { Locale } from "../i18n/core";
import { asLocale } from "../i18n/dates";

export function useI18n() {
  return useContext(I18nContext)?.i18n ?? getI18n();
}

export function useLocale(): Locale {
  return asLocale(useI18n().language);
}
