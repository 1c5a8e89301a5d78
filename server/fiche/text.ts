// The words and dates of the fiche, handed in by the caller. The labels live in the app's i18n
// catalogues (app/i18n, keys under fiche.*) and dates are written by app/i18n/dates.ts; the server
// may not import the app (docs/architecture.md, rule server-never-imports-the-app), so the route
// builds this object with `ficheText(locale)` from app/i18n/fiche.ts and passes it down
// (decision 097).
import type { Label } from "../../app/domain";

export type FicheLocale = "fr" | "en";

export interface FicheText {
  locale: FicheLocale;
  /** A catalogue entry, e.g. t("fiche.quorumMet", { count: 3 }). */
  t(key: string, vars?: Record<string, string | number>): string;
  /** A calendar date 'YYYY-MM-DD' as the language writes it (31/12/2026). */
  date(iso: string): string;
  /** An instant as the clinic's wall-clock date and time (31/12/2026 14:05). */
  dateTime(iso: string): string;
  /** A whole number as the language writes it (2 450 in French, 2,450 in English). */
  integer(n: number): string;
}

/** A kernel label in the fiche's language. */
export function pick(label: Label, text: FicheText): string {
  return label[text.locale];
}
