import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "./index";
import { sessions, users } from "./schema";

const hashId = (id: string) => createHash("sha256").update(id).digest("base64url");

/** Creates a session and returns the random id for the cookie; only its hash is stored. */
export function createSession(db: Db, userId: number, now: Date, ttlHours: number): string {
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString();
  db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run();
  db.insert(sessions)
    .values({ idHash: hashId(id), userId, expiresAt })
    .run();
  return id;
}

/**
 * Every page load asks this: the statement is built and prepared once per database, not per call
 * (drizzle's query builder and SQLite's prepare were most of a lookup's cost, decision 134).
 */
const sessionUserQueries = new WeakMap<Db, ReturnType<typeof prepareSessionUser>>();

function prepareSessionUser(db: Db) {
  return db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      specialty: users.specialty,
      active: users.active,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder("idHash")),
        gt(sessions.expiresAt, sql.placeholder("now")),
        eq(users.active, true),
      ),
    )
    .prepare();
}

export function findSessionUser(db: Db, id: string, now: Date) {
  let query = sessionUserQueries.get(db);
  if (!query) {
    query = prepareSessionUser(db);
    sessionUserQueries.set(db, query);
  }
  return query.get({ idHash: hashId(id), now: now.toISOString() });
}

export function deleteSession(db: Db, id: string): void {
  db.delete(sessions)
    .where(eq(sessions.idHash, hashId(id)))
    .run();
}

export function deleteUserSessions(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
