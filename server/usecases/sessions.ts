// Sign-in, sign-out and "who is this request or socket": the one owner of sessions and of the
// session cookie (HTTP pages and the collaboration server's upgrade both come through here).
import type { Actor, Role } from "../../app/domain/records/permissions";
import { createSession, deleteSession, findSessionUser } from "../../db/sessions";
import { findUserByEmail, rcpIdsOf } from "../../db/users";
import { verifyPassword } from "../auth/password";
import type { AppContext } from "./context";

/** What reading a session needs (the collaboration server passes no more than this). */
type SessionDeps = Pick<AppContext, "db" | "sessionCookie" | "now">;

export type SessionUser = Actor & {
  email: string;
  displayName: string;
  role: Role;
  specialty: string | null;
};

/** The session id carried by a Cookie header, if it has a validly signed one. */
export async function sessionIdFromCookie(
  ctx: SessionDeps,
  cookieHeader: string | null | undefined,
): Promise<string | null> {
  const value: unknown = await ctx.sessionCookie.parse(cookieHeader ?? null);
  return typeof value === "string" && value !== "" ? value : null;
}

/** The active user of a live session, with their RCPs; `null` once it expired or ended. */
export function userOfSession(ctx: SessionDeps, sessionId: string): SessionUser | null {
  const user = findSessionUser(ctx.db, sessionId, ctx.now());
  if (!user) return null;
  return { ...user, rcpIds: rcpIdsOf(ctx.db, user.id) };
}

export async function userOfCookie(
  ctx: AppContext,
  cookieHeader: string | null | undefined,
): Promise<SessionUser | null> {
  const id = await sessionIdFromCookie(ctx, cookieHeader);
  return id ? userOfSession(ctx, id) : null;
}

/**
 * Checks the password and opens a session: returns the Set-Cookie header value, or `null` for a
 * wrong e-mail, password or a deactivated account (the caller says only "invalid").
 */
export async function signIn(
  ctx: AppContext,
  email: string,
  password: string,
): Promise<string | null> {
  const user = findUserByEmail(ctx.db, email);
  // verifyPassword runs even for an unknown e-mail (same timing either way).
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || !user.active) return null;
  const id = createSession(ctx.db, user.id, ctx.now(), ctx.sessionTtlHours);
  return ctx.sessionCookie.serialize(id, { maxAge: ctx.sessionTtlHours * 3600 });
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears it. */
export async function signOut(ctx: AppContext, cookieHeader: string | null): Promise<string> {
  const id = await sessionIdFromCookie(ctx, cookieHeader);
  if (id) deleteSession(ctx.db, id);
  return ctx.sessionCookie.serialize("", { maxAge: 0 });
}
