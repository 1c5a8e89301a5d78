// Hooks of the collaboration room (docs/collab.md, decision 031): an extension plugged into
// createCollabServer sees authorise → load → change → store → unload in that order with the real
// payloads; a throwing change hook refuses the update; a throwing store hook does not drop the room.
// A real server on a real port and real SQLite file, stock y-websocket clients.
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addLesion, lesionsMap } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import type { CollabExtension } from "../../server/collab/extension";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { connectClient, makeLesion, sleep, type TestClient, waitFor } from "./collab-client";
import { type InProcessCollab, startInProcessCollab } from "./collab-inprocess";

/** Quick store and unload; no keep-alive tick nor re-check during a test (no extra events). */
const QUICK = { storeDebounceMs: 20, storeMaxWaitMs: 100, roomIdleMs: 150 };
const QUIET = { pingIntervalMs: 60_000, reauthMs: 60_000 };

/** Rows of the patient's lesion map (every table has patient_id since decision 072). */
function count(h: InProcessCollab, table: string): number {
  const row = h.sqlite
    .prepare(`SELECT count(*) AS n FROM ${table} WHERE patient_id = ?`)
    .get(h.patientId) as { n: number };
  return row.n;
}

function lesionUpdate(id: string): Uint8Array {
  const doc = new Y.Doc();
  addLesion(doc, { ...makeLesion(9), id });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

describe("collaboration room hooks", () => {
  let h: InProcessCollab | undefined;
  const clients: TestClient[] = [];
  const client = (cookie: string) => {
    if (!h) throw new Error("no server");
    const c = connectClient(h.url, `case:${h.caseId}`, cookie);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await h?.close();
    h = undefined;
  });

  it("calls a plugged-in extension's hooks in lifecycle order with the right payloads", async () => {
    const events: Record<string, unknown>[] = [];
    let server: InProcessCollab | undefined;
    const rows = (table: string) => (server ? count(server, table) : -1);
    const probe: CollabExtension = {
      name: "probe",
      onAuthorise({ caseId, roomName, request, access }) {
        events.push({ hook: "authorise", caseId, roomName, request: request !== null, access });
        return undefined;
      },
      onLoad({ room }) {
        // After persistence: the stored board is already in the document.
        events.push({
          hook: "load",
          patientId: room.patientId,
          roomName: room.name,
          lesions: [...lesionsMap(room.doc).keys()],
        });
      },
      onChange({ room, update, userId }) {
        const alone = new Y.Doc();
        Y.applyUpdate(alone, update);
        events.push({
          hook: "change",
          userId,
          updateLesions: [...lesionsMap(alone).keys()],
          inRoomDoc: lesionsMap(room.doc).has("lesion-1"),
          // After persistence: the update is already a row.
          storedRows: rows("board_updates"),
        });
        alone.destroy();
      },
      onStore({ room, reason }) {
        events.push({
          hook: "store",
          reason,
          roomName: room.name,
          snapshots: rows("board_snapshots"),
        });
      },
      onUnload({ room, reason, failed }) {
        events.push({
          hook: "unload",
          reason,
          failed,
          docAlive: lesionsMap(room.doc).has("lesion-1"),
        });
      },
    };
    h = await startInProcessCollab(
      { extensions: (b) => [b.authorisation, b.persistence, b.projection, probe] },
      { ...QUICK, ...QUIET },
    );
    server = h;
    const { caseId, patientId, userIds, cookies } = h;
    createCollabStore(h.sqlite).appendUpdate(
      patientId,
      caseId,
      userIds[1],
      lesionUpdate("stored-1"),
      "2026-11-30T08:00:00.000Z",
    );

    const a = client(cookies[0]);
    await a.synced;
    const b = client(cookies[1]);
    await b.synced;
    expect(lesionsMap(b.doc).has("stored-1")).toBe(true);
    addLesion(a.doc, makeLesion(1, userIds[0]));
    await waitFor(() => lesionsMap(b.doc).has("lesion-1"), 5000, "lesion on b");
    await waitFor(() => events.some((e) => e.hook === "store"), 5000, "debounced store");
    a.destroy();
    b.destroy();
    await waitFor(() => events.some((e) => e.hook === "unload"), 5000, "idle unload");

    // Sockets open the case's board; the room is the patient's lesion map (decision 072).
    const room = `case:${caseId}`;
    const map = `patient:${patientId}`;
    expect(events).toEqual([
      {
        hook: "authorise",
        caseId,
        roomName: room,
        request: true,
        // The authorisation extension ran first and established the user.
        access: {
          userId: userIds[0],
          sessionId: expect.any(String),
          readOnly: false,
          // The in-process helper names each user after their e-mail (collab-inprocess.ts).
          identity: { name: "a@test", role: "physician", specialty: null },
        },
      },
      { hook: "load", patientId, roomName: map, lesions: ["stored-1"] },
      {
        hook: "authorise",
        caseId,
        roomName: room,
        request: true,
        access: {
          userId: userIds[1],
          sessionId: expect.any(String),
          readOnly: false,
          identity: { name: "b@test", role: "physician", specialty: null },
        },
      },
      {
        hook: "change",
        userId: userIds[0],
        updateLesions: ["lesion-1"],
        inRoomDoc: true,
        storedRows: 2,
      },
      { hook: "store", reason: "debounce", roomName: map, snapshots: 0 },
      // Persistence compacted before the probe's store hook ran; the document is still there.
      { hook: "store", reason: "unload", roomName: map, snapshots: 1 },
      { hook: "unload", reason: "idle", failed: false, docAlive: true },
    ]);
    expect(h.collab.room(patientId)).toBeUndefined();
  });

  it("refuses an update a change hook throws on: not broadcast, not stored, room dropped (1011)", async () => {
    const guard: CollabExtension = {
      name: "guard",
      onChange({ room }) {
        if (lesionsMap(room.doc).has("refused-1")) throw new Error("board is signed");
      },
    };
    h = await startInProcessCollab(
      { extensions: (b) => [b.authorisation, guard, b.persistence, b.projection] },
      QUICK,
    );
    const a = client(h.cookies[0]);
    const b = client(h.cookies[1]);
    await Promise.all([a.synced, b.synced]);
    addLesion(a.doc, makeLesion(1));
    await waitFor(() => lesionsMap(b.doc).has("lesion-1"), 5000, "accepted edit on b");
    expect(count(h, "board_updates")).toBe(1);

    addLesion(a.doc, { ...makeLesion(2), id: "refused-1" });
    await waitFor(() => a.closeCodes.includes(1011), 5000, "room dropped");
    await waitFor(() => b.closeCodes.includes(1011), 5000, "b disconnected too");
    // a reconnects and resends; the fresh room refuses it again. b never sees it.
    await sleep(400);
    expect(lesionsMap(b.doc).has("refused-1")).toBe(false);
    expect(count(h, "board_updates")).toBe(1);
    const stored = loadStoredBoardDoc(createCollabStore(h.sqlite), h.patientId);
    expect([...lesionsMap(stored).keys()]).toEqual(["lesion-1"]);
    stored.destroy();
    expect(h.logs.some((m) => /guard refused an update/.test(m))).toBe(true);

    // Once the refused edit is gone, the board works again.
    a.destroy();
    await waitFor(() => b.provider.wsconnected && b.provider.synced, 5000, "b back");
    addLesion(b.doc, makeLesion(3));
    await waitFor(() => count(h as InProcessCollab, "board_updates") === 2, 5000, "stored again");
  });

  it("refuses a change hook that returns a promise (hooks are synchronous)", async () => {
    const lazy: CollabExtension = { name: "lazy", onChange: async () => {} };
    h = await startInProcessCollab(
      { extensions: (b) => [b.authorisation, lazy, b.persistence] },
      QUICK,
    );
    const a = client(h.cookies[0]);
    await a.synced;
    addLesion(a.doc, makeLesion(1));
    await waitFor(() => a.closeCodes.includes(1011), 5000, "room dropped");
    expect(count(h, "board_updates")).toBe(0);
    expect(h.logs.some((m) => /lazy refused an update \(TypeError\)/.test(m))).toBe(true);
  });

  it("closes the socket with 1011 when a load hook throws, and unloads what was loaded", async () => {
    const unloads: Record<string, unknown>[] = [];
    const broken: CollabExtension = {
      name: "broken",
      onLoad() {
        throw new Error("cannot read");
      },
    };
    const witness: CollabExtension = {
      name: "witness",
      onUnload({ room, reason, failed }) {
        unloads.push({ patientId: room.patientId, reason, failed });
      },
    };
    h = await startInProcessCollab(
      { extensions: (b) => [b.authorisation, b.persistence, broken, witness] },
      QUICK,
    );
    const a = client(h.cookies[0]);
    await waitFor(() => a.closeCodes.includes(1011), 5000, "board unavailable");
    expect(lesionsMap(a.doc).size).toBe(0);
    expect(unloads[0]).toEqual({
      patientId: h.patientId,
      reason: "broken failed to load",
      failed: true,
    });
    expect(h.collab.room(h.patientId)).toBeUndefined();
  });

  it("logs a failing store hook and keeps the room, the other store hooks and the clients", async () => {
    const broken: CollabExtension = {
      name: "broken",
      onStore() {
        throw new Error("disk full");
      },
    };
    h = await startInProcessCollab(
      { extensions: (b) => [b.authorisation, b.persistence, broken, b.projection] },
      QUICK,
    );
    const a = client(h.cookies[0]);
    const b = client(h.cookies[1]);
    await Promise.all([a.synced, b.synced]);
    addLesion(a.doc, makeLesion(1));
    await waitFor(() => count(h as InProcessCollab, "board_lesions") === 1, 5000, "projection");
    expect(h.logs.some((m) => /broken store failed/.test(m))).toBe(true);
    addLesion(a.doc, makeLesion(2));
    await waitFor(() => lesionsMap(b.doc).has("lesion-2"), 5000, "later edit on b");
    expect(a.closeCodes).toEqual([]);
    expect(b.closeCodes).toEqual([]);
    expect(h.collab.stats()).toEqual({ rooms: 1, connections: 2 });
  });
});
