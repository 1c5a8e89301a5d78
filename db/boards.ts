import { and, asc, eq, inArray } from "drizzle-orm";
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

export function insertBoard(db: Db, input: BoardInput): BoardRow {
  return db.insert(boards).values(input).returning().get();
}

export function updateBoardRow(db: Db, id: number, input: BoardInput): BoardRow | undefined {
  return db.update(boards).set(input).where(eq(boards.id, id)).returning().get();
}

export function isBoardMember(db: Db, boardId: number, userId: number): boolean {
  const where = and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId));
  return db.select().from(boardMembers).where(where).get() !== undefined;
}

export function insertBoardMember(db: Db, boardId: number, userId: number): void {
  db.insert(boardMembers).values({ boardId, userId }).run();
}

export function deleteBoardMember(db: Db, boardId: number, userId: number): void {
  db.delete(boardMembers)
    .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId)))
    .run();
}
