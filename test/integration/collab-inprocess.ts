// A collaboration server in this process (as the benchmark runs it), on a real HTTP port with a
// real SQLite file: for tests that plug their own extensions into createCollabServer, which the
// child-process server of test/helpers/server.ts cannot take.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCookie } from "@remix-run/node";
import { openDb, type Sqlite } from "../../db/index";
import { createSession } from "../../db/sessions";
import { type CollabOptions, DEFAULT_COLLAB_OPTIONS } from "../../server/collab/config";
import {
  type CollabServer,
  type CollabSetup,
  createCollabServer,
} from "../../server/collab/server";

export interface InProcessCollab {
  url: string;
  sqlite: Sqlite;
  collab: CollabServer;
  /** Session cookies of two physicians of the case's board. */
  cookies: [string, string];
  userIds: [number, number];
  caseId: number;
  /** The patient of caseId, whose lesion map its board opens (decision 072). */
  patientId: number;
  logs: string[];
  close: () => Promise<void>;
}

export async function startInProcessCollab(
  setup: CollabSetup,
  options: Partial<CollabOptions> = {},
): Promise<InProcessCollab> {
  const dir = mkdtempSync(join(tmpdir(), "osteoboard-collab-"));
  const { db, sqlite } = openDb(join(dir, "collab.db"));
  const rcpId = sqlite
    .prepare("INSERT INTO rcps (name, institution) VALUES ('RCP Test', 'CHU Test')")
    .run().lastInsertRowid;
  const addUser = (email: string) => {
    const id = Number(
      sqlite
        .prepare(
          "INSERT INTO users (email, display_name, password_hash, role) VALUES (?, ?, 'x', 'physician')",
        )
        .run(email, email).lastInsertRowid,
    );
    sqlite.prepare("INSERT INTO rcp_members (rcp_id, user_id) VALUES (?, ?)").run(rcpId, id);
    return id;
  };
  const userIds: [number, number] = [addUser("a@test"), addUser("b@test")];
  const patientId = Number(
    sqlite
      .prepare(
        `INSERT INTO patients (rcp_id, hospital_id, last_name, first_name, birth_date, sex, primary_cancer, weight_kg)
       VALUES (?, 'T-1', 'Test', 'Hooks', '1950-01-01', 'F', '{"type":"breast"}', 60)`,
      )
      .run(rcpId).lastInsertRowid,
  );
  const caseId = Number(
    sqlite
      .prepare(
        `INSERT INTO cases (patient_id, question, referring_physician, urgency, status)
         VALUES (?, 'Q', 'Dr T', 'routine', 'ready')`,
      )
      .run(patientId).lastInsertRowid,
  );
  const sessionCookie = createCookie("ob_session", { secrets: ["test-secret"], path: "/" });
  const cookieOf = async (userId: number) =>
    (await sessionCookie.serialize(createSession(db, userId, new Date(), 24))).split(";")[0] ?? "";
  const cookies: [string, string] = [await cookieOf(userIds[0]), await cookieOf(userIds[1])];
  const logs: string[] = [];
  const collab = createCollabServer(
    { db, sqlite, sessionCookie, now: () => new Date() },
    { ...DEFAULT_COLLAB_OPTIONS, ...options, log: (m) => logs.push(m) },
    setup,
  );
  const server = createServer();
  server.on("upgrade", (req, socket, head) => {
    if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const url = await new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    }),
  );
  return {
    url,
    sqlite,
    collab,
    cookies,
    userIds,
    caseId,
    patientId,
    logs,
    close: async () => {
      collab.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
