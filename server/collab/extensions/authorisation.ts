// Authorisation extension: the session (server/usecases/sessions.ts, the one owner of sessions and
// of the cookie), the case's RCP and the role decide whether a socket may open the room and whether
// it may edit, and how the person is shown in the room's presence. Also run on open connections every COLLAB_REAUTH_MS (request null), so that signing
// out, a deactivation, an expired session or a role change reaches live sockets too.
import type { IncomingMessage } from "node:http";
import { can, canSeeRcp } from "../../../app/domain/records/permissions";
import { findCase } from "../../usecases/cases";
import { sessionIdFromCookie, userOfSession } from "../../usecases/sessions";
import { type CollabExtension, CollabRefusal } from "../extension";
import { CLOSE } from "../protocol";
import type { CollabDeps } from "../types";

/**
 * Cross-site WebSocket hijacking: browsers send the cookie with a cross-site handshake in some
 * configurations, so a browser Origin must be this host. Node clients send no Origin.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function authorisationExtension(deps: CollabDeps): CollabExtension {
  return {
    name: "authorisation",
    async onAuthorise({ caseId, request, access }) {
      let sessionId = access.sessionId;
      if (request) {
        if (!sameOrigin(request)) throw new CollabRefusal(CLOSE.forbidden, "cross-origin");
        sessionId = await sessionIdFromCookie(deps, request.headers.cookie);
      }
      if (sessionId === null) throw new CollabRefusal(CLOSE.unauthenticated, "no session");
      const user = userOfSession(deps, sessionId);
      if (!user) throw new CollabRefusal(CLOSE.unauthenticated, "invalid session");
      const found = findCase(deps, caseId);
      if (!found) throw new CollabRefusal(CLOSE.unknownCase, "unknown case");
      if (!canSeeRcp(user, found.patient.rcpId)) {
        throw new CollabRefusal(CLOSE.forbidden, "no access to this case");
      }
      return {
        userId: user.id,
        sessionId,
        readOnly: !can(user, "board:edit"),
        // Presence shows the account, not what the browser claims (docs/collab.md, Presence).
        identity: { name: user.displayName, role: user.role, specialty: user.specialty },
      };
    },
  };
}
