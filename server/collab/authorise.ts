// The authorise step of the lifecycle: the room name from the upgrade path, then every
// extension's onAuthorise in order. Refusals are close codes in 4400–4499 so the stock y-websocket
// client stops retrying (stack.md §3.7).
import type { IncomingMessage } from "node:http";
import { boardRoomName, parseBoardRoomName } from "../../app/domain/board/room";
import {
  type Access,
  type CollabExtension,
  CollabRefusal,
  type PresenceIdentity,
} from "./extension";
import { CLOSE } from "./protocol";

export const COLLAB_PATH_PREFIX = "/collab/";

export type Verdict =
  | {
      ok: true;
      /** The case whose board is opened; the server joins it to its patient's map. */
      caseId: number;
      userId: number;
      readOnly: boolean;
      sessionId: string | null;
      identity: PresenceIdentity | null;
    }
  | { ok: false; code: number; reason: string };

/** The case of an upgrade path `/collab/<room>`, or null when the room is not a board's. */
export function caseIdOfPath(url: string | undefined): number | null {
  const path = (url ?? "").split("?")[0] ?? "";
  if (!path.startsWith(COLLAB_PATH_PREFIX)) return null;
  try {
    return parseBoardRoomName(decodeURIComponent(path.slice(COLLAB_PATH_PREFIX.length)));
  } catch {
    return null;
  }
}

/**
 * Runs the authorise hooks in order: a CollabRefusal ends the chain with its code; any other error
 * propagates (the caller decides: 1011 on connect, keep the socket on a re-check). Nobody set a
 * user: 4401.
 */
export async function runAuthorise(
  extensions: readonly CollabExtension[],
  caseId: number,
  request: IncomingMessage | null,
  start: Pick<Access, "userId" | "sessionId">,
): Promise<Verdict> {
  const access: Access = { ...start, readOnly: false, identity: null };
  const roomName = boardRoomName(caseId);
  for (const ext of extensions) {
    if (!ext.onAuthorise) continue;
    let result: Partial<Access> | undefined;
    try {
      result = await ext.onAuthorise({ caseId, roomName, request, access: { ...access } });
    } catch (err) {
      if (err instanceof CollabRefusal) return { ok: false, code: err.code, reason: err.reason };
      throw err;
    }
    if (result?.userId !== undefined) access.userId = result.userId;
    if (result?.sessionId !== undefined) access.sessionId = result.sessionId;
    if (result?.readOnly === true) access.readOnly = true;
    if (result?.identity !== undefined) access.identity = result.identity;
  }
  if (access.userId === null) {
    return { ok: false, code: CLOSE.unauthenticated, reason: "not authenticated" };
  }
  return {
    ok: true,
    caseId,
    userId: access.userId,
    readOnly: access.readOnly,
    sessionId: access.sessionId,
    identity: access.identity,
  };
}
