import { asc, count, eq } from "drizzle-orm";
import { writeAudit } from "./audit";
import type { Db } from "./index";
import { boardMembers, users } from "./schema";

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

export function boardIdsOf(db: Db, userId: number): number[] {
  return db
    .select({ boardId: boardMembers.boardId })
    .from(boardMembers)
    .where(eq(boardMembers.userId, userId))
    .all()
    .map((r) => r.boardId);
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  role: UserRow["role"];
  specialty: string | null;
  boardIds: number[];
}

export function createUser(db: Db, actorId: number | null, u: NewUser): PublicUser {
  return db.transaction((tx) => {
    const row = tx
      .insert(users)
      .values({
        email: u.email.toLowerCase(),
        displayName: u.displayName,
        passwordHash: u.passwordHash,
        role: u.role,
        specialty: u.specialty,
      })
      .returning(publicColumns)
      .get();
    for (const boardId of u.boardIds)
      tx.insert(boardMembers).values({ boardId, userId: row.id }).run();
    writeAudit(tx, {
      userId: actorId,
      entity: "user",
      entityId: row.id,
      action: "create",
      after: { ...row, boardIds: u.boardIds },
    });
    return row;
  });
}

export interface UserChange {
  role?: UserRow["role"];
  specialty?: string | null;
  active?: boolean;
}

export function updateUser(
  db: Db,
  actorId: number,
  id: number,
  change: UserChange,
): PublicUser | undefined {
  return db.transaction((tx) => {
    const before = tx.select(publicColumns).from(users).where(eq(users.id, id)).get();
    if (!before) return undefined;
    const after = tx
      .update(users)
      .set(change)
      .where(eq(users.id, id))
      .returning(publicColumns)
      .get();
    writeAudit(tx, {
      userId: actorId,
      entity: "user",
      entityId: id,
      action: change.active === false ? "deactivate" : "update",
      before,
      after,
    });
    return after;
  });
}
