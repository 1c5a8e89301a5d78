// The collaboration server against an outside tester (issue 9): presence bound to the account and
// the connection, board updates outside the board schema refused, invalid frames logged at a
// bounded rate, foreign Origins refused, membership lost on an open socket, compaction. A real
// server process with real Yjs clients (stock y-websocket) and raw sockets for what no stock
// client sends.
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { peersFrom } from "../../app/board/presence";
import { colorForUser } from "../../app/domain/board/presence";
import { addLesion, boardJson, caseDiscussion, lesionsMap } from "../../app/domain/board/ydoc";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import {
  collabUrl,
  connectClient,
  insertEmptyCase,
  insertLaterCase,
  makeLesion,
  sleep,
  type TestClient,
  waitFor,
} from "./collab-client";
import { startInProcessCollab } from "./collab-inprocess";

const ENV = {
  COLLAB_PROJECTION_DEBOUNCE_MS: "50",
  COLLAB_PROJECTION_MAX_WAIT_MS: "200",
  COLLAB_ROOM_IDLE_MS: "300",
  COLLAB_REAUTH_MS: "200",
  COLLAB_COMPACT_EVERY: "5",
};

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };

interface Account {
  id: number;
  name: string;
  role: string;
  specialty: string | null;
}

function account(dbPath: string, email: string): Account {
  const row = queryRows<Account>(
    dbPath,
    "SELECT id, display_name AS name, role, specialty FROM users WHERE email = ?",
    email,
  )[0];
  if (!row) throw new Error(`no user ${email}`);
  return row;
}

/** What the board page puts in its awareness state (app/board/useBoard.ts). */
function presenceOf(user: Account, extra: Record<string, unknown> = {}) {
  return {
    user: { ...user, color: "#0b6e99" },
    openLesionId: null,
    presentingSince: null,
    following: true,
    ...extra,
  };
}

/** A y-protocols awareness message (type 1) with hand-made entries: what a forger sends. */
function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]) {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientId);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

interface RawSocket {
  ws: WebSocket;
  opened: Promise<boolean>;
  closed: Promise<number>;
  /** Whether the server sent anything before the socket closed. */
  firstMessage: Promise<boolean>;
}

