// Accounts (admin): the rules about users live here, not in the route. Each change is one
// transaction with its audit row.

import type { Role } from "../../app/domain/records/permissions";
import type { NewUserInput, UserRoleInput } from "../../app/domain/records/user";
import { writeAudit } from "../../db/audit";
import { getRcp, insertRcpMember } from "../../db/rcps";
import { deleteUserSessions } from "../../db/sessions";
import {
  findUserByEmail,
  getUser,
  insertUser,
  listUsers as listUserRows,
  type PublicUser,
  updateUserRow,
} from "../../db/users";
import { hashPassword } from "../auth/password";
import type { AppContext } from "./context";
import { invalid } from "./refusal";

export type { PublicUser };

export function listUsers(ctx: AppContext): PublicUser[] {
  return listUserRows(ctx.db);
}

export function findUser(ctx: AppContext, id: number): PublicUser | undefined {
  return getUser(ctx.db, id);
}

/** A physician keeps their specialty; any other role has none (the one place this rule lives). */
export function specialtyForRole(role: Role, specialty: string | null | undefined): string | null {
  return role === "physician" ? (specialty ?? null) : null;
}

/** Creates an account and makes it a member of one RCP; refuses a used e-mail or unknown RCP. */
export async function createUser(
  ctx: AppContext,
  actorId: number | null,
  input: NewUserInput,
): Promise<PublicUser> {
  return createUserWithHash(ctx, actorId, input, await hashPassword(input.password));
}

/** The synchronous part of createUser, for a caller that hashed already (the demo seed). */
export function createUserWithHash(
  ctx: AppContext,
  actorId: number | null,
  input: Omit<NewUserInput, "password">,
  passwordHash: string,
): PublicUser {
  return ctx.db.transaction((tx) => {
    if (findUserByEmail(tx, input.email)) throw invalid("email", "errors.duplicate_email");
    if (!getRcp(tx, input.rcpId)) throw invalid("rcpId");
    const row = insertUser(tx, {
      email: input.email,
      displayName: input.displayName,
      passwordHash,
      role: input.role,
      specialty: specialtyForRole(input.role, input.specialty),
    });
    insertRcpMember(tx, input.rcpId, row.id);
    writeAudit(tx, {
      userId: actorId,
      entity: "user",
      entityId: row.id,
      action: "create",
      after: { ...row, rcpIds: [input.rcpId] },
    });
    return row;
  });
}

export function changeUserRole(ctx: AppContext, actorId: number, input: UserRoleInput): PublicUser {
  return ctx.db.transaction((tx) => {
    const before = getUser(tx, input.userId);
    if (!before) throw invalid("userId");
    const after = updateUserRow(tx, input.userId, {
      role: input.role,
      specialty: specialtyForRole(input.role, input.specialty),
    });
    writeAudit(tx, {
      userId: actorId,
      entity: "user",
      entityId: input.userId,
      action: "update",
      before,
      after,
    });
    return after ?? before;
  });
}

/**
 * Deactivates or reactivates an account. Deactivation ends the user's sessions in the same
 * transaction (an open socket notices at its next re-check, server/collab); nobody deactivates
 * themselves (an admin could lock everyone out).
 */
export function setUserActive(
  ctx: AppContext,
  actorId: number,
  userId: number,
  active: boolean,
): PublicUser {
  if (!active && userId === actorId) throw invalid("userId", "admin.cannotDeactivateSelf");
  return ctx.db.transaction((tx) => {
    const before = getUser(tx, userId);
    if (!before) throw invalid("userId");
    const after = updateUserRow(tx, userId, { active });
    if (!active) deleteUserSessions(tx, userId);
    writeAudit(tx, {
      userId: actorId,
      entity: "user",
      entityId: userId,
      action: active ? "reactivate" : "deactivate",
      before,
      after,
    });
    return after ?? before;
  });
}
