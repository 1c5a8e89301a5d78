export * from "./agents";
export * from "./alerts";
export * from "./gates";
export * from "./renal";
export * from "./sequence";
