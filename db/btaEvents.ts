// BTA events: append-only rows (decision 100). Queries only; the use case opens the transaction.
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "./index";
import { btaEvents } from "./schema";

export type BtaEventRow = typeof btaEvents.$inferSelect;
export type NewBtaEventRow = typeof btaEvents.$inferInsert;

/** A patient's events in the order they happened (date, then the order they were recorded). */
export function listBtaEvents(db: Db, patientId: number): BtaEventRow[] {
  return db
    .select()
    .from(btaEvents)
    .where(eq(btaEvents.patientId, patientId))
    .orderBy(asc(btaEvents.date), asc(btaEvents.id))
    .all();
}

export function insertBtaEvent(db: Db, row: NewBtaEventRow): BtaEventRow {
  return db.insert(btaEvents).values(row).returning().get();
}

export function countBtaEvents(db: Db, patientId: number): number {
  return (
    db.select({ n: count() }).from(btaEvents).where(eq(btaEvents.patientId, patientId)).get()?.n ??
    0
  );
}
