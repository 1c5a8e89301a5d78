// Planned BTA acts of signed decisions (issue 12 §1, decision 106). Queries only; the use cases
// (decisions, bta) open the transaction.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "./index";
import { btaPlanned } from "./schema";

export type BtaPlannedRow = typeof btaPlanned.$inferSelect;
export type NewBtaPlannedRow = typeof btaPlanned.$inferInsert;

export function insertBtaPlanned(db: Db, row: NewBtaPlannedRow): BtaPlannedRow {
  return db.insert(btaPlanned).values(row).returning().get();
}

/** A patient's planned acts, oldest first. */
export function btaPlannedOfPatient(db: Db, patientId: number): BtaPlannedRow[] {
  return db
    .select()
    .from(btaPlanned)
    .where(eq(btaPlanned.patientId, patientId))
    .orderBy(asc(btaPlanned.id))
    .all();
}

export function openBtaPlannedOfCase(db: Db, caseId: number): BtaPlannedRow[] {
  return db
    .select()
    .from(btaPlanned)
    .where(and(eq(btaPlanned.caseId, caseId), eq(btaPlanned.state, "open")))
    .orderBy(asc(btaPlanned.id))
    .all();
}

/** The oldest open act of the patient that an event of this kind carries out, if any. */
export function openBtaPlannedFor(
  db: Db,
  patientId: number,
  kind: BtaPlannedRow["kind"],
): BtaPlannedRow | undefined {
  return db
    .select()
    .from(btaPlanned)
    .where(
      and(
        eq(btaPlanned.patientId, patientId),
        eq(btaPlanned.kind, kind),
        eq(btaPlanned.state, "open"),
      ),
    )
    .orderBy(asc(btaPlanned.id))
    .get();
}

export function closeBtaPlanned(db: Db, id: number, btaEventId: number, now: string) {
  return db
    .update(btaPlanned)
    .set({ state: "done", btaEventId, updatedAt: now })
    .where(eq(btaPlanned.id, id))
    .returning()
    .get();
}

export function cancelBtaPlanned(db: Db, id: number, reason: string, now: string) {
  return db
    .update(btaPlanned)
    .set({ state: "cancelled", cancelReason: reason, updatedAt: now })
    .where(eq(btaPlanned.id, id))
    .returning()
    .get();
}
