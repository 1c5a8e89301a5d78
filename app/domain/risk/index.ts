export * from "./context";
export * from "./lesion";
export * from "./summary";
