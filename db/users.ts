import { asc, count, eq } from "drizzle-orm";
import type { Db } from "./index";
import { rcpMembers, users } from "./schema";

export type UserRow = typeof users.$inferSelect;
export type PublicUser = Omit<UserRow, "passwordHash">;

const publicColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  specialty: users.specialty,
  active: users.active,
  createdAt: users.createdAt,
};

export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
}

export function getUser(db: Db, id: number): PublicUser | undefined {
  return db.select(publicColumns).from(users).where(eq(users.id, id)).get();
}

export function listUsers(db: Db): PublicUser[] {
  return db.select(publicColumns).from(users).orderBy(asc(users.displayName)).all();
}

export function countUsers(db: Db): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function rcpIdsOf(db: Db, userId: number): number[] {
  return db
    .select({ rcpId: rcpMembers.rcpId })
    .from(rcpMembers)
    .where(eq(rcpMembers.userId, userId))
    .all()
    .map((r) => r.rcpId);
}

export interface NewUserRow {
  email: string;
  displayName: string;
  passwordHash: string;
  role: UserRow["role"];
  specialty: string | null;
}

export function insertUser(db: Db, u: NewUserRow): PublicUser {
  return db
    .insert(users)
    .values({ ...u, email: u.email.toLowerCase() })
    .returning(publicColumns)
    .get();
}

export interface UserChange {
  role?: UserRow["role"];
  specialty?: string | null;
  active?: boolean;
}

export function updateUserRow(db: Db, id: number, change: UserChange): PublicUser | undefined {
  return db.update(users).set(change).where(eq(users.id, id)).returning(publicColumns).get();
}
