// FE analysis jobs (issue 13 §6, decisions 084 and 085). Queries only; the use case (or the
// runner, through the use case module) opens the transaction and writes the audit row.
import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "./index";
import { feJobs } from "./schema";

export type FeJobRow = typeof feJobs.$inferSelect;
export type NewFeJobRow = typeof feJobs.$inferInsert;
export type FeJobStatus = FeJobRow["status"];

export function insertFeJob(db: Db, row: NewFeJobRow): FeJobRow {
  return db.insert(feJobs).values(row).returning().get();
}

export function getFeJobRow(db: Db, id: number): FeJobRow | undefined {
  return db.select().from(feJobs).where(eq(feJobs.id, id)).get();
}

/** A patient's jobs, the latest first. */
export function listFeJobs(db: Db, patientId: number): FeJobRow[] {
  return db
    .select()
    .from(feJobs)
    .where(eq(feJobs.patientId, patientId))
    .orderBy(desc(feJobs.id))
    .all();
}

/** The oldest queued job (index fe_jobs_status_idx), or undefined. */
export function oldestQueuedFeJob(db: Db): FeJobRow | undefined {
  return db
    .select()
    .from(feJobs)
    .where(eq(feJobs.status, "queued"))
    .orderBy(asc(feJobs.id))
    .limit(1)
    .get();
}

export function listFeJobsWithStatus(db: Db, status: FeJobStatus): FeJobRow[] {
  return db.select().from(feJobs).where(eq(feJobs.status, status)).orderBy(asc(feJobs.id)).all();
}

/**
 * Moves a job from one status to another, only if it still has the first one (a cancel and the
 * runner's finish may race: the first writer wins). Returns the row after, or undefined.
 */
export function moveFeJob(
  db: Db,
  id: number,
  from: FeJobStatus,
  change: Partial<Omit<NewFeJobRow, "id" | "patientId" | "ctSeriesId" | "createdBy">> & {
    status: FeJobStatus;
  },
): FeJobRow | undefined {
  return db
    .update(feJobs)
    .set(change)
    .where(and(eq(feJobs.id, id), eq(feJobs.status, from)))
    .returning()
    .get();
}

/** The runner's progress while running (no audit row: not a status change). */
export function setFeJobProgress(db: Db, id: number, stage: string, progress: number): void {
  db.update(feJobs)
    .set({ stage, progress })
    .where(and(eq(feJobs.id, id), eq(feJobs.status, "running")))
    .run();
}
