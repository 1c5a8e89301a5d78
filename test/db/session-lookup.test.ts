// One session lookup per page load (app/auth.server.ts, decision 134): the loaders of one GET share
// the answer through the request's own context; anything else looks again, so a session ended
// between two requests (or by an action before its loaders) is seen at once. Real SQLite file.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser } from "../../app/auth.server";
import { openDb } from "../../db/index";
import { deleteSession } from "../../db/sessions";
import { SignInThrottle } from "../../server/auth/throttle";
import type { AppContext, RequestContext } from "../../server/usecases/context";
import { signedInSurgeon } from "../helpers/session";

const { db, sqlite } = openDb(join(mkdtempSync(join(tmpdir(), "osteoboard-session-")), "o.db"));
const app: AppContext = {
  db,
  sqlite,
  sessionCookie: createCookie("ob_session", { secrets: ["test-secret"], path: "/" }),
  sessionTtlHours: 8,
  now: () => new Date(),
  timeZone: "Europe/Paris",
  dataDir: tmpdir(),
};
/** A context as server/app.ts makes one for each request. */
const perRequest = (): RequestContext => ({
  ...app,
  clientAddress: "127.0.0.1",
  cspNonce: "nonce",
  signInThrottle: new SignInThrottle({ perAddress: 5, perAccount: 5 }),
  ctUploadMaxBytes: 1,
});

let sessionId = "";
let cookie = "";
const request = (method: string) =>
  new Request("http://localhost/worklists/surgeon", { method, headers: { Cookie: cookie } });

beforeAll(async () => {
  ({ sessionId, cookie } = await signedInSurgeon(db, app.sessionCookie, new Date(), 8));
});
afterAll(() => sqlite.close());

describe("the signed-in user of a request", () => {
  it("is looked up once for the loaders of one GET, and looked up again by the next request", async () => {
    const ctx = perRequest();
    const first = getCurrentUser(request("GET"), ctx);
    // The root loader and the page's loader: the same answer, not a second lookup.
    expect(getCurrentUser(request("GET"), ctx)).toBe(first);
    expect((await first)?.email).toBe("chirurgien@example.org");
    // The next page load has its own context: a new lookup.
    expect(getCurrentUser(request("GET"), perRequest())).not.toBe(first);
  });

  it("sees a session ended between two requests, and never reuses an answer for a POST or another cookie", async () => {
    const ctx = perRequest();
    expect(await getCurrentUser(request("GET"), ctx)).not.toBeNull();
    expect(getCurrentUser(request("POST"), ctx)).not.toBe(getCurrentUser(request("POST"), ctx));
    const other = new Request("http://localhost/", { headers: { Cookie: "ob_session=x" } });
    expect(await getCurrentUser(other, ctx)).toBeNull();

    // The application's long-lived context (no nonce: not a request's) never holds an answer.
    expect(await getCurrentUser(request("GET"), app)).not.toBeNull();
    deleteSession(db, sessionId);
    expect(await getCurrentUser(request("GET"), app)).toBeNull();
    expect(await getCurrentUser(request("GET"), perRequest())).toBeNull();
  });
});
