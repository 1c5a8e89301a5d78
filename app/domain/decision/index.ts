export * from "./draft";
export * from "./draft-check";
export * from "./schema";
export * from "./systemic";
export * from "./trials";
export * from "./validate";
export * from "./version";
