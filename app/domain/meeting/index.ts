export * from "./agenda";
export * from "./calendar";
export * from "./quorum";
export * from "./readiness";
