// The meeting's live state (issue 11 §4): the current case and the time spent per case, as the
// meeting-mode page shows them. Times in ms from an arbitrary start; expected values by hand.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { bumpAttendanceRev, goToCase, meetingMap, readMeeting } from "../../app/board/meetingLive";
import { meetingRoomName, parseMeetingRoomName } from "../../app/domain/board/room";
import {
  elapsedFor,
  goTo,
  INITIAL_MEETING_LIVE,
  MeetingDocSchema,
  readMeetingDoc,
  totalElapsed,
} from "../../app/domain/meeting/live";

const T0 = 1_800_000_000_000; // an instant in 2027
const MIN = 60_000;

describe("meeting live state: current case and per-case timers", () => {
  it("starts with no case on screen and nothing spent", () => {
    expect(INITIAL_MEETING_LIVE.currentCaseId).toBeNull();
    expect(totalElapsed(INITIAL_MEETING_LIVE, T0)).toBe(0);
    expect(elapsedFor(INITIAL_MEETING_LIVE, 7, T0)).toBe(0);
  });

  it("times the case on screen while it runs", () => {
    const s = goTo(INITIAL_MEETING_LIVE, 7, T0);
    expect(s).toEqual({ currentCaseId: 7, since: T0, spentMs: {} });
    expect(elapsedFor(s, 7, T0 + 3 * MIN)).toBe(3 * MIN);
    expect(elapsedFor(s, 8, T0 + 3 * MIN)).toBe(0);
    expect(totalElapsed(s, T0 + 3 * MIN)).toBe(3 * MIN);
  });

  it("next case: the previous case keeps its 6 minutes, the new one starts at 0", () => {
    const a = goTo(INITIAL_MEETING_LIVE, 7, T0);
    const b = goTo(a, 9, T0 + 6 * MIN);
    expect(b).toEqual({ currentCaseId: 9, since: T0 + 6 * MIN, spentMs: { "7": 6 * MIN } });
    expect(elapsedFor(b, 7, T0 + 10 * MIN)).toBe(6 * MIN);
    expect(elapsedFor(b, 9, T0 + 10 * MIN)).toBe(4 * MIN);
    expect(totalElapsed(b, T0 + 10 * MIN)).toBe(10 * MIN);
  });

  it("coming back to a case adds to the time it already had", () => {
    let s = goTo(INITIAL_MEETING_LIVE, 7, T0);
    s = goTo(s, 9, T0 + 2 * MIN);
    s = goTo(s, 7, T0 + 5 * MIN);
    s = goTo(s, null, T0 + 6 * MIN);
    expect(s).toEqual({
      currentCaseId: null,
      since: null,
      spentMs: { "7": 3 * MIN, "9": 3 * MIN },
    });
    expect(totalElapsed(s, T0 + 60 * MIN)).toBe(6 * MIN);
  });

  it("going to the case already on screen changes nothing (no restart of its timer)", () => {
    const s = goTo(INITIAL_MEETING_LIVE, 7, T0);
    expect(goTo(s, 7, T0 + MIN)).toBe(s);
  });

  it("a device whose clock is behind the start counts 0 for the running stretch, never less", () => {
    const s = goTo(INITIAL_MEETING_LIVE, 7, T0);
    expect(elapsedFor(s, 7, T0 - 5000)).toBe(0);
    expect(goTo(s, 9, T0 - 5000).spentMs).toEqual({ "7": 0 });
  });
});

describe("meeting document schema (checked by the server before storing)", () => {
  it("accepts 500 timers", () => {
    const spentMs = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [String(i + 1), 1]));
    const live = { currentCaseId: null, since: null, spentMs };
    expect(MeetingDocSchema.safeParse({ live }).success).toBe(true);
  });

  it("accepts the states goTo makes and the attendance revision", () => {
    const s = goTo(goTo(INITIAL_MEETING_LIVE, 7, T0), 9, T0 + MIN);
    expect(MeetingDocSchema.safeParse({ live: s, attendanceRev: 3 }).success).toBe(true);
    expect(MeetingDocSchema.safeParse({}).success).toBe(true);
  });

  it.each([
    [
      "a case id that is not a positive integer",
      { live: { currentCaseId: 0, since: T0, spentMs: {} } },
    ],
    ["a current case without start time", { live: { currentCaseId: 7, since: null, spentMs: {} } }],
    ["a negative time", { live: { currentCaseId: null, since: null, spentMs: { "7": -1 } } }],
    [
      "a timer keyed by something else than a case id",
      { live: { currentCaseId: null, since: null, spentMs: { x: 1 } } },
    ],
    ["an unknown field", { live: { currentCaseId: null, since: null, spentMs: {}, extra: 1 } }],
    ["an unknown key", { presenter: 4 }],
    [
      "more timers than a meeting has cases (501)",
      {
        live: {
          currentCaseId: null,
          since: null,
          spentMs: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [String(i + 1), 1])),
        },
      },
    ],
    ["a fractional attendance revision", { attendanceRev: 1.5 }],
  ])("refuses %s", (_what, doc) => {
    expect(MeetingDocSchema.safeParse(doc).success).toBe(false);
  });
});

describe("reading the document leniently (a writer's mistake never breaks a follower)", () => {
  it("keeps the current case when only the timers are malformed", () => {
    const read = readMeetingDoc({
      live: { currentCaseId: 9, since: T0, spentMs: { "7": 120_000, "8": "long", x: 5 } },
      attendanceRev: 2,
    });
    expect(read).toEqual({
      live: { currentCaseId: 9, since: T0, spentMs: { "7": 120_000 } },
      attendanceRev: 2,
    });
  });

  it("falls back to no case and revision 0 on garbage", () => {
    expect(readMeetingDoc({ live: "next!", attendanceRev: -3 })).toEqual({
      live: INITIAL_MEETING_LIVE,
      attendanceRev: 0,
    });
    expect(readMeetingDoc(null).live).toEqual(INITIAL_MEETING_LIVE);
  });

  it("reads a Y.Doc a script filled with a bad value", () => {
    const doc = new Y.Doc();
    meetingMap(doc).set("live", { currentCaseId: "seven", since: T0, spentMs: {} });
    expect(readMeeting(doc).live.currentCaseId).toBeNull();
    doc.destroy();
  });
});

describe("the Y.Doc edits of a driving page (app/board/meetingLive.ts)", () => {
  it("goToCase and bumpAttendanceRev write values the server's schema accepts", () => {
    const doc = new Y.Doc();
    goToCase(doc, 7, T0);
    goToCase(doc, 9, T0 + 4 * MIN);
    bumpAttendanceRev(doc);
    bumpAttendanceRev(doc);
    const json = meetingMap(doc).toJSON();
    expect(MeetingDocSchema.safeParse(json).success).toBe(true);
    expect(readMeeting(doc)).toEqual({
      live: { currentCaseId: 9, since: T0 + 4 * MIN, spentMs: { "7": 4 * MIN } },
      attendanceRev: 2,
    });
    doc.destroy();
  });
});

describe("meeting room name", () => {
  it("names a meeting's room meeting:<id> and reads it back; one spelling only", () => {
    expect(meetingRoomName(3)).toBe("meeting:3");
    expect(parseMeetingRoomName("meeting:3")).toBe(3);
    for (const name of [
      "meeting:0",
      "meeting:03",
      "meeting:-1",
      "meeting: 3",
      "case:3",
      "Meeting:3",
    ]) {
      expect(parseMeetingRoomName(name), name).toBeNull();
    }
    expect(() => meetingRoomName(0)).toThrow(RangeError);
  });
});