function rawSocket(url: string, headers: Record<string, string>): RawSocket {
  const ws = new WebSocket(url, { headers });
  ws.on("error", () => {});
  // Listening from the start: the server's first frame (sync step 1) can arrive in the same tick
  // as the open event, before a listener attached after `await opened` would exist.
  const firstMessage = new Promise<boolean>((resolve) => {
    ws.once("message", () => resolve(true));
    ws.on("close", () => resolve(false));
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  const opened = new Promise<boolean>((resolve) => {
    ws.on("open", () => resolve(true));
    ws.on("close", () => resolve(false));
  });
  return { ws, opened, closed, firstMessage };
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

describe("collaboration server hardening", () => {
  let srv: TestServer;
  let physician: string;
  let coordinator: string;
  let observer: string;
  const clients: TestClient[] = [];
  const sockets: WebSocket[] = [];
  const client = (room: string, cookie: string | undefined) => {
    const c = connectClient(srv.url, room, cookie);
    clients.push(c);
    return c;
  };
  const raw = (room: string, headers: Record<string, string>) => {
    const s = rawSocket(`${collabUrl(srv.url)}/${room}`, headers);
    sockets.push(s.ws);
    return s;
  };

  beforeAll(async () => {
    srv = await startServer({ env: ENV });
    [physician, coordinator, observer] = await Promise.all([
      signIn(srv.url, DEMO.physician),
      signIn(srv.url, DEMO.coordinator),
      signIn(srv.url, DEMO.observer),
    ]);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const ws of sockets) ws.terminate();
    await srv?.stop();
  });

  it("shows everyone with the name, role and specialty of their account, whatever their browser claims", async () => {
    const room = `case:${insertEmptyCase(srv.dbPath)}`;
    const bernard = account(srv.dbPath, DEMO.physician.email);
    const petit = account(srv.dbPath, DEMO.observer.email);
    const honest = client(room, physician);
    honest.provider.awareness.setLocalState(presenceOf(bernard));
    // An observer's browser claims to be Dr Bernard, an admin, and to be presenting.
    const spoofer = client(room, observer);
    const since = Date.now();
    spoofer.provider.awareness.setLocalState(
      presenceOf(
        { ...bernard, role: "admin", specialty: "radiation_oncology" },
        { presentingSince: since, openLesionId: "lesion-1" },
      ),
    );
    const watcher = client(room, coordinator);
    await Promise.all([honest.synced, spoofer.synced, watcher.synced]);
    const spooferId = spoofer.provider.awareness.clientID;
    const seen = () => watcher.provider.awareness.getStates();
    await waitFor(
      () => seen().has(spooferId) && seen().has(honest.provider.awareness.clientID),
      5000,
      "both presences at the watcher",
    );
    // The server wrote who the spoofer really is; what they do (presenting, open lesion) stays.
    const state = seen().get(spooferId);
    expect(state?.user).toEqual({
      id: petit.id,
      name: petit.name,
      role: "observer",
      specialty: petit.specialty,
      // The caret colour of the account, the same the browser derives (decision 071).
      color: colorForUser(petit.id),
    });
    expect(state?.presentingSince).toBe(since);
    expect(state?.openLesionId).toBe("lesion-1");
    const peers = peersFrom(seen(), watcher.provider.awareness.clientID);
    expect(peers.map((p) => p.user.name).sort()).toEqual([bernard.name, petit.name].sort());
    expect(peers.find((p) => p.clientId === spooferId)?.user.role).toBe("observer");
  });

  it("lets a connection set only its own presence entry: others' are neither overwritten nor removed", async () => {
    const room = `case:${insertEmptyCase(srv.dbPath)}`;
    const bernard = account(srv.dbPath, DEMO.physician.email);
    const victim = client(room, physician);
    victim.provider.awareness.setLocalState(presenceOf(bernard, { openLesionId: "lesion-7" }));
    const watcher = client(room, coordinator);
    await Promise.all([victim.synced, watcher.synced]);
    const victimId = victim.provider.awareness.clientID;
    await waitFor(() => watcher.provider.awareness.getStates().has(victimId), 5000, "victim seen");
    const victimClock = victim.provider.awareness.meta.get(victimId)?.clock ?? 0;

    const forger = raw(room, { Cookie: observer });
    expect(await forger.opened).toBe(true);
    const fake = presenceOf(bernard, { openLesionId: "forged", presentingSince: Date.now() });
    // Overwrite the victim's entry with a newer clock, then remove it.
    forger.ws.send(awarenessFrame([{ clientId: victimId, clock: victimClock + 10, state: fake }]));
    forger.ws.send(awarenessFrame([{ clientId: victimId, clock: victimClock + 11, state: null }]));
    // Its own entry, then a second id: a connection owns one entry (the first it announces).
    const ownId = victimId + 1;
    const secondId = victimId + 2;
    forger.ws.send(awarenessFrame([{ clientId: ownId, clock: 1, state: fake }]));
    forger.ws.send(awarenessFrame([{ clientId: secondId, clock: 1, state: fake }]));
    // Frames on one socket are handled in order: once its own entry arrived, the others were seen.
    await waitFor(() => watcher.provider.awareness.getStates().has(ownId), 5000, "forger's own");
    await sleep(300);
    const states = watcher.provider.awareness.getStates();
    expect(states.get(victimId)?.openLesionId).toBe("lesion-7");
    expect(states.get(victimId)?.presentingSince).toBeNull();
    expect(states.has(secondId)).toBe(false);
    expect((states.get(ownId)?.user as { name?: string } | undefined)?.name).toBe(
      account(srv.dbPath, DEMO.observer.email).name,
    );
    // The forger's entry goes with its socket; the victim's stays.
    forger.ws.close();
    await waitFor(() => !watcher.provider.awareness.getStates().has(ownId), 5000, "forger gone");
    expect(watcher.provider.awareness.getStates().has(victimId)).toBe(true);
  });

  it("relays a text cursor under the account's name and colour, and drops a malformed or oversized one", async () => {
    const caseId = insertEmptyCase(srv.dbPath);
    const room = `case:${caseId}`;
    const bernard = account(srv.dbPath, DEMO.physician.email);
    const writer = client(room, physician);
    const watcher = client(room, coordinator);
    await Promise.all([writer.synced, watcher.synced]);
    const text = caseDiscussion(writer.doc, caseId);
    writer.doc.transact(() => text.insert(0, "Fixation prophylactique."));
    await waitFor(
      () => caseDiscussion(watcher.doc, caseId).toString() === "Fixation prophylactique.",
      5000,
      "text at the watcher",
    );
    // What y-codemirror.next puts in the state of someone typing (src/y-remote-selections.js),
    // under a name the browser made up.
    const cursor = {
      anchor: Y.createRelativePositionFromTypeIndex(text, 9),
      head: Y.createRelativePositionFromTypeIndex(text, 9),
    };
    const writerId = writer.provider.awareness.clientID;
    const stateAtWatcher = () => watcher.provider.awareness.getStates().get(writerId);
    writer.provider.awareness.setLocalState(
      presenceOf({ ...bernard, name: "Dr Imposteur" }, { cursor }),
    );
    await waitFor(() => stateAtWatcher()?.cursor != null, 5000, "cursor at the watcher");
    const seen = stateAtWatcher() ?? {};
    expect(seen.user).toMatchObject({ name: bernard.name, color: colorForUser(bernard.id) });
    // The watcher places it where the writer's caret is: after "Fixation ".
    const where = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON((seen.cursor as { head: unknown }).head),
      watcher.doc,
    );
    expect(where?.type).toBe(caseDiscussion(watcher.doc, caseId));
    expect(where?.index).toBe(9);

    // A malformed cursor (an extra field carrying 20 kB) and an oversized one are not relayed;
    // the rest of the state is.
    const junk = JSON.parse(JSON.stringify(cursor));
    for (const [bad, lesion] of [
      [{ ...junk, payload: "x".repeat(20_000) }, "lesion-a"],
      [{ anchor: { tname: "t".repeat(5000) }, head: { tname: "t" } }, "lesion-b"],
      ["<script>", "lesion-c"],
    ] as const) {
      writer.provider.awareness.setLocalState(
        presenceOf(bernard, { cursor: bad, openLesionId: lesion }),
      );
      await waitFor(() => stateAtWatcher()?.openLesionId === lesion, 5000, `state ${lesion}`);
      expect(stateAtWatcher()?.cursor, lesion).toBeNull();
    }
  });

  it("refuses an update that adds a top-level type outside the board: not stored, not broadcast", async () => {
    const caseId = insertEmptyCase(srv.dbPath);
    const room = `case:${caseId}`;
    const watcher = client(room, coordinator);
    const intruder = client(room, physician);
    await Promise.all([watcher.synced, intruder.synced]);
    const stored = () => countRows(srv.dbPath, "board_updates", "case_id = ?", caseId);
    // A lesion and a foreign type in one update: the whole update is refused.
    intruder.doc.transact(() => {
      addLesion(intruder.doc, makeLesion(1));
      intruder.doc.getMap("attic").set("payload", "x".repeat(1000));
    });
    await waitFor(() => intruder.closeCodes.includes(1007), 5000, "intruder closed with 1007");
    intruder.destroy();
    await sleep(300);
    expect(stored()).toBe(0);
    expect(watcher.doc.share.has("attic")).toBe(false);
    expect(lesionsMap(watcher.doc).size).toBe(0);
    // The board goes on: an ordinary edit is stored and broadcast.
    const editor = client(room, physician);
    await editor.synced;
    addLesion(editor.doc, makeLesion(2));
    caseDiscussion(editor.doc, caseId).insert(0, "RCP");
    await waitFor(
      () =>
        lesionsMap(watcher.doc).has("lesion-2") && caseDiscussion(watcher.doc, caseId).length === 3,
      5000,
      "ordinary edits",
    );
    expect(stored()).toBe(2);
    const fresh = client(room, coordinator);
    await fresh.synced;
    expect(fresh.doc.share.has("attic")).toBe(false);
  });

  it("joins two cases of one patient to one lesion map; each writes only its own discussion", async () => {
    const firstCase = insertEmptyCase(srv.dbPath);
    const laterCase = insertLaterCase(srv.dbPath, firstCase);
    const first = client(`case:${firstCase}`, physician);
    const later = client(`case:${laterCase}`, coordinator);
    await Promise.all([first.synced, later.synced]);
    addLesion(first.doc, makeLesion(1));
    caseDiscussion(first.doc, firstCase).insert(0, "RCP 1");
    await waitFor(() => lesionsMap(later.doc).has("lesion-1"), 5000, "lesion in the later case");
    // Sent from case 1's board, but written into case 2's discussion: refused whole (1007).
    first.doc.transact(() => caseDiscussion(first.doc, laterCase).insert(0, "intrus"));
    await waitFor(() => first.closeCodes.includes(1007), 5000, "closed with 1007");
    // The per-case root of the boards before decision 072 is refused too.
    const legacy = client(`case:${laterCase}`, physician);
    await legacy.synced;
    legacy.doc.getText("discussion").insert(0, "ancien");
    await waitFor(() => legacy.closeCodes.includes(1007), 5000, "legacy root refused");
    await sleep(200);
    expect(caseDiscussion(later.doc, laterCase).toString()).toBe("");
    expect(later.doc.share.has("discussion")).toBe(false);
    expect(caseDiscussion(later.doc, firstCase).toString()).toBe("RCP 1");
    // Each update is stored with the case whose board sent it.
    expect(countRows(srv.dbPath, "board_updates", "case_id = ?", firstCase)).toBe(2);
    expect(countRows(srv.dbPath, "board_updates", "case_id = ?", laterCase)).toBe(0);
  });

  it("refuses a browser handshake from a foreign Origin (4403) and accepts its own", async () => {
    const room = `case:${insertEmptyCase(srv.dbPath)}`;
    const foreign = raw(room, { Cookie: physician, Origin: "https://evil.example" });
    expect(await foreign.closed).toBe(4403);
    const opaque = raw(room, { Cookie: physician, Origin: "null" });
    expect(await opaque.closed).toBe(4403);
    const own = raw(room, { Cookie: physician, Origin: srv.url });
    expect(await own.opened).toBe(true);
    const firstMessage = await Promise.race([own.firstMessage, sleep(5000).then(() => false)]);
    expect(firstMessage).toBe(true);
  });

  it("closes an open socket with 4403 when an admin removes the user from the case's RCP", async () => {
    const caseId = insertEmptyCase(srv.dbPath);
    const room = `case:${caseId}`;
    const laurent = account(srv.dbPath, LAURENT.email);
    const laurentCookie = await signIn(srv.url, LAURENT);
    const leaving = client(room, laurentCookie);
    const stays = client(room, physician);
    await Promise.all([leaving.synced, stays.synced]);
    const rcp = queryRows<{ rcpId: number }>(
      srv.dbPath,
      "SELECT p.rcp_id AS rcpId FROM cases c JOIN patients p ON p.id = c.patient_id WHERE c.id = ?",
      caseId,
    )[0];
    const admin = await signIn(srv.url, DEMO.admin);
    const res = await postForm(
      srv.url,
      "/admin/rcps",
      { intent: "remove-member", rcpId: String(rcp?.rcpId), userId: String(laurent.id) },
      { cookie: admin },
    );
    expect(res.status).toBe(200);
    expect(
      countRows(srv.dbPath, "rcp_members", "rcp_id = ? AND user_id = ?", rcp?.rcpId, laurent.id),
    ).toBe(0);
    expect((await leaving.closed).code).toBe(4403);
    expect(stays.provider.wsconnected).toBe(true);
    // Coming back is refused too, and the socket does not retry (44xx is final).
    expect((await client(room, laurentCookie).closed).code).toBe(4403);
  });

  // Last: it kills and restarts the server.
  it("compacts every COLLAB_COMPACT_EVERY updates into a snapshot that reloads the same board", async () => {
    const caseId = insertEmptyCase(srv.dbPath);
    const room = `case:${caseId}`;
    const writer = client(room, physician);
    await writer.synced;
    const updates = () => countRows(srv.dbPath, "board_updates", "case_id = ?", caseId);
    // One update at a time, so that compaction (every 5 updates) sees them one by one.
    for (let i = 0; i < 12; i++) {
      addLesion(writer.doc, makeLesion(i));
      await waitFor(() => updates() === i + 1, 5000, `update ${i + 1} stored`);
    }
    const ids = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM board_updates WHERE case_id = ? ORDER BY id",
      caseId,
    ).map((r) => r.id);
    await waitFor(
      () =>
        countRows(
          srv.dbPath,
          "board_snapshots",
          "patient_id = (SELECT patient_id FROM cases WHERE id = ?)",
          caseId,
        ) === 2,
      5000,
      "two snapshots",
    );
    const snapshots = queryRows<{ last_update_id: number; state: Buffer }>(
      srv.dbPath,
      "SELECT last_update_id, state FROM board_snapshots WHERE patient_id = (SELECT patient_id FROM cases WHERE id = ?) ORDER BY id",
      caseId,
    );
    expect(snapshots.map((s) => s.last_update_id)).toEqual([ids[4], ids[9]]);
    // The latest snapshot folds the first ten updates: it plus the two after it is the board.
    const latest = snapshots[1];
    if (!latest) throw new Error("no snapshot");
    const tail = queryRows<{ update: Buffer }>(
      srv.dbPath,
      'SELECT "update" FROM board_updates WHERE case_id = ? AND id > ? ORDER BY id',
      caseId,
      latest.last_update_id,
    );
    expect(tail).toHaveLength(2);
    const folded = new Y.Doc();
    Y.applyUpdate(folded, new Uint8Array(latest.state));
    expect(lesionsMap(folded).size).toBe(10);
    for (const row of tail) Y.applyUpdate(folded, new Uint8Array(row.update));
    const expected = stableJson(boardJson(writer.doc, caseId));
    expect(stableJson(boardJson(folded, caseId))).toBe(expected);

    // A crash (no unload snapshot), then a reload from the snapshot and its tail.
    writer.destroy();
    await srv.kill();
    srv = await startServer({ dbPath: srv.dbPath, env: ENV });
    const reader = client(room, await signIn(srv.url, DEMO.coordinator));
    await reader.synced;
    expect(stableJson(boardJson(reader.doc, caseId))).toBe(expected);
    // The room is the patient's lesion map (decision 072).
    const [owner] = queryRows<{ patient_id: number }>(
      srv.dbPath,
      "SELECT patient_id FROM cases WHERE id = ?",
      caseId,
    );
    expect(srv.output()).toMatch(
      new RegExp(`room patient:${owner?.patient_id} loaded \\(snapshot \\d+, tail 2\\)`),
    );
  });
});

