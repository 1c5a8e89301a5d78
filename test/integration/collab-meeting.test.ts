// The meeting's live document (issue 11 §4, decision 112) on a real server process with real Yjs
// clients (the stock y-websocket provider): the chair moves the meeting and every follower sees
// the case change without reloading; who may drive; concurrent moves converge; the state survives
// a restart (meeting_live); outsiders are refused at connect; a writer's bad value is refused
// without touching the followers.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { bumpAttendanceRev, goToCase, meetingMap, readMeeting } from "../../app/board/meetingLive";
import { meetingRoomName } from "../../app/domain/board/room";
import { elapsedFor, type MeetingDoc } from "../../app/domain/meeting/live";
import { queryRows } from "../helpers/db";
import { DEMO, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { connectClient, sleep, type TestClient, waitFor } from "./collab-client";

const ENV = { COLLAB_ROOM_IDLE_MS: "300", COLLAB_REAUTH_MS: "200" };
const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const HADDAD = { email: "k.haddad@osteoboard.local", password: "medecin-demo-2026" };
const READ_ONLY = "read-only: only the chair and the coordinators move the meeting";
const T0 = 1_800_000_000_000;
const MIN = 60_000;
// Case ids on the agenda: the live document only names them (the agenda is the meetings' tables).
const CASE_A = 1;
const CASE_B = 2;
const CASE_C = 3;
const CASE_D = 4;

function userId(dbPath: string, email: string): number {
  const row = queryRows<{ id: number }>(dbPath, "SELECT id FROM users WHERE email = ?", email)[0];
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** A meeting row written as the meetings use case would (SQL on the server's file). */
function insertMeeting(dbPath: string, rcpId: number, chairUserId: number, time: string): number {
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 5000");
    return Number(
      db
        .prepare(
          `INSERT INTO meetings (rcp_id, date, time, place, status, chair_user_id)
           VALUES (?, '2026-12-03', ?, 'Salle 2', 'open', ?)`,
        )
        .run(rcpId, time, chairUserId).lastInsertRowid,
    );
  } finally {
    db.close();
  }
}

function setChair(dbPath: string, meetingId: number, chairUserId: number): void {
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare("UPDATE meetings SET chair_user_id = ? WHERE id = ?").run(chairUserId, meetingId);
  } finally {
    db.close();
  }
}

function insertRcp(dbPath: string, name: string): number {
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 5000");
    return Number(
      db.prepare("INSERT INTO rcps (name, institution) VALUES (?, 'CHU Test')").run(name)
        .lastInsertRowid,
    );
  } finally {
    db.close();
  }
}

/** What the server stored in meeting_live, read back as a page would. */
function stored(dbPath: string, meetingId: number): MeetingDoc | null {
  const row = queryRows<{ state: Buffer }>(
    dbPath,
    "SELECT state FROM meeting_live WHERE meeting_id = ?",
    meetingId,
  )[0];
  if (!row) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(row.state));
  const read = readMeeting(doc);
  doc.destroy();
  return read;
}

const current = (c: TestClient) => readMeeting(c.doc).live.currentCaseId;

