// What every use case is given: the one SQLite connection, the session cookie and the clock.
// Built once in server/index.ts and handed to Remix as its load context (app/load-context.ts).
import type { Cookie } from "@remix-run/node";
import { todayIn } from "../../app/domain/dates";
import type { Db, Sqlite } from "../../db/index";

// A type alias (not an interface) so that it fits Remix's index-signature AppLoadContext.
export type AppContext = {
  db: Db;
  sqlite: Sqlite;
  sessionCookie: Cookie;
  sessionTtlHours: number;
  /** The clock is injected so tests and the domain never read it themselves. */
  now: () => Date;
  /** The clinic's time zone (CLINIC_TIME_ZONE): what "today" means for dates typed by users. */
  timeZone: string;
};

/** Today in the clinic's time zone (app/domain/dates.ts `todayIn`, shared with the browser). */
export const todayOf = (ctx: Pick<AppContext, "now" | "timeZone">): string =>
  todayIn(ctx.now(), ctx.timeZone);
