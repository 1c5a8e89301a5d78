// The demo seed (server/seed/, docs/decisions/050): its JSON fixtures parse with the record and
// board schemas, a malformed one is refused with the file and field named before anything is
// written, and a fresh SQLite file gets the demo data once.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCookie } from "@remix-run/node";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { boardAssessments, dissociatedResponse } from "../../app/domain/board/schema";
import { discussionCaseIds, readBoard } from "../../app/domain/board/ydoc";
import { countAudit } from "../../db/audit";
import { firstCaseOfHospitalId } from "../../db/cases";
import { createCollabStore } from "../../db/collab";
import { type Db, openDb, type Sqlite } from "../../db/index";
import { countPatients } from "../../db/patients";
import { listRcps, rcpMembersOf } from "../../db/rcps";
import { countUsers, findUserByEmail } from "../../db/users";
import { verifyPassword } from "../../server/auth/password";
import type { RawFixtures } from "../../server/seed/fixtures";
import { DEMO_FIXTURES, FixtureError, parseFixtures, seedDemo } from "../../server/seed/index";
import { readBtaSequence } from "../../server/usecases/bta";
import type { AppContext } from "../../server/usecases/context";
import { rcpMeetingSettings } from "../../server/usecases/rcps";
import { caseReadinessFor, readinessOfCases } from "../../server/usecases/readiness";

const NOW = new Date("2026-11-30T09:00:00.000Z");

/** The use-case context the server builds (server/index.ts), on this file and clock. */
const ctxAt = (db: Db, sqlite: Sqlite, now: Date): AppContext => ({
  db,
  sqlite,
  sessionCookie: createCookie("test_session", { secrets: ["test"] }),
  sessionTtlHours: 1,
  now: () => now,
  timeZone: "Europe/Paris",
  dataDir: ".",
});
const TODAY = "2026-11-30";

/** A deep copy of the fixtures with one file's JSON changed by `edit`. */
function withEdit(file: keyof RawFixtures, edit: (json: unknown) => void): RawFixtures {
  const copy = structuredClone(DEMO_FIXTURES);
  edit(copy[file]);
  return copy;
}

type Obj = { [key: string]: unknown };
function obj(v: unknown): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not an object");
  return v as Obj;
}
function at(v: unknown, i: number): Obj {
  if (!Array.isArray(v)) throw new Error("not an array");
  return obj(v[i]);
}

function refusal(raw: RawFixtures): FixtureError {
  try {
    parseFixtures(raw, TODAY);
  } catch (e) {
    if (e instanceof FixtureError) return e;
    throw e;
  }
  throw new Error("the fixtures were accepted");
}

