// The HTTP-side holes an outside tester found (issue 9), each pinned by a test that failed before
// its fix (docs/decisions/060-http-hardening.md). Real servers, real SQLite files, raw HTTP.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../server/env";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const THROTTLED = "Trop de tentatives de connexion";

/** Redirect targets that browsers resolve to another site (the probe and its cousins). */
const EVIL_TARGETS = [
  "/\\evil.example/phish",
  "/\t/evil.example/phish",
  "/\\/evil.example/phish",
  "//evil.example/phish",
  "https://evil.example/phish",
  "javascript:alert(1)",
  "/%5Cevil.example/phish",
];

/** A sign-in POST from a given client address (honoured only when the server trusts a proxy). */
function signInFrom(
  srv: TestServer,
  path: string,
  who: { email: string; password: string },
  forwardedFor?: string,
): Promise<Response> {
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Origin: srv.url,
  };
  if (forwardedFor) headers["X-Forwarded-For"] = forwardedFor;
  return fetch(srv.url + path, {
    method: "POST",
    body: new URLSearchParams(who).toString(),
    headers,
    redirect: "manual",
  });
}

/** A raw request, for what fetch will not send (another Host, an upgrade). */
function rawRequest(
  srv: TestServer,
  opts: { path: string; headers: Record<string, string>; method?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: "127.0.0.1",
      port: srv.port,
      path: opts.path,
      method: opts.method ?? "GET",
      headers: opts.headers,
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    // A 101 would mean the socket was accepted: report it as such.
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on("error", reject);
    req.end();
  });
}

const patientFields = (hospitalId: string, lastName: string) => ({
  hospitalId,
  lastName,
  firstName: "Recherche",
  birthDate: "1955-03-02",
  sex: "M",
  "primaryCancer.type": "lung",
  "primaryCancer.histology": "adenocarcinoma",
  "primaryCancer.driver": "EGFR",
  cancerDiagnosisDate: "2023-01-10",
  boneMetastasisDiagnosisDate: "2024-04-01",
  weightKg: "80",
  ecog: "1",
  karnofsky: "80",
  systemicTreatment: "none",
  systemicTreatmentDetail: "",
  creatinineClearanceMlMin: "70",
  creatinineClearanceDate: "2026-10-01",
  survivalBand: "1_2y",
  wishes: "",
});

describe("security (HTTP): sign-in rate limit, whatever the path spelling", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({
      env: {
        TRUST_PROXY: "true",
        LOGIN_MAX_FAILURES: "3",
        LOGIN_MAX_FAILURES_PER_ACCOUNT: "5",
        COOKIE_SECURE: "true",
      },
    });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  const spellings = [
    "/login",
    "/%6Cogin",
    "/%6cogin",
    "/LOGIN",
    "/Login",
    "/login/",
    "/login?index",
    "/%6Cogin?_data=routes%2Flogin",
  ];

  it.each(spellings.map((path, i) => [path, i] as const))(
    "limits failed sign-ins per address on %s, and then refuses the right password too",
    async (path, i) => {
      const address = `10.0.0.${i + 1}`;
      const guess = { email: `probe-${i}@osteoboard.local`, password: "wrong-guess" };
      for (let n = 0; n < 3; n++) {
        // 401 proves the spelling reaches the sign-in action (not a 404 page).
        expect((await signInFrom(srv, path, guess, address)).status, `${path} #${n}`).toBe(401);
      }
      const res = await signInFrom(srv, path, DEMO.observer, address);
      expect(res.status, path).toBe(429);
      expect(res.headers.get("set-cookie") ?? "").not.toMatch(/ob_session=[^;]/);
      // A page shows the message in the user's language; a data request carries its key.
      expect(await res.text()).toContain(path.includes("_data") ? "login.throttled" : THROTTLED);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    },
  );

  it("limits failed sign-ins per account across addresses", async () => {
    for (let n = 0; n < 5; n++) {
      const res = await signInFrom(
        srv,
        n % 2 ? "/%6Cogin" : "/login",
        { email: DEMO.physician.email, password: `wrong-${n}` },
        `10.1.0.${n + 1}`,
      );
      expect(res.status).toBe(401);
    }
    // A new address, the right password: the account is locked for the window.
    const locked = await signInFrom(srv, "/login", DEMO.physician, "10.1.0.99");
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain(THROTTLED);
    // Another account from that address is not affected.
    expect((await signInFrom(srv, "/login", DEMO.coordinator, "10.1.0.99")).status).toBe(302);
  });

  it("counts the e-mail case-insensitively for the per-account limit", async () => {
    const upper = DEMO.admin.email.toUpperCase();
    for (let n = 0; n < 5; n++) {
      const email = n % 2 ? upper : DEMO.admin.email;
      const res = await signInFrom(srv, "/login", { email, password: "no" }, `10.2.0.${n + 1}`);
      expect(res.status).toBe(401);
    }
    expect((await signInFrom(srv, "/login", DEMO.admin, "10.2.0.50")).status).toBe(429);
  });

  it("sends HSTS when cookies are secure", async () => {
    const res = await get(srv.url, "/login");
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
  });
});

