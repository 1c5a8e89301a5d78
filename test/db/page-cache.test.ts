// The list pages' kept answers (server/pageCache.ts, decision 137) on a real SQLite file, with the
// clock in the test's hands: what may be kept, when a kept answer is no longer served (a write, a
// session past its end with nothing written, another day), the nonce put back, the memory bound.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../db/index";
import { createSession } from "../../db/sessions";
import { createPageCache, type KeptPage, type PageRequest } from "../../server/pageCache";
import { signedInSurgeon } from "../helpers/session";

const { db, sqlite } = openDb(join(mkdtempSync(join(tmpdir(), "osteoboard-pages-")), "o.db"));
let clock = new Date("2026-12-01T10:00:00Z");
const ctx = {
  db,
  sqlite,
  sessionCookie: createCookie("ob_session", { secrets: ["test-secret"], path: "/" }),
  now: () => clock,
  timeZone: "Europe/Paris",
};

let cookie = "";
let userId = 0;
const request = (over: Partial<PageRequest> = {}): PageRequest => ({
  method: "GET",
  path: "/worklists/surgeon",
  url: "/worklists/surgeon",
  host: "localhost:3000",
  cookie,
  ...over,
});

/** An answer as Remix makes it: the nonce in the policy's places, once per script. */
const page = (nonce: string, text = "liste"): KeptPage => ({
  status: 200,
  headers: [["content-type", "text/html"]],
  body: [
    Buffer.from(
      `<html><script nonce="${nonce}">a</script><p>${text} é</p><script nonce="${nonce}">b</script></html>`,
    ),
  ],
});
const text = (p: KeptPage | undefined) => (p ? Buffer.concat(p.body).toString("utf8") : "");

beforeAll(async () => {
  // An 8-hour session opened at 10:00 UTC.
  ({ cookie, userId } = await signedInSurgeon(db, ctx.sessionCookie, clock, 8));
});
afterAll(() => sqlite.close());

describe("which requests may be answered from memory", () => {
  it("only a GET of one of the four list pages, by a live session, without a confirmation to show", async () => {
    const pages = createPageCache();
    expect(await pages.keyOf(ctx, request())).not.toBeNull();
    expect(
      await pages.keyOf(ctx, request({ path: "/figures", url: "/figures?primary=breast" })),
    ).not.toBeNull();
    expect(await pages.keyOf(ctx, request({ method: "POST" }))).toBeNull();
    expect(await pages.keyOf(ctx, request({ method: "HEAD" }))).toBeNull();
    expect(await pages.keyOf(ctx, request({ path: "/patients/1", url: "/patients/1" }))).toBeNull();
    expect(await pages.keyOf(ctx, request({ cookie: undefined }))).toBeNull();
    // A session id without the server's signature is no session.
    expect(await pages.keyOf(ctx, request({ cookie: "ob_session=forged" }))).toBeNull();
    const flash = (await createCookie("ob_flash").serialize("patientCreated")).split(";")[0];
    expect(await pages.keyOf(ctx, request({ cookie: `${cookie}; ${flash}` }))).toBeNull();
    // A cleared confirmation (empty value) is no confirmation.
    expect(await pages.keyOf(ctx, request({ cookie: `${cookie}; ob_flash=` }))).not.toBeNull();
  });

  it("not after the session's end, although nothing was written in between", async () => {
    const pages = createPageCache();
    const key = await pages.keyOf(ctx, request());
    if (!key) throw new Error("no key");
    expect(pages.set(ctx, key, page("n1"), "n1")).toBe(true);
    const saved = clock;
    try {
      clock = new Date("2026-12-01T18:00:01Z"); // 8 h and 1 s later
      expect(await pages.keyOf(ctx, request())).toBeNull();
    } finally {
      clock = saved;
    }
  });

  it("a different key for another URL, another language cookie, another host or another day", async () => {
    const pages = createPageCache();
    const key = async (over: Partial<PageRequest> = {}) =>
      (await pages.keyOf(ctx, request(over)))?.key;
    const base = await key();
    expect(await key()).toBe(base);
    expect(await key({ url: "/worklists/surgeon?page=2" })).not.toBe(base);
    expect(await key({ cookie: `${cookie}; ob_lang=en` })).not.toBe(base);
    expect(await key({ host: "osteoboard.chu.example:3000" })).not.toBe(base);
    const saved = clock;
    try {
      // A session opened at 16:00 UTC (until midnight), asked at 22:30 and at 23:30 UTC: 23:30
      // is already tomorrow in Paris, where "overdue" may have changed.
      clock = new Date("2026-12-01T16:00:00Z");
      const session = createSession(db, userId, clock, 8);
      const later = (await ctx.sessionCookie.serialize(session)).split(";")[0] ?? "";
      clock = new Date("2026-12-01T23:30:00Z");
      const tomorrow = await pages.keyOf(ctx, request({ cookie: later }));
      clock = new Date("2026-12-01T22:30:00Z");
      const today = await pages.keyOf(ctx, request({ cookie: later }));
      expect(tomorrow?.key).toBeDefined();
      expect(today?.key).toBeDefined();
      expect(tomorrow?.key).not.toBe(today?.key);
    } finally {
      clock = saved;
    }
  });
});

