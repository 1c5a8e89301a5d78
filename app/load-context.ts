import type { Cookie } from "@remix-run/node";
import type { Db, Sqlite } from "../db/index";

// A type alias (not an interface) so that it fits Remix's index-signature AppLoadContext.
export type AppContext = {
  db: Db;
  sqlite: Sqlite;
  sessionCookie: Cookie;
  sessionTtlHours: number;
  /** The clock is injected so tests and the domain never read it themselves. */
  now: () => Date;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
}
