// Issue 10 item 8, over HTTP against the real server and its seeded demo RCP: the search finds a
// patient by any part of the name in any order, each create says so once after its redirect (and
// nothing else can be made to appear there), and empty lists say what to do next.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const newPatient = {
  hospitalId: "FIND-0001",
  lastName: "Lefèvre",
  firstName: "Hélène",
  birthDate: "1958-07-14",
  sex: "F",
  "primaryCancer.type": "lung",
  "primaryCancer.histology": "adenocarcinoma",
  "primaryCancer.driver": "EGFR",
  cancerDiagnosisDate: "2024-02-01",
  boneMetastasisDiagnosisDate: "2024-06-01",
  weightKg: "61.5",
  ecog: "1",
  karnofsky: "80",
  systemicTreatment: "none",
  systemicTreatmentDetail: "",
  creatinineClearanceMlMin: "72",
  creatinineClearanceDate: "2026-10-01",
  survivalBand: "1_2y",
  wishes: "",
};

/** The `name=value` of a Set-Cookie header for `name`, or null. */
function cookieFrom(res: Response, name: string): string | null {
  const header = res.headers.get("set-cookie") ?? "";
  return header.match(new RegExp(`${name}=[^;]*`))?.[0] ?? null;
}

/** The text of the page's role="status" regions (the confirmations), tags dropped. */
function statusText(html: string): string {
  return [...html.matchAll(/<div role="status"[^>]*>(.*?)<\/div>/g)]
    .map((m) => m[1])
    .filter(Boolean)
    .join("|");
}

