// Substring search with SQLite's LIKE, where the user's `%`, `_` and `\` mean themselves: they are
// escaped with `\`, which LIKE honours only when the query names it (ESCAPE '\'); SQLite
// "lang_expr": "If the optional ESCAPE clause is present…". Used by patients and cases search.
import type Database from "better-sqlite3";
import { type AnyColumn, and, or, type SQL, sql } from "drizzle-orm";

const ESCAPE = "\\";

/** The LIKE pattern for "contains `term`", its wildcards escaped. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/**
 * Text as search compares it: accents dropped (NFD splits "é" into "e" + a combining mark,
 * Unicode UAX #15) and lower-cased, so "Hélène", "HELENE" and "helene" are one word. SQLite's own
 * LIKE and lower() fold ASCII only (SQLite "lang_corefunc": "lower() … works for ASCII
 * characters only"), hence this function, registered on each connection by openDb.
 */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

const FOLD_FUNCTION = "search_fold";

/** Makes search_fold(text) available to this connection's SQL (better-sqlite3 user function). */
export function registerSearchFold(sqlite: Database.Database): void {
  sqlite.function(FOLD_FUNCTION, { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? foldForSearch(value) : value,
  );
}

/** `column` contains `term` literally, ignoring case and accents. */
export function containsFolded(column: AnyColumn, term: string): SQL {
  // The escape character is bound as a parameter: drizzle's sql`` keeps the template's raw text,
  // where a backslash literal cannot be written as one character.
  const pattern = containsPattern(foldForSearch(term));
  return sql`${sql.raw(FOLD_FUNCTION)}(${column}) LIKE ${pattern} ESCAPE ${ESCAPE}`;
}

// A search box is one line typed by a person; more terms than this is not a name (the route also
// caps the query at 100 characters).
const MAX_TERMS = 8;

/** The whitespace-separated terms of a search box, at most MAX_TERMS of them. */
export function searchTerms(q: string): string[] {
  return q.split(/\s+/).filter(Boolean).slice(0, MAX_TERMS);
}

/**
 * Every term of `q` is contained in at least one of `columns` ("chev sar" finds CHEVALIER Sarah,
 * in either order); undefined when `q` has no term (no filter).
 */
export function matchesEveryTerm(columns: readonly AnyColumn[], q: string): SQL | undefined {
  return and(...searchTerms(q).map((term) => or(...columns.map((c) => containsFolded(c, term)))));
}
