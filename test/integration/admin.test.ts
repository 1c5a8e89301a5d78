// The admin pages over HTTP: the audit log and its filters, and the account rules that say no
// (server/usecases/users.ts: unique e-mail, 12-character passwords, nobody deactivates
// themselves), each refusal writing nothing; other roles get 403.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

interface AuditRow {
  id: number;
  entity: string;
  action: string;
  userId: number | null;
  at: string;
}

describe("admin: audit log, account refusals, access", () => {
  let srv: TestServer;
  let admin: string;
  const userId = (email: string) =>
    queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM users WHERE email = ?", email)[0]?.id ??
    0;
  const accounts = () =>
    queryRows(
      srv.dbPath,
      "SELECT id, email, role, specialty, active, password_hash FROM users ORDER BY id",
    );
  const state = () => ({
    users: accounts(),
    members: queryRows(srv.dbPath, "SELECT * FROM rcp_members ORDER BY rcp_id, user_id"),
    audits: countRows(srv.dbPath, "audit_log"),
    sessions: countRows(srv.dbPath, "sessions"),
  });
  const usersAction = (fields: Record<string, string>) =>
    postForm(srv.url, dataPath("/admin/users", "routes/admin.users"), fields, { cookie: admin });
  const audit = async (query: string) => {
    const res = await get(srv.url, dataPath(`/admin/audit${query}`, "routes/admin.audit"), admin);
    expect(res.status).toBe(200);
    return ((await res.json()) as { rows: AuditRow[] }).rows;
  };
  const newAccount = {
    intent: "create",
    email: "nouveau.compte@osteoboard.local",
    displayName: "Nouveau Compte",
    password: "une-phrase-de-passe",
    role: "coordinator",
    rcpId: "1",
  };

  beforeAll(async () => {
    srv = await startServer();
    admin = await signIn(srv.url, DEMO.admin);
    // One change dated in January 2025, so the date filters have something to keep and to leave.
    const sqlite = new Database(srv.dbPath);
    try {
      sqlite.pragma("busy_timeout = 5000");
      sqlite
        .prepare(
          `INSERT INTO audit_log (created_at, user_id, entity, entity_id, action, before, after)
           VALUES ('2025-01-15T10:00:00.000Z', ?, 'case', '1', 'update', '{}', '{}')`,
        )
        .run(userId(DEMO.coordinator.email));
    } finally {
      sqlite.close();
    }
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("shows the audit page to an admin, filtered by entity, user, action and dates", async () => {
    const page = await get(srv.url, "/admin/audit?entity=user", admin);
    expect(page.status).toBe(200);
    const all = queryRows<{
      id: number;
      entity: string;
      action: string;
      user_id: number | null;
      created_at: string;
    }>(
      srv.dbPath,
      "SELECT id, entity, action, user_id, created_at FROM audit_log ORDER BY id DESC",
    );
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
    const coordinatorId = userId(DEMO.coordinator.email);

    expect(ids(await audit(""))).toEqual(ids(all).slice(0, 300));
    const users = await audit("?entity=user");
    expect(users.length).toBeGreaterThan(0);
    expect(ids(users)).toEqual(ids(all.filter((r) => r.entity === "user")));
    expect(ids(await audit(`?userId=${coordinatorId}`))).toEqual(
      ids(all.filter((r) => r.user_id === coordinatorId)),
    );
    expect(ids(await audit("?entity=case&action=update"))).toEqual(
      ids(all.filter((r) => r.entity === "case" && r.action === "update")),
    );
    const january = await audit("?from=2025-01-01&to=2025-01-31");
    expect(january.map((r) => r.at)).toEqual(["2025-01-15T10:00:00.000Z"]);
    // `to` includes its whole day; `from` starts at its midnight.
    expect(await audit("?from=2025-01-15&to=2025-01-15")).toHaveLength(1);
    expect(await audit("?from=2025-01-16&to=2025-01-31")).toHaveLength(0);
    expect(ids(await audit("?from=2026-01-01"))).toEqual(
      ids(all.filter((r) => r.created_at >= "2026-01-01")).slice(0, 300),
    );
    // A malformed filter is ignored rather than failing the page.
    expect((await get(srv.url, "/admin/audit?from=yesterday&userId=abc", admin)).status).toBe(200);
  });

  it.each([
    ["an e-mail already used", { email: DEMO.physician.email }, "email", /déjà utilisé/],
    ["a password of 11 characters", { password: "onze-caract" }, "password", /12 caractères/],
    ["a malformed e-mail", { email: "pas-un-email" }, "email", /./],
    ["an unknown RCP", { rcpId: "999" }, "rcpId", /./],
  ])(
    "refuses an account with %s: 400 naming the field, nothing written",
    async (_l, change, field, reason) => {
      const before = state();
      const res = await usersAction({ ...newAccount, ...change });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(body.errors.map((e) => e.field)).toEqual([field]);
      expect(body.errors[0]?.message).toMatch(reason);
      expect(state()).toEqual(before);
    },
  );

  it("refuses an e-mail already used in other capitals (sign-in ignores case)", async () => {
    const before = state();
    const res = await usersAction({ ...newAccount, email: DEMO.physician.email.toUpperCase() });
    expect(res.status).toBe(400);
    expect(state()).toEqual(before);
  });

  it("refuses to let an admin deactivate their own account: 400, still active, nothing written", async () => {
    const before = state();
    const me = userId(DEMO.admin.email);
    const res = await usersAction({ intent: "deactivate", userId: String(me) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({ field: "userId", message: expect.stringMatching(/propre compte/) }),
    ]);
    expect(state()).toEqual(before);
    expect((await get(srv.url, "/admin/users", admin)).status).toBe(200);
  });

  it("reactivates a deactivated account: audited, and its owner signs in again", async () => {
    const who = { email: "a.reactiver@osteoboard.local", password: "une-phrase-de-passe" };
    expect((await usersAction({ ...newAccount, ...who })).status).toBe(200);
    const id = userId(who.email);
    expect((await usersAction({ intent: "deactivate", userId: String(id) })).status).toBe(200);
    expect((await postForm(srv.url, "/login", who)).status).toBe(401);
    const audits = countRows(srv.dbPath, "audit_log");
    expect((await usersAction({ intent: "reactivate", userId: String(id) })).status).toBe(200);
    expect(countRows(srv.dbPath, "audit_log")).toBe(audits + 1);
    const [row] = queryRows<{ action: string; entity_id: string; before: string; after: string }>(
      srv.dbPath,
      "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    expect([row?.action, row?.entity_id]).toEqual(["reactivate", String(id)]);
    expect(JSON.parse(row?.before ?? "{}").active).toBe(false);
    expect(JSON.parse(row?.after ?? "{}").active).toBe(true);
    expect((await postForm(srv.url, "/login", who)).status).toBe(302);
  });

  it("refuses to deactivate or reactivate an account that does not exist, writing nothing", async () => {
    const before = state();
    for (const intent of ["deactivate", "reactivate"]) {
      for (const id of ["99999", "abc", ""]) {
        const res = await usersAction({ intent, userId: id });
        expect(res.status, `${intent} ${id}`).toBe(400);
      }
    }
    expect(state()).toEqual(before);
  });

  it.each([
    ["coordinator", DEMO.coordinator],
    ["physician", DEMO.physician],
    ["observer", DEMO.observer],
  ])("answers 403 to a %s on every admin page and action, writing nothing", async (_r, who) => {
    const cookie = await signIn(srv.url, who);
    const before = state();
    for (const path of ["/admin/users", "/admin/rcps", "/admin/audit"]) {
      expect((await get(srv.url, path, cookie)).status, path).toBe(403);
    }
    const posts: [string, Record<string, string>][] = [
      ["/admin/users", { ...newAccount, email: "interdit@osteoboard.local" }],
      ["/admin/users", { intent: "deactivate", userId: String(userId(DEMO.admin.email)) }],
      ["/admin/users", { intent: "role", userId: String(userId(who.email)), role: "admin" }],
      [
        "/admin/rcps",
        { intent: "create", name: "Interdit", institution: "X", feFailureLoadBodyWeights: "3" },
      ],
    ];
    for (const [path, fields] of posts) {
      expect((await postForm(srv.url, path, fields, { cookie })).status, path).toBe(403);
    }
    expect(state()).toEqual(before);
  });
});
