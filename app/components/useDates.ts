// Visible dates in the interface language and the clinic's time zone (app/i18n/dates.ts owns the
// formats; the time zone comes from the root loader so server and browser render alike).
import { useTranslation } from "react-i18next";
import { asLocale, formatDate, formatDateTime } from "../i18n/dates";
import { useRootData } from "../root";

export function useDates() {
  const { i18n } = useTranslation();
  const timeZone = useRootData()?.timeZone ?? "Europe/Paris";
  const locale = asLocale(i18n.language);
  return {
    date: (iso: string | null | undefined) => formatDate(iso, locale),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale, timeZone),
  };
}
