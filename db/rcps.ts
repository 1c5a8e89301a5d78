import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "./index";
import { rcpMembers, rcps, users } from "./schema";

export type RcpRow = typeof rcps.$inferSelect;

/** RCPs visible to a user: `null` means every RCP (admins). */
export function listRcps(db: Db, rcpIds: readonly number[] | null): RcpRow[] {
  const q = db.select().from(rcps);
  if (rcpIds === null) return q.orderBy(asc(rcps.name)).all();
  if (rcpIds.length === 0) return [];
  return q
    .where(inArray(rcps.id, [...rcpIds]))
    .orderBy(asc(rcps.name))
    .all();
}

export function getRcp(db: Db, id: number): RcpRow | undefined {
  return db.select().from(rcps).where(eq(rcps.id, id)).get();
}

export function rcpMembersOf(db: Db, rcpId: number) {
  return db
    .select({
      id: users.id,
      displayName: users.displayName,
      role: users.role,
      specialty: users.specialty,
    })
    .from(rcpMembers)
    .innerJoin(users, eq(users.id, rcpMembers.userId))
    .where(eq(rcpMembers.rcpId, rcpId))
    .orderBy(asc(users.displayName))
    .all();
}

export interface RcpInput {
  name: string;
  institution: string;
  feFailureLoadBodyWeights: number;
}

export function insertRcp(db: Db, input: RcpInput): RcpRow {
  // Given explicitly: drizzle would write the column's default "[]" JSON-encoded, as the string
  // '"[]"' (seen on a new RCP after migration 0004).
  return db
    .insert(rcps)
    .values({ ...input, requiredSpecialties: [] })
    .returning()
    .get();
}

export function updateRcpRow(db: Db, id: number, input: RcpInput): RcpRow | undefined {
  return db.update(rcps).set(input).where(eq(rcps.id, id)).returning().get();
}

export function isRcpMember(db: Db, rcpId: number, userId: number): boolean {
  const where = and(eq(rcpMembers.rcpId, rcpId), eq(rcpMembers.userId, userId));
  return db.select().from(rcpMembers).where(where).get() !== undefined;
}

export function insertRcpMember(db: Db, rcpId: number, userId: number): void {
  db.insert(rcpMembers).values({ rcpId, userId }).run();
}

export function deleteRcpMember(db: Db, rcpId: number, userId: number): void {
  db.delete(rcpMembers)
    .where(and(eq(rcpMembers.rcpId, rcpId), eq(rcpMembers.userId, userId)))
    .run();
}

/** Stores an RCP's calendar and required specialties (validated by the use case). */
export function updateRcpMeetingSettingsRow(
  db: Db,
  id: number,
  settings: { calendar: unknown; requiredSpecialties: unknown },
): RcpRow | undefined {
  return db
    .update(rcps)
    .set({ calendar: settings.calendar, requiredSpecialties: settings.requiredSpecialties })
    .where(eq(rcps.id, id))
    .returning()
    .get();
}
