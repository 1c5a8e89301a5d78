// An RCP's calendar (issue 11 §1): a weekly recurrence and one-off sessions, in the clinic's local
// time. Dates are wall-clock dates and times ('2026-03-30' at '14:00' in Europe/Paris), never
// "an instant + 7 × 24 h": a weekly meeting stays at 14:00 across the DST change (decision 090).
import * as z from "zod";
import type { Label } from "../common";
import { addDays, compareIsoDates, IsoDateSchema, isTimeZone, toEpochDay } from "../dates";
import { parseOrThrow } from "../errors";

/** The clinic's time zone: the hospitals using OsteoBoard are in metropolitan France. */
export const CLINIC_TIME_ZONE = "Europe/Paris";

/** Local wall-clock time 'HH:MM' (24 h). */
export const LocalTimeSchema = z
  .string({ error: "errors.required" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "errors.time_format" });

/** ISO weekday: 1 = Monday … 7 = Sunday (ISO 8601), so that French weeks start on Monday. */
export const IsoWeekdaySchema = z.number().int().min(1).max(7);

export const WEEKDAY_LABELS: Record<number, Label> = {
  1: { fr: "lundi", en: "Monday" },
  2: { fr: "mardi", en: "Tuesday" },
  3: { fr: "mercredi", en: "Wednesday" },
  4: { fr: "jeudi", en: "Thursday" },
  5: { fr: "vendredi", en: "Friday" },
  6: { fr: "samedi", en: "Saturday" },
  7: { fr: "dimanche", en: "Sunday" },
};

const PlaceSchema = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, { error: "errors.required" })
  .max(200, { error: "errors.too_long" });
// A video link is https only: the meeting discusses identified patients (no clear-text link).
const VideoLinkSchema = z.url({ protocol: /^https$/, error: "errors.https_link" }).max(500);

export const WeeklyRecurrenceSchema = z
  .object({
    weekday: IsoWeekdaySchema,
    time: LocalTimeSchema,
    place: PlaceSchema,
    videoLink: VideoLinkSchema.optional(),
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema.optional(),
  })
  .refine((r) => r.endsOn === undefined || compareIsoDates(r.startsOn, r.endsOn) <= 0, {
    path: ["endsOn"],
    message: "errors.ends_before_start",
  });

export const OneOffSessionSchema = z.object({
  date: IsoDateSchema,
  time: LocalTimeSchema,
  place: PlaceSchema,
  videoLink: VideoLinkSchema.optional(),
});

export const RcpCalendarSchema = z.object({
  timeZone: z.string().refine(isTimeZone, { params: { reason: "unknownTimeZone" } }),
  weekly: WeeklyRecurrenceSchema.optional(),
  oneOff: z.array(OneOffSessionSchema).max(200).default([]),
  /** Weekly dates that do not take place (bank holidays, congress week). */
  cancelledDates: z.array(IsoDateSchema).max(200).default([]),
});
export type RcpCalendar = z.infer<typeof RcpCalendarSchema>;
export type RcpCalendarInput = z.input<typeof RcpCalendarSchema>;

export interface ScheduledMeeting {
  date: string;
  time: string;
  place: string;
  videoLink: string | null;
  source: "weekly" | "oneOff";
}

/** ISO weekday of a calendar date (1970-01-01 was a Thursday, ISO 4). */
export function isoWeekday(date: string): number {
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

// Formatters are costly to build; one per time zone is kept (a formatter is immutable).
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

/** The local calendar date and wall-clock time of an instant in a time zone. */
function localDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    time: `${get("hour")}:${get("minute")}`,
  };
}

function wallMs(date: string, time: string): number {
  const [h, m] = time.split(":").map(Number);
  return toEpochDay(date) * 86_400_000 + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
}

/** Offset of a time zone at an instant, in minutes east of UTC. */
function offsetMinutes(instantMs: number, timeZone: string): number {
  const local = localDateTime(new Date(instantMs), timeZone);
  return Math.round(
    (wallMs(local.date, local.time) - Math.floor(instantMs / 60_000) * 60_000) / 60_000,
  );
}

/**
 * The instant of a local date and time in a time zone. A time that does not exist (skipped by the
 * spring DST change, e.g. 02:30 on 2026-03-29 in Paris) is moved forward by the gap; a time that
 * occurs twice (autumn) is the first occurrence.
 */
export function localToInstant(date: string, time: string, timeZone: string): Date {
  const wall = wallMs(date, time);
  const before = offsetMinutes(wall - 86_400_000 / 2, timeZone);
  const after = offsetMinutes(wall + 86_400_000 / 2, timeZone);
  // Try the earlier offset first (first occurrence in autumn); keep it if it maps back to the wall.
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const instant = wall - offset * 60_000;
    if (offsetMinutes(instant, timeZone) === offset) return new Date(instant);
  }
  // Skipped wall time: the clocks jumped over it; the meeting starts once they have.
  return new Date(wall - Math.min(before, after) * 60_000);
}

/**
 * The next `count` meetings at or after `now` (a meeting that starts at the current minute is
 * still "next"), in date order, one-off sessions merged with the weekly ones. A one-off session on
 * a weekly date replaces it. The clock is passed in (the kernel has none).
 */
export function nextMeetings(
  calendarInput: RcpCalendarInput,
  now: Date,
  count: number,
): ScheduledMeeting[] {
  const calendar = parseOrThrow(RcpCalendarSchema, calendarInput, "meetingCalendar");
  const count_ = parseOrThrow(z.number().int().min(1).max(520), count, "meetingCalendar");
  const { date: today, time: clock } = localDateTime(now, calendar.timeZone);
  const notPast = (m: { date: string; time: string }) => {
    const c = compareIsoDates(m.date, today);
    return c > 0 || (c === 0 && m.time >= clock);
  };
  const oneOff: ScheduledMeeting[] = calendar.oneOff.filter(notPast).map((s) => ({
    date: s.date,
    time: s.time,
    place: s.place,
    videoLink: s.videoLink ?? null,
    source: "oneOff",
  }));
  const oneOffDates = new Set(oneOff.map((s) => s.date));
  const cancelled = new Set(calendar.cancelledDates);
  const weekly: ScheduledMeeting[] = [];
  const w = calendar.weekly;
  if (w) {
    let date = compareIsoDates(w.startsOn, today) > 0 ? w.startsOn : today;
    date = addDays(date, (w.weekday - isoWeekday(date) + 7) % 7);
    while (weekly.length < count_ && (!w.endsOn || compareIsoDates(date, w.endsOn) <= 0)) {
      const m = { date, time: w.time };
      if (notPast(m) && !cancelled.has(date) && !oneOffDates.has(date)) {
        weekly.push({ ...m, place: w.place, videoLink: w.videoLink ?? null, source: "weekly" });
      }
      date = addDays(date, 7);
    }
  }
  return [...weekly, ...oneOff]
    .sort((a, b) => compareIsoDates(a.date, b.date) || a.time.localeCompare(b.time))
    .slice(0, count_);
}
