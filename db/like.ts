// Substring search with SQLite's LIKE, where the user's `%`, `_` and `\` mean themselves: they are
// escaped with `\`, which LIKE honours only when the query names it (ESCAPE '\'); SQLite
// "lang_expr": "If the optional ESCAPE clause is present…". Used by patients and cases search.
import { type AnyColumn, type SQL, sql } from "drizzle-orm";

const ESCAPE = "\\";

/** The LIKE pattern for "contains `term`", its wildcards escaped. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/** `column` contains `term` literally (case-insensitive for ASCII, as LIKE is in SQLite). */
export function containsText(column: AnyColumn, term: string): SQL {
  // The escape character is bound as a parameter: drizzle's sql`` keeps the template's raw text,
  // where a backslash literal cannot be written as one character.
  return sql`${column} LIKE ${containsPattern(term)} ESCAPE ${ESCAPE}`;
}
