import { and, asc, eq, inArray } from "drizzle-orm";
import { writeAudit } from "./audit";
import type { Db } from "./index";
import { boardMembers, boards, users } from "./schema";

export type BoardRow = typeof boards.$inferSelect;

/** Boards visible to a user: `null` means every board (admins). */
export function listBoards(db: Db, boardIds: readonly number[] | null): BoardRow[] {
  const q = db.select().from(boards);
  if (boardIds === null) return q.orderBy(asc(boards.name)).all();
  if (boardIds.length === 0) return [];
  return q
    .where(inArray(boards.id, [...boardIds]))
    .orderBy(asc(boards.name))
    .all();
}

export function getBoard(db: Db, id: number): BoardRow | undefined {
  return db.select().from(boards).where(eq(boards.id, id)).get();
}

export function boardMembersOf(db: Db, boardId: number) {
  return db
    .select({
      id: users.id,
      displayName: users.displayName,
      role: users.role,
      specialty: users.specialty,
    })
    .from(boardMembers)
    .innerJoin(users, eq(users.id, boardMembers.userId))
    .where(eq(boardMembers.boardId, boardId))
    .orderBy(asc(users.displayName))
    .all();
}

export interface BoardInput {
  name: string;
  institution: string;
  feFailureLoadBodyWeights: number;
}

export function createBoard(db: Db, actorId: number, input: BoardInput): BoardRow {
  return db.transaction((tx) => {
    const row = tx.insert(boards).values(input).returning().get();
    writeAudit(tx, {
      userId: actorId,
      entity: "board",
      entityId: row.id,
      action: "create",
      after: row,
    });
    return row;
  });
}

export function updateBoard(db: Db, actorId: number, id: number, input: BoardInput) {
  return db.transaction((tx) => {
    const before = tx.select().from(boards).where(eq(boards.id, id)).get();
    if (!before) return undefined;
    const after = tx.update(boards).set(input).where(eq(boards.id, id)).returning().get();
    writeAudit(tx, {
      userId: actorId,
      entity: "board",
      entityId: id,
      action: "update",
      before,
      after,
    });
    return after;
  });
}

/** Adds or removes a member; returns false when there was nothing to change (no audit row). */
export function setBoardMember(
  db: Db,
  actorId: number,
  boardId: number,
  userId: number,
  member: boolean,
): boolean {
  return db.transaction((tx) => {
    const where = and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId));
    const present = tx.select().from(boardMembers).where(where).get() !== undefined;
    if (present === member) return false;
    if (member) tx.insert(boardMembers).values({ boardId, userId }).run();
    else tx.delete(boardMembers).where(where).run();
    writeAudit(tx, {
      userId: actorId,
      entity: "board",
      entityId: boardId,
      action: member ? "add-member" : "remove-member",
      before: member ? null : { userId },
      after: member ? { userId } : null,
    });
    return true;
  });
}
