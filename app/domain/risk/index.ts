export * from "./applicability";
export * from "./context";
export * from "./facts";
export * from "./lesion";
export * from "./summary";
