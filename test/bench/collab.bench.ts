// Collaboration server benchmark (issue 5): OsteoBoard's server (auth, SQLite append before
// broadcast, projection) against the reference @y/websocket-server setupWSConnection (no auth, no
// persistence), same process, same machine, same stock y-websocket clients over `ws`.
//   node --import tsx test/bench/collab.bench.ts [--quick]      → JSON on stdout
// Figures are reported, never asserted; ratios are ours / reference (latency, load time and
// memory: lower is better, so > 1 means slower or bigger; throughput: > 1 means faster).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { createCookie } from "@remix-run/node";
import {
  docs as referenceDocs,
  setPersistence,
  setupWSConnection,
} from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import {
  addLesion,
  lesionDiscussion,
  lesionsMap,
  setLesionField,
  setScoreItem,
} from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { openDb } from "../../db/index";
import { createSession } from "../../db/sessions";
import { DEFAULT_COLLAB_OPTIONS } from "../../server/collab/config";
import { type CollabServer, createCollabServer } from "../../server/collab/server";
import {
  connectClient,
  makeLesion,
  sleep,
  type TestClient,
  waitFor,
} from "../integration/collab-client";

const quick = process.argv.includes("--quick");
const SIZES = quick
  ? {
      oneRoomClients: 5,
      oneRoomEdits: 10,
      rooms: 5,
      perRoom: 3,
      roomEdits: 5,
      throughput: 200,
      coldUpdates: 500,
      memoryRooms: 5,
    }
  : {
      oneRoomClients: 30,
      oneRoomEdits: 200,
      rooms: 50,
      perRoom: 10,
      roomEdits: 40,
      throughput: 5000,
      coldUpdates: 10_000,
      memoryRooms: 100,
    };
const LESIONS = 50;

v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

interface Target {
  name: "osteoboard" | "reference";
  url: string;
  cookie: string | undefined;
  /** Rooms currently loaded in server memory. */
  loadedRooms: () => number;
  close: () => Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    }),
  );
}

const CASES = Math.max(SIZES.rooms, SIZES.memoryRooms) + 10;

async function startOurs(): Promise<
  Target & { collab: CollabServer; userId: number; dir: string }
