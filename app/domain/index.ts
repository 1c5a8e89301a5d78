/**
 * OsteoBoard clinical engine: the one public entry. Pure TypeScript (no I/O, no clock, no
 * randomness), shared by the browser and the server. Every value comes from
 * shared/reference/clinical.md; see README.md in this folder.
 */
export * from "./analytics";
export * from "./bta";
export * from "./common";
export * from "./dates";
export * from "./decision";
export * from "./errors";
export * from "./events";
export * from "./meeting";
export * from "./plans";
export * from "./risk";
export * from "./scores";
export * from "./skeleton";
export * from "./treatments";
// Radium-223 is systemic: kept out of ./treatments so the board page (which imports that folder) does
// not carry it (board JavaScript budget, decision 070).
export * from "./treatments/radium223";
