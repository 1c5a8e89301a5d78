// Runs migration 0002's data step (merge-boards.ts) on the database of DATABASE_PATH, as the server
// does at start; its own module so that importing merge-boards.ts never runs it.
//   node --import tsx server/collab/merge-boards-cli.ts
import { resolve } from "node:path";
import { openDb } from "../../db/index";
import { parseEnv } from "../env";
import { mergePatientBoards } from "./merge-boards";

const env = parseEnv(process.env);
const { sqlite } = openDb(resolve(env.DATABASE_PATH));
const reports = mergePatientBoards(
  sqlite,
  () => new Date(),
  (m) => console.log(m),
);
console.log(`board merge: ${reports.length} patients merged`);
sqlite.close();
