// Whole answers of the read-only list pages (the three worklists and the centre's figures), kept
// in memory per signed-in session and URL while the database file is unchanged (decision 137).
//
// Their loaders read nothing but the database, the URL, the cookies (session, language, a flash)
// and the clinic's day, and the page is a function of its loader data (hydration needs it), so an
// answer given for the same URL, cookies and day at the same data fingerprint (db/dataVersion.ts:
// any committed write changes it) is the answer these requests would get again. A hit skips
// Remix (routing, loaders, the JSON of their data, React's render): 1–2 ms instead of 8–30 ms of
// CPU a page (docs/performance.md), which is what 20 clinicians reloading a list at once need.
//
// What is still done at every request, hit or not: the session is looked up (a session that
// expired or ended is never served from memory: the request goes to Remix, which sends it to the
// sign-in page), the response gets its own CSP nonce (the kept HTML's nonce is replaced), and the
// security headers. Never kept: a request carrying a confirmation to show once (the `ob_flash`
// cookie), an answer that sets a cookie or is not a 200, an answer during which the database was
// written (its content may straddle the write).
import { createHash } from "node:crypto";
import { todayIn } from "../app/domain/dates";
import { dataFingerprint } from "../db/dataVersion";
import type { AppContext } from "./usecases/context";
import { sessionIdFromCookie, userOfSession } from "./usecases/sessions";

/**
 * Paths whose answers may be kept. A page joins this list only if its loaders (the root's too)
 * read nothing but the database, the URL, the cookies and the clinic's day: not the live boards
 * held in memory, not the clock beyond the day, not another header.
 */
export const KEPT_PAGES: ReadonlySet<string> = new Set([
  "/worklists/surgeon",
  "/worklists/coordinator",
  "/worklists/oncologist",
  "/figures",
]);

/** Memory for kept answers (bytes of their bodies); the least recently used go first. */
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export type PageRequest = {
  method: string;
  /** Path without the query (Express req.path). */
  path: string;
  /** Path with the query, as asked (Express req.originalUrl). */
  url: string;
  host: string;
  cookie: string | undefined;
};

/** Where a request's answer is (or will be) kept, and the data it must have been made from. */
export type PageKey = { key: string; fingerprint: string };

export type KeptPage = {
  status: number;
  headers: readonly (readonly [string, string])[];
  /** The body's bytes, in pieces (a kept body is served as its parts and this response's nonce). */
  body: readonly Buffer[];
};

/**
 * A kept answer: its UTF-8 body cut where its nonce was, so that a hit writes the same bytes with
 * its own nonce between them (no string search, no re-encoding, no copy of 60–110 KB of HTML).
 */
type Entry = Omit<KeptPage, "body"> & { parts: Buffer[]; fingerprint: string; bytes: number };

/** Whether the Cookie header carries a non-empty one-shot confirmation (app/flash.server.ts). */
function carriesFlash(cookie: string): boolean {
  return cookie.split(";").some((part) => {
    const [name, value] = part.trim().split("=", 2);
    return name === "ob_flash" && value !== undefined && value !== "";
  });
}

/** `body` cut at each occurrence of `separator` (which is left out). */
function splitAt(body: Buffer, separator: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(separator); at !== -1; at = body.indexOf(separator, from)) {
    parts.push(body.subarray(from, at));
    from = at + separator.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

export function createPageCache(maxBytes = DEFAULT_MAX_BYTES) {
  const entries = new Map<string, Entry>();
  let used = 0;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    used -= entry.bytes;
  };

  /** Answers being made, by key and fingerprint: requests for the same page wait for them. */
  const making = new Map<string, Promise<void>>();

  return {
    /**
     * The key of a request whose answer may be kept or served from memory; `null` when it must
     * go to Remix untouched (another page or method, a flash to show, no live session).
     */
    async keyOf(
      ctx: Pick<AppContext, "db" | "sqlite" | "sessionCookie" | "now" | "timeZone">,
      req: PageRequest,
    ): Promise<PageKey | null> {
      if (req.method !== "GET" || !KEPT_PAGES.has(req.path)) return null;
      const cookie = req.cookie ?? "";
      if (carriesFlash(cookie)) return null;
      const sessionId = await sessionIdFromCookie(ctx, cookie);
      const user = sessionId ? userOfSession(ctx, sessionId) : null;
      if (!user) return null;
      // Taken before Remix runs: an answer is kept only if nothing was written until it was made.
      const fingerprint = dataFingerprint(ctx.sqlite);
      const key = createHash("sha256")
        .update(
          JSON.stringify([req.host, req.url, cookie, user.id, todayIn(ctx.now(), ctx.timeZone)]),
        )
        .digest("base64url");
      return { key, fingerprint };
    },

    /** The kept answer for this key, made from the same data, with this response's nonce. */
    get({ key, fingerprint }: PageKey, nonce: string): KeptPage | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.fingerprint !== fingerprint) {
        drop(key);
        return undefined;
      }
      // Most recently used last: the map's order is the eviction order.
      entries.delete(key);
      entries.set(key, entry);
      const between = Buffer.from(nonce);
      const body = entry.parts.flatMap((part, i) => (i === 0 ? [part] : [between, part]));
      return { status: entry.status, headers: entry.headers, body };
    },

    /**
     * Keeps an answer made for `key` with `nonce`, if it may be: a 200 that sets no cookie, made
     * while the database stayed at the key's fingerprint, and whose nonce is in the body only as
     * the nonce (a body without it is kept as is: nothing to replace).
     */
    set(
      ctx: Pick<AppContext, "sqlite">,
      { key, fingerprint }: PageKey,
      page: KeptPage,
      nonce: string,
    ): boolean {
      if (page.status !== 200) return false;
      if (page.headers.some(([name]) => name.toLowerCase() === "set-cookie")) return false;
      if (dataFingerprint(ctx.sqlite) !== fingerprint) return false;
      const whole = page.body.length === 1 ? page.body[0] : Buffer.concat(page.body);
      if (!whole) return false;
      const bytes = whole.length;
      if (bytes > maxBytes / 4) return false;
      const parts = splitAt(whole, Buffer.from(nonce));
      drop(key);
      entries.set(key, { status: page.status, headers: page.headers, parts, fingerprint, bytes });
      used += bytes;
      for (const oldest of entries.keys()) {
        if (used <= maxBytes) break;
        drop(oldest);
      }
      return true;
    },

    /**
     * Marks the answer for `key` as being made; call the returned function once it was kept or
     * given up. Requests for the same page at the same data wait for it (`making`) instead of
     * each computing and rendering it again: after a write, 20 waiting reloads cost one render.
     */
    startMaking({ key, fingerprint }: PageKey): () => void {
      let done = () => {};
      const promise = new Promise<void>((resolve) => {
        done = resolve;
      });
      const id = `${key} ${fingerprint}`;
      making.set(id, promise);
      return () => {
        if (making.get(id) === promise) making.delete(id);
        done();
      };
    },

    /** The answer for this key at this fingerprint being made by another request, if one is. */
    making({ key, fingerprint }: PageKey): Promise<void> | undefined {
      return making.get(`${key} ${fingerprint}`);
    },

    /** Answers kept and their memory (for tests and the benchmark's report). */
    size(): { entries: number; bytes: number } {
      return { entries: entries.size, bytes: used };
    },
  };
}

export type PageCache = ReturnType<typeof createPageCache>;