describe("the meeting's live document", () => {
  let srv: TestServer;
  const cookies: Record<string, string> = {};
  let demoRcp: number;
  let meeting: number;
  const clients: TestClient[] = [];
  const client = (who: string | undefined, meetingId = meeting) => {
    const c = connectClient(srv.url, meetingRoomName(meetingId), who);
    clients.push(c);
    return c;
  };
  const signInAll = async () => {
    const [chair, coordinator, laurent, haddad, observer, admin] = await Promise.all([
      signIn(srv.url, DEMO.physician),
      signIn(srv.url, DEMO.coordinator),
      signIn(srv.url, LAURENT),
      signIn(srv.url, HADDAD),
      signIn(srv.url, DEMO.observer),
      signIn(srv.url, DEMO.admin),
    ]);
    Object.assign(cookies, { chair, coordinator, laurent, haddad, observer, admin });
  };

  beforeAll(async () => {
    srv = await startServer({ env: ENV });
    await signInAll();
    const chairId = userId(srv.dbPath, DEMO.physician.email);
    const row = queryRows<{ rcpId: number }>(
      srv.dbPath,
      "SELECT rcp_id AS rcpId FROM rcp_members WHERE user_id = ?",
      chairId,
    )[0];
    if (!row) throw new Error("the chair is in no RCP");
    demoRcp = row.rcpId;
    meeting = insertMeeting(srv.dbPath, demoRcp, chairId, "14:00");
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv?.stop();
  });

  it("the chair moves to case B: both followers see B without reloading, A keeps its 6 minutes", async () => {
    const chair = client(cookies.chair);
    const physician = client(cookies.laurent);
    const observer = client(cookies.observer);
    await Promise.all([chair.synced, physician.synced, observer.synced]);
    // Only the chair may drive: the followers were told so as they joined, the chair was not.
    expect(chair.denied).toEqual([]);
    expect(physician.denied).toEqual([READ_ONLY]);
    expect(observer.denied).toEqual([READ_ONLY]);

    goToCase(chair.doc, CASE_A, T0);
    await waitFor(() => current(physician) === CASE_A && current(observer) === CASE_A, 5000, "A");
    goToCase(chair.doc, CASE_B, T0 + 6 * MIN);
    await waitFor(() => current(physician) === CASE_B && current(observer) === CASE_B, 5000, "B");

    for (const follower of [physician, observer]) {
      const live = readMeeting(follower.doc).live;
      expect(elapsedFor(live, CASE_A, T0 + 30 * MIN)).toBe(6 * MIN);
      expect(elapsedFor(live, CASE_B, T0 + 8 * MIN)).toBe(2 * MIN);
    }
    // Stored before it was broadcast (meeting-room.ts).
    expect(stored(srv.dbPath, meeting)?.live).toEqual({
      currentCaseId: CASE_B,
      since: T0 + 6 * MIN,
      spentMs: { [String(CASE_A)]: 6 * MIN },
    });
  });

  it("a non-chair physician's and an observer's moves are dropped: nobody else sees them", async () => {
    const chair = client(cookies.chair);
    const physician = client(cookies.haddad);
    const observer = client(cookies.observer);
    const witness = client(cookies.laurent);
    await Promise.all([chair.synced, physician.synced, observer.synced, witness.synced]);
    expect(current(witness)).toBe(CASE_B);

    goToCase(physician.doc, CASE_C, T0 + 7 * MIN);
    goToCase(observer.doc, CASE_D, T0 + 7 * MIN);
    bumpAttendanceRev(observer.doc);
    await sleep(400);
    expect(current(chair)).toBe(CASE_B);
    expect(current(witness)).toBe(CASE_B);
    expect(readMeeting(witness.doc).attendanceRev).toBe(0);
    expect(stored(srv.dbPath, meeting)?.live.currentCaseId).toBe(CASE_B);
    // Read-only connections stay open (they follow); nothing closed them.
    expect(physician.closeCodes).toEqual([]);
    expect(observer.closeCodes).toEqual([]);
  });

  it("the chair bumps the attendance revision: followers see it (to reload the quorum)", async () => {
    const chair = client(cookies.chair);
    const follower = client(cookies.observer);
    await Promise.all([chair.synced, follower.synced]);
    bumpAttendanceRev(chair.doc);
    await waitFor(() => readMeeting(follower.doc).attendanceRev === 1, 5000, "revision 1");
    expect(current(follower)).toBe(CASE_B);
  });

  it("the chair and a coordinator moving at the same moment converge on one case everywhere", async () => {
    const chair = client(cookies.chair);
    const coordinator = client(cookies.coordinator);
    const follower = client(cookies.laurent);
    await Promise.all([chair.synced, coordinator.synced, follower.synced]);
    expect(coordinator.denied).toEqual([]);

    // Both edit before either has seen the other's update.
    goToCase(chair.doc, CASE_C, T0 + 10 * MIN);
    goToCase(coordinator.doc, CASE_D, T0 + 10 * MIN);
    const everyone = [chair, coordinator, follower];
    const agreed = () => {
      const seen = everyone.map(current);
      return seen.every((id) => id === seen[0]) && (seen[0] === CASE_C || seen[0] === CASE_D);
    };
    await waitFor(agreed, 5000, "one current case");
    await sleep(300);
    expect(agreed()).toBe(true);
    const winner = current(follower);
    for (const c of everyone)
      expect(readMeeting(c.doc).live).toEqual(readMeeting(follower.doc).live);
    expect(stored(srv.dbPath, meeting)?.live.currentCaseId).toBe(winner);
  });

  it("a writer's malformed value is refused whole; followers and the stored state are untouched", async () => {
    const follower = client(cookies.observer);
    await follower.synced;
    const before = readMeeting(follower.doc);
    const coordinator = client(cookies.coordinator);
    await coordinator.synced;
    meetingMap(coordinator.doc).set("live", { currentCaseId: "the next one", since: T0 });
    await waitFor(() => coordinator.closeCodes.includes(1007), 5000, "1007");
    coordinator.destroy();
    const scripted = client(cookies.coordinator);
    await scripted.synced;
    scripted.doc.getMap("presenter").set("userId", 1);
    await waitFor(() => scripted.closeCodes.includes(1007), 5000, "1007 for a foreign root");
    scripted.destroy();

    await sleep(200);
    expect(readMeeting(follower.doc)).toEqual(before);
    expect(stored(srv.dbPath, meeting)).toEqual(before);
    const late = client(cookies.laurent);
    await late.synced;
    expect(readMeeting(late.doc)).toEqual(before);
  });

  it("refuses at connect: no session 4401, another RCP's meeting 4403, unknown 4404, bad name 4400", async () => {
    const otherRcp = insertRcp(srv.dbPath, `RCP ${Date.now()}`);
    const foreign = insertMeeting(
      srv.dbPath,
      otherRcp,
      userId(srv.dbPath, DEMO.physician.email),
      "09:00",
    );
    // The chair named on it is not a member of that RCP either: membership comes first.
    const refusals = [
      client(undefined),
      client(cookies.chair, foreign),
      client(cookies.laurent, foreign),
      client(cookies.laurent, 999_999),
    ];
    const codes = await Promise.all(refusals.map((c) => c.closed.then((e) => e.code)));
    expect(codes).toEqual([4401, 4403, 4403, 4404]);
    const badName = connectClient(srv.url, "meeting:007", cookies.laurent);
    clients.push(badName);
    expect((await badName.closed).code).toBe(4400);
    // Admins see every RCP and may drive (meeting:manage).
    const admin = client(cookies.admin, foreign);
    await admin.synced;
    expect(admin.denied).toEqual([]);
  });

  it("a new chair takes over on open sockets: the old chair becomes read-only, the new one drives", async () => {
    const oldChair = client(cookies.chair);
    const follower = client(cookies.observer);
    const newChair = client(cookies.laurent);
    await Promise.all([oldChair.synced, follower.synced, newChair.synced]);
    expect(newChair.denied).toEqual([READ_ONLY]);
    const before = current(follower);
    expect(oldChair.denied).toEqual([]);
    setChair(srv.dbPath, meeting, userId(srv.dbPath, LAURENT.email));
    // Re-checked every COLLAB_REAUTH_MS (200 ms here): told as soon as the rights change.
    await waitFor(() => oldChair.denied.length > 0, 5000, "old chair told read-only");
    expect(oldChair.denied).toEqual([READ_ONLY]);
    goToCase(oldChair.doc, CASE_D === before ? CASE_C : CASE_D, T0 + 15 * MIN);
    await sleep(300);
    expect(current(follower)).toBe(before);

    // The new chair's page, open all along, is reconnected (1001) and may now drive.
    await waitFor(() => newChair.closeCodes.includes(1001), 5000, "new chair reconnected");
    await waitFor(() => newChair.provider.synced, 5000, "new chair synced again");
    expect(newChair.denied).toEqual([READ_ONLY]);
    goToCase(newChair.doc, CASE_B, T0 + 16 * MIN);
    await waitFor(() => current(follower) === CASE_B, 5000, "the new chair's move");
    setChair(srv.dbPath, meeting, userId(srv.dbPath, DEMO.physician.email));
  });

  it("the current case and the timers survive a server restart (meeting_live)", async () => {
    for (const c of clients.splice(0)) c.destroy();
    const before = stored(srv.dbPath, meeting);
    expect(before?.live.currentCaseId).not.toBeNull();
    const dbPath = srv.dbPath;
    await srv.stop();
    srv = await startServer({ dbPath, env: ENV });
    await signInAll();
    const follower = client(cookies.observer);
    await follower.synced;
    expect(readMeeting(follower.doc)).toEqual(before);
    // And it goes on from there.
    const chair = client(cookies.chair);
    await chair.synced;
    goToCase(chair.doc, CASE_A, T0 + 20 * MIN);
    await waitFor(() => current(follower) === CASE_A, 5000, "A after restart");
  }, 120_000);
});
