// Whether the database was written since a moment, in one cheap statement (decision 118): SQLite's
// data_version changes when another connection commits, total_changes() counts this connection's
// inserted, updated and deleted rows. Both unchanged: no row of the file changed in between.
// https://www.sqlite.org/pragma.html#pragma_data_version, https://www.sqlite.org/lang_corefunc.html#total_changes
import type { Sqlite } from "./index";

const statements = new WeakMap<Sqlite, { get: () => unknown }>();

export function dataFingerprint(sqlite: Sqlite): string {
  let stmt = statements.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(
      "SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes() AS v",
    );
    statements.set(sqlite, stmt);
  }
  const row = stmt.get() as { v: string } | undefined;
  return row?.v ?? "";
}
