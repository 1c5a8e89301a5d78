import Database from "better-sqlite3";

/** Reads the server's SQLite file directly (a second, read-only connection, as an auditor would). */
export function countRows(
  dbPath: string,
  table: string,
  where = "1=1",
  ...params: unknown[]
): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as {
      n: number;
    };
    return row.n;
  } finally {
    db.close();
  }
}

export function queryRows<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
