// Visible numbers of the centre's figures in the interface language: French 12,5 and 1 234
// (narrow no-break space), English 12.5 and 1,234. One Intl.NumberFormat per language and number
// of decimals, made once: `toLocaleString` builds a new formatter at every call, which was the
// largest share of the figures table's render (profile of /figures, docs/performance.md).
import type { Locale } from "./core";

const formats = new Map<string, Intl.NumberFormat>();

/** Formats with at most `maximumFractionDigits` decimals, as `v.toLocaleString` would. */
export function numberFormat(locale: Locale, maximumFractionDigits: number): (v: number) => string {
  const key = `${locale}:${maximumFractionDigits}`;
  const format =
    formats.get(key) ??
    new Intl.NumberFormat(locale === "en" ? "en-GB" : "fr-FR", { maximumFractionDigits });
  formats.set(key, format);
  return (v) => format.format(v);
}
