import { and, count, desc, eq, gte, inArray, lt, lte, or, type SQL } from "drizzle-orm";
import type { Db } from "./index";
import { auditLog } from "./schema";

export interface AuditEntry {
  userId: number | null;
  entity: string;
  entityId: string | number;
  action: "create" | "update" | "delete" | "deactivate" | "sign-in" | "sign-out" | string;
  before?: unknown;
  after?: unknown;
}

export function writeAudit(tx: Db, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      userId: entry.userId,
      entity: entry.entity,
      entityId: String(entry.entityId),
      action: entry.action,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  userId?: number;
  action?: string;
  from?: string;
  to?: string;
  /** The patient's own rows and those of its cases. */
  patient?: { patientId: string; caseIds: readonly string[] };
  /** Only rows older than this id (the "older entries" page). */
  beforeId?: number;
  limit?: number;
}

export function listAudit(db: Db, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.entity) where.push(eq(auditLog.entity, f.entity));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.userId) where.push(eq(auditLog.userId, f.userId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, `${f.to}\uffff`));
  if (f.beforeId) where.push(lt(auditLog.id, f.beforeId));
  if (f.patient) {
    const own = and(eq(auditLog.entity, "patient"), eq(auditLog.entityId, f.patient.patientId));
    const ofCases = f.patient.caseIds.length
      ? and(eq(auditLog.entity, "case"), inArray(auditLog.entityId, [...f.patient.caseIds]))
      : undefined;
    const scope = ofCases ? or(own, ofCases) : own;
    if (scope) where.push(scope);
  }
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(f.limit ?? 200)
    .all();
}

export function countAudit(db: Db): number {
  return db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
}
