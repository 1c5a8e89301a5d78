// An RCP's meeting settings (issue 11 §1 and §3): its calendar and the specialties its quorum
// requires. One schema shared by the admin form, the use case and the seed.
import * as z from "zod";
import { blankToUndefined, type FieldError, fieldErrors } from "../records/fields";
import { SPECIALTIES } from "../records/permissions";
import { CLINIC_TIME_ZONE, RcpCalendarSchema } from "./calendar";
import { RequiredSpecialtySchema } from "./quorum";

export const RcpMeetingSettingsSchema = z.object({
  /** null: the RCP has no calendar yet (meetings are then planned one by one). */
  calendar: RcpCalendarSchema.nullable(),
  requiredSpecialties: z.array(RequiredSpecialtySchema).max(20).default([]),
});
export type RcpMeetingSettings = z.infer<typeof RcpMeetingSettingsSchema>;

/** Blank rows the admin form offers after the stored ones (one-off sessions, cancelled dates…). */
export const BLANK_SETTING_ROWS = 2;

type Form = Record<string, string | undefined>;

const given = (v: string | undefined) => blankToUndefined(v) !== undefined;

/** Indexes of the rows `prefix.<i>.*` (or `prefix.<i>`) present in the form, in order. */
function rowIndexes(form: Form, prefix: string): number[] {
  const out = new Set<number>();
  for (const key of Object.keys(form)) {
    const m = key.match(new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)(\\.|$)`));
    if (m?.[1] !== undefined) out.add(Number(m[1]));
  }
  return [...out].sort((a, b) => a - b);
}

type Rows = { values: unknown[]; formIndex: number[] };

function rows(form: Form, prefix: string, read: (i: number) => unknown): Rows {
  const out: Rows = { values: [], formIndex: [] };
  for (const i of rowIndexes(form, prefix)) {
    const value = read(i);
    if (value === undefined) continue;
    out.values.push(value);
    out.formIndex.push(i);
  }
  return out;
}

/**
 * The admin form's flat fields, named as the schema's paths (`calendar.weekly.videoLink`,
 * `calendar.oneOff.1.date`, `requiredSpecialties.0.anyOf.spine_surgery`), to the settings. A row
 * left wholly blank is no row; the weekly recurrence is off while all its fields are blank; no
 * calendar at all is null. A refusal names the form field as typed (row numbers of the form).
 */
export function parseMeetingSettingsForm(
  form: Form,
): { ok: true; data: RcpMeetingSettings } | { ok: false; errors: FieldError[] } {
  const w = (k: string) => blankToUndefined(form[`calendar.weekly.${k}`]);
  const weeklyKeys = ["weekday", "time", "place", "videoLink", "startsOn", "endsOn"];
  const weekday = w("weekday");
  const weekly = weeklyKeys.some((k) => w(k) !== undefined)
    ? {
        weekday: weekday === undefined ? undefined : Number(weekday),
        time: w("time"),
        place: w("place"),
        videoLink: w("videoLink"),
        startsOn: w("startsOn"),
        endsOn: w("endsOn"),
      }
    : undefined;
  const oneOff = rows(form, "calendar.oneOff", (i) => {
    const f = (k: string) => blankToUndefined(form[`calendar.oneOff.${i}.${k}`]);
    const row = { date: f("date"), time: f("time"), place: f("place"), videoLink: f("videoLink") };
    return Object.values(row).some((v) => v !== undefined) ? row : undefined;
  });
  const cancelled = rows(form, "calendar.cancelledDates", (i) =>
    blankToUndefined(form[`calendar.cancelledDates.${i}`]),
  );
  const required = rows(form, "requiredSpecialties", (i) => {
    const anyOf = SPECIALTIES.filter((s) => given(form[`requiredSpecialties.${i}.anyOf.${s}`]));
    return anyOf.length > 0 ? { anyOf } : undefined;
  });
  const hasCalendar =
    weekly !== undefined || oneOff.values.length > 0 || cancelled.values.length > 0;
  const parsed = RcpMeetingSettingsSchema.safeParse({
    calendar: hasCalendar
      ? {
          timeZone: CLINIC_TIME_ZONE,
          weekly,
          oneOff: oneOff.values,
          cancelledDates: cancelled.values,
        }
      : null,
    requiredSpecialties: required.values,
  });
  if (parsed.success) return { ok: true, data: parsed.data };
  const indexOf: Record<string, Rows> = {
    "calendar.oneOff": oneOff,
    "calendar.cancelledDates": cancelled,
    requiredSpecialties: required,
  };
  const errors = fieldErrors(parsed.error).map((e) => {
    const m = e.field.match(
      /^(calendar\.oneOff|calendar\.cancelledDates|requiredSpecialties)\.(\d+)(.*)$/,
    );
    const list = m?.[1] === undefined ? undefined : indexOf[m[1]];
    const formIndex = list?.formIndex[Number(m?.[2])];
    return m && formIndex !== undefined ? { ...e, field: `${m[1]}.${formIndex}${m[3]}` } : e;
  });
  return { ok: false, errors };
}

/** The admin form's flat values from stored settings (the inverse of parseMeetingSettingsForm). */
export function meetingSettingsToFormValues(s: {
  calendar: z.input<typeof RcpCalendarSchema> | null;
  requiredSpecialties: readonly { anyOf: readonly string[] }[];
}): Record<string, string> {
  const out: Record<string, string> = {};
  const w = s.calendar?.weekly;
  if (w) {
    out["calendar.weekly.weekday"] = String(w.weekday);
    out["calendar.weekly.time"] = w.time;
    out["calendar.weekly.place"] = w.place;
    if (w.videoLink) out["calendar.weekly.videoLink"] = w.videoLink;
    out["calendar.weekly.startsOn"] = w.startsOn;
    if (w.endsOn) out["calendar.weekly.endsOn"] = w.endsOn;
  }
  (s.calendar?.oneOff ?? []).forEach((o, i) => {
    out[`calendar.oneOff.${i}.date`] = o.date;
    out[`calendar.oneOff.${i}.time`] = o.time;
    out[`calendar.oneOff.${i}.place`] = o.place;
    if (o.videoLink) out[`calendar.oneOff.${i}.videoLink`] = o.videoLink;
  });
  (s.calendar?.cancelledDates ?? []).forEach((d, i) => {
    out[`calendar.cancelledDates.${i}`] = d;
  });
  s.requiredSpecialties.forEach((r, i) => {
    for (const sp of r.anyOf) out[`requiredSpecialties.${i}.anyOf.${sp}`] = "on";
  });
  return out;
}

/** How many rows of `prefix` the values hold (highest row index + 1). */
export function rowCount(values: Record<string, string>, prefix: string): number {
  const indexes = rowIndexes(values, prefix);
  const last = indexes.at(-1);
  return last === undefined ? 0 : last + 1;
}
