// Skeletal events of a patient (issue 12 §3): a pathological fracture, a spinal cord compression,
// radiotherapy or surgery to bone, a hypercalcaemia, with its date and whether it was planned (from
// a plan item of a signed decision) or an emergency. One event is one transaction with its audit
// row; a refusal writes nothing (decision 105).
import type { LesionRadiotherapy } from "../../app/domain/board/readings";
import { readBoard } from "../../app/domain/board/ydoc";
import { applyPlanItemChange } from "../../app/domain/plans";
import type { SkeletalEventInput, SkeletalEventKind } from "../../app/domain/records/skeletalEvent";
import type { Side } from "../../app/domain/skeleton/catalogue";
import { LOCAL_TREATMENTS, type LocalTreatmentId } from "../../app/domain/treatments/catalogue";
import { writeAudit } from "../../db/audit";
import { createCollabStore } from "../../db/collab";
import type { Db } from "../../db/index";
import { getPatient } from "../../db/patients";
import {
  getPlanItem,
  type PlanItemRow,
  planItemsOfPatient,
  updatePlanItemStatus,
} from "../../db/planItems";
import {
  insertSkeletalEvent,
  type SkeletalEventRow,
  skeletalEventsOfPatient,
} from "../../db/skeletalEvents";
import { loadStoredBoardDoc } from "../collab/history";
import type { AppContext } from "./context";
import { invalid, notFound, Refusal } from "./refusal";

export type { SkeletalEventRow };

/**
 * The plan-item actions whose completion the event is (decision 105): surgery to bone is a
 * `surgery.*` act, radiotherapy to bone an `rt.*` one (the catalogue's families,
 * app/domain/treatments/catalogue.ts). Other kinds are never scheduled acts.
 */
const COMPLETES: Partial<Record<SkeletalEventKind, string>> = {
  surgeryToBone: "surgery.",
  radiotherapyToBone: "rt.",
};

export interface BoardLesionRef {
  id: string;
  siteId: string;
  side: Side;
}

/** The lesions of the patient's stored board (what everyone saw): the form's choices and check. */
export function storedLesionRefs(ctx: AppContext, patientId: number): BoardLesionRef[] {
  const doc = loadStoredBoardDoc(createCollabStore(ctx.sqlite), patientId);
  try {
    return readBoard(doc, null).lesions.map((l) => ({ id: l.id, siteId: l.siteId, side: l.side }));
  } finally {
    doc.destroy();
  }
}

/** The plan item a planned event comes from: the patient's, on the event's lesion, not cancelled. */
function planItemBehind(tx: Db, patientId: number, input: SkeletalEventInput): PlanItemRow {
  const item = input.planItemId === undefined ? undefined : getPlanItem(tx, input.planItemId);
  if (!item || item.patientId !== patientId || item.lesionId !== input.lesionId)
    throw invalid("planItemId", "skeletal.errors.planItemNotOfLesion");
  if (item.state === "cancelled") throw invalid("planItemId", "skeletal.errors.planItemCancelled");
  return item;
}

/**
 * Records one event, or refuses naming the field. A planned surgery or radiotherapy to bone whose
 * plan item is scheduled marks that item done on the event's date, in the same transaction, with
 * the state machine's check (decision 105): the act happened, so the worklists stop listing it.
 */
