// Imported CT volumes of a patient (issue 13 §1, decision 083). Queries only; the use case opens
// the transaction and writes the audit row.
import { desc, eq } from "drizzle-orm";
import type { Db } from "./index";
import { ctSeries } from "./schema";

export type CtSeriesRow = typeof ctSeries.$inferSelect;
export type NewCtSeriesRow = typeof ctSeries.$inferInsert;

export function insertCtSeries(db: Db, row: NewCtSeriesRow): CtSeriesRow {
  return db.insert(ctSeries).values(row).returning().get();
}

/** A patient's CT volumes, the latest first. */
export function listCtSeries(db: Db, patientId: number): CtSeriesRow[] {
  return db
    .select()
    .from(ctSeries)
    .where(eq(ctSeries.patientId, patientId))
    .orderBy(desc(ctSeries.id))
    .all();
}

export function getCtSeries(db: Db, id: number): CtSeriesRow | undefined {
  return db.select().from(ctSeries).where(eq(ctSeries.id, id)).get();
}
