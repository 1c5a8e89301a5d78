// Patient and case search on a real SQLite file opened as the server opens it (openDb, with its
// migrations and the search_fold function): every word of the search box must be found in a
// name, the hospital id (or, for cases, the question), in any order, ignoring case and accents.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCases } from "../../db/cases";
import { type Db, openDb, type Sqlite } from "../../db/index";
import { listPatients } from "../../db/patients";

let db: Db;
let sqlite: Sqlite;

const PEOPLE: [hospitalId: string, lastName: string, firstName: string][] = [
  ["DEMO-0007", "Chevalier", "Sarah"],
  ["DEMO-0008", "Sarazin", "Paul"],
  ["DEMO-0009", "Lefèvre", "Hélène"],
  ["LK-1", "Taux 50%", "Pourcent"],
  ["LK-2", "Taux 500", "Leurre"],
  ["LK-3", "Code a_b", "Souligne"],
  ["LK-4", "Code axb", "Leurre"],
  ["LK-5", "Chemin back\\slash", "Barre"],
  ["LK-6", "Chemin backslash", "Leurre"],
];

beforeAll(() => {
  ({ db, sqlite } = openDb(join(mkdtempSync(join(tmpdir(), "osteoboard-search-")), "s.db")));
  sqlite
    .prepare("INSERT INTO rcps (id, name, institution) VALUES (1, 'RCP OOS Nord', 'CHU Nord')")
    .run();
  const patient = sqlite.prepare(
    `INSERT INTO patients (id, rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer)
     VALUES (?, 1, ?, ?, ?, '1960-05-01', 'F', '{"type":"breast"}')`,
  );
  const kase = sqlite.prepare(
    `INSERT INTO cases (patient_id, question, referring_physician, urgency, status)
     VALUES (?, ?, 'Dr Test', 'routine', 'draft')`,
  );
  PEOPLE.forEach(([hospitalId, lastName, firstName], i) => {
    patient.run(i + 1, hospitalId, lastName, firstName);
    kase.run(i + 1, i === 0 ? "Cimentoplastie de L2 ?" : `Question ${i + 1}`);
  });
});

afterAll(() => sqlite.close());

const patientsFound = (q: string) => listPatients(db, null, q).map((p) => p.hospitalId);
const casesFound = (q: string) =>
  listCases(db, { rcpIds: null, q }).map((r) => r.patient.hospitalId);

describe("patient search", () => {
  it.each([
    "chevalier sarah",
    "sarah chevalier",
    "chev sar",
    "SAR CHEV",
    "DEMO-0007",
    "demo-0007 sarah",
    "  chevalier   sarah  ",
  ])("finds Sarah Chevalier alone with %j", (q) => {
    expect(patientsFound(q)).toEqual(["DEMO-0007"]);
  });

  it("needs every word to match: 'sar' alone finds both Sarah Chevalier and Paul Sarazin", () => {
    expect(patientsFound("sar").sort()).toEqual(["DEMO-0007", "DEMO-0008"]);
    expect(patientsFound("sar paul")).toEqual(["DEMO-0008"]);
  });

  it("finds nothing when one word matches nobody", () => {
    expect(patientsFound("chevalier zzz")).toEqual([]);
    expect(patientsFound("dupont")).toEqual([]);
  });

  it("ignores accents both ways: helene finds Hélène, LEFEVRE finds Lefèvre", () => {
    expect(patientsFound("helene")).toEqual(["DEMO-0009"]);
    expect(patientsFound("LEFEVRE")).toEqual(["DEMO-0009"]);
    expect(patientsFound("Hélène Lefèvre")).toEqual(["DEMO-0009"]);
    expect(patientsFound("HÉLÈNE")).toEqual(["DEMO-0009"]);
  });

  it.each([
    ["50%", "LK-1"],
    ["a_b", "LK-3"],
    ["back\\slash", "LK-5"],
    ["taux 50%", "LK-1"],
  ])("searches %j literally (LIKE wildcards escaped)", (q, hospitalId) => {
    expect(patientsFound(q)).toEqual([hospitalId]);
  });

  it("lists everyone for an empty or blank search", () => {
    expect(patientsFound("")).toHaveLength(PEOPLE.length);
    expect(patientsFound("   ")).toHaveLength(PEOPLE.length);
  });
});

describe("case search", () => {
  it.each(["chevalier sarah", "sarah chevalier", "chev sar", "DEMO-0007"])(
    "finds Sarah Chevalier's case with %j",
    (q) => {
      expect(casesFound(q)).toEqual(["DEMO-0007"]);
    },
  );

  it("matches words across the patient's name and the question", () => {
    expect(casesFound("cimentoplastie")).toEqual(["DEMO-0007"]);
    expect(casesFound("sarah cimentoplastie l2")).toEqual(["DEMO-0007"]);
    expect(casesFound("paul cimentoplastie")).toEqual([]);
  });

  it.each([
    ["50%", "LK-1"],
    ["a_b", "LK-3"],
    ["back\\slash", "LK-5"],
  ])("searches %j literally", (q, hospitalId) => {
    expect(casesFound(q)).toEqual([hospitalId]);
  });
});