describe("finding and feedback", () => {
  let srv: TestServer;
  let coordinator: string;
  let admin: string;

  beforeAll(async () => {
    srv = await startServer();
    coordinator = await signIn(srv.url, DEMO.coordinator);
    admin = await signIn(srv.url, DEMO.admin);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  const patientNames = async (q: string, cookie = coordinator) => {
    const path = dataPath(`/patients?q=${encodeURIComponent(q)}`, "routes/patients._index");
    const res = await get(srv.url, path, cookie);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { patients: { hospitalId: string }[] };
    return body.patients.map((p) => p.hospitalId);
  };
  const caseHospitalIds = async (q: string) => {
    const path = dataPath(`/cases?q=${encodeURIComponent(q)}`, "routes/cases._index");
    const res = await get(srv.url, path, coordinator);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cases: { patient: { hospitalId: string } }[] };
    return [...new Set(body.cases.map((c) => c.patient.hospitalId))];
  };

  it.each(["chevalier sarah", "sarah chevalier", "chev sar", "DEMO-0007", "Sarah CHEVALIER"])(
    "finds Sarah Chevalier in the patient and case lists with %j",
    async (q) => {
      expect(await patientNames(q)).toEqual(["DEMO-0007"]);
      expect(await caseHospitalIds(q)).toEqual(["DEMO-0007"]);
    },
  );

  it("finds nothing, and says what to do, when a word matches no patient", async () => {
    expect(await patientNames("chevalier zzzz")).toEqual([]);
    const html = await (await get(srv.url, "/patients?q=zzzz", coordinator)).text();
    expect(html).toContain("Aucun patient ne correspond à « zzzz ».");
    expect(html).toContain("Effacer la recherche");
    expect(html).toContain('href="/patients/new"');
    const cases = await (await get(srv.url, "/cases?q=zzzz", coordinator)).text();
    expect(cases).toContain("Aucun dossier ne correspond à ces critères.");
    expect(cases).toContain("Effacer les filtres");
    const english = await (
      await get(srv.url, "/patients?q=zzzz", `${coordinator}; ob_lang=en`)
    ).text();
    expect(english).toContain("No patient matches “zzzz”.");
    expect(english).toContain("Clear the search");
  });

  it("confirms a new patient once, after the redirect, then finds her without accents", async () => {
    const res = await postForm(srv.url, "/patients/new", newPatient, { cookie: coordinator });
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/patients\/\d+$/);
    const flash = cookieFrom(res, "ob_flash");
    expect(flash).not.toBeNull();

    const page = await get(srv.url, location, `${coordinator}; ${flash}`);
    expect(statusText(await page.text())).toBe("Patient créé.");
    // The page clears the flash; a reload (the browser sends no flash cookie now) shows nothing.
    expect(page.headers.get("set-cookie")).toMatch(/ob_flash=;.*Max-Age=0/i);
    const reload = await get(srv.url, location, coordinator);
    expect(statusText(await reload.text())).toBe("");

    expect(await patientNames("helene lefevre")).toEqual(["FIND-0001"]);
    expect(await patientNames("LEFÈVRE")).toEqual(["FIND-0001"]);
  });

  it("confirms a new case once, after the redirect", async () => {
    const [p] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM patients WHERE hospital_id = 'DEMO-0007'",
    );
    const res = await postForm(
      srv.url,
      `/patients/${p?.id}/cases/new`,
      {
        question: "Contrôle à 3 mois ?",
        referringPhysician: "Dr Test",
        urgency: "routine",
        status: "draft",
        btaInQuestion: "no",
      },
      { cookie: coordinator },
    );
    expect(res.status).toBe(302);
    const flash = cookieFrom(res, "ob_flash");
    const page = await get(srv.url, res.headers.get("location") ?? "", `${coordinator}; ${flash}`);
    expect(statusText(await page.text())).toBe("Dossier créé.");
  });

  it("shows no confirmation for a refused create (duplicate hospital id)", async () => {
    const res = await postForm(srv.url, "/patients/new", newPatient, { cookie: coordinator });
    expect(res.status).toBe(400);
    expect(cookieFrom(res, "ob_flash")).toBeNull();
  });

  it("cannot be made to show any other text through a forged flash cookie", async () => {
    // Cookie values made by createCookie are base64 of JSON (Remix cookies docs).
    const forged = Buffer.from(JSON.stringify("Piraté : appelez le 0800")).toString("base64");
    const page = await get(srv.url, "/patients", `${coordinator}; ob_flash=${forged}`);
    const html = await page.text();
    expect(html).not.toContain("Piraté");
    expect(statusText(html)).toBe("");
  });

  it("confirms the admin creates (RCP, account), and an empty RCP's lists say what to do", async () => {
    const rcp = await postForm(
      srv.url,
      "/admin/rcps",
      { intent: "create", name: "RCP Vide", institution: "CH Vide", feFailureLoadBodyWeights: "3" },
      { cookie: admin },
    );
    expect(rcp.status).toBe(200);
    expect(statusText(await rcp.text())).toContain("RCP créée.");
    const [empty] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM rcps WHERE name = 'RCP Vide'",
    );
    const who = { email: "vide@osteoboard.local", password: "une-phrase-de-passe" };
    const account = await postForm(
      srv.url,
      "/admin/users",
      {
        intent: "create",
        email: who.email,
        displayName: "Coordination Vide",
        password: who.password,
        role: "coordinator",
        rcpId: String(empty?.id),
      },
      { cookie: admin },
    );
    expect(account.status).toBe(200);
    expect(statusText(await account.text())).toContain("Compte créé.");
    // Another admin action on the same page is not a create: no confirmation.
    const [created] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM users WHERE email = ?",
      who.email,
    );
    const role = await postForm(
      srv.url,
      "/admin/users",
      { intent: "role", userId: String(created?.id), role: "coordinator" },
      { cookie: admin },
    );
    expect(role.status).toBe(200);
    expect(statusText(await role.text())).toBe("");

    const alone = await signIn(srv.url, who);
    const patients = await (await get(srv.url, "/patients", alone)).text();
    expect(patients).toContain("Aucun patient pour l&#x27;instant.");
    expect(patients).toContain("Créez le premier patient avec « Nouveau patient ».");
    const cases = await (await get(srv.url, "/cases", alone)).text();
    expect(cases).toContain("Aucun dossier pour l&#x27;instant.");
    expect(cases).toContain('href="/patients"');
  });
});
