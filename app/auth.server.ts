// Sessions and the one permission helper every loader and action calls (Epic Stack's
// requireUserWithPermission). Server only: the `.server` suffix keeps it out of the browser.
import { json, redirect } from "@remix-run/node";
import { can, canSeeRcp, type Permission } from "./domain/records/permissions";
import type { AppContext } from "./load-context";
import { type SessionUser, userOfCookie } from "./usecases.server";

export type CurrentUser = SessionUser;

export function getCurrentUser(request: Request, ctx: AppContext): Promise<CurrentUser | null> {
  return userOfCookie(ctx, request.headers.get("Cookie"));
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
