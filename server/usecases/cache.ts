// Results recomputed only when the database was written (decision 118): a value is kept with the
// data fingerprint it was computed at (db/dataVersion.ts) and served while no row of the file has
// changed since, so it is never older than the data. One cache per kind of result, per database.
import { dataFingerprint } from "../../db/dataVersion";
import type { Sqlite } from "../../db/index";

/** Entries kept per database: one per filter, RCP set and day actually asked for, oldest dropped. */
const MAX_ENTRIES = 64;

export function createWriteCache<T>() {
  const byDb = new WeakMap<Sqlite, Map<string, { fingerprint: string; value: T }>>();
  return function cached(sqlite: Sqlite, key: string, compute: () => T): T {
    let entries = byDb.get(sqlite);
    if (!entries) {
      entries = new Map();
      byDb.set(sqlite, entries);
    }
    const hit = entries.get(key);
    if (hit && hit.fingerprint === dataFingerprint(sqlite)) return hit.value;
    const value = compute();
    // Taken after computing: a write the computation itself made (a projection brought up to
    // date) is part of what the value reflects.
    entries.delete(key);
    entries.set(key, { fingerprint: dataFingerprint(sqlite), value });
    if (entries.size > MAX_ENTRIES) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    return value;
  };
}
