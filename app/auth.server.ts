// Sessions and the one permission helper every loader and action calls (Epic Stack's
// requireUserWithPermission). Server only: the `.server` suffix keeps it out of the browser.
import { json, redirect } from "@remix-run/node";
import { can, canSeeRcp, type Permission } from "./domain/records/permissions";
import type { AppContext } from "./load-context";
import { type SessionUser, userOfCookie } from "./usecases.server";

export type CurrentUser = SessionUser;

/**
 * One session lookup per page load: the root loader and the route's loaders of one GET receive
 * the same context object (server/app.ts makes one per request) and share its answer (cookie
 * signature check, session and user rows, RCPs: 4 % of a worklist page's CPU, decision 134). Only
 * GET and HEAD: an action (sign-out, an account edit) may change the answer before its loaders run.
 */
const lookups = new WeakMap<object, { cookie: string | null; user: Promise<CurrentUser | null> }>();

export function getCurrentUser(request: Request, ctx: AppContext): Promise<CurrentUser | null> {
  const cookie = request.headers.get("Cookie");
  // Only the per-request context (it carries this response's CSP nonce) holds an answer.
  const perRequest = "cspNonce" in ctx;
  if (!perRequest || (request.method !== "GET" && request.method !== "HEAD")) {
    return userOfCookie(ctx, cookie);
  }
  const known = lookups.get(ctx);
  if (known && known.cookie === cookie) return known.user;
  const user = userOfCookie(ctx, cookie);
  lookups.set(ctx, { cookie, user });
  return user;
}

/** Every page but sign-in: a signed-out request goes to /login and comes back afterwards. */
export async function requireUser(request: Request, ctx: AppContext): Promise<CurrentUser> {
  const user = await getCurrentUser(request, ctx);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

export function forbidden(): Response {
  return json({ error: "forbidden" }, { status: 403 });
}

export async function requirePermission(
  request: Request,
  ctx: AppContext,
  permission: Permission,
): Promise<CurrentUser> {
  const user = await requireUser(request, ctx);
  if (!can(user, permission)) throw forbidden();
  return user;
}

/** Records outside the user's RCPs answer 404, not 403: their existence is not disclosed. */
export function requireRcp(user: CurrentUser, rcpId: number): void {
  if (!canSeeRcp(user, rcpId)) throw json({ error: "not_found" }, { status: 404 });
}

/** RCPs a user's lists are restricted to; `null` means every RCP (admin). */
export function visibleRcps(user: CurrentUser): readonly number[] | null {
  return user.role === "admin" ? null : user.rcpIds;
}