describe("a kept answer", () => {
  it("is served with the response's own nonce in each place the old one was", async () => {
    const pages = createPageCache();
    const key = await pages.keyOf(ctx, request());
    if (!key) throw new Error("no key");
    expect(pages.set(ctx, key, page("OLDnonce+/="), "OLDnonce+/=")).toBe(true);
    const again = await pages.keyOf(ctx, request());
    if (!again) throw new Error("no key");
    const served = pages.get(again, "NEWnonce");
    expect(text(served)).toBe(
      '<html><script nonce="NEWnonce">a</script><p>liste é</p><script nonce="NEWnonce">b</script></html>',
    );
    expect(served?.headers).toEqual([["content-type", "text/html"]]);
  });

  it("is no longer served once anything was written", async () => {
    const pages = createPageCache();
    const key = await pages.keyOf(ctx, request());
    if (!key) throw new Error("no key");
    pages.set(ctx, key, page("n"), "n");
    sqlite.prepare("UPDATE users SET display_name = display_name || '.'").run();
    const after = await pages.keyOf(ctx, request());
    if (!after) throw new Error("no key");
    expect(after.key).toBe(key.key);
    expect(pages.get(after, "m")).toBeUndefined();
    expect(pages.size().entries).toBe(0);
  });

  it("is not kept if it is not a 200, sets a cookie, or the database was written while it was made", async () => {
    const pages = createPageCache();
    const key = await pages.keyOf(ctx, request());
    if (!key) throw new Error("no key");
    expect(pages.set(ctx, key, { ...page("n"), status: 400 }, "n")).toBe(false);
    const withCookie = { ...page("n"), headers: [["Set-Cookie", "ob_flash=; Max-Age=0"]] as const };
    expect(pages.set(ctx, key, withCookie, "n")).toBe(false);
    sqlite.prepare("UPDATE users SET display_name = display_name || '.'").run();
    expect(pages.set(ctx, key, page("n"), "n")).toBe(false);
    expect(pages.size().entries).toBe(0);
  });

  it("gives way to newer ones past the memory bound, least recently served first", async () => {
    const one = page("n").body[0]?.length ?? 0;
    const pages = createPageCache(one * 4);
    const keys = [];
    for (const p of ["1", "2", "3", "4", "5"]) {
      const key = await pages.keyOf(ctx, request({ url: `/worklists/surgeon?page=${p}` }));
      if (!key) throw new Error("no key");
      keys.push(key);
    }
    const [k1, k2, k3, k4, k5] = keys as [
      (typeof keys)[0],
      (typeof keys)[0],
      (typeof keys)[0],
      (typeof keys)[0],
      (typeof keys)[0],
    ];
    for (const k of [k1, k2, k3, k4]) expect(pages.set(ctx, k, page("n"), "n")).toBe(true);
    expect(pages.get(k1, "x")).toBeDefined(); // page 1 served again: page 2 is now the oldest
    expect(pages.set(ctx, k5, page("n"), "n")).toBe(true);
    expect(pages.size()).toEqual({ entries: 4, bytes: one * 4 });
    expect(pages.get(k2, "x")).toBeUndefined();
    for (const k of [k1, k3, k4, k5]) expect(pages.get(k, "x")).toBeDefined();
  });
});
