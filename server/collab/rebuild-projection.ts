// Rebuilds the board read model (board_lesions) from the stored boards: latest snapshot + tail of
// every patient that has one. Safe while the server runs (each patient is one transaction).
//   node --import tsx server/collab/rebuild-projection.ts        (DATABASE_PATH as for npm start)
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createCollabStore } from "../../db/collab";
import { openDb } from "../../db/index";
import { parseEnv } from "../env";
import { projectStoredBoard } from "./projection";

export function rebuildProjection(
  sqlite: Parameters<typeof createCollabStore>[0],
  log: (m: string) => void,
): { patients: number; lesions: number } {
  const store = createCollabStore(sqlite);
  const at = new Date().toISOString();
  let lesions = 0;
  const patientIds = store.patientsWithBoards();
  for (const patientId of patientIds) lesions += projectStoredBoard(store, patientId, at, log);
  return { patients: patientIds.length, lesions };
}

const entry = process.argv[1];
const isMain = entry !== undefined && pathToFileURL(resolve(entry)).href === import.meta.url;
if (isMain) {
  const env = parseEnv(process.env);
  const { sqlite } = openDb(resolve(env.DATABASE_PATH));
  const result = rebuildProjection(sqlite, (m) => console.log(m));
  console.log(`projection rebuilt: ${result.patients} patients, ${result.lesions} lesions`);
  sqlite.close();
}
