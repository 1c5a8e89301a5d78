// The use cases, one module per aggregate (docs/architecture.md). Routes reach them through one
// door, app/usecases.server.ts; server code (collab, seed) imports the module it needs.
export * from "./audit";
export * from "./boardHistory";
export * from "./bta";
export * from "./cases";
export * from "./context";
export * from "./ct";
export * from "./decisions";
export * from "./feJobs";
export * from "./figures";
export * from "./meetings";
export * from "./patients";
export * from "./plans";
export * from "./rcps";
export * from "./readiness";
export * from "./refusal";
export * from "./sessions";
export * from "./skeletal";
export * from "./timeline";
export * from "./users";
export * from "./worklists";
