export * from "./lesion";
export * from "./summary";
