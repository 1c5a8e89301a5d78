// Visible dates in the interface language and the clinic's time zone (app/i18n/dates.ts owns the
// formats; the time zone comes from the root loader so server and browser render alike).
import { formatDate, formatDateTime } from "../i18n/dates";
import { useRootData } from "../root";
import { useLocale } from "./useI18n";

export function useDates() {
  const locale = useLocale();
  const timeZone = useRootData()?.timeZone ?? "Europe/Paris";
  return {
    date: (iso: string | null | undefined) => formatDate(iso, locale),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale, timeZone),
  };
}
