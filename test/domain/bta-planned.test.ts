// Which BTA act a signed decision's systemic part plans (issue 12 §1, decision 106).
import { describe, expect, it } from "vitest";
import { plannedBtaActOf } from "../../app/domain/bta";

describe("plannedBtaActOf", () => {
  it("plans the initiation of the agent the board decided (denosumab 120 mg every 4 weeks)", () => {
    expect(
      plannedBtaActOf({ action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 }),
    ).toEqual({ kind: "initiate", agent: "denosumab" });
  });

  it("plans a switch to the new agent, and a resume with the sequence's own agent", () => {
    expect(
      plannedBtaActOf({ action: "switch", agent: "zoledronicAcid", dose_mg: 4, intervalWeeks: 12 }),
    ).toEqual({ kind: "switch", agent: "zoledronicAcid" });
    expect(plannedBtaActOf({ action: "resume" })).toEqual({ kind: "resume", agent: null });
  });

  it("plans the next dose when the board continues a running sequence", () => {
    expect(plannedBtaActOf({ action: "continue" })).toEqual({ kind: "dose_given", agent: null });
  });

  it("plans nothing to give for a pause, a stop or no bone-targeting agent", () => {
    expect(plannedBtaActOf({ action: "pause", reason: "dentalProcedure" })).toBeNull();
    expect(plannedBtaActOf({ action: "stop" })).toBeNull();
    expect(plannedBtaActOf({ action: "noBta" })).toBeNull();
  });
});
