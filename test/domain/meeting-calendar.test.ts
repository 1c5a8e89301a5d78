import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DomainInputError,
  isoWeekday,
  localToInstant,
  nextMeetings,
  type RcpCalendarInput,
} from "~/domain";

// Monday 2026-11-30, 10:00 in Paris (UTC+1 in winter).
const NOW = new Date("2026-11-30T09:00:00Z");

const weeklyTuesday: RcpCalendarInput = {
  timeZone: "Europe/Paris",
  weekly: {
    weekday: 2,
    time: "14:00",
    place: "Salle Pasteur, bâtiment B",
    videoLink: "https://visio.example.fr/rcp-oos",
    startsOn: "2026-01-01",
  },
};

function thrown(f: () => unknown): DomainInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainInputError) return e;
    throw e;
  }
  throw new Error("expected a DomainInputError");
}

describe("RCP calendar", () => {
  it("counts ISO weekdays from Monday (30 November 2026 is a Monday, 6 December a Sunday)", () => {
    expect(isoWeekday("2026-11-30")).toBe(1);
    expect(isoWeekday("2026-12-06")).toBe(7);
  });

  it("lists the next three Tuesday meetings at 14:00 with place and video link", () => {
    const next = nextMeetings(weeklyTuesday, NOW, 3);
    expect(next.map((m) => `${m.date} ${m.time}`)).toEqual([
      "2026-12-01 14:00",
      "2026-12-08 14:00",
      "2026-12-15 14:00",
    ]);
    expect(next[0]?.place).toBe("Salle Pasteur, bâtiment B");
    expect(next[0]?.videoLink).toBe("https://visio.example.fr/rcp-oos");
  });

  it("keeps today's meeting until its start minute, not after", () => {
    const monday = {
      ...weeklyTuesday,
      weekly: { ...weeklyTuesday.weekly, weekday: 1, time: "10:00" },
    };
    // 10:00 Paris = 09:00 UTC in winter.
    expect(nextMeetings(monday as RcpCalendarInput, NOW, 1)[0]?.date).toBe("2026-11-30");
    const later = new Date("2026-11-30T09:01:00Z");
    expect(nextMeetings(monday as RcpCalendarInput, later, 1)[0]?.date).toBe("2026-12-07");
  });

  it("merges one-off sessions, lets one replace a weekly date, skips cancelled dates and stops at endsOn", () => {
    const calendar: RcpCalendarInput = {
      ...weeklyTuesday,
      weekly: { ...weeklyTuesday.weekly, startsOn: "2026-01-01", endsOn: "2026-12-22" } as never,
      oneOff: [
        { date: "2026-12-08", time: "17:30", place: "Amphithéâtre" },
        { date: "2026-12-03", time: "08:00", place: "Salle 2" },
      ],
      cancelledDates: ["2026-12-15"],
    };
    const next = nextMeetings(calendar, NOW, 10);
    expect(next.map((m) => `${m.date} ${m.time} ${m.source}`)).toEqual([
      "2026-12-01 14:00 weekly",
      "2026-12-03 08:00 oneOff",
      "2026-12-08 17:30 oneOff",
      "2026-12-22 14:00 weekly",
    ]);
  });

  it("keeps a weekly 14:00 meeting at 14:00 local across the spring DST change in Paris", () => {
    const monday: RcpCalendarInput = {
      timeZone: "Europe/Paris",
      weekly: { weekday: 1, time: "14:00", place: "Salle 1", startsOn: "2026-03-01" },
    };
    const next = nextMeetings(monday, new Date("2026-03-20T12:00:00Z"), 2);
    expect(next.map((m) => `${m.date} ${m.time}`)).toEqual([
      "2026-03-23 14:00",
      "2026-03-30 14:00",
    ]);
    // Paris: UTC+1 until 29 March 2026 02:00, then UTC+2 (EU summer time, last Sunday of March).
    expect(localToInstant("2026-03-23", "14:00", "Europe/Paris").toISOString()).toBe(
      "2026-03-23T13:00:00.000Z",
    );
    expect(localToInstant("2026-03-30", "14:00", "Europe/Paris").toISOString()).toBe(
      "2026-03-30T12:00:00.000Z",
    );
  });

  it("moves a wall time skipped by the spring change forward, and takes the first of a repeated autumn time", () => {
    // 02:30 does not exist on 29 March 2026 in Paris: 03:30 CEST = 01:30 UTC.
    expect(localToInstant("2026-03-29", "02:30", "Europe/Paris").toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    // 02:30 happens twice on 25 October 2026; the first is still CEST (UTC+2) = 00:30 UTC.
    expect(localToInstant("2026-10-25", "02:30", "Europe/Paris").toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("refuses an impossible time, naming the field", () => {
    const bad = { ...weeklyTuesday, weekly: { ...weeklyTuesday.weekly, time: "25:00" } };
    const e = thrown(() => nextMeetings(bad as RcpCalendarInput, NOW, 3));
    expect(e.code).toBe("meetingCalendar.badFormat");
    expect(e.field).toBe("weekly.time");
  });

  it("refuses an unknown time zone and a video link that is not https", () => {
    const e = thrown(() => nextMeetings({ ...weeklyTuesday, timeZone: "Europe/Pariss" }, NOW, 1));
    expect(e.code).toBe("meetingCalendar.unknownTimeZone");
    expect(e.field).toBe("timeZone");
    const http = {
      ...weeklyTuesday,
      weekly: { ...weeklyTuesday.weekly, videoLink: "http://x.fr" },
    };
    expect(thrown(() => nextMeetings(http as RcpCalendarInput, NOW, 1)).field).toBe(
      "weekly.videoLink",
    );
  });

  it("property: weekly meetings fall on the chosen weekday, one week apart, at the chosen local time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 7, max: 20 }),
        fc.integer({ min: 0, max: 3 }).map((q) => q * 15),
        fc.integer({ min: 0, max: 3 * 365 }),
        (weekday, hour, minute, dayOffset) => {
          const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
          const now = new Date(Date.UTC(2026, 0, 1) + dayOffset * 86_400_000);
          const next = nextMeetings(
            {
              timeZone: "Europe/Paris",
              weekly: { weekday, time, place: "Salle", startsOn: "2025-01-01" },
            },
            now,
            5,
          );
          expect(next).toHaveLength(5);
          for (const [i, m] of next.entries()) {
            expect(isoWeekday(m.date)).toBe(weekday);
            expect(m.time).toBe(time);
            const instant = localToInstant(m.date, m.time, "Europe/Paris");
            const local = new Intl.DateTimeFormat("fr-FR", {
              timeZone: "Europe/Paris",
              hour: "2-digit",
              minute: "2-digit",
            }).format(instant);
            expect(local).toBe(time);
            expect(instant.getTime()).toBeGreaterThanOrEqual(now.getTime());
            const prev = next[i - 1];
            if (prev) expect(Date.parse(m.date) - Date.parse(prev.date)).toBe(7 * 86_400_000);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