describe("invalid frame logging", () => {
  it("logs at most a few invalid frames per window, then one line with the count left out", async () => {
    const server = await startInProcessCollab(
      {},
      { invalidFrameLog: { maxLines: 5, windowMs: 2000 } },
    );
    try {
      const room = `case:${server.caseId}`;
      const codes: number[] = [];
      const started = Date.now();
      for (let i = 0; i < 40; i++) {
        const s = rawSocket(`${collabUrl(server.url)}/${room}`, { Cookie: server.cookies[0] });
        await s.opened;
        s.ws.send(new Uint8Array([0, 9, 1, 2, 3]));
        codes.push(await s.closed);
      }
      // The windows are fixed 2 s windows of wall time: on a loaded machine the 40 sockets can span
      // more than one, and each window may log its 5 lines (a flake before this bound was counted).
      const windows = Math.floor((Date.now() - started) / 2000) + 1;
      expect(codes.every((c) => c === 1007)).toBe(true);
      const lines = () => server.logs.filter((l) => /invalid frame from/.test(l));
      const suppressed = () =>
        server.logs
          .map((l) => Number(l.match(/(\d+) invalid frames? not logged/)?.[1] ?? 0))
          .reduce((a, b) => a + b, 0);
      expect(lines().length).toBeLessThanOrEqual(5 * windows);
      expect(lines().length).toBeLessThan(40);
      // Every frame is either a line or counted in a summary line when its window ends.
      await waitFor(
        () => suppressed() + lines().length === 40,
        5000,
        "summary of suppressed lines",
      );
      // A later window logs again.
      const before = lines().length;
      const s = rawSocket(`${collabUrl(server.url)}/${room}`, { Cookie: server.cookies[0] });
      await s.opened;
      s.ws.send(new Uint8Array([0, 9]));
      await s.closed;
      await waitFor(() => lines().length === before + 1, 3000, "a line in the next window");
    } finally {
      await server.close();
    }
  });
});
