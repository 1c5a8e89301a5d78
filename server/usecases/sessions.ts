// Sign-in, sign-out and "who is this request or socket": the one owner of sessions and of the
// session cookie (HTTP pages and the collaboration server's upgrade both come through here).
import type { Actor, Role } from "../../app/domain/records/permissions";
import { createSession, deleteSession, findSessionUser } from "../../db/sessions";
import { findUserByEmail, rcpIdsOf } from "../../db/users";
import { verifyPassword } from "../auth/password";
import type { AppContext, RequestContext } from "./context";

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

export type SignInResult =
  | { ok: true; cookie: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks the password and opens a session (the Set-Cookie header value). A wrong e-mail, password
 * or a deactivated account is "invalid" (the caller says no more); too many failures from this
 * address or on this account in the window is "throttled", even with the right password
 * (decision 060: the limit belongs to the action, not to a URL spelling).
 */
export async function signIn(
  ctx: AppContext & Pick<RequestContext, "clientAddress" | "signInThrottle">,
  email: string,
  password: string,
): Promise<SignInResult> {
  const nowMs = ctx.now().getTime();
  const throttle = ctx.signInThrottle;
  const waitMs = throttle.waitMs(ctx.clientAddress, email, nowMs);
  if (waitMs > 0)
    return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(waitMs / 1000) };
  throttle.recordFailure(ctx.clientAddress, email, nowMs);
  const user = findUserByEmail(ctx.db, email);
  // verifyPassword runs even for an unknown e-mail (same timing either way).
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || !user.active) return { ok: false, reason: "invalid" };
  throttle.forgive(ctx.clientAddress, email, nowMs);
  const id = createSession(ctx.db, user.id, ctx.now(), ctx.sessionTtlHours);
  const cookie = await ctx.sessionCookie.serialize(id, { maxAge: ctx.sessionTtlHours * 3600 });
  return { ok: true, cookie };
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears it. */
export async function signOut(ctx: AppContext, cookieHeader: string | null): Promise<string> {
  const id = await sessionIdFromCookie(ctx, cookieHeader);
  if (id) deleteSession(ctx.db, id);
  return ctx.sessionCookie.serialize("", { maxAge: 0 });
}
