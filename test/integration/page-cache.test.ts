// The list pages' answers kept in memory (server/pageCache.ts, decision 137), on the real server
// and SQLite file: a second load of the same list by the same session is the same page with its
// own CSP nonce; another session, another language, a confirmation to show, a write by the server
// or by another connection, a deactivated account: each gets the page Remix makes, not the kept one.
import { createCookie } from "@remix-run/node";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../helpers/db";
import { DEMO, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const SURGEON = "/worklists/surgeon";

type Load = { status: number; cache: string | null; nonce: string; body: string; res: Response };

/** The nonce of the answer's policy; the body's nonces must all be this one. */
async function load(base: string, path: string, cookie: string): Promise<Load> {
  const res = await get(base, path, cookie);
  const body = await res.text();
  const nonce = res.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1] ?? "";
  const cache = res.headers.get("server-timing")?.match(/page-cache;desc="([^"]+)"/)?.[1] ?? null;
  return { status: res.status, cache, nonce, body, res };
}

/** The body with its nonce taken out: two answers of the same page differ by nothing else. */
const withoutNonce = (l: Load) => l.body.split(l.nonce).join("NONCE");

describe("kept list pages", () => {
  let srv: TestServer;
  let bernard = "";
  let laurent = "";
  let admin = "";

  /**
   * Loads until an answer comes from memory. The server writes in the background after its start
   * (the boards' projection): answers made meanwhile are not kept, so the count is bounded, not 2.
   */
  async function loadUntilKept(path: string, cookie: string): Promise<[Load, Load]> {
    let previous = await load(srv.url, path, cookie);
    for (let i = 0; i < 40; i++) {
      const next = await load(srv.url, path, cookie);
      if (next.cache === "hit") return [previous, next];
      previous = next;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${path} never answered from memory (last: ${previous.cache})`);
  }

  beforeAll(async () => {
    srv = await startServer();
    bernard = await signIn(srv.url, DEMO.physician);
    laurent = await signIn(srv.url, LAURENT);
    admin = await signIn(srv.url, DEMO.admin);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("answers a second load of the surgeon's list from memory: the same page with this response's own nonce", async () => {
    const [made, kept] = await loadUntilKept(SURGEON, bernard);
    expect(made.cache).toBe("miss");
    expect(kept.status).toBe(200);
    expect(kept.res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(kept.res.headers.get("cache-control")).toBe("no-store");
    expect(kept.nonce).not.toBe(made.nonce);
    // Every inline script carries the nonce the policy allows, and none the old one.
    const nonces = [...kept.body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(nonces.length).toBeGreaterThan(2);
    expect(new Set(nonces)).toEqual(new Set([kept.nonce]));
    expect(kept.body).not.toContain(made.nonce);
    expect(withoutNonce(kept)).toBe(withoutNonce(made));
    expect(kept.body).toContain("Dr Hugo Bernard");
  });

  it("keeps the other lists and the figures too", async () => {
    for (const path of [
      "/worklists/coordinator",
      "/worklists/oncologist",
      "/figures?primary=breast",
    ]) {
      const [made, kept] = await loadUntilKept(path, bernard);
      expect(withoutNonce(kept), path).toBe(withoutNonce(made));
    }
  });

  it("after a write, renders the page once for ten simultaneous reloads of two clinicians, each getting their own", async () => {
    await loadUntilKept(SURGEON, bernard);
    await loadUntilKept(SURGEON, laurent);
    const other = new Database(srv.dbPath, { fileMustExist: true });
    try {
      // A real change: SQLite leaves the data version alone for an update that changes nothing.
      other
        .prepare("UPDATE users SET display_name = display_name || '.' WHERE email = ?")
        .run(DEMO.observer.email);
    } finally {
      other.close();
    }
    const who = [
      bernard,
      laurent,
      bernard,
      laurent,
      bernard,
      laurent,
      bernard,
      laurent,
      bernard,
      laurent,
    ];
    const loads = await Promise.all(who.map((cookie) => load(srv.url, SURGEON, cookie)));
    const header = (cookie: string) =>
      `Connecté·e : ${cookie === bernard ? "Dr Hugo Bernard" : "Dr Sophie Laurent"}`;
    for (const cookie of [bernard, laurent]) {
      const own = loads.filter((_, i) => who[i] === cookie);
      const otherOne = cookie === bernard ? laurent : bernard;
      for (const l of own) {
        expect(l.status).toBe(200);
        expect(l.body).toContain(header(cookie));
        expect(l.body).not.toContain(header(otherOne));
        expect(withoutNonce(l)).toBe(withoutNonce(own[0] as Load));
      }
      // One render per clinician; the four other reloads got that answer (or its kept copy).
      expect(own.filter((l) => l.cache === "miss").length, header(cookie)).toBe(1);
      expect(own.filter((l) => l.cache === "shared" || l.cache === "hit").length).toBe(4);
    }
    // Every answer has its own nonce, the one its policy allows.
    expect(new Set(loads.map((l) => l.nonce)).size).toBe(10);
    for (const l of loads) expect(l.body).toContain(`nonce="${l.nonce}"`);
  });

  it("gives another session its own page, never the one kept for Dr Bernard", async () => {
    await loadUntilKept(SURGEON, bernard);
    const fresh = await signIn(srv.url, LAURENT);
    const first = await load(srv.url, SURGEON, fresh);
    expect(first.status).toBe(200);
    expect(first.cache).not.toBe("hit");
    expect(first.body).toContain("Dr Sophie Laurent");
    expect(first.body).not.toContain("Dr Hugo Bernard");
  });

  it("renders the page again in English when the language cookie says so", async () => {
    await loadUntilKept(SURGEON, bernard);
    const english = await load(srv.url, SURGEON, `${bernard}; ob_lang=en`);
    expect(english.cache).not.toBe("hit");
    expect(english.body).toContain('<html lang="en"');
    const french = await load(srv.url, SURGEON, bernard);
    expect(french.body).toContain('<html lang="fr"');
  });

  it("never answers a request carrying a confirmation from memory: it is shown, then cleared", async () => {
    await loadUntilKept(SURGEON, bernard);
    const flash = (await createCookie("ob_flash").serialize("patientCreated")).split(";")[0];
    const shown = await load(srv.url, SURGEON, `${bernard}; ${flash}`);
    expect(shown.cache).toBeNull();
    expect(shown.body).toContain("Patient créé.");
    expect(shown.res.headers.get("set-cookie")).toMatch(/^ob_flash=;/);
    const after = await load(srv.url, SURGEON, bernard);
    expect(after.body).not.toContain("Patient créé.");
  });

  it("makes the page again after another connection commits (an FE worker, a restore): the new name shows", async () => {
    await loadUntilKept(SURGEON, bernard);
    const other = new Database(srv.dbPath, { fileMustExist: true });
    try {
      other
        .prepare("UPDATE users SET display_name = ? WHERE email = ?")
        .run("Dr Hugo Bernard-Roux", DEMO.physician.email);
    } finally {
      other.close();
    }
    const after = await load(srv.url, SURGEON, bernard);
    expect(after.cache).not.toBe("hit");
    expect(after.body).toContain("Dr Hugo Bernard-Roux");
  });

  it("sends a deactivated account to the sign-in page even though its list was kept", async () => {
    await loadUntilKept(SURGEON, laurent);
    const id = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM users WHERE email = ?",
      LAURENT.email,
    )[0]?.id;
    const res = await postForm(
      srv.url,
      "/admin/users?_data=routes%2Fadmin.users",
      { intent: "deactivate", userId: String(id) },
      { cookie: admin },
    );
    expect(res.status).toBe(200);
    const after = await get(srv.url, SURGEON, laurent);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  it("sends a signed-out session to the sign-in page", async () => {
    const cookie = await signIn(srv.url, DEMO.coordinator);
    await loadUntilKept("/worklists/coordinator", cookie);
    const out = await postForm(srv.url, "/logout", {}, { cookie });
    expect(out.status).toBe(302);
    const after = await get(srv.url, "/worklists/coordinator", cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });
});
