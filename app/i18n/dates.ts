// The one owner of visible dates (issue 10 §7): every date a person reads goes through here, one
// format per language. French: 31/12/2026 and 31/12/2026 14:05 (the numeric form the issue asks
// for, the usual French jj/mm/aaaa). English: day-month-year with the month abbreviated,
// 31 Dec 2026 and 31 Dec 2026, 14:05, so that no reader takes 03/04 for 4 March. Built by hand rather than with toLocaleDateString: the
// server (Node's ICU) and the browser (Chromium's ICU) must render the same characters, or React
// hydration sees a mismatch. <input type="date"> values stay ISO: that is the HTML format.
import { EN_MONTHS } from "../domain/dates";
import type { Locale } from "./core";

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The language of an i18next instance as a Locale (anything not English is French, the default). */
export function asLocale(language: string | undefined): Locale {
  return language === "en" ? "en" : "fr";
}

function day(y: string, m: string, d: string, locale: Locale): string {
  if (locale === "en") return `${d} ${EN_MONTHS[Number(m) - 1] ?? m} ${y}`;
  return `${d}/${m}/${y}`;
}

/** A calendar date 'YYYY-MM-DD' as the language writes it; "" for null or a malformed value. */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  const match = iso ? ISO_DAY.exec(iso.slice(0, 10)) : null;
  if (!match) return "";
  const [, y = "", m = "", d = ""] = match;
  return day(y, m, d, locale);
}

// One formatter per time zone, made once: building an Intl.DateTimeFormat loads ICU data and was
// most of a worklist row's date cost (profile of /worklists/coordinator, docs/performance.md).
const zonedFormats = new Map<string, Intl.DateTimeFormat>();

function zonedFormat(timeZone: string): Intl.DateTimeFormat {
  const known = zonedFormats.get(timeZone);
  if (known) return known;
  // en-CA with 2-digit fields and h23 gives plain digits in every ICU build.
  const made = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  zonedFormats.set(timeZone, made);
  return made;
}

function zonedParts(instant: Date, timeZone: string) {
  const parts = zonedFormat(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { y: get("year"), m: get("month"), d: get("day"), hh: get("hour"), mm: get("minute") };
}

/**
 * An instant (ISO with time, stored in UTC) as the clinic's wall-clock date and time, e.g.
 * "31/12/2026 14:05" in Europe/Paris; a bare date is shown as a date. "" when unreadable.
 */
export function formatDateTime(
  iso: string | null | undefined,
  locale: Locale,
  timeZone = "Europe/Paris",
): string {
  if (!iso) return "";
  if (ISO_DAY.test(iso)) return formatDate(iso, locale);
  // SQLite's datetime('now') writes "YYYY-MM-DD HH:MM:SS" without a zone: it is UTC.
  const normalised = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(iso) ? `${iso.replace(" ", "T")}Z` : iso;
  const instant = new Date(normalised);
  if (Number.isNaN(instant.getTime())) return "";
  const p = zonedParts(instant, timeZone);
  const time = `${p.hh}:${p.mm}`;
  return locale === "en"
    ? `${day(p.y, p.m, p.d, locale)}, ${time}`
    : `${day(p.y, p.m, p.d, locale)} ${time}`;
}
