// One better-sqlite3 connection per process, shared by Remix loaders, the collaboration server
// and the FE job runner (stack.md §3.10, §3.13).
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { registerSearchFold } from "./like";
import * as schema from "./schema";

/** The connection or a transaction of it: queries take either, so they compose in one transaction. */
export type Db = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;
export type Sqlite = Database.Database;

/**
 * The project's migrations/ folder, found by walking up from this module: it is one level up
 * from db/index.ts (tsx, vitest) but two from the server bundle build/server/index.js, which
 * inlines this module (decision 040).
 */
export function findMigrationsFolder(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no migrations/meta/_journal.json above ${from}`);
  }
}

export function openDb(
  file: string,
  options: { migrationsFolder?: string } = {},
): { db: Db; sqlite: Sqlite } {
  const migrationsFolder = options.migrationsFolder ?? findMigrationsFolder();
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // busy_timeout before WAL: switching the journal mode itself needs the lock (stack.md §3.13).
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  registerSearchFold(sqlite);
  const db = drizzle(sqlite, { schema });
  try {
    migrateDatabase(sqlite, migrationsFolder);
  } catch (e) {
    sqlite.close();
    throw e;
  }
  return { db, sqlite };
}

/**
 * Applies the pending migrations with foreign keys off, checks every reference, then turns them
 * on. A migration that rebuilds a table (SQLite cannot change a column's default in place, e.g.
 * 0015) drops it while other tables still reference it: this is SQLite's own procedure
 * (https://www.sqlite.org/lang_altertable.html#otheralter). The pragma is set outside the
 * migrations' transaction, where it would be a no-op.
 */
export function migrateDatabase(sqlite: Sqlite, migrationsFolder: string): void {
  sqlite.pragma("foreign_keys = OFF");
  migrate(drizzle(sqlite), { migrationsFolder });
  const broken = sqlite.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) {
    throw new Error(`migrations left ${broken.length} broken foreign key reference(s)`);
  }
  sqlite.pragma("foreign_keys = ON");
}

/** Schema version = number of applied migrations, reported by /healthz. */
export function schemaVersion(sqlite: Sqlite): number {
  const row = sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as {
    n: number;
  };
  return row.n;
}

export { schema };
