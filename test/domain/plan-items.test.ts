import { describe, expect, it } from "vitest";
import { applyPlanItemChange, isOverdue, type PlanItemStatus } from "~/domain";

// A radiotherapy agreed at the meeting of 24/11/2026, to be done by 08/12/2026.
const planned: PlanItemStatus = {
  state: "planned",
  targetDate: "2026-12-08",
  scheduledDate: null,
  doneDate: null,
  cancelReason: null,
};

function scheduled(date = "2026-12-03"): PlanItemStatus {
  const t = applyPlanItemChange(planned, { type: "schedule", date });
  if (!t.ok) throw new Error(t.code);
  return t.item;
}

describe("plan item state machine (issue 12 §2)", () => {
  it("schedules a planned radiotherapy on 03/12/2026", () => {
    expect(applyPlanItemChange(planned, { type: "schedule", date: "2026-12-03" })).toEqual({
      ok: true,
      item: { ...planned, state: "scheduled", scheduledDate: "2026-12-03" },
    });
  });

  it("moves a scheduled operation to another slot", () => {
    const t = applyPlanItemChange(scheduled(), { type: "schedule", date: "2026-12-05" });
    expect(t.ok && t.item.scheduledDate).toBe("2026-12-05");
    expect(t.ok && t.item.state).toBe("scheduled");
  });

  it("marks a scheduled item done on the day it was done, keeping its scheduled date", () => {
    const t = applyPlanItemChange(scheduled(), { type: "complete", date: "2026-12-04" });
    expect(t).toEqual({
      ok: true,
      item: { ...planned, state: "done", scheduledDate: "2026-12-03", doneDate: "2026-12-04" },
    });
  });

  it("refuses to mark done an item nobody scheduled, saying it is still planned", () => {
    const t = applyPlanItemChange(planned, { type: "complete", date: "2026-12-04" });
    expect(t.ok).toBe(false);
    if (t.ok) return;
    expect(t.code).toBe("illegalTransition");
    expect(t.reason.fr).toContain("prévu");
    expect(t.reason.en).toContain("planned");
  });

  it("cancels a planned or a scheduled item with its reason", () => {
    for (const item of [planned, scheduled()]) {
      const t = applyPlanItemChange(item, { type: "cancel", reason: "  patient declined  " });
      expect(t.ok && t.item.state).toBe("cancelled");
      expect(t.ok && t.item.cancelReason).toBe("patient declined");
    }
  });

  it("refuses a cancellation without a reason", () => {
    const t = applyPlanItemChange(planned, { type: "cancel", reason: "   " });
    expect(t.ok === false && t.code).toBe("reasonRequired");
  });

  it("refuses every change to a done or a cancelled item: both are final", () => {
    const done = { ...scheduled(), state: "done" as const, doneDate: "2026-12-04" };
    const cancelled = { ...planned, state: "cancelled" as const, cancelReason: "died" };
    for (const item of [done, cancelled])
      for (const change of [
        { type: "schedule", date: "2026-12-10" },
        { type: "complete", date: "2026-12-10" },
        { type: "cancel", reason: "again" },
      ] as const) {
        const t = applyPlanItemChange(item, change);
        expect(t.ok === false && t.code).toBe("illegalTransition");
      }
  });
});

describe("overdue plan items", () => {
  it("is overdue the day after its target date while still planned or scheduled", () => {
    expect(isOverdue(planned, "2026-12-09")).toBe(true);
    expect(isOverdue(scheduled(), "2026-12-09")).toBe(true);
  });

  it("is not overdue on its target date itself", () => {
    expect(isOverdue(planned, "2026-12-08")).toBe(false);
  });

  it("is never overdue once done or cancelled, nor without a target date", () => {
    expect(isOverdue({ state: "done", targetDate: "2026-12-08" }, "2027-01-01")).toBe(false);
    expect(isOverdue({ state: "cancelled", targetDate: "2026-12-08" }, "2027-01-01")).toBe(false);
    expect(isOverdue({ state: "planned", targetDate: null }, "2027-01-01")).toBe(false);
  });
});