export function recordSkeletalEvent(
  ctx: AppContext,
  actorId: number,
  patientId: number,
  input: SkeletalEventInput,
): SkeletalEventRow {
  // The stored board is read outside the transaction: the collab store has its own statements.
  const lesions = new Set(storedLesionRefs(ctx, patientId).map((l) => l.id));
  return ctx.db.transaction((tx) => {
    if (!getPatient(tx, patientId)) throw notFound();
    if (input.lesionId !== undefined && !lesions.has(input.lesionId))
      throw invalid("lesionId", "skeletal.errors.lesionNotOnBoard");
    const planned = input.origin === "planned";
    const item = planned ? planItemBehind(tx, patientId, input) : null;
    let completed: PlanItemRow | null = null;
    const family = COMPLETES[input.eventKind];
    if (item && family && item.action.startsWith(family) && item.state === "scheduled") {
      const t = applyPlanItemChange(
        {
          state: item.state,
          targetDate: item.targetDate,
          scheduledDate: item.scheduledDate,
          doneDate: item.doneDate,
          cancelReason: item.cancelReason,
        },
        { type: "complete", date: input.eventDate },
      );
      if (!t.ok)
        throw new Refusal("conflict", [
          { field: "eventDate", code: "errors.plan_refused", reason: t.reason },
        ]);
      completed = updatePlanItemStatus(
        tx,
        item.id,
        {
          state: t.item.state,
          scheduledDate: t.item.scheduledDate,
          doneDate: t.item.doneDate,
          cancelReason: t.item.cancelReason,
        },
        ctx.now().toISOString(),
      );
    }
    const row = insertSkeletalEvent(tx, {
      patientId,
      lesionId: input.lesionId ?? null,
      kind: input.eventKind,
      date: input.eventDate,
      planned,
      planItemId: item?.id ?? null,
      note: input.note ?? null,
      recordedBy: actorId,
      recordedAt: ctx.now().toISOString(),
    });
    writeAudit(tx, {
      userId: actorId,
      entity: "patient",
      entityId: patientId,
      action: "skeletalEvent.record",
      // Flat, so the audit page labels each field (app/components/AuditChange.tsx).
      before: completed && item ? { planItemId: item.id, state: item.state } : null,
      after: {
        skeletalEventId: row.id,
        skeletalKind: row.kind,
        date: row.date,
        lesionId: row.lesionId,
        planned: row.planned,
        planItemId: row.planItemId,
        ...(completed ? { state: completed.state, doneDate: completed.doneDate } : {}),
      },
    });
    return row;
  });
}

/** A patient's skeletal events, oldest first. */
export function skeletalEventsOf(ctx: AppContext, patientId: number): SkeletalEventRow[] {
  return skeletalEventsOfPatient(ctx.db, patientId);
}

function isRadiotherapy(action: string): boolean {
  return LOCAL_TREATMENTS[action as LocalTreatmentId]?.category === "radiotherapy";
}

/**
 * The radiotherapies given to each lesion of a patient (decision 130): the skeletal events
 * "radiotherapy to bone" on a lesion, and the done plan items whose action is a radiotherapy of the
 * catalogue (its done date). The board's pain response after radiotherapy starts from them.
 */
export function lesionRadiotherapiesOf(ctx: AppContext, patientId: number): LesionRadiotherapy[] {
  const fromEvents = skeletalEventsOfPatient(ctx.db, patientId).flatMap(
    (e): LesionRadiotherapy[] =>
      e.kind === "radiotherapyToBone" && e.lesionId
        ? [{ lesionId: e.lesionId, date: e.date, from: "skeletalEvent" }]
        : [],
  );
  const fromPlans = planItemsOfPatient(ctx.db, patientId).flatMap((i): LesionRadiotherapy[] =>
    i.state === "done" && i.doneDate && isRadiotherapy(i.action)
      ? [{ lesionId: i.lesionId, date: i.doneDate, from: "planItem" }]
      : [],
  );
  return [...fromEvents, ...fromPlans];
}

export interface SkeletalSectionView {
  events: SkeletalEventRow[];
  lesions: BoardLesionRef[];
  /** The plan items a planned event may come from (not cancelled), for the form's choice. */
  planItems: Pick<PlanItemRow, "id" | "action" | "lesionId" | "state">[];
}

/** What the patient page shows and offers: the events, the board's lesions, the plan items. */
export function skeletalSectionOf(ctx: AppContext, patientId: number): SkeletalSectionView {
  return {
    events: skeletalEventsOfPatient(ctx.db, patientId),
    lesions: storedLesionRefs(ctx, patientId),
    planItems: planItemsOfPatient(ctx.db, patientId)
      .filter((i) => i.state !== "cancelled")
      .map(({ id, action, lesionId, state }) => ({ id, action, lesionId, state })),
  };
}
