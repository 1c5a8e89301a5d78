// The fiche RCP's words and dates for one language (decision 097): the catalogue entries under
// fiche.* and the one date format of app/i18n/dates.ts, as the object server/fiche/text.ts
// describes (FicheText). Built here because the server may not import the app.
import { formatDate, formatDateTime } from "./dates";
import { i18nFor, type Locale } from "./index";
import { numberFormat } from "./numbers";

export function ficheText(locale: Locale) {
  const i18n = i18nFor(locale);
  const integer = numberFormat(locale, 0);
  return {
    locale,
    t: (key: string, vars?: Record<string, string | number>) => i18n.t(key, vars),
    date: (iso: string) => formatDate(iso, locale),
    dateTime: (iso: string) => formatDateTime(iso, locale),
    // French groups thousands with a narrow no-break space (U+202F), which the fiche's Roboto
    // (Latin-1) has no glyph for: a no-break space (U+00A0) there.
    integer: (n: number) => integer(Math.round(n)).replace(/\u202f/g, "\u00a0"),
  };
}
