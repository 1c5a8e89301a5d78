export * from "./catalogue";
export * from "./patchell";
export * from "./triggers";
