import * as z from "zod";

/**
 * Calendar dates as ISO strings 'YYYY-MM-DD', computed in UTC so that a date never shifts with the
 * time zone of the browser or the server. The engine has no clock: "today" is always passed in.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

// Valid dates already read, by text: replaying every patient's BTA events compares the same few
// thousand dates hundreds of thousands of times, and the regex and Date round trip below were a
// fifth of the oncologist's list (profile, docs/performance.md). Bounded: emptied when full.
const knownParts = new Map<string, Readonly<{ y: number; m: number; d: number }>>();
const MAX_KNOWN_PARTS = 20_000;

function parts(iso: string): Readonly<{ y: number; m: number; d: number }> | null {
  const known = knownParts.get(iso);
  if (known) return known;
  const read = readParts(iso);
  if (read) {
    if (knownParts.size >= MAX_KNOWN_PARTS) knownParts.clear();
    knownParts.set(iso, read);
  }
  return read;
}

function readParts(iso: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(iso);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  // Date.UTC maps years 0–99 to 1900–1999; clinical dates are never that old.
  if (y < 1900) return null;
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    return null;
  }
  return { y, m, d };
}

export const IsoDateSchema = z.string().refine((s) => parts(s) !== null, {
  message: "expected a calendar date 'YYYY-MM-DD'",
  params: { reason: "isoDate" },
});
export type IsoDate = z.infer<typeof IsoDateSchema>;

function requireParts(iso: string): Readonly<{ y: number; m: number; d: number }> {
  const p = parts(iso);
  if (!p) throw new RangeError(`Invalid ISO date "${iso}" (expected YYYY-MM-DD)`);
  return p;
}

/** Days since 1970-01-01 (UTC). */
export function toEpochDay(iso: string): number {
  const { y, m, d } = requireParts(iso);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function fromEpochDay(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  const y = String(date.getUTCFullYear()).padStart(4, "0");
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

export function addDays(iso: string, days: number): string {
  return fromEpochDay(toEpochDay(iso) + days);
}

export function addWeeks(iso: string, weeks: number): string {
  return addDays(iso, weeks * 7);
}

/** Calendar months; the day is clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const { y, m, d } = requireParts(iso);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const ms = Date.UTC(year, month, Math.min(d, lastDay));
  return fromEpochDay(ms / MS_PER_DAY);
}

/**
 * The one month convention of the engine (decision 104): a period of n calendar months that starts
 * on `from` is complete on `addMonths(from, n)`, counted forward from the dated event, month end
 * clamped (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year). Every "n months" rule (BTA
 * 3-month warning, clearance under 3 months, reassessment 3–6 months, re-irradiation after more
 * than one month) goes through these two, never through a count of 30 or 90 days.
 */
export function isAtLeastMonthsAfter(from: string, date: string, months: number): boolean {
  return compareIsoDates(date, addMonths(from, months)) >= 0;
}

/** `date` is after the end of the n-month period that starts on `from` ("more than n months"). */
export function isMoreThanMonthsAfter(from: string, date: string, months: number): boolean {
  return compareIsoDates(date, addMonths(from, months)) > 0;
}

/** b − a in days (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function compareIsoDates(a: string, b: string): number {
  return toEpochDay(a) - toEpochDay(b);
}

/**
 * The calendar day of an instant in the clinic's time zone (IANA name, e.g. "Europe/Paris"): the
 * one definition of "today", used by the server and the browser alike, so that a date typed at
 * 00:30 in Paris is not yesterday on the server (UTC) and today in the browser.
 */
export function todayIn(now: Date, timeZone: string): IsoDate {
  return dayIn(timeZone)(now);
}

// One formatter per time zone, kept: `todayIn` runs on every cached request of the figures (the
// cache key holds the clinic's day) and building the formatter was most of it (profile of
// /figures, docs/performance.md). A formatter holds no state between calls, so sharing is safe.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  const known = dayFormats.get(timeZone);
  if (known) return known;
  const made = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  dayFormats.set(timeZone, made);
  return made;
}

/**
 * `todayIn` for many instants of one zone: the formatter is built once (building one costs about
 * as much as formatting hundreds of dates; the centre's figures convert every signing instant).
 */
export function dayIn(timeZone: string): (instant: Date) => IsoDate {
  const format = dayFormat(timeZone);
  return (instant) => {
    const parts = format.formatToParts(instant);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  };
}

/** A valid IANA time-zone name for `todayIn`. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// Month abbreviations of the English interface (Oxford style: three letters, no full stop); the
// pages' dates (app/i18n/dates.ts) use them too.
export const EN_MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/**
 * A date inside an engine message, written as each interface language writes dates (issue 10 §7:
 * 31/12/2026 in French, 31 Dec 2026 in English — the formats of app/i18n/dates.ts, which owns the
 * dates of the pages). Not a date: returned as given in both.
 */
export function dateInLabel(iso: string): { fr: string; en: string } {
  const p = parts(iso);
  if (!p) return { fr: iso, en: iso };
  const dd = String(p.d).padStart(2, "0");
  const mm = String(p.m).padStart(2, "0");
  return { fr: `${dd}/${mm}/${p.y}`, en: `${dd} ${EN_MONTHS[p.m - 1] ?? mm} ${p.y}` };
}
