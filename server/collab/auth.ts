// Authenticate and authorise a WebSocket upgrade before any board data is sent. Refusals are
// close codes in 4400–4499 so the stock y-websocket client stops retrying (stack.md §3.7).
import type { IncomingMessage } from "node:http";
import { can, canSeeRcp } from "../../app/domain/records/permissions";
import { getCase } from "../../db/cases";
import { findSessionUser } from "../../db/sessions";
import { rcpIdsOf } from "../../db/users";
import { CLOSE } from "./protocol";
import type { CollabDeps } from "./server";

export type Verdict =
  | { ok: true; caseId: number; userId: number; readOnly: boolean; sessionId: string }
  | { ok: false; code: number; reason: string };

/** Room names are `case:<id>`; nothing else is a board. */
export function parseRoom(url: string | undefined): number | null {
  const path = (url ?? "").split("?")[0] ?? "";
  const raw = path.slice("/collab/".length);
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const match = /^case:([1-9][0-9]{0,15})$/.exec(name);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * Cross-site WebSocket hijacking: browsers send the cookie with a cross-site handshake in some
 * configurations, so a browser Origin must be this host. Node clients send no Origin.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export async function authorise(deps: CollabDeps, req: IncomingMessage): Promise<Verdict> {
  const caseId = parseRoom(req.url);
  if (caseId === null) return { ok: false, code: CLOSE.badRoom, reason: "bad room name" };
  if (!sameOrigin(req)) return { ok: false, code: CLOSE.forbidden, reason: "cross-origin" };
  const sessionId: unknown = await deps.sessionCookie.parse(req.headers.cookie ?? null);
  if (typeof sessionId !== "string" || sessionId.length === 0) {
    return { ok: false, code: CLOSE.unauthenticated, reason: "no session" };
  }
  return authoriseSession(deps, sessionId, caseId);
}

/**
 * The session and case part of the verdict. Also run periodically on open connections, so that
 * signing out, a deactivation, an expired session or a role change reaches live sockets too.
 */
export function authoriseSession(deps: CollabDeps, sessionId: string, caseId: number): Verdict {
  const user = findSessionUser(deps.db, sessionId, deps.now());
  if (!user) return { ok: false, code: CLOSE.unauthenticated, reason: "invalid session" };
  const found = getCase(deps.db, caseId);
  if (!found) return { ok: false, code: CLOSE.unknownCase, reason: "unknown case" };
  const actor = {
    id: user.id,
    role: user.role,
    active: user.active,
    rcpIds: rcpIdsOf(deps.db, user.id),
  };
  if (!canSeeRcp(actor, found.patient.rcpId)) {
    return { ok: false, code: CLOSE.forbidden, reason: "no access to this case" };
  }
  return { ok: true, caseId, userId: user.id, readOnly: !can(actor, "board:edit"), sessionId };
}
