// Local-treatment plan items of signed decisions (issue 12 §2). Queries only; the use case opens
// the transaction.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "./index";
import { planItems } from "./schema";

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
