import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const validPatient = {
  hospitalId: "IT-0001",
  lastName: "Testeur",
  firstName: "Jeanne",
  birthDate: "1960-05-04",
  sex: "F",
  "primaryCancer.type": "lung",
  "primaryCancer.histology": "adenocarcinoma",
  "primaryCancer.driver": "EGFR",
  cancerDiagnosisDate: "2024-02-01",
  boneMetastasisDiagnosisDate: "2024-06-01",
  weightKg: "61.5",
  ecog: "1",
  karnofsky: "80",
  systemicTreatment: "targeted_therapy",
  systemicTreatmentDetail: "osimertinib",
  creatinineClearanceMlMin: "72",
  creatinineClearanceDate: "2026-10-01",
  survivalBand: "1_2y",
  wishes: "",
};

const validCase = {
  question: "Lésion lytique L2 : cimentoplastie ?",
  referringPhysician: "Dr Test",
  urgency: "priority",
  status: "ready",
  btaInQuestion: "yes",
};

describe("foundation: a real server on a free port with a real SQLite file", () => {
  let srv: TestServer;
  let coordinator: string;
  let observer: string;
  const audits = () => countRows(srv.dbPath, "audit_log");
  const patientsCount = () => countRows(srv.dbPath, "patients");

  beforeAll(async () => {
    srv = await startServer();
    coordinator = await signIn(srv.url, DEMO.coordinator);
    observer = await signIn(srv.url, DEMO.observer);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("answers /healthz with the schema version", async () => {
    const res = await fetch(`${srv.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; schemaVersion: number };
    expect(body.status).toBe("ok");
    expect(body.schemaVersion).toBe(countRows(srv.dbPath, "__drizzle_migrations"));
    expect(body.schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it("sends every page to sign-in when signed out", async () => {
    for (const path of [
      "/",
      "/patients",
      "/patients/new",
      "/patients/1",
      "/patients/1/edit",
      "/patients/1/cases/new",
      "/cases",
      "/cases/1",
      "/cases/1/edit",
      "/cases/1/board",
      "/cases/1/history",
      "/admin/users",
      "/admin/rcps",
      "/admin/audit",
    ]) {
      const res = await get(srv.url, path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toMatch(/^\/login/);
    }
    expect((await get(srv.url, "/login")).status).toBe(200);
  });

  it("signs in with the right password and refuses a wrong one or an unknown account", async () => {
    const ok = await postForm(srv.url, "/login", DEMO.physician);
    expect(ok.status).toBe(302);
    const cookie = ok.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/ob_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const bad = await postForm(srv.url, "/login", {
      email: DEMO.physician.email,
      password: "wrong-password",
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("set-cookie")).toBeNull();
    const unknown = await postForm(srv.url, "/login", {
      email: "nobody@x.fr",
      password: "whatever-123",
    });
    expect(unknown.status).toBe(401);
  });

  it("keeps the session on the server: signing out invalidates the cookie", async () => {
    const cookie = await signIn(srv.url, DEMO.physician);
    expect((await get(srv.url, "/patients", cookie)).status).toBe(200);
    expect((await postForm(srv.url, "/logout", {}, { cookie })).status).toBe(302);
    expect((await get(srv.url, "/patients", cookie)).status).toBe(302);
  });

  it("lets a coordinator create a patient and a case, each with exactly one audit row", async () => {
    const before = audits();
    const res = await postForm(srv.url, "/patients/new", validPatient, { cookie: coordinator });
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("location")?.split("/").pop());
    expect(id).toBeGreaterThan(0);
    expect(audits()).toBe(before + 1);
    const [row] = queryRows<{ entity: string; action: string; after: string; user_id: number }>(
      srv.dbPath,
      "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    expect(row?.entity).toBe("patient");
    expect(row?.action).toBe("create");
    expect(JSON.parse(row?.after ?? "{}").lastName).toBe("Testeur");
    const [stored] = queryRows<{ primary_cancer: string; weight_kg: number }>(
      srv.dbPath,
      "SELECT * FROM patients WHERE id = ?",
      id,
    );
    expect(JSON.parse(stored?.primary_cancer ?? "{}")).toEqual({
      type: "lung",
      histology: "adenocarcinoma",
      driver: "EGFR",
    });
    expect(stored?.weight_kg).toBe(61.5);

    const caseRes = await postForm(srv.url, `/patients/${id}/cases/new`, validCase, {
      cookie: coordinator,
    });
    expect(caseRes.status).toBe(302);
    expect(caseRes.headers.get("location")).toMatch(/^\/cases\/\d+$/);
    expect(audits()).toBe(before + 2);

    const list = await get(srv.url, "/patients?q=Testeur", coordinator);
    expect(await list.text()).toContain("TESTEUR");
    const cases = await get(srv.url, "/cases?q=cimentoplastie", coordinator);
    expect(await cases.text()).toContain("Lésion lytique L2");
  });

  it("records an edit as one audit row with the before and after values", async () => {
    const [p] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM patients WHERE hospital_id = 'DEMO-0001'",
    );
    const before = audits();
    const res = await postForm(
      srv.url,
      `/patients/${p?.id}/edit`,
      {
        ...validPatient,
        hospitalId: "DEMO-0001",
        lastName: "Moreau",
        firstName: "Isabelle",
        weightKg: "62",
      },
      { cookie: coordinator },
    );
    expect(res.status).toBe(302);
    expect(audits()).toBe(before + 1);
    const [row] = queryRows<{ before: string; after: string; action: string }>(
      srv.dbPath,
      "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    expect(row?.action).toBe("update");
    expect(JSON.parse(row?.before ?? "{}").weightKg).toBe(64);
    expect(JSON.parse(row?.after ?? "{}").weightKg).toBe(62);
  });

  it.each([
    ["missing last name", { lastName: "" }, "lastName", /obligatoire/],
    ["birth date in the future", { birthDate: "2999-01-01" }, "birthDate", /futur/],
    ["weight 0 kg", { weightKg: "0" }, "weightKg", /au moins 1/],
    ["weight 700 kg", { weightKg: "700" }, "weightKg", /au plus 350/],
    ["unknown cancer type", { "primaryCancer.type": "unicorn" }, "primaryCancer.type", /inconnu/],
  ])(
    "refuses a patient with %s: 400 naming the field, nothing written",
    async (_l, change, field, reason) => {
      const [patientsBefore, auditsBefore] = [patientsCount(), audits()];
      const res = await postForm(
        srv.url,
        dataPath("/patients/new", "routes/patients.new"),
        { ...validPatient, hospitalId: "IT-BAD", ...change },
        { cookie: coordinator },
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { field: string; message: string }[] };
      const error = body.errors.find((e) => e.field === field);
      expect(error, JSON.stringify(body.errors)).toBeDefined();
      expect(error?.message).toMatch(reason);
      expect(patientsCount()).toBe(patientsBefore);
      expect(audits()).toBe(auditsBefore);
    },
  );

  it("refuses a hospital id already used on the board, on create and on edit", async () => {
    const [patientsBefore, auditsBefore] = [patientsCount(), audits()];
    const created = await postForm(
      srv.url,
      dataPath("/patients/new", "routes/patients.new"),
      { ...validPatient, hospitalId: "DEMO-0002" },
      { cookie: coordinator },
    );
    expect(created.status).toBe(400);
    const body = (await created.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({
        field: "hospitalId",
        message: expect.stringMatching(/existe déjà/),
      }),
    ]);
    const [p] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM patients WHERE hospital_id = 'DEMO-0003'",
    );
    const edited = await postForm(
      srv.url,
      `/patients/${p?.id}/edit`,
      { ...validPatient, hospitalId: "DEMO-0002" },
      { cookie: coordinator },
    );
    expect(edited.status).toBe(400);
    expect(countRows(srv.dbPath, "patients", "hospital_id = 'DEMO-0003'")).toBe(1);
    expect([patientsCount(), audits()]).toEqual([patientsBefore, auditsBefore]);
  });

  it("shows the field errors on the form page itself", async () => {
    const res = await postForm(
      srv.url,
      "/patients/new",
      { ...validPatient, weightKg: "700" },
      { cookie: coordinator },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain("doit être au plus 350");
  });

  it("forbids an observer to create or edit anything (403, nothing written)", async () => {
    const [p] = queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM patients LIMIT 1");
    const [c] = queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM cases LIMIT 1");
    const snapshot = () => [
      patientsCount(),
      audits(),
      countRows(srv.dbPath, "cases"),
      countRows(srv.dbPath, "users"),
    ];
    const before = snapshot();
    const attempts: [string, Record<string, string>][] = [
      ["/patients/new", { ...validPatient, hospitalId: "OBS-1" }],
      [`/patients/${p?.id}/edit`, { ...validPatient, hospitalId: "OBS-2" }],
      [`/patients/${p?.id}/cases/new`, validCase],
      [`/cases/${c?.id}/edit`, validCase],
      [
        "/admin/users",
        {
          intent: "create",
          email: "x@y.fr",
          displayName: "X",
          password: "long-enough-pw",
          role: "admin",
          rcpId: "1",
        },
      ],
    ];
    for (const [path, fields] of attempts) {
      const res = await postForm(srv.url, path, fields, { cookie: observer });
      expect(res.status, path).toBe(403);
    }
    expect((await get(srv.url, "/patients/new", observer)).status).toBe(403);
    expect((await get(srv.url, "/admin/audit", observer)).status).toBe(403);
    expect(snapshot()).toEqual(before);
    // Reading is allowed.
    expect((await get(srv.url, `/patients/${p?.id}`, observer)).status).toBe(200);
  });

  it("hides another board's patients and cases (404) and keeps them out of lists", async () => {
    const sqlite = new Database(srv.dbPath);
    let patientId = 0;
    let caseId = 0;
    try {
      sqlite.pragma("busy_timeout = 5000");
      const board = sqlite
        .prepare("INSERT INTO rcps (name, institution) VALUES ('RCP Sud', 'CH Sud')")
        .run();
      patientId = Number(
        sqlite
          .prepare(
            `INSERT INTO patients (rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer)
             VALUES (?, 'SUD-1', 'Ailleurs', 'Paul', '1950-01-01', 'M', '{"type":"kidney"}')`,
          )
          .run(board.lastInsertRowid).lastInsertRowid,
      );
      caseId = Number(
        sqlite
          .prepare(
            `INSERT INTO cases (patient_id, question, referring_physician, urgency, status)
             VALUES (?, 'Question Sud', 'Dr Sud', 'routine', 'ready')`,
          )
          .run(patientId).lastInsertRowid,
      );
    } finally {
      sqlite.close();
    }
    for (const path of [
      `/patients/${patientId}`,
      `/cases/${caseId}`,
      `/cases/${caseId}/board`,
      `/cases/${caseId}/history`,
    ]) {
      expect((await get(srv.url, path, coordinator)).status, path).toBe(404);
    }
    const edit = await postForm(srv.url, `/cases/${caseId}/edit`, validCase, {
      cookie: coordinator,
    });
    expect(edit.status).toBe(404);
    expect(await (await get(srv.url, "/patients?q=Ailleurs", coordinator)).text()).not.toContain(
      "AILLEURS",
    );
    expect(await (await get(srv.url, "/cases?q=Sud", coordinator)).text()).not.toContain(
      "Question Sud",
    );
    // Admins see every board.
    const admin = await signIn(srv.url, DEMO.admin);
    expect((await get(srv.url, `/patients/${patientId}`, admin)).status).toBe(200);
  });

  it("refuses a cross-site POST, and one without any origin", async () => {
    const before = [patientsCount(), audits()];
    const evil = await postForm(
      srv.url,
      "/patients/new",
      { ...validPatient, hospitalId: "CSRF-1" },
      {
        cookie: coordinator,
        origin: "https://evil.example",
      },
    );
    expect(evil.status).toBe(403);
    const none = await postForm(
      srv.url,
      "/patients/new",
      { ...validPatient, hospitalId: "CSRF-2" },
      {
        cookie: coordinator,
        origin: null,
      },
    );
    expect(none.status).toBe(403);
    expect([patientsCount(), audits()]).toEqual(before);
  });

  it("lets an admin create, re-role and deactivate a user; a deactivated user cannot sign in", async () => {
    const admin = await signIn(srv.url, DEMO.admin);
    const created = await postForm(
      srv.url,
      "/admin/users",
      {
        intent: "create",
        email: "nouvelle@osteoboard.local",
        displayName: "Dr Nouvelle",
        password: "une-phrase-de-passe",
        role: "physician",
        specialty: "spine_surgery",
        rcpId: "1",
      },
      { cookie: admin },
    );
    expect(created.status).toBe(200);
    const noSpecialty = await postForm(
      srv.url,
      dataPath("/admin/users", "routes/admin.users"),
      {
        intent: "create",
        email: "n2@osteoboard.local",
        displayName: "N2",
        password: "une-phrase-de-passe",
        role: "physician",
        rcpId: "1",
      },
      { cookie: admin },
    );
    expect(noSpecialty.status).toBe(400);
    const [u] = queryRows<{ id: number; role: string; specialty: string }>(
      srv.dbPath,
      "SELECT * FROM users WHERE email = 'nouvelle@osteoboard.local'",
    );
    expect(u?.specialty).toBe("spine_surgery");
    const cookie = await signIn(srv.url, {
      email: "nouvelle@osteoboard.local",
      password: "une-phrase-de-passe",
    });
    await postForm(
      srv.url,
      "/admin/users",
      { intent: "role", userId: String(u?.id), role: "observer" },
      { cookie: admin },
    );
    expect(
      countRows(srv.dbPath, "users", "id = ? AND role = 'observer' AND specialty IS NULL", u?.id),
    ).toBe(1);
    await postForm(
      srv.url,
      "/admin/users",
      { intent: "deactivate", userId: String(u?.id) },
      { cookie: admin },
    );
    expect((await get(srv.url, "/patients", cookie)).status).toBe(302);
    const again = await postForm(srv.url, "/login", {
      email: "nouvelle@osteoboard.local",
      password: "une-phrase-de-passe",
    });
    expect(again.status).toBe(401);
    expect(
      countRows(srv.dbPath, "audit_log", "entity = 'user' AND entity_id = ?", String(u?.id)),
    ).toBe(3);
  });

  it("lets an admin create a board, set its FE threshold and its members, each change audited", async () => {
    const admin = await signIn(srv.url, DEMO.admin);
    const before = audits();
    const created = await postForm(
      srv.url,
      "/admin/rcps",
      {
        intent: "create",
        name: "RCP OOS Nord",
        institution: "CH Nord",
        feFailureLoadBodyWeights: "3.5",
      },
      { cookie: admin },
    );
    expect(created.status).toBe(200);
    const [board] = queryRows<{ id: number; fe_failure_load_body_weights: number }>(
      srv.dbPath,
      "SELECT * FROM rcps WHERE name = 'RCP OOS Nord'",
    );
    expect(board?.fe_failure_load_body_weights).toBe(3.5);
    const [physician] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM users WHERE email = ?",
      DEMO.physician.email,
    );
    const member = { rcpId: String(board?.id), userId: String(physician?.id) };
    expect(
      (
        await postForm(
          srv.url,
          "/admin/rcps",
          { intent: "add-member", ...member },
          { cookie: admin },
        )
      ).status,
    ).toBe(200);
    // Adding twice changes nothing and writes no second row.
    await postForm(srv.url, "/admin/rcps", { intent: "add-member", ...member }, { cookie: admin });
    expect(countRows(srv.dbPath, "rcp_members", "rcp_id = ?", board?.id)).toBe(1);
    const bad = await postForm(
      srv.url,
      dataPath("/admin/rcps", "routes/admin.rcps"),
      {
        intent: "update",
        rcpId: String(board?.id),
        name: "RCP OOS Nord",
        institution: "CH Nord",
        feFailureLoadBodyWeights: "0",
      },
      { cookie: admin },
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(["feFailureLoadBodyWeights"]);
    await postForm(
      srv.url,
      "/admin/rcps",
      { intent: "remove-member", ...member },
      { cookie: admin },
    );
    expect(countRows(srv.dbPath, "rcp_members", "rcp_id = ?", board?.id)).toBe(0);
    expect(audits()).toBe(before + 3);
    // Only admins manage boards.
    const denied = await postForm(
      srv.url,
      "/admin/rcps",
      { intent: "add-member", ...member },
      { cookie: coordinator },
    );
    expect(denied.status).toBe(403);
    expect(countRows(srv.dbPath, "rcp_members", "rcp_id = ?", board?.id)).toBe(0);
  });

  it("switches the interface to English and back", async () => {
    const en = await postForm(
      srv.url,
      "/language",
      { locale: "en", redirectTo: "/patients" },
      { cookie: coordinator },
    );
    expect(en.status).toBe(302);
    expect(en.headers.get("set-cookie")).toMatch(/ob_lang=en/);
    const page = await (await get(srv.url, "/patients", `${coordinator}; ob_lang=en`)).text();
    expect(page).toContain('lang="en"');
    expect(page).toContain("New patient");
    const fr = await (await get(srv.url, "/patients", `${coordinator}; ob_lang=fr`)).text();
    expect(fr).toContain("Nouveau patient");
  });
});

describe("foundation: sign-in rate limit", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ env: { LOGIN_MAX_FAILURES: "3", SEED_DEMO: "true" } });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("blocks sign-in after repeated failures, even with the right password", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await postForm(srv.url, "/login", {
        email: DEMO.admin.email,
        password: `wrong-${i}`,
      });
      expect(res.status).toBe(401);
    }
    const blocked = await postForm(srv.url, "/login", {
      email: DEMO.admin.email,
      password: "wrong-again",
    });
    expect(blocked.status).toBe(429);
    const right = await postForm(srv.url, "/login", DEMO.admin);
    expect(right.status).toBe(429);
  });
});

describe("foundation: restart", () => {
  it("keeps every row across a restart and does not seed twice", async () => {
    const first = await startServer();
    const cookie = await signIn(first.url, DEMO.coordinator);
    const res = await postForm(
      first.url,
      "/patients/new",
      { ...validPatient, hospitalId: "RST-1" },
      { cookie },
    );
    expect(res.status).toBe(302);
    const counts = () =>
      ["users", "patients", "cases", "audit_log", "rcps"].map((t) => countRows(first.dbPath, t));
    const before = counts();
    await first.stop();
    const second = await startServer({ dbPath: first.dbPath });
    try {
      expect(counts()).toEqual(before);
      expect(second.output()).not.toContain("seeded demo board");
      const again = await signIn(second.url, DEMO.coordinator);
      expect(await (await get(second.url, "/patients?q=RST-1", again)).text()).toContain("TESTEUR");
    } finally {
      await second.stop();
    }
  });
});