describe("demo fixtures", () => {
  it("parse: one RCP, six users (one per role, three physicians), eleven patients with a case each, eleven boards", () => {
    const f = parseFixtures(DEMO_FIXTURES, TODAY);
    expect(f.rcps.map((r) => r.name)).toEqual(["RCP OOS — CHU de démonstration"]);
    expect(f.users.map((u) => u.role).sort()).toEqual([
      "admin",
      "coordinator",
      "observer",
      "physician",
      "physician",
      "physician",
    ]);
    expect(f.patients.patients).toHaveLength(11);
    expect(f.patients.patients.flatMap((p) => p.cases)).toHaveLength(11);
    expect(f.boards.boards).toHaveLength(11);
    expect(f.boards.boards.find((b) => b.hospitalId === "DEMO-0007")?.lesions).toHaveLength(4);
  });

  it("refuses a physician without a specialty, naming users.json and the field", () => {
    const raw = withEdit("users.json", (users) => {
      const bernard = at(users, 2);
      expect(bernard.email).toBe("h.bernard@osteoboard.local");
      delete bernard.specialty;
    });
    const e = refusal(raw);
    expect(e.file).toBe("users.json");
    expect(e.message).toContain("server/seed/fixtures/users.json: [2].specialty: errors.required");
  });

  it("refuses an unknown urgency and a clearance measured after today, naming each field", () => {
    const raw = withEdit("patients.json", (f) => {
      const first = at(obj(f).patients, 0);
      first.creatinineClearanceDate = "2026-12-01";
      at(first.cases, 0).urgency = "asap";
    });
    const e = refusal(raw);
    expect(e.file).toBe("patients.json");
    expect(e.issues.map((i) => i.path).sort()).toEqual([
      "patients[0].cases[0].urgency",
      "patients[0].creatinineClearanceDate",
    ]);
    expect(e.message).toContain("errors.date_future");
  });

  it("refuses a lesion on an unknown site and an option proposed by someone who is not a user", () => {
    const raw = withEdit("boards.json", (f) => {
      const lesions = at(obj(f).boards, 0).lesions;
      obj(at(lesions, 0).lesion).siteId = "femur.elbow";
      at(at(lesions, 1).options, 0).by = "stranger@example.org";
    });
    const e = refusal(raw);
    expect(e.file).toBe("boards.json");
    expect(e.issues.map((i) => i.path)).toEqual([
      "boards[0].lesions[0].lesion.siteId",
      "boards[0].lesions[1].options[0].by",
    ]);
  });

  it("refuses a board for a case its patient does not have", () => {
    const e = refusal(
      withEdit("boards.json", (f) => Object.assign(at(obj(f).boards, 0), { caseIndex: 1 })),
    );
    expect(e.message).toBe(
      "server/seed/fixtures/boards.json: boards[0].caseIndex: DEMO-0001 has 1 case(s) in patients.json",
    );
  });

  it("refuses a lesion id in a fixture: the seed sets it from the case", () => {
    const raw = withEdit("boards.json", (f) => {
      obj(at(at(obj(f).boards, 0).lesions, 0).lesion).id = "mine";
    });
    expect(refusal(raw).issues).toEqual([
      { path: "boards[0].lesions[0].lesion.id", message: "set by the seed: leave it out" },
    ]);
  });

  it("names the file when a key points nowhere (patients filed under an RCP that is not listed)", () => {
    const e = refusal(withEdit("patients.json", (f) => Object.assign(obj(f), { rcp: "nowhere" })));
    expect(e.file).toBe("patients.json");
    expect(e.issues.map((i) => i.path)).toEqual(["rcp"]);
  });
});

