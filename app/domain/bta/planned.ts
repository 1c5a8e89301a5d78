// The BTA act a signed decision's systemic part asks for (issue 12 §1: "A signed decision's
// systemic part creates the planned event; recording the dose given closes it"; decision 106).
import type { SystemicDecision } from "../decision/schema";
import type { BtaAgent } from "./agents";

/** The BTA event kinds that carry out a planned act (the stored bta_events.kind values). */
export const PLANNED_BTA_KINDS = ["initiate", "dose_given", "resume", "switch"] as const;
export type PlannedBtaKind = (typeof PLANNED_BTA_KINDS)[number];

export interface PlannedBtaAct {
  kind: PlannedBtaKind;
  /** The agent the decision names (initiate, switch); a resume or a dose keeps the sequence's. */
  agent: BtaAgent | null;
}

/**
 * Start, resume or switch as decided; "continue" an active sequence means its next dose is due
 * (the SmPC interval: 4 weeks for denosumab 120 mg, 4 or 12 for zoledronic acid; clinical.md §6),
 * so the act is that dose. Pause, stop and "no BTA" ask for no act to give.
 */
export function plannedBtaActOf(systemic: SystemicDecision): PlannedBtaAct | null {
  switch (systemic.action) {
    case "initiate":
    case "switch":
      return { kind: systemic.action, agent: systemic.agent };
    case "resume":
      return { kind: "resume", agent: null };
    case "continue":
      return { kind: "dose_given", agent: null };
    case "pause":
    case "stop":
    case "noBta":
      return null;
  }
}

export const isPlannedBtaKind = (kind: string): kind is PlannedBtaKind =>
  (PLANNED_BTA_KINDS as readonly string[]).includes(kind);
