// Real Yjs clients for the collaboration tests and benchmark: the stock y-websocket
// WebsocketProvider, unchanged, over the `ws` package (Node 20 has no global WebSocket), with the
// session cookie sent on the handshake as a browser would.
import Database from "better-sqlite3";
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { BoardLesionDraft } from "../../app/domain/board/schema";
import { SKELETON_SITES } from "../../app/domain/skeleton/catalogue";

// Each Node WebsocketProvider adds a process 'exit' listener; tests and the benchmark open hundreds.
process.setMaxListeners(2000);

/** A `ws` WebSocket class that sends this Cookie header (the browser does it by itself). */
export function webSocketWithCookie(cookie: string | undefined): typeof globalThis.WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { Cookie: cookie } } : {});
    }
  }
  // The provider only uses the browser WebSocket API surface, which `ws` implements.
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves on the first sync with the server. */
  synced: Promise<void>;
  /** Resolves with the close code when the server closes the connection for good (44xx). */
  closed: Promise<{ code: number; reason: string }>;
  /** Every close event code seen (each connection attempt that ended). */
  closeCodes: number[];
  /** Permission-denied reasons received (y-protocols auth message). */
  denied: string[];
  destroy: () => void;
}

export function collabUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, "ws")}/collab`;
}

export function connectClient(
  httpUrl: string,
  room: string,
  cookie: string | undefined,
  opts: { doc?: Y.Doc; maxBackoffTime?: number } = {},
): TestClient {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(httpUrl), room, doc, {
    WebSocketPolyfill: webSocketWithCookie(cookie),
    // In-process clients would otherwise sync through BroadcastChannel, bypassing the server.
    disableBc: true,
    maxBackoffTime: opts.maxBackoffTime ?? 500,
  });
  const denied: string[] = [];
  const closeCodes: number[] = [];
  // y-protocols auth message (type 2): record instead of the default console.warn.
  provider.messageHandlers[2] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
  };
  provider.on("connection-close", (event) => {
    if (event) closeCodes.push(event.code);
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on("closed", (event) => resolve(event));
  });
  return {
    doc,
    provider,
    synced,
    closed,
    closeCodes,
    denied,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function waitFor(
  check: () => boolean,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A realistic, fully scored lesion on the i-th catalogue site (spine, long bones, pelvis...). */
export function makeLesion(i: number, userId = 1): BoardLesionDraft {
  const site = SKELETON_SITES[(i * 7) % SKELETON_SITES.length];
  if (!site) throw new Error("empty catalogue");
  const side = site.paired ? (i % 2 === 0 ? "left" : "right") : "midline";
  return {
    id: `lesion-${i}`,
    siteId: site.id,
    side,
    lesionType: (["lytic", "blastic", "mixed"] as const)[i % 3],
    size_mm: 10 + (i % 40),
    pain: { nrs: i % 11, character: i % 2 === 0 ? "mechanical" : "nonMechanical" },
    ...(site.mirelsSite
      ? { mirels: { pain: "functional" as const, size: "oneThirdToTwoThirds" as const } }
      : {}),
    ...(site.sinsLocation
      ? {
          sins: {
            pain: "mechanical" as const,
            alignment: "normal" as const,
            collapse: "under50" as const,
            posterolateral: "unilateral" as const,
          },
          escc: "1b" as const,
          frankel: "E" as const,
        }
      : {}),
    createdBy: userId,
    options: {
      [`opt-${i}`]: {
        id: `opt-${i}`,
        treatmentId: "rt.singleFraction8Gy",
        proposedBy: userId,
        status: "proposed",
        note: "",
      },
    },
    assessments: {
      [`a-${i}`]: {
        id: `a-${i}`,
        imagingDate: "2026-10-01",
        modality: "ct",
        response: i % 5 === 0 ? "progression" : "stable",
      },
    },
    discussion: `Lésion ${i}: à discuter.`,
  };
}

/**
 * A new case with an empty board on the demo board (the demo cases come with seeded boards),
 * written directly in the server's SQLite file by a second connection.
 */
export function insertEmptyCase(dbPath: string, rcpId?: number): number {
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 5000");
    const board =
      rcpId ??
      (
        db
          .prepare(
            "SELECT p.rcp_id AS b FROM cases c JOIN patients p ON p.id = c.patient_id WHERE c.id = 1",
          )
          .get() as { b: number } | undefined
      )?.b;
    if (board === undefined) throw new Error("no demo board");
    const hospitalId = `T-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
    const patient = db
      .prepare(
        `INSERT INTO patients (rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer, weight_kg)
         VALUES (?, ?, 'Test', 'Board', '1955-03-02', 'F', '{"type":"breast"}', 62)`,
      )
      .run(board, hospitalId).lastInsertRowid;
    return Number(
      db
        .prepare(
          `INSERT INTO cases (patient_id, question, referring_physician, urgency, status)
           VALUES (?, 'Q', 'Dr T', 'routine', 'ready')`,
        )
        .run(patient).lastInsertRowid,
    );
  } finally {
    db.close();
  }
}

/** The patient of a case (whose lesion map its board opens, decision 072). */
export function patientOfCase(dbPath: string, caseId: number): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare("SELECT patient_id FROM cases WHERE id = ?").get(caseId) as
      | { patient_id: number }
      | undefined;
    if (!row) throw new Error(`no case ${caseId}`);
    return row.patient_id;
  } finally {
    db.close();
  }
}

/** Another case (a later meeting) for the patient of `caseId`; returns its id. */
export function insertLaterCase(dbPath: string, caseId: number): number {
  const patientId = patientOfCase(dbPath, caseId);
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 5000");
    return Number(
      db
        .prepare(
          `INSERT INTO cases (patient_id, question, referring_physician, urgency, status)
           VALUES (?, 'Q2', 'Dr T', 'routine', 'ready')`,
        )
        .run(patientId).lastInsertRowid,
    );
  } finally {
    db.close();
  }
}
