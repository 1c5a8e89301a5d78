// Tumour boards (RCP-OOS): their settings and members (admin). Each change is one transaction
// with its audit row.
import { writeAudit } from "../../db/audit";
import {
  type BoardInput,
  type BoardRow,
  boardMembersOf,
  deleteBoardMember,
  getBoard,
  insertBoard,
  insertBoardMember,
  isBoardMember,
  listBoards,
  updateBoardRow,
} from "../../db/boards";
import { getUser } from "../../db/users";
import type { AppContext } from "./context";
import { invalid } from "./refusal";

export type { BoardInput, BoardRow };

export interface BoardMember {
  id: number;
  displayName: string;
  specialty: string | null;
  role: string;
}

/** Boards visible to a user: `null` means every board (admins). */
export function listVisibleBoards(ctx: AppContext, boardIds: readonly number[] | null): BoardRow[] {
  return listBoards(ctx.db, boardIds);
}

export function findBoard(ctx: AppContext, id: number): BoardRow | undefined {
  return getBoard(ctx.db, id);
}

export function membersOf(ctx: AppContext, boardId: number): BoardMember[] {
  return boardMembersOf(ctx.db, boardId);
}

export function createBoard(ctx: AppContext, actorId: number | null, input: BoardInput): BoardRow {
  return ctx.db.transaction((tx) => {
    const row = insertBoard(tx, input);
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

export function updateBoard(
  ctx: AppContext,
  actorId: number,
  id: number,
  input: BoardInput,
): BoardRow {
  return ctx.db.transaction((tx) => {
    const before = getBoard(tx, id);
    if (!before) throw invalid("boardId");
    const after = updateBoardRow(tx, id, input) ?? before;
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
  ctx: AppContext,
  actorId: number,
  boardId: number,
  userId: number,
  member: boolean,
): boolean {
  return ctx.db.transaction((tx) => {
    if (!getBoard(tx, boardId)) throw invalid("boardId");
    if (!getUser(tx, userId)) throw invalid("userId");
    if (isBoardMember(tx, boardId, userId) === member) return false;
    if (member) insertBoardMember(tx, boardId, userId);
    else deleteBoardMember(tx, boardId, userId);
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
