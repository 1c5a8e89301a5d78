// What the collaboration server needs from the process (server/index.ts builds it once). Its own
// module so that the server and its extensions both import it without importing each other.
import type { Cookie } from "@remix-run/node";
import type { Db, Sqlite } from "../../db/index";

export interface CollabDeps {
  db: Db;
  sqlite: Sqlite;
  sessionCookie: Cookie;
  now: () => Date;
}
