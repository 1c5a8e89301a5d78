import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  type BtaEvent,
  btaDoseDue,
  btaInitiationDelay,
  btaSequenceAlerts,
  daysBetween,
  IsoDateSchema,
  replayBtaEvents,
} from "~/domain";

const GATES = {
  dentalCheckDate: "2025-01-02",
  calciumVitaminDPlan: true,
  baselineCalcium_mmol_L: 2.4,
};

function sequence(...events: BtaEvent[]) {
  const r = replayBtaEvents(events);
  if (!r.ok) throw new Error(r.reason.en);
  return r.state;
}

const dmab: BtaEvent = {
  type: "initiate",
  date: "2025-01-10",
  agent: "denosumab",
  intervalWeeks: 4,
  ...GATES,
};

describe("OPTIMOS initiation-delay flag", () => {
  it("raises the flag when no BTA has started more than 3 months after diagnosis", () => {
    const r = btaInitiationDelay({
      boneMetastasisDiagnosisDate: "2025-01-15",
      today: "2025-04-16",
    });
    expect(r.flagged).toBe(true);
    expect(r.status).toBe("overdueNoBta");
    expect(r.windowEnds).toBe("2025-04-15");
    expect(r.source).toMatch(/OPTIMOS/);
  });

  it("does not raise it on the last day of the 3-month window", () => {
    const r = btaInitiationDelay({
      boneMetastasisDiagnosisDate: "2025-01-15",
      today: "2025-04-15",
    });
    expect(r.flagged).toBe(false);
    expect(r.status).toBe("withinWindow");
  });

  it("does not raise it once a BTA has started, but records a late start", () => {
    const late = btaInitiationDelay({
      boneMetastasisDiagnosisDate: "2025-01-15",
      today: "2025-09-01",
      firstBtaDate: "2025-05-01",
    });
    expect(late).toMatchObject({ flagged: false, status: "startedLate" });
    const inTime = btaInitiationDelay({
      boneMetastasisDiagnosisDate: "2025-01-15",
      today: "2025-09-01",
      firstBtaDate: "2025-03-01",
    });
    expect(inTime.status).toBe("startedInTime");
  });
});

describe("doses due and overdue", () => {
  const s = sequence(dmab);

  it.each([
    ["2025-02-06", "upcoming", 1],
    ["2025-02-07", "dueToday", 0],
    ["2025-02-10", "overdue", -3],
  ] as const)("on %s the next denosumab dose is %s", (today, status, days) => {
    expect(btaDoseDue(s, today)).toEqual({ nextDueDate: "2025-02-07", status, daysUntilDue: days });
  });

  it("alerts on an overdue dose", () => {
    expect(btaSequenceAlerts(s, "2025-02-10").map((a) => a.id)).toEqual(["doseOverdue"]);
  });

  it("says a dose one day late is late by one day, not by '1 jours'", () => {
    const [oneDay] = btaSequenceAlerts(s, "2025-02-08");
    expect(oneDay?.label.fr).toBe("Dose en retard de 1 jour (prévue le 07/02/2025).");
    expect(oneDay?.label.en).toBe("Dose overdue by 1 day (due 07 Feb 2025).");
    expect(btaSequenceAlerts(s, "2025-02-10")[0]?.label.fr).toMatch(/^Dose en retard de 3 jours /);
  });
});

describe("denosumab rebound alerts", () => {
  it("alerts after a stop", () => {
    const s = sequence(dmab, { type: "stop", date: "2025-03-01" });
    expect(btaSequenceAlerts(s, "2025-03-02").map((a) => a.id)).toEqual(["rebound"]);
  });

  it("alerts when a pause has lasted beyond the board's threshold since the last dose", () => {
    const s = sequence(dmab, { type: "pause", date: "2025-02-01", reason: "dentalProcedure" });
    expect(btaSequenceAlerts(s, "2025-04-10")).toEqual([]);
    expect(btaSequenceAlerts(s, "2025-04-11").map((a) => a.id)).toEqual(["rebound"]);
    expect(
      btaSequenceAlerts(s, "2025-03-15", { denosumabLongPauseDays: 60 }).map((a) => a.id),
    ).toEqual(["rebound"]);
  });

  it("never alerts on a long zoledronic acid pause", () => {
    const s = sequence(
      {
        type: "initiate",
        date: "2025-01-10",
        agent: "zoledronicAcid",
        intervalWeeks: 4,
        ...GATES,
        baselineCreatinineClearance_mL_min: 80,
      },
      { type: "pause", date: "2025-02-01", reason: "patientChoice" },
    );
    expect(btaSequenceAlerts(s, "2026-01-01")).toEqual([]);
  });
});

describe("ISO date arithmetic (UTC)", () => {
  it("adds calendar months and clamps to the end of a short month", () => {
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2025-11-15", 3)).toBe("2026-02-15");
  });

  it("crosses daylight-saving and year boundaries without drift", () => {
    expect(addDays("2025-03-29", 2)).toBe("2025-03-31");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(daysBetween("2025-01-01", "2026-01-01")).toBe(365);
  });

  it("accepts only real calendar dates", () => {
    expect(IsoDateSchema.safeParse("2025-02-29").success).toBe(false);
    expect(IsoDateSchema.safeParse("2024-02-29").success).toBe(true);
    expect(IsoDateSchema.safeParse("2025-2-3").success).toBe(false);
    expect(IsoDateSchema.safeParse("2025-01-15T10:00").success).toBe(false);
  });
});
