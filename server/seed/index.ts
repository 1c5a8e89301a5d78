// The demo RCP seeded on the first start (issues 2 and 5, SEED_DEMO=true): one user per role,
// fictional patients with realistic bone-metastasis histories and their cases, and a live case
// board per case. The data are the JSON files in fixtures/ (every name, identifier, date and
// finding there is invented); this module parses them and writes them through db/.
import { createCollabStore } from "../../db/collab";
import { countUsers } from "../../db/users";
import { hashPassword } from "../auth/password";
import { type AppContext, todayOf } from "../usecases/context";
import { writeCaseBoards } from "./case-boards";
import { parseFixtures, type RawFixtures } from "./fixtures";
import boards from "./fixtures/boards.json";
import meetings from "./fixtures/meetings.json";
import patients from "./fixtures/patients.json";
import rcps from "./fixtures/rcps.json";
import users from "./fixtures/users.json";
import { writeFollowThrough } from "./follow-through";
import { writeMeetings } from "./meetings";
import { writePastMeeting } from "./past-meeting";
import { writeRecords } from "./records";

export { FixtureError, parseFixtures } from "./fixtures";

/** The fixture files as read, unparsed (static imports, so a bundled server carries them). */
export const DEMO_FIXTURES: RawFixtures = {
  "rcps.json": rcps,
  "users.json": users,
  "patients.json": patients,
  "boards.json": boards,
  "meetings.json": meetings,
};

export interface DemoSeeded {
  users: number;
  patients: number;
  cases: number;
  boards: number;
  meetings: number;
}

/**
 * Seeds the demo data if the database has no user yet; returns what it wrote, or null. The
 * fixtures are parsed before anything is written (a malformed one throws a FixtureError naming
 * the file and field), and every row goes in one transaction, so a crash leaves no half seed.
 * `now` places the case boards' two stored states (boards.json: days before now) and bounds the
 * patients' dates.
 */
export async function seedDemo(
  ctx: AppContext,
  raw: RawFixtures = DEMO_FIXTURES,
): Promise<DemoSeeded | null> {
  if (countUsers(ctx.db) > 0) return null;
  const now = ctx.now();
  // Dates are bounded by the clinic's today, as the forms bound them (server/usecases/context.ts).
  const fixtures = parseFixtures(raw, todayOf(ctx));
  const hashes = await Promise.all(fixtures.users.map((u) => hashPassword(u.password)));
  return ctx.db.transaction((tx) => {
    if (countUsers(tx) > 0) return null;
    // The use cases run inside this one transaction (theirs become savepoints).
    const records = writeRecords({ ...ctx, db: tx }, fixtures, hashes);
    // The store writes on the same connection, so inside this transaction.
    const store = createCollabStore(ctx.sqlite);
    const written = writeCaseBoards(store, fixtures.boards, records, now);
    // Last week's meeting, held and signed (issue 11 demo data), then next week's, planned.
    const held = writePastMeeting({ ...ctx, db: tx }, store, records, fixtures.meetings.rcp);
    // The week since: one operation done as planned, one fracture in emergency (issue 12 §3).
    writeFollowThrough({ ...ctx, db: tx }, store, records);
    const planned = writeMeetings({ ...ctx, db: tx }, fixtures.meetings, records);
    return {
      users: records.userIds.size,
      patients: records.patients,
      cases: records.caseIds.size,
      boards: written,
      meetings: held + planned,
    };
  });
}
