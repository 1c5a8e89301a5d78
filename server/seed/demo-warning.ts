// Which demo accounts (server/seed/fixtures/users.json, also printed in the README) can still sign
// in with their published password: the server warns about them at every start (decision 060).
// Checking the hash, not only the e-mail, lets the warning go away once an admin has changed the
// passwords; it costs one Argon2 verification per demo account (about 50 ms each, in parallel on
// libuv's pool) at start-up only.
import { z } from "zod";
import { findUserByEmail } from "../../db/users";
import { verifyPassword } from "../auth/password";
import type { AppContext } from "../usecases/context";
import users from "./fixtures/users.json";

const DemoCredentialsSchema = z.array(z.looseObject({ email: z.string(), password: z.string() }));

/** The e-mails of active demo accounts whose password is still the README's. */
export async function demoAccountsWithReadmePasswords(
  ctx: Pick<AppContext, "db">,
): Promise<string[]> {
  const demo = DemoCredentialsSchema.parse(users);
  const open = await Promise.all(
    demo.map(async ({ email, password }) => {
      const user = findUserByEmail(ctx.db, email);
      if (!user?.active) return null;
      return (await verifyPassword(user.passwordHash, password)) ? user.email : null;
    }),
  );
  return open.filter((e): e is string => e !== null);
}