describe("seedDemo on a fresh SQLite file", () => {
  let open: { db: Db; sqlite: Sqlite } | undefined;
  const fresh = () => {
    open = openDb(join(mkdtempSync(join(tmpdir(), "osteoboard-seed-")), "osteoboard.db"));
    return open;
  };
  afterEach(() => {
    open?.sqlite.close();
    open = undefined;
  });

  it("writes the demo data once, each record with its audit row, and a second call seeds nothing", async () => {
    const { db, sqlite } = fresh();
    expect(await seedDemo(ctxAt(db, sqlite, NOW))).toEqual({
      users: 6,
      patients: 11,
      cases: 11,
      boards: 11,
      meetings: 2,
    });
    const rcps = listRcps(db, null);
    expect(rcps).toHaveLength(1);
    expect(rcps[0]?.feFailureLoadBodyWeights).toBe(3);
    expect(rcpMembersOf(db, rcps[0]?.id ?? 0)).toHaveLength(6);
    expect(countUsers(db)).toBe(6);
    expect(countPatients(db)).toBe(11);
    // 1 RCP and its meeting settings + 6 users + 11 patients + 11 cases + 53 BTA events (M.
    // Garnier's initiation and 39 doses; M. Lambert's initiation; Mme Blanc's initiation, 6 doses
    // and pause; Mme Fabre's initiation, 2 doses and stop) + last week's meeting (plan, chair, two
    // cases, three present, open, two signatures, close: 11) + the week since (Mme Blanc's nailing
    // booked, then recorded done as a planned skeletal event; Sarah Chevalier's fracture: 3) + the
    // planned meeting (plan, chair, three cases on the agenda), each through its use case.
    expect(countAudit(db)).toBe(2 + 6 + 11 + 11 + 53 + 11 + 3 + 5);
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT count(*) AS n FROM bta_events")).toBe(40 + 1 + 8 + 4);
    expect(count("SELECT count(*) AS n FROM cases")).toBe(11);
    expect(count("SELECT count(*) AS n FROM board_snapshots")).toBe(22);

    expect(await seedDemo(ctxAt(db, sqlite, new Date("2026-12-07T09:00:00.000Z")))).toBeNull();
    expect(countUsers(db)).toBe(6);
    expect(countAudit(db)).toBe(102);
    expect(count("SELECT count(*) AS n FROM board_snapshots")).toBe(22);
  });

  it("plans one meeting of the demo RCP next week: chair Dr Bernard, three cases (one late), attendance unmarked", async () => {
    const { db, sqlite } = fresh();
    await seedDemo(ctxAt(db, sqlite, NOW));
    const rows = (sql: string) => sqlite.prepare(sql).all() as Record<string, unknown>[];
    const meetings = rows("SELECT * FROM meetings WHERE status = 'planned'");
    expect(meetings).toHaveLength(1);
    // NOW is 30/11/2026 in Paris: a week later.
    expect(meetings[0]).toMatchObject({ date: "2026-12-07", time: "14:00", status: "planned" });
    const bernard = findUserByEmail(db, "h.bernard@osteoboard.local");
    expect(meetings[0]?.chair_user_id).toBe(bernard?.id);
    const agenda = rows(
      `SELECT p.hospital_id AS hospitalId, a.late, a.outcome, a.position FROM agenda_items a
       JOIN cases c ON c.id = a.case_id JOIN patients p ON p.id = c.patient_id
       WHERE a.meeting_id = ${Number(meetings[0]?.id)} ORDER BY a.position`,
    );
    // DEMO-0004's case is a draft: on the agenda "hors délai" (docs/meetings.md §2).
    expect(agenda).toEqual([
      { hospitalId: "DEMO-0001", late: 0, outcome: "pending", position: 0 },
      { hospitalId: "DEMO-0003", late: 0, outcome: "pending", position: 1 },
      { hospitalId: "DEMO-0004", late: 1, outcome: "pending", position: 2 },
    ]);
    expect(
      rows(`SELECT * FROM meeting_attendees WHERE meeting_id = ${Number(meetings[0]?.id)}`),
    ).toEqual([]);
  });

  it("holds last week's meeting: closed, M. Garnier's case signed with quorum, its radiotherapy planned", async () => {
    const { db, sqlite } = fresh();
    await seedDemo(ctxAt(db, sqlite, NOW));
    const rows = (sql: string) => sqlite.prepare(sql).all() as Record<string, unknown>[];
    // NOW is 30/11/2026 in Paris: a week before.
    const [held] = rows("SELECT * FROM meetings WHERE status = 'closed'");
    expect(held).toMatchObject({ date: "2026-11-23", time: "14:00" });
    const versions = rows(
      `SELECT v.version, v.quorum_met, p.hospital_id FROM decision_versions v
       JOIN patients p ON p.id = v.patient_id`,
    );
    expect(versions).toEqual([
      { version: 1, quorum_met: 1, hospital_id: "DEMO-0002" },
      { version: 1, quorum_met: 1, hospital_id: "DEMO-0008" },
    ]);
    const body = JSON.parse(String(rows("SELECT body FROM decision_versions")[0]?.body)) as {
      decision: { systemic: { action: string }; decidedOn: string };
      signedAt: string;
    };
    expect(body.decision.systemic.action).toBe("continue");
    expect(body.decision.decidedOn).toBe("2026-11-23");
    // Signed during the meeting, 14:25 in Paris (UTC+1 in November).
    expect(body.signedAt).toBe("2026-11-23T13:25:00.000Z");
    expect(rows("SELECT action, state, target_date, done_date FROM plan_items")).toEqual([
      {
        action: "rt.singleFraction8Gy",
        state: "planned",
        target_date: "2026-12-07",
        done_date: null,
      },
      // Mme Blanc's: the sacral radiotherapy due 3 days after the meeting, never booked (overdue),
      // and the nailing, done 3 days before now (server/seed/follow-through.ts).
      {
        action: "rt.singleFraction8Gy",
        state: "planned",
        target_date: "2026-11-26",
        done_date: null,
      },
      {
        action: "surgery.prophylacticNailing",
        state: "done",
        target_date: "2026-11-30",
        done_date: "2026-11-27",
      },
    ]);
    expect(
      rows(
        "SELECT status FROM cases c JOIN patients p ON p.id = c.patient_id WHERE p.hospital_id = 'DEMO-0002'",
      ),
    ).toEqual([{ status: "discussed" }]);
  });

  it("seeds a BTA sequence in each state, the acts the signed decisions planned, and a planned and an emergency skeletal event", async () => {
    const { db, sqlite } = fresh();
    const ctx = ctxAt(db, sqlite, NOW);
    await seedDemo(ctx);
    const patientOf = (hospitalId: string) =>
      (
        sqlite.prepare("SELECT id FROM patients WHERE hospital_id = ?").get(hospitalId) as {
          id: number;
        }
      ).id;
    const status = (hospitalId: string) => readBtaSequence(ctx, patientOf(hospitalId));
    expect(status("DEMO-0002").state.status).toBe("active");
    expect(status("DEMO-0008").state.status).toBe("paused");
    expect(status("DEMO-0006").state.status).toBe("stopped");
    expect(status("DEMO-0001").state.status).toBe("none");
    // M. Lambert started denosumab on 19/10/2026, every 4 weeks: due 16/11, not given by 30/11.
    const lambert = status("DEMO-0010");
    expect(lambert.state.status).toBe("active");
    expect(lambert.followUp.nextDoseDate).toBe("2026-11-16");
    const rows = (sql: string) => sqlite.prepare(sql).all() as Record<string, unknown>[];
    expect(
      rows(
        `SELECT p.hospital_id, b.kind, b.state FROM bta_planned b
         JOIN patients p ON p.id = b.patient_id ORDER BY b.id`,
      ),
    ).toEqual([
      { hospital_id: "DEMO-0002", kind: "dose_given", state: "open" },
      { hospital_id: "DEMO-0008", kind: "resume", state: "open" },
    ]);
    expect(
      rows(
        `SELECT p.hospital_id, s.kind, s.date, s.planned, s.plan_item_id IS NOT NULL AS fromItem
         FROM skeletal_events s JOIN patients p ON p.id = s.patient_id ORDER BY s.id`,
      ),
    ).toEqual([
      {
        hospital_id: "DEMO-0008",
        kind: "surgeryToBone",
        date: "2026-11-27",
        planned: 1,
        fromItem: 1,
      },
      {
        hospital_id: "DEMO-0007",
        kind: "pathologicalFracture",
        date: "2026-11-28",
        planned: 0,
        fromItem: 0,
      },
    ]);
  });

  it("gives the demo RCP its Tuesday 14:00 meeting and a required surgeon", async () => {
    const { db, sqlite } = fresh();
    const ctx = ctxAt(db, sqlite, NOW);
    await seedDemo(ctx);
    const settings = rcpMeetingSettings(ctx, listRcps(db, null)[0]?.id ?? 0);
    expect(settings.calendar?.weekly).toMatchObject({
      weekday: 2,
      time: "14:00",
      place: "Salle de staff, bâtiment B",
    });
    expect(settings.calendar?.weekly?.videoLink).toMatch(/^https:\/\//);
    expect(settings.requiredSpecialties).toEqual([
      { anyOf: ["orthopaedic_surgery", "spine_surgery"] },
    ]);
  });

  it("seeds ready and not-ready cases, each not-ready one for a reason a coordinator can fix", async () => {
    const { db, sqlite } = fresh();
    const ctx = ctxAt(db, sqlite, NOW);
    await seedDemo(ctx);
    const idOf = (hospitalId: string) => firstCaseOfHospitalId(db, hospitalId) ?? 0;
    const codes = (hospitalId: string) =>
      caseReadinessFor(ctx, idOf(hospitalId)).missing.map((m) => m.code);
    // Mme Moreau (femoral neck, L2, rib) and Mme Nguyen (T11, T7, humerus): every score given.
    expect(caseReadinessFor(ctx, idOf("DEMO-0001"))).toEqual({ ready: true, missing: [] });
    expect(caseReadinessFor(ctx, idOf("DEMO-0003"))).toEqual({ ready: true, missing: [] });
    // The renal femoral lesion waits for its imaging (draft case, no imaging date yet).
    expect(codes("DEMO-0004")).toEqual(["imagingDate"]);
    // The T4 lesion beside the proximal humerus has no SINS yet.
    expect(codes("DEMO-0009")).toEqual(["lesionScoresMissing"]);
    const all = readinessOfCases(
      ctx,
      Array.from({ length: 11 }, (_, i) => idOf(`DEMO-${String(i + 1).padStart(4, "0")}`)),
    );
    expect([...all.values()].filter((r) => r.ready).length).toBeGreaterThanOrEqual(2);
  });

  it("keeps the demo passwords the README lists", async () => {
    const { db, sqlite } = fresh();
    await seedDemo(ctxAt(db, sqlite, NOW));
    const bernard = findUserByEmail(db, "h.bernard@osteoboard.local");
    expect(bernard?.specialty).toBe("orthopaedic_surgery");
    expect(await verifyPassword(bernard?.passwordHash, "medecin-demo-2026")).toBe(true);
    const admin = findUserByEmail(db, "admin@osteoboard.local");
    expect(await verifyPassword(admin?.passwordHash, "admin-demo-2026")).toBe(true);
  });

  it("stores Sarah Chevalier's board in two states, 6 and 2 days before now, with her dissociated response", async () => {
    const { db, sqlite } = fresh();
    await seedDemo(ctxAt(db, sqlite, NOW));
    const caseId = firstCaseOfHospitalId(db, "DEMO-0007") ?? 0;
    const store = createCollabStore(sqlite);
    // The board lives in Sarah Chevalier's lesion map (decision 072), with her case's discussion.
    const patientId = store.patientOfCase(caseId) ?? 0;
    const states = store.listSnapshots(patientId, 10);
    expect(states.map((s) => s.createdAt)).toEqual([
      "2026-11-28T09:00:00.000Z",
      "2026-11-24T09:00:00.000Z",
    ]);
    const bernard = findUserByEmail(db, "h.bernard@osteoboard.local")?.id;
    const haddad = findUserByEmail(db, "k.haddad@osteoboard.local")?.id;
    expect(states[0]?.editors).toEqual([bernard, haddad].sort());

    const doc = new Y.Doc();
    const stored = store.loadBoard(patientId);
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
    for (const u of stored.tail) Y.applyUpdate(doc, u.update);
    const board = readBoard(doc, caseId);
    expect(board.invalid).toEqual([]);
    expect(board.discussion).not.toBe("");
    expect(discussionCaseIds(doc)).toEqual([caseId]);
    const humerus = board.lesions.find((l) => l.siteId === "humerus.diaphysis");
    const result = dissociatedResponse(boardAssessments(board.lesions));
    expect(result.dates.map((d) => d.imagingDate)).toEqual(["2026-11-05"]);
    expect(result.dates[0]?.progressingLesionIds).toEqual([humerus?.id]);
    expect(result.dates[0]?.respondingLesionIds).toHaveLength(3);
  });

  it("writes nothing when a fixture is malformed", async () => {
    const { db, sqlite } = fresh();
    const raw = withEdit("boards.json", (f) => Object.assign(obj(f), { workUpDaysAgo: 9 }));
    await expect(seedDemo(ctxAt(db, sqlite, NOW), raw)).rejects.toThrow(
      "boards.json: workUpDaysAgo: the work-up comes after the first look",
    );
    expect(countUsers(db)).toBe(0);
    expect(countPatients(db)).toBe(0);
  });
});
