// The routes' door to db/: re-exported from a `.server` module so the Remix compiler keeps
// drizzle and better-sqlite3 out of the browser bundle (stack.md §3.8).
export * from "../db/audit";
export * from "../db/boards";
export * from "../db/cases";
export * from "../db/patients";
export * from "../db/sessions";
export * from "../db/users";
