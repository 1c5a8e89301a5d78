// What every use case is given: the one SQLite connection, the session cookie and the clock.
// Built once in server/index.ts and handed to Remix as its load context (app/load-context.ts).
import type { Cookie } from "@remix-run/node";
import { todayIn } from "../../app/domain/dates";
import type { Db, Sqlite } from "../../db/index";
import type { SignInThrottle } from "../auth/throttle";

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
  /** The server's data folder (the database file's folder): imported CT volumes live under ct/. */
  dataDir: string;
};

/** Today in the clinic's time zone (app/domain/dates.ts `todayIn`, shared with the browser). */
export const todayOf = (ctx: Pick<AppContext, "now" | "timeZone">): string =>
  todayIn(ctx.now(), ctx.timeZone);

/** What the HTTP server adds for each request to Remix's load context (server/app.ts). */
export type RequestContext = AppContext & {
  /** The client's address (req.ip: the proxy's X-Forwarded-For only when TRUST_PROXY). */
  clientAddress: string;
  /** This response's Content-Security-Policy nonce, for Remix's inline scripts. */
  cspNonce: string;
  /** The process's one count of failed sign-ins (server/auth/throttle.ts). */
  signInThrottle: SignInThrottle;
  /** CT_UPLOAD_MAX_BYTES: the CT upload route's own body limit (server/env.ts). */
  ctUploadMaxBytes: number;
};
