import { describe, expect, it } from "vitest";
import {
  applyBtaEvent,
  type BtaEvent,
  type BtaSequenceState,
  type BtaTransition,
  NO_SEQUENCE,
  nextDoseDue,
  replayBtaEvents,
} from "~/domain";

const GATES = {
  dentalCheckDate: "2025-01-02",
  calciumVitaminDPlan: true,
  baselineCalcium_mmol_L: 2.4,
  baselineCreatinineClearance_mL_min: 55,
  baselineCreatinine_umol_L: 100,
};

const initiateZa: BtaEvent = {
  type: "initiate",
  date: "2025-01-10",
  agent: "zoledronicAcid",
  intervalWeeks: 4,
  ...GATES,
};
const initiateDmab: BtaEvent = {
  type: "initiate",
  date: "2025-01-10",
  agent: "denosumab",
  intervalWeeks: 4,
  ...GATES,
};

function ok(result: BtaTransition): BtaSequenceState {
  if (!result.ok) throw new Error(`unexpected refusal: ${result.reason.en}`);
  return result.state;
}

function stateAfter(...events: BtaEvent[]): BtaSequenceState {
  const r = replayBtaEvents(events);
  if (!r.ok) throw new Error(`unexpected refusal at ${r.index}: ${r.reason.en}`);
  return r.state;
}

const active = stateAfter(initiateZa);
const paused = stateAfter(initiateZa, {
  type: "pause",
  date: "2025-02-01",
  reason: "dentalProcedure",
});
const stopped = stateAfter(initiateZa, { type: "stop", date: "2025-02-01" });

describe("BTA sequence: legal transitions", () => {
  it("none → active on initiation, dose from the baseline clearance (55 mL/min → 3.5 mg)", () => {
    const s = ok(applyBtaEvent(NO_SEQUENCE, initiateZa));
    expect(s.status).toBe("active");
    if (s.status === "active") {
      expect(s.regimen.dose_mg).toBe(3.5);
      expect(s.lastDoseDate).toBe("2025-01-10");
    }
  });

  it("none → active with denosumab at 120 mg", () => {
    const s = ok(applyBtaEvent(NO_SEQUENCE, initiateDmab));
    expect(s.status === "active" && s.regimen.dose_mg).toBe(120);
  });

  it("active → active when a dose is given with creatinine checked", () => {
    const s = ok(
      applyBtaEvent(active, { type: "administer", date: "2025-02-07", creatinine_umol_L: 105 }),
    );
    expect(s.status === "active" && s.lastDoseDate).toBe("2025-02-07");
  });

  it("active → paused with a reason", () => {
    const s = ok(
      applyBtaEvent(active, { type: "pause", date: "2025-02-01", reason: "dentalProcedure" }),
    );
    expect(s.status === "paused" && s.pauseReason).toBe("dentalProcedure");
  });

  it("paused → active on resume", () => {
    expect(ok(applyBtaEvent(paused, { type: "resume", date: "2025-03-01" })).status).toBe("active");
  });

  it("active → active on a switch to the other agent", () => {
    const s = ok(
      applyBtaEvent(active, {
        type: "switch",
        date: "2025-02-07",
        agent: "denosumab",
        intervalWeeks: 4,
        ...GATES,
      }),
    );
    expect(s.status === "active" && s.regimen.agent).toBe("denosumab");
    expect(s.status === "active" && s.startedOn).toBe("2025-01-10");
  });

  it("paused → active on a switch to the other agent", () => {
    const s = ok(
      applyBtaEvent(paused, {
        type: "switch",
        date: "2025-03-01",
        agent: "denosumab",
        intervalWeeks: 4,
        ...GATES,
      }),
    );
    expect(s.status).toBe("active");
  });

  it("active → stopped and paused → stopped", () => {
    expect(ok(applyBtaEvent(active, { type: "stop", date: "2025-02-01" })).status).toBe("stopped");
    expect(ok(applyBtaEvent(paused, { type: "stop", date: "2025-03-01" })).status).toBe("stopped");
  });

  it("runs a whole sequence: initiate, pause, resume, pause, resume, switch, stop", () => {
    const r = replayBtaEvents([
      initiateZa,
      { type: "pause", date: "2025-02-01", reason: "dentalProcedure" },
      { type: "resume", date: "2025-03-01" },
      { type: "pause", date: "2025-04-01", reason: "patientChoice" },
      { type: "resume", date: "2025-05-01" },
      { type: "switch", date: "2025-06-01", agent: "denosumab", intervalWeeks: 4, ...GATES },
      { type: "stop", date: "2025-09-01" },
    ]);
    expect(r.ok && r.state.status).toBe("stopped");
    expect(r.ok && r.warnings.map((w) => w.id)).toEqual(["reboundOnStop"]);
  });
});

