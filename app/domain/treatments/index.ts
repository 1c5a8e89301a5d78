export * from "./catalogue";
export * from "./patchell";
export * from "./radium223";
export * from "./triggers";
