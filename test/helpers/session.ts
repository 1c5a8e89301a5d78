// A signed-in surgeon on a database opened in the test's own process (db/ and server/ called
// directly, no HTTP server): the account row, a session opened at `at`, and the Cookie header
// value a browser would send for it.
import type { Cookie } from "@remix-run/node";
import type { Db } from "../../db/index";
import { users } from "../../db/schema";
import { createSession } from "../../db/sessions";

export async function signedInSurgeon(
  db: Db,
  sessionCookie: Cookie,
  at: Date,
  ttlHours: number,
): Promise<{ userId: number; sessionId: string; cookie: string }> {
  const user = db
    .insert(users)
    .values({
      email: "chirurgien@example.org",
      displayName: "Dr Chirurgien",
      passwordHash: "not-used-here",
      role: "physician",
      specialty: "orthopaedic_surgery",
    })
    .returning()
    .get();
  const sessionId = createSession(db, user.id, at, ttlHours);
  const cookie = (await sessionCookie.serialize(sessionId)).split(";")[0] ?? "";
  return { userId: user.id, sessionId, cookie };
}
