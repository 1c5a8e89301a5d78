// Local-treatment plan items of signed decisions (issue 12 §2). Queries only; the use case opens
// the transaction.
import { and, asc, eq, inArray, like, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "./index";
import { cases, patients, planItems } from "./schema";

export type PlanItemRow = typeof planItems.$inferSelect;
export type NewPlanItemRow = typeof planItems.$inferInsert;

export function insertPlanItem(db: Db, row: NewPlanItemRow): PlanItemRow {
  return db.insert(planItems).values(row).returning().get();
}

export function planItemsOfCase(db: Db, caseId: number): PlanItemRow[] {
  return db
    .select()
    .from(planItems)
    .where(eq(planItems.caseId, caseId))
    .orderBy(asc(planItems.id))
    .all();
}

/** A patient's items, oldest first (every case and decision version). */
export function planItemsOfPatient(db: Db, patientId: number): PlanItemRow[] {
  return db
    .select()
    .from(planItems)
    .where(eq(planItems.patientId, patientId))
    .orderBy(asc(planItems.id))
    .all();
}

/** Items not yet done or cancelled (planned or scheduled) of a case. */
export function openPlanItemsOfCase(db: Db, caseId: number): PlanItemRow[] {
  return db
    .select()
    .from(planItems)
    .where(and(eq(planItems.caseId, caseId), inArray(planItems.state, ["planned", "scheduled"])))
    .orderBy(asc(planItems.id))
    .all();
}

export function cancelPlanItem(db: Db, id: number, reason: string, now: string): PlanItemRow {
  return db
    .update(planItems)
    .set({ state: "cancelled", cancelReason: reason, updatedAt: now })
    .where(eq(planItems.id, id))
    .returning()
    .get();
}

export function getPlanItem(db: Db, id: number): PlanItemRow | undefined {
  return db.select().from(planItems).where(eq(planItems.id, id)).get();
}

/** The columns the plan item state machine writes (app/domain/plans). */
export type PlanItemStatusValues = Pick<
  PlanItemRow,
  "state" | "scheduledDate" | "doneDate" | "cancelReason"
>;

export function updatePlanItemStatus(
  db: Db,
  id: number,
  values: PlanItemStatusValues,
  now: string,
): PlanItemRow {
  return db
    .update(planItems)
    .set({ ...values, updatedAt: now })
    .where(eq(planItems.id, id))
    .returning()
    .get();
}

/** A plan item with its case and patient (RCP check, worklist rows). */
export type PlanItemWithCase = {
  item: PlanItemRow;
  case: typeof cases.$inferSelect;
  patient: typeof patients.$inferSelect;
};

export function planItemWithCase(db: Db, id: number): PlanItemWithCase | undefined {
  return db
    .select({ item: planItems, case: cases, patient: patients })
    .from(planItems)
    .innerJoin(cases, eq(cases.id, planItems.caseId))
    .innerJoin(patients, eq(patients.id, planItems.patientId))
    .where(eq(planItems.id, id))
    .get();
}

function ofRcps(rcpIds: readonly number[] | null): SQL | undefined {
  return rcpIds === null ? undefined : inArray(patients.rcpId, [...rcpIds]);
}

/**
 * Surgical and interventional plan items (actions `surgery.*` and `ir.*`) of these RCPs' patients,
 * in every state: the surgeon's worklist shows the open ones and knows which lesions were decided.
 */
export function surgicalPlanItems(db: Db, rcpIds: readonly number[] | null): PlanItemWithCase[] {
  if (rcpIds !== null && rcpIds.length === 0) return [];
  return db
    .select({ item: planItems, case: cases, patient: patients })
    .from(planItems)
    .innerJoin(cases, eq(cases.id, planItems.caseId))
    .innerJoin(patients, eq(patients.id, planItems.patientId))
    .where(
      and(ofRcps(rcpIds), or(like(planItems.action, "surgery.%"), like(planItems.action, "ir.%"))),
    )
    .orderBy(asc(planItems.id))
    .all();
}

/** Planned or scheduled items whose target date is before `today` (issue 12 §2: overdue). */
export function overduePlanItems(
  db: Db,
  rcpIds: readonly number[] | null,
  today: string,
): PlanItemWithCase[] {
  if (rcpIds !== null && rcpIds.length === 0) return [];
  return db
    .select({ item: planItems, case: cases, patient: patients })
    .from(planItems)
    .innerJoin(cases, eq(cases.id, planItems.caseId))
    .innerJoin(patients, eq(patients.id, planItems.patientId))
    .where(
      and(
        ofRcps(rcpIds),
        inArray(planItems.state, ["planned", "scheduled"]),
        lt(planItems.targetDate, today),
      ),
    )
    .orderBy(asc(planItems.targetDate), asc(planItems.id))
    .all();
}
