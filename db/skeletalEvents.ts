// Skeletal events of a patient (issue 12 §3). Queries only; the use case opens the transaction.
import { asc, eq } from "drizzle-orm";
import type { Db } from "./index";
import { skeletalEvents } from "./schema";

export type SkeletalEventRow = typeof skeletalEvents.$inferSelect;
export type NewSkeletalEventRow = typeof skeletalEvents.$inferInsert;

export function insertSkeletalEvent(db: Db, row: NewSkeletalEventRow): SkeletalEventRow {
  return db.insert(skeletalEvents).values(row).returning().get();
}

/** A patient's events, oldest first (date, then the order they were recorded). */
export function skeletalEventsOfPatient(db: Db, patientId: number): SkeletalEventRow[] {
  return db
    .select()
    .from(skeletalEvents)
    .where(eq(skeletalEvents.patientId, patientId))
    .orderBy(asc(skeletalEvents.date), asc(skeletalEvents.id))
    .all();
}
