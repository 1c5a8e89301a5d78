import { asc, count, eq, sql } from "drizzle-orm";
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

/** Asked on every page load with the session: prepared once per database (decision 134). */
const rcpIdsQueries = new WeakMap<Db, ReturnType<typeof prepareRcpIds>>();

function prepareRcpIds(db: Db) {
  return db
    .select({ rcpId: rcpMembers.rcpId })
    .from(rcpMembers)
    .where(eq(rcpMembers.userId, sql.placeholder("userId")))
    .prepare();
}

export function rcpIdsOf(db: Db, userId: number): number[] {
  let query = rcpIdsQueries.get(db);
  if (!query) {
    query = prepareRcpIds(db);
    rcpIdsQueries.set(db, query);
  }
  return query.all({ userId }).map((r) => r.rcpId);
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
