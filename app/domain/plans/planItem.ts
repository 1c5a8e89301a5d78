// A local-treatment plan item of a signed decision (issue 12 §2): what the board agreed to do on a
// lesion, followed until it is done or cancelled. This module owns its state machine; the server
// stores the result (server/usecases/plans.ts), nobody else decides which change is legal.
//
//   planned ──schedule(date)──▶ scheduled ──complete(date)──▶ done
//      │                         │  ▲ reschedule(date)
//      └──────cancel(reason)─────┴──────────────▶ cancelled
//
// Issue 12 §2: "planned → scheduled (date) → done, or cancelled with a reason; overdue when the
// target date passes". Done and cancelled are final: a changed plan is a new signed decision
// (a correction cancels the open items with `superseded:vN`, server/usecases/decisions.ts).
import type { Label, Refusal } from "../common";
import { compareIsoDates } from "../dates";

export const PLAN_ITEM_STATES = ["planned", "scheduled", "done", "cancelled"] as const;
export type PlanItemState = (typeof PLAN_ITEM_STATES)[number];

export const PLAN_ITEM_STATE_LABELS: Record<PlanItemState, Label> = {
  planned: { fr: "prévu", en: "planned" },
  scheduled: { fr: "programmé", en: "scheduled" },
  done: { fr: "réalisé", en: "done" },
  cancelled: { fr: "annulé", en: "cancelled" },
};

/** The part of a plan item the state machine reads and writes. */
export interface PlanItemStatus {
  state: PlanItemState;
  targetDate: string | null;
  scheduledDate: string | null;
  doneDate: string | null;
  cancelReason: string | null;
}

export type PlanItemChange =
  | { type: "schedule"; date: string }
  | { type: "complete"; date: string }
  | { type: "cancel"; reason: string };

export type PlanItemRefusalCode = "illegalTransition" | "reasonRequired";

export type PlanItemTransition = { ok: true; item: PlanItemStatus } | Refusal<PlanItemRefusalCode>;

const CHANGE_LABELS: Record<PlanItemChange["type"], Label> = {
  schedule: { fr: "programmer", en: "schedule" },
  complete: { fr: "marquer réalisé", en: "mark done" },
  cancel: { fr: "annuler", en: "cancel" },
};

/** Which states each change may start from. */
const ALLOWED_FROM: Record<PlanItemChange["type"], readonly PlanItemState[]> = {
  // Rescheduling a scheduled item is the same change: an operating slot moves.
  schedule: ["planned", "scheduled"],
  // Done only once a date was set: the worklist shows who booked it before it is marked done.
  complete: ["scheduled"],
  cancel: ["planned", "scheduled"],
};

function illegal(from: PlanItemState, change: PlanItemChange["type"]): PlanItemTransition {
  const s = PLAN_ITEM_STATE_LABELS[from];
  const c = CHANGE_LABELS[change];
  return {
    ok: false,
    code: "illegalTransition",
    reason: {
      fr: `Action « ${c.fr} » impossible : l'action est ${s.fr}.`,
      en: `Cannot ${c.en}: the item is ${s.en}.`,
    },
  };
}

/** The item after the change, or the reason it is refused (the item is then unchanged). */
export function applyPlanItemChange(
  item: PlanItemStatus,
  change: PlanItemChange,
): PlanItemTransition {
  if (!ALLOWED_FROM[change.type].includes(item.state)) return illegal(item.state, change.type);
  switch (change.type) {
    case "schedule":
      return { ok: true, item: { ...item, state: "scheduled", scheduledDate: change.date } };
    case "complete":
      return { ok: true, item: { ...item, state: "done", doneDate: change.date } };
    case "cancel": {
      const reason = change.reason.trim();
      if (reason === "")
        return {
          ok: false,
          code: "reasonRequired",
          reason: {
            fr: "Une annulation doit dire pourquoi.",
            en: "A cancellation must say why.",
          },
        };
      return { ok: true, item: { ...item, state: "cancelled", cancelReason: reason } };
    }
  }
}

/** Still to do (planned or scheduled). */
export function isOpenPlanItem(item: Pick<PlanItemStatus, "state">): boolean {
  return item.state === "planned" || item.state === "scheduled";
}

/** Issue 12 §2: overdue when the target date passes and the item is neither done nor cancelled. */
export function isOverdue(
  item: Pick<PlanItemStatus, "state" | "targetDate">,
  today: string,
): boolean {
  return (
    isOpenPlanItem(item) && item.targetDate !== null && compareIsoDates(item.targetDate, today) < 0
  );
}