describe("BTA sequence: warnings", () => {
  it("warns of rebound when denosumab is stopped", () => {
    const r = applyBtaEvent(stateAfter(initiateDmab), { type: "stop", date: "2025-06-01" });
    expect(r.ok && r.warnings.map((w) => w.id)).toEqual(["reboundOnStop"]);
  });

  it("warns of rebound risk when denosumab is paused, not when zoledronic acid is", () => {
    const dmab = applyBtaEvent(stateAfter(initiateDmab), {
      type: "pause",
      date: "2025-02-01",
      reason: "dentalProcedure",
    });
    expect(dmab.ok && dmab.warnings.map((w) => w.id)).toEqual(["reboundOnPause"]);
    const za = applyBtaEvent(active, {
      type: "pause",
      date: "2025-02-01",
      reason: "dentalProcedure",
    });
    expect(za.ok && za.warnings).toEqual([]);
  });

  it("raises no rebound warning when zoledronic acid is stopped", () => {
    const r = applyBtaEvent(active, { type: "stop", date: "2025-02-01" });
    expect(r.ok && r.warnings).toEqual([]);
  });
});

describe("BTA sequence: illegal transitions are refused with a reason", () => {
  const cases: Array<[string, BtaSequenceState, BtaEvent]> = [
    [
      "give a dose before initiation",
      NO_SEQUENCE,
      { type: "administer", date: "2025-01-10", creatinine_umol_L: 100 },
    ],
    [
      "pause before initiation",
      NO_SEQUENCE,
      { type: "pause", date: "2025-01-10", reason: "other" },
    ],
    ["resume before initiation", NO_SEQUENCE, { type: "resume", date: "2025-01-10" }],
    [
      "switch before initiation",
      NO_SEQUENCE,
      { type: "switch", date: "2025-01-10", agent: "denosumab", intervalWeeks: 4, ...GATES },
    ],
    ["stop before initiation", NO_SEQUENCE, { type: "stop", date: "2025-01-10" }],
    ["initiate twice", active, { ...initiateZa, date: "2025-02-01" }],
    ["resume an active sequence", active, { type: "resume", date: "2025-02-01" }],
    ["initiate a paused sequence", paused, { ...initiateZa, date: "2025-02-02" }],
    ["pause a paused sequence", paused, { type: "pause", date: "2025-02-02", reason: "other" }],
    [
      "give a dose while paused",
      paused,
      { type: "administer", date: "2025-02-02", creatinine_umol_L: 100 },
    ],
    ["initiate a stopped sequence", stopped, { ...initiateZa, date: "2025-02-02" }],
    [
      "give a dose after stop",
      stopped,
      { type: "administer", date: "2025-02-02", creatinine_umol_L: 100 },
    ],
    ["pause after stop", stopped, { type: "pause", date: "2025-02-02", reason: "other" }],
    ["resume after stop", stopped, { type: "resume", date: "2025-02-02" }],
    [
      "switch after stop",
      stopped,
      { type: "switch", date: "2025-02-02", agent: "denosumab", intervalWeeks: 4, ...GATES },
    ],
    ["stop twice", stopped, { type: "stop", date: "2025-02-02" }],
  ];

  it.each(cases)("refuses to %s", (_name, state, event) => {
    const r = applyBtaEvent(state, event);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toMatch(/^illegalTransition\./);
      expect(r.reason.fr).toMatch(/^Impossible de/);
      expect(r.reason.en).toMatch(/^Cannot/);
    }
  });

  it("says a stopped sequence is closed and a new one must be opened", () => {
    const r = applyBtaEvent(stopped, { type: "resume", date: "2025-02-02" });
    expect(!r.ok && r.reason.en).toMatch(/open a new one/);
  });

  it("refuses a switch to the same agent", () => {
    const r = applyBtaEvent(active, {
      type: "switch",
      date: "2025-02-01",
      agent: "zoledronicAcid",
      intervalWeeks: 4,
      ...GATES,
    });
    expect(!r.ok && r.code).toBe("switchToSameAgent");
  });

  it("refuses an event dated before the last one", () => {
    const r = applyBtaEvent(active, { type: "pause", date: "2025-01-09", reason: "other" });
    expect(!r.ok && r.code).toBe("eventBeforeLastEvent");
  });

  it("refuses to initiate without a dental check, naming the gate", () => {
    const { dentalCheckDate: _omit, ...noDental } = GATES;
    const r = applyBtaEvent(NO_SEQUENCE, {
      type: "initiate",
      date: "2025-01-10",
      agent: "denosumab",
      intervalWeeks: 4,
      ...noDental,
    });
    expect(!r.ok && r.code).toBe("startGatesNotMet");
    expect(!r.ok && r.reason.fr).toMatch(/bucco-dentaire/);
  });

  it("refuses to initiate zoledronic acid under 30 mL/min", () => {
    const r = applyBtaEvent(NO_SEQUENCE, { ...initiateZa, baselineCreatinineClearance_mL_min: 25 });
    expect(!r.ok && r.code).toBe("startGatesNotMet");
  });

  it("refuses a 12-weekly denosumab interval and accepts 12-weekly zoledronic acid", () => {
    const dmab = applyBtaEvent(NO_SEQUENCE, { ...initiateDmab, intervalWeeks: 12 });
    expect(!dmab.ok && dmab.code).toBe("invalidInterval");
    expect(applyBtaEvent(NO_SEQUENCE, { ...initiateZa, intervalWeeks: 12 }).ok).toBe(true);
  });

  it("refuses a zoledronic acid dose without a creatinine check", () => {
    const r = applyBtaEvent(active, { type: "administer", date: "2025-02-07" });
    expect(!r.ok && r.code).toBe("creatinineRequired");
  });

  it("refuses a zoledronic acid dose when creatinine has risen by 44 µmol/L from a normal baseline", () => {
    const r = applyBtaEvent(active, {
      type: "administer",
      date: "2025-02-07",
      creatinine_umol_L: 144,
    });
    expect(!r.ok && r.code).toBe("renalDeterioration");
  });

  it("refuses to resume after a renal pause until creatinine is within 10 % of baseline", () => {
    const renalPause = ok(
      applyBtaEvent(active, { type: "pause", date: "2025-02-07", reason: "renalDeterioration" }),
    );
    const tooHigh = applyBtaEvent(renalPause, {
      type: "resume",
      date: "2025-03-07",
      creatinine_umol_L: 115,
    });
    expect(!tooHigh.ok && tooHigh.code).toBe("renalNotRecovered");
    expect(
      applyBtaEvent(renalPause, { type: "resume", date: "2025-03-07", creatinine_umol_L: 108 }).ok,
    ).toBe(true);
  });
});

describe("next dose due", () => {
  it("falls one interval after the last dose", () => {
    expect(nextDoseDue(active)).toBe("2025-02-07");
  });

  it("is never before the resume date after a long pause", () => {
    const s = stateAfter(
      initiateZa,
      { type: "pause", date: "2025-01-20", reason: "dentalProcedure" },
      { type: "resume", date: "2025-06-01" },
    );
    expect(nextDoseDue(s)).toBe("2025-06-01");
  });

  it("is null for paused and stopped sequences", () => {
    expect(nextDoseDue(paused)).toBeNull();
    expect(nextDoseDue(stopped)).toBeNull();
  });
});