describe("security (HTTP): one server with the default settings", () => {
  let srv: TestServer;
  let coordinator: string;
  beforeAll(async () => {
    srv = await startServer();
    coordinator = await signIn(srv.url, DEMO.coordinator);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("ignores X-Forwarded-For without TRUST_PROXY: the per-address limit still holds", async () => {
    // Default LOGIN_MAX_FAILURES is 10; each failure claims another address.
    for (let n = 0; n < 10; n++) {
      const guess = { email: `spray-${n}@osteoboard.local`, password: "x" };
      expect((await signInFrom(srv, "/login", guess, `10.9.0.${n}`)).status).toBe(401);
    }
    const res = await signInFrom(srv, "/login", DEMO.observer, "10.9.0.200");
    expect(res.status).toBe(429);
  });

  it("keeps the language switch's redirect on this origin", async () => {
    const targets = [...EVIL_TARGETS, `${srv.url}//evil.example/phish`];
    for (const redirectTo of targets) {
      const res = await postForm(srv.url, "/language", { locale: "fr", redirectTo });
      expect(res.status, redirectTo).toBe(302);
      const location = res.headers.get("location") ?? "";
      expect(new URL(location, srv.url).origin, `${redirectTo} → ${location}`).toBe(srv.url);
      expect(location, redirectTo).toMatch(/^\/(?![/\\])/);
    }
    const kept = await postForm(srv.url, "/language", {
      locale: "en",
      redirectTo: "/patients?q=a%20b#list",
    });
    expect(kept.headers.get("location")).toBe("/patients?q=a%20b#list");
  });

  it("serves public/robots.txt (no indexing of a patient-data app), and pages from Remix", async () => {
    // Only paths with an extension are looked up in public/ (decision 134); pages still work.
    const robots = await fetch(`${srv.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(await robots.text()).toBe("User-agent: *\nDisallow: /\n");
    expect(robots.headers.get("cache-control")).toBe("public, max-age=3600");
    expect((await fetch(`${srv.url}/absent.txt`, { redirect: "manual" })).status).toBe(404);
    const page = await fetch(`${srv.url}/login`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  it("answers Origin: null with a same-origin Referer by a 403, not a 500", async () => {
    // A sandboxed or privacy-stripped context sends Origin: null; the Referer must not vouch for it.
    const res = await fetch(`${srv.url}/patients/new`, {
      method: "POST",
      body: "lastName=Null",
      headers: {
        Origin: "null",
        Referer: `${srv.url}/patients/new`,
        Cookie: coordinator,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      redirect: "manual",
    });
    const body = await res.text();
    expect(res.status).toBe(403);
    expect(body).not.toMatch(/\n\s+at /);
  });

  it("refuses a Host outside the allow-list, on HTTP and on the WebSocket upgrade", async () => {
    const ok = await rawRequest(srv, { path: "/healthz", headers: { Host: "localhost:8080" } });
    expect(ok.status).toBe(200);
    const v6 = await rawRequest(srv, { path: "/healthz", headers: { Host: "[::1]:3000" } });
    expect(v6.status).toBe(200);
    const page = await rawRequest(srv, { path: "/login", headers: { Host: "evil.example" } });
    expect(page.status).toBe(421);
    const health = await rawRequest(srv, {
      path: "/healthz",
      headers: { Host: "evil.example:3000" },
    });
    expect(health.status).toBe(421);
    const upgrade = await rawRequest(srv, {
      path: "/collab/case:1",
      headers: {
        Host: "evil.example",
        Origin: "http://evil.example",
        Cookie: coordinator,
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
      },
    });
    expect(upgrade.status).toBe(421);
  });

  it("sends a CSP whose nonce is on every inline script, and no-store on pages", async () => {
    const res = await get(srv.url, "/patients", coordinator);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = csp.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self'/);
    // The board's text editor adds a <style> with the page's nonce (decision 071); no other inline.
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/style-src [^;]*'unsafe-inline'/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    // HSTS only with secure cookies (see the first describe).
    expect(res.headers.get("strict-transport-security")).toBeNull();

    const other = await get(srv.url, "/login");
    const otherNonce = other.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
    expect(otherNonce).toBeTruthy();
    expect(otherNonce).not.toBe(nonce);

    const data = await get(
      srv.url,
      dataPath("/patients/1", "routes/patients.$patientId._index"),
      coordinator,
    );
    expect(data.status).toBe(200);
    expect(data.headers.get("cache-control")).toBe("no-store");

    // Static assets keep their long cache.
    const asset = html.match(/\/build\/[^"]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const assetRes = await get(srv.url, asset ?? "");
    expect(assetRes.status).toBe(200);
    expect(assetRes.headers.get("cache-control")).toMatch(/max-age=31536000/);
  });

  it("searches %, _ and \\ literally in patients and cases", async () => {
    const names = {
      percent: "Taux 50%",
      percentDecoy: "Taux 500",
      underscore: "Code a_b",
      underscoreDecoy: "Code axb",
      backslash: "Chemin back\\slash",
      backslashDecoy: "Chemin backslash",
    };
    let n = 0;
    for (const lastName of Object.values(names)) {
      n += 1;
      const res = await postForm(srv.url, "/patients/new", patientFields(`LK-${n}`, lastName), {
        cookie: coordinator,
      });
      expect(res.status, lastName).toBe(302);
      const patientPath = res.headers.get("location") ?? "";
      const caseRes = await postForm(
        srv.url,
        `${patientPath}/cases/new`,
        {
          question: `Question ${n}`,
          referringPhysician: "Dr Test",
          urgency: "routine",
          status: "draft",
          btaInQuestion: "no",
        },
        { cookie: coordinator },
      );
      expect(caseRes.status, lastName).toBe(302);
    }
    const expected: [string, string][] = [
      ["50%", names.percent],
      ["a_b", names.underscore],
      ["back\\slash", names.backslash],
    ];
    for (const [q, lastName] of expected) {
      const path = `/patients?q=${encodeURIComponent(q)}`;
      const res = await get(srv.url, dataPath(path, "routes/patients._index"), coordinator);
      const body = (await res.json()) as { patients: { lastName: string }[] };
      expect(
        body.patients.map((p) => p.lastName),
        q,
      ).toEqual([lastName]);

      const casesPath = `/cases?q=${encodeURIComponent(q)}`;
      const casesRes = await get(srv.url, dataPath(casesPath, "routes/cases._index"), coordinator);
      const cases = (await casesRes.json()) as { cases: { patient: { name: string } }[] };
      expect(
        cases.cases.map((c) => c.patient.name),
        q,
      ).toEqual([`${lastName.toUpperCase()} Recherche`]);
    }
  });

  it("answers a body over the limit with a 413, by Content-Length or by counting chunks", async () => {
    // /language: the sign-in limit of this server is spent by an earlier test.
    const big = `locale=en&redirectTo=${"x".repeat(2 * 1024 * 1024)}`;
    const sized = await fetch(`${srv.url}/language`, {
      method: "POST",
      body: big,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
      redirect: "manual",
    });
    expect(sized.status).toBe(413);

    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 32) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const chunked = await fetch(`${srv.url}/language`, {
      method: "POST",
      body: stream,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
      redirect: "manual",
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(chunked.status).toBe(413);

    // A normal form still goes through.
    const small = await postForm(srv.url, "/language", { locale: "en", redirectTo: "/" });
    expect(small.status).toBe(302);
  });

  it("warns at start that demo accounts with their README passwords exist", () => {
    expect(srv.output()).toMatch(/WARNING: demo accounts/);
    expect(srv.output()).toContain("admin@osteoboard.local");
  });
});

describe("security (HTTP): sign-in redirect", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ env: { SEED_DEMO: "true", LOGIN_MAX_FAILURES: "1000" } });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("keeps the redirect after sign-in on this origin", async () => {
    for (const redirectTo of [...EVIL_TARGETS, `${srv.url}//evil.example/phish`]) {
      const res = await postForm(srv.url, "/login", { ...DEMO.observer, redirectTo });
      expect(res.status, redirectTo).toBe(302);
      const location = res.headers.get("location") ?? "";
      expect(new URL(location, srv.url).origin, `${redirectTo} → ${location}`).toBe(srv.url);
      expect(location, redirectTo).toMatch(/^\/(?![/\\])/);
    }
    const kept = await postForm(srv.url, "/login", {
      ...DEMO.observer,
      redirectTo: "/cases?status=ready",
    });
    expect(kept.headers.get("location")).toBe("/cases?status=ready");
  });
});

/** The environment schema applied to these variables only (NODE_ENV as vitest sets it). */
const envOf = (vars: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...vars });

describe("security (HTTP): defaults", () => {
  it("listens on 127.0.0.1 unless HOST is set", () => {
    expect(envOf({}).HOST).toBe("127.0.0.1");
    expect(envOf({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });

  it("parses ALLOWED_HOSTS as a comma-separated list of host[:port]", () => {
    expect(envOf({}).ALLOWED_HOSTS).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(envOf({ ALLOWED_HOSTS: " Board.Example.org , 10.0.0.5:8443" }).ALLOWED_HOSTS).toEqual([
      "board.example.org",
      "10.0.0.5:8443",
    ]);
    expect(() => envOf({ ALLOWED_HOSTS: "evil.example/path" })).toThrow(/ALLOWED_HOSTS/);
    expect(() => envOf({ MAX_BODY_BYTES: "0" })).toThrow(/MAX_BODY_BYTES/);
  });

  it("prints no demo warning when there are no demo accounts", async () => {
    const srv = await startServer({ env: { SEED_DEMO: "false" } });
    try {
      expect(srv.output()).toContain("listening");
      expect(srv.output()).not.toMatch(/demo accounts/);
    } finally {
      await srv.stop();
    }
  });
});
