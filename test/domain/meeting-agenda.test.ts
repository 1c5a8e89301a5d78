import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addLateCase,
  addReadyCase,
  carryUndecided,
  closeMeeting,
  DomainInputError,
  type Meeting,
  markCaseDecided,
  openMeeting,
  postponeCase,
  reorderAgenda,
} from "~/domain";

const planned = (id: number, date: string): Meeting => ({
  id,
  rcpId: 1,
  date,
  time: "14:00",
  status: "planned",
  agenda: [],
});

function thrown(f: () => unknown): DomainInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainInputError) return e;
    throw e;
  }
  throw new Error("expected a DomainInputError");
}

const withThree = () => {
  let m = addReadyCase(planned(10, "2026-12-01"), 1, "ready");
  m = addReadyCase(m, 2, "ready");
  return addLateCase(m, 3, "draft");
};

describe("meeting agenda", () => {
  it("adds ready cases in order and a late case marked late", () => {
    const m = withThree();
    expect(m.agenda.map((i) => [i.caseId, i.late, i.outcome])).toEqual([
      [1, false, "pending"],
      [2, false, "pending"],
      [3, true, "pending"],
    ]);
    expect(m.agenda[2]?.history).toEqual([{ type: "addedLate", meetingId: 10 }]);
  });

  it("refuses a case that is not ready as a ready case, naming caseStatus", () => {
    const e = thrown(() => addReadyCase(planned(10, "2026-12-01"), 1, "draft"));
    expect(e.code).toBe("agenda.caseNotReady");
    expect(e.field).toBe("caseStatus");
  });

  it("refuses a case twice on the same agenda", () => {
    const e = thrown(() => addLateCase(withThree(), 2, "ready"));
    expect(e.code).toBe("agenda.duplicate");
    expect(e.field).toBe("caseId");
  });

  it("refuses a case status that does not exist, naming the field", () => {
    const e = thrown(() => addLateCase(planned(10, "2026-12-01"), 4, "maybe" as "ready"));
    expect([e.code, e.field]).toEqual(["agenda.notAllowed", "caseStatus"]);
    expect(thrown(() => markCaseDecided(openMeeting(withThree()), 0)).field).toBe("caseId");
  });

  it("refuses a closed case as a late case", () => {
    expect(thrown(() => addLateCase(planned(10, "2026-12-01"), 4, "closed")).field).toBe(
      "caseStatus",
    );
  });

  it("reorders to any permutation and refuses a list that drops or repeats a case", () => {
    expect(reorderAgenda(withThree(), [3, 1, 2]).agenda.map((i) => i.caseId)).toEqual([3, 1, 2]);
    expect(thrown(() => reorderAgenda(withThree(), [3, 1])).code).toBe("agenda.notAPermutation");
    expect(thrown(() => reorderAgenda(withThree(), [3, 1, 1])).code).toBe("agenda.notAPermutation");
    expect(thrown(() => reorderAgenda(withThree(), [3, 1, 9])).field).toBe("order");
  });

  it("property: reordering keeps every item unchanged, only the order moves", () => {
    const m = withThree();
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3], { minLength: 3, maxLength: 3 }), (order) => {
        const r = reorderAgenda(m, order);
        expect(r.agenda.map((i) => i.caseId)).toEqual(order);
        for (const item of r.agenda) expect(m.agenda).toContainEqual(item);
      }),
    );
  });

  it("postpones a case to the next meeting: listed here as postponed, arriving there with its history", () => {
    const { from, to } = postponeCase(withThree(), planned(11, "2026-12-08"), 2);
    expect(from.agenda.find((i) => i.caseId === 2)?.outcome).toBe("postponed");
    const moved = to.agenda.find((i) => i.caseId === 2);
    expect(moved?.outcome).toBe("pending");
    expect(moved?.history).toEqual([
      { type: "added", meetingId: 10 },
      { type: "postponed", fromMeetingId: 10, toMeetingId: 11 },
    ]);
  });

  it("property: postponing any pending case keeps both agendas free of duplicates and grows its history by one", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3), fc.constantFrom(5, 6), (caseId, other) => {
        const next = addReadyCase(planned(11, "2026-12-08"), other, "ready");
        const { from, to } = postponeCase(withThree(), next, caseId);
        for (const m of [from, to])
          expect(new Set(m.agenda.map((i) => i.caseId)).size).toBe(m.agenda.length);
        const before = withThree().agenda.find((i) => i.caseId === caseId);
        const after = to.agenda.at(-1);
        expect(after?.caseId).toBe(caseId);
        expect(after?.history.length).toBe((before?.history.length ?? 0) + 1);
        expect(from.agenda.map((i) => i.caseId)).toEqual([1, 2, 3]);
      }),
    );
  });

  it("refuses to postpone to an earlier meeting, to another RCP, or a case not on the agenda", () => {
    expect(thrown(() => postponeCase(withThree(), planned(11, "2026-11-24"), 2)).code).toBe(
      "agenda.notLater",
    );
    const otherRcp = { ...planned(11, "2026-12-08"), rcpId: 2 };
    expect(thrown(() => postponeCase(withThree(), otherRcp, 2)).field).toBe("toMeeting");
    expect(thrown(() => postponeCase(withThree(), planned(11, "2026-12-08"), 9)).code).toBe(
      "agenda.notOnAgenda",
    );
  });

  it("goes planned → open → closed only", () => {
    const open = openMeeting(withThree());
    expect(open.status).toBe("open");
    expect(thrown(() => openMeeting(open)).code).toBe("meeting.illegalTransition");
    expect(thrown(() => closeMeeting(withThree())).code).toBe("meeting.illegalTransition");
    const { meeting } = closeMeeting(open);
    expect(meeting.status).toBe("closed");
    expect(thrown(() => openMeeting(meeting)).field).toBe("status");
    expect(thrown(() => addLateCase(meeting, 8, "ready")).code).toBe("agenda.illegalTransition");
  });

  it("decides cases only while the meeting is open", () => {
    expect(thrown(() => markCaseDecided(withThree(), 1)).code).toBe("agenda.illegalTransition");
  });

  it("lists undecided cases at closing and carries them, in order, to the next meeting", () => {
    let open = openMeeting(withThree());
    open = markCaseDecided(open, 2);
    const { meeting: closed, undecided } = closeMeeting(open);
    expect(undecided).toEqual([1, 3]);
    const next = carryUndecided(closed, addReadyCase(planned(11, "2026-12-08"), 7, "ready"));
    expect(next.agenda.map((i) => i.caseId)).toEqual([7, 1, 3]);
    expect(next.agenda[2]?.late).toBe(true);
    expect(next.agenda[1]?.history.at(-1)).toEqual({
      type: "carriedOver",
      fromMeetingId: 10,
      toMeetingId: 11,
    });
  });

  it("carries only from a closed meeting", () => {
    expect(thrown(() => carryUndecided(withThree(), planned(11, "2026-12-08"))).code).toBe(
      "agenda.illegalTransition",
    );
  });

  it("refuses a malformed meeting naming the field", () => {
    const bad = { ...planned(10, "2026-12-01"), date: "2026-02-30" };
    const e = thrown(() => addReadyCase(bad, 1, "ready"));
    expect(e.code).toBe("meeting.isoDate");
    expect(e.field).toBe("date");
  });
});