> {
  const dir = mkdtempSync(join(tmpdir(), "osteoboard-bench-"));
  const { db, sqlite } = openDb(join(dir, "bench.db"));
  const userId = Number(
    sqlite
      .prepare(
        "INSERT INTO users (email, display_name, password_hash, role) VALUES ('b@x', 'Bench', 'x', 'physician')",
      )
      .run().lastInsertRowid,
  );
  const rcpId = sqlite
    .prepare("INSERT INTO rcps (name, institution) VALUES ('B', 'I')")
    .run().lastInsertRowid;
  sqlite.prepare("INSERT INTO rcp_members (rcp_id, user_id) VALUES (?, ?)").run(rcpId, userId);
  // One patient per case: every case of a patient shares one room (decision 072), and the
  // benchmark measures many rooms.
  const insertPatient = sqlite.prepare(
    `INSERT INTO patients (id, rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer, weight_kg)
     VALUES (?, ?, ?, 'Bench', 'Mark', '1950-01-01', 'F', '{"type":"breast"}', 60)`,
  );
  const insertCase = sqlite.prepare(
    "INSERT INTO cases (id, patient_id, question, referring_physician, urgency, status) VALUES (?, ?, 'Q', 'Dr', 'routine', 'ready')",
  );
  for (let i = 1; i <= CASES; i++) {
    insertPatient.run(i, rcpId, `B-${i}`);
    insertCase.run(i, i);
  }
  const sessionCookie = createCookie("ob_session", { secrets: ["bench-secret"], path: "/" });
  const cookie = (await sessionCookie.serialize(createSession(db, userId, new Date(), 24))).split(
    ";",
  )[0];
  const collab = createCollabServer(
    { db, sqlite, sessionCookie, now: () => new Date() },
    { ...DEFAULT_COLLAB_OPTIONS, roomIdleMs: 200, log: () => {} },
  );
  const server = createServer();
  server.on("upgrade", (req, socket, head) => {
    if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const url = await listen(server);
  return {
    name: "osteoboard",
    url,
    cookie,
    collab,
    userId,
    dir,
    loadedRooms: () => collab.stats().rooms,
    close: async () => {
      collab.close();
      await new Promise((r) => server.close(r));
      sqlite.close();
    },
  };
}

async function startReference(): Promise<Target> {
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer();
  server.on("upgrade", (req, socket, head) => {
    const docName = decodeURIComponent(
      (req.url ?? "").split("?")[0]?.slice("/collab/".length) ?? "",
    );
    wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
  });
  const url = await listen(server);
  return {
    name: "reference",
    url,
    cookie: undefined,
    loadedRooms: () => referenceDocs.size,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      for (const doc of referenceDocs.values()) doc.destroy();
      referenceDocs.clear();
      await new Promise((r) => server.close(r));
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    p50_ms: r(percentile(sorted, 50)),
    p99_ms: r(percentile(sorted, 99)),
    samples: sorted.length,
  };
}

const ratio = (ours: number, reference: number) => Math.round((ours / reference) * 100) / 100;

async function connectAll(target: Target, room: string, n: number): Promise<TestClient[]> {
  const clients = Array.from({ length: n }, () => connectClient(target.url, room, target.cookie));
  await Promise.all(clients.map((c) => c.synced));
  return clients;
}

function destroyAll(clients: TestClient[]) {
  for (const c of clients) c.destroy();
}

/**
 * One writer edits a 50-lesion board (a score item + a sequence number, one transaction each);
 * every other client's arrival time is a sample. Edits are sequential: pure propagation latency.
 */
async function roomLatency(
  target: Target,
  room: string,
  nClients: number,
  edits: number,
): Promise<number[]> {
  const clients = await connectAll(target, room, nClients);
  const [writer, ...receivers] = clients;
  if (!writer) throw new Error("no writer");
  writer.doc.transact(() => {
    for (let i = 0; i < LESIONS; i++) addLesion(writer.doc, makeLesion(i));
  });
  await waitFor(() => receivers.every((c) => lesionsMap(c.doc).size === LESIONS), 30_000, "seed");
  const samples: number[] = [];
  let sentAt = 0;
  let pending = 0;
  let done: () => void = () => {};
  // Each round is one transaction on the board's own types (the server refuses other top-level
  // types): observeDeep fires once per received transaction.
  for (const r of receivers) {
    lesionsMap(r.doc).observeDeep(() => {
      samples.push(performance.now() - sentAt);
      pending--;
      if (pending === 0) done();
    });
  }
  for (let i = 0; i < edits; i++) {
    pending = receivers.length;
    const round = new Promise<void>((resolve) => {
      done = resolve;
    });
    sentAt = performance.now();
    setScoreItem(writer.doc, `lesion-${i % LESIONS}`, "pain", "nrs", i % 11);
    await Promise.race([round, sleep(20_000).then(() => Promise.reject(new Error("edit lost")))]);
  }
  destroyAll(clients);
  return samples;
}

async function latencyOneRoom(target: Target) {
  return summary(await roomLatency(target, "case:1", SIZES.oneRoomClients, SIZES.oneRoomEdits));
}

async function latencyManyRooms(target: Target) {
  const all = await Promise.all(
    Array.from({ length: SIZES.rooms }, (_, i) =>
      roomLatency(target, `case:${i + 2}`, SIZES.perRoom, SIZES.roomEdits),
    ),
  );
  return summary(all.flat());
}

/** One writer sends updates as fast as the socket takes them; 4 receivers must get them all. */
async function throughput(target: Target) {
  const room = `case:${CASES}`;
  const clients = await connectAll(target, room, 5);
  const [writer, ...receivers] = clients;
  if (!writer) throw new Error("no writer");
  addLesion(writer.doc, makeLesion(0));
  await waitFor(() => receivers.every((c) => lesionsMap(c.doc).size === 1), 10_000);
  const last = SIZES.throughput - 1;
  const started = performance.now();
  for (let i = 0; i < SIZES.throughput; i++) {
    setLesionField(writer.doc, "lesion-0", "size_mm", i);
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  await waitFor(
    () => receivers.every((c) => lesionsMap(c.doc).get("lesion-0")?.get("size_mm") === last),
    120_000,
  );
  const elapsed = performance.now() - started;
  destroyAll(clients);
  return {
    updates: SIZES.throughput,
    elapsed_ms: Math.round(elapsed),
    updates_per_s: Math.round(SIZES.throughput / (elapsed / 1000)),
  };
}

/** 50 lesions, then small edits (score items, discussion typing): the stored updates of a board. */
function boardUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < LESIONS; i++) addLesion(doc, makeLesion(i));
  for (let i = 0; updates.length < count; i++) {
    const id = `lesion-${i % LESIONS}`;
    if (i % 3 === 0) lesionDiscussion(doc, id).insert(0, "x");
    else setScoreItem(doc, id, "pain", "nrs", i % 11);
  }
  doc.destroy();
  return updates.slice(0, count);
}

async function timeToSync(target: Target, room: string): Promise<number> {
  const started = performance.now();
  const client = connectClient(target.url, room, target.cookie);
  await client.synced;
  const ms = performance.now() - started;
  if (lesionsMap(client.doc).size !== LESIONS) throw new Error("board not loaded");
  client.destroy();
  return Math.round(ms * 100) / 100;
}

async function coldLoadOurs(target: Awaited<ReturnType<typeof startOurs>>, updates: Uint8Array[]) {
  const caseId = CASES - 1;
  const store = createCollabStore(openDb(join(target.dir, "bench.db")).sqlite);
  const at = new Date().toISOString();
  const patientId = store.patientOfCase(caseId);
  if (patientId === null) throw new Error(`bench: no patient for case ${caseId}`);
  for (const u of updates) store.appendUpdate(patientId, caseId, target.userId, u, at);
  const first = await timeToSync(target, `case:${caseId}`);
  await waitFor(() => target.collab.room(patientId) === undefined, 10_000, "unload");
  const fromSnapshot = await timeToSync(target, `case:${caseId}`);
  return { first_load_ms: first, load_from_snapshot_ms: fromSnapshot };
}

async function coldLoadReference(target: Target, updates: Uint8Array[]) {
  const room = `case:${CASES - 1}`;
  // The reference has no store: give it the same updates in memory, applied the way y-leveldb's
  // getYDoc does (one transaction), so this is a lower bound for any reference persistence.
  setPersistence({
    provider: null,
    bindState: (name, doc) => {
      if (name !== room) return;
      doc.transact(() => {
        for (const u of updates) Y.applyUpdate(doc, u);
      });
    },
    writeState: async () => {},
  });
  try {
    return { first_load_ms: await timeToSync(target, room) };
  } finally {
    setPersistence(null);
  }
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Rooms with one idle client each (a 5-lesion board), then after every client has left. */
async function memory(target: Target) {
  const n = SIZES.memoryRooms;
  const roomsBefore = target.loadedRooms();
  const before = heapUsed();
  const clients: TestClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = connectClient(target.url, `case:${i + 2}`, target.cookie);
    await c.synced;
    c.doc.transact(() => {
      if (lesionsMap(c.doc).size === 0) for (let k = 0; k < 5; k++) addLesion(c.doc, makeLesion(k));
    });
    clients.push(c);
  }
  await sleep(500);
  const loaded = heapUsed();
  destroyAll(clients);
  await sleep(1500);
  const after = heapUsed();
  return {
    rooms: n,
    heap_bytes_per_room_with_one_idle_client: Math.round((loaded - before) / n),
    heap_bytes_retained_per_room_after_clients_left: Math.max(0, Math.round((after - before) / n)),
    rooms_loaded_after_clients_left: target.loadedRooms() - roomsBefore,
  };
}

async function main() {
  const ours = await startOurs();
  const reference = await startReference();
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const both = async <T>(what: string, run: (t: Target) => Promise<T>) => {
    log(`collab bench: ${what}`);
    const r = await run(reference);
    const o = await run(ours);
    return { osteoboard: o, reference: r };
  };

  // Memory first, on fresh servers (the reference never frees a room without persistence).
  const mem = await both("memory", memory);
  // Warm-up (JIT, sockets) so that neither side pays it inside a measurement.
  await both("warm-up", (t) => roomLatency(t, `case:${CASES - 2}`, 3, 20));
  const one = await both("latency, one room", latencyOneRoom);
  const many = await both("latency, many rooms", latencyManyRooms);
  const tput = await both("throughput", throughput);
  log("collab bench: cold load");
  const updates = boardUpdates(SIZES.coldUpdates);
  const coldRef = await coldLoadReference(reference, updates);
  const coldOurs = await coldLoadOurs(ours, updates);

  const report = {
    benchmark: "collab",
    quick,
    node: process.version,
    cpus: cpus().length,
    note: "ratio = osteoboard / reference; same process, stock y-websocket clients over ws",
    latency_one_room: {
      clients: SIZES.oneRoomClients,
      edits: SIZES.oneRoomEdits,
      ...one,
      ratio_p50: ratio(one.osteoboard.p50_ms, one.reference.p50_ms),
      ratio_p99: ratio(one.osteoboard.p99_ms, one.reference.p99_ms),
    },
    latency_many_rooms: {
      rooms: SIZES.rooms,
      clients_per_room: SIZES.perRoom,
      edits_per_room: SIZES.roomEdits,
      ...many,
      ratio_p50: ratio(many.osteoboard.p50_ms, many.reference.p50_ms),
      ratio_p99: ratio(many.osteoboard.p99_ms, many.reference.p99_ms),
    },
    throughput: {
      clients: 5,
      ...tput,
      ratio: ratio(tput.osteoboard.updates_per_s, tput.reference.updates_per_s),
    },
    cold_load: {
      lesions: LESIONS,
      stored_updates: updates.length,
      osteoboard: coldOurs,
      reference: coldRef,
      ratio: ratio(coldOurs.first_load_ms, coldRef.first_load_ms),
    },
    memory_idle_room: {
      ...mem,
      ratio_loaded: ratio(
        mem.osteoboard.heap_bytes_per_room_with_one_idle_client,
        mem.reference.heap_bytes_per_room_with_one_idle_client,
      ),
    },
  };
  await ours.close();
  await reference.close();
  rmSync(ours.dir, { recursive: true, force: true });
  console.log(JSON.stringify(report, null, 2));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
