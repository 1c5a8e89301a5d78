export * from "./agents";
export * from "./alerts";
export * from "./followup";
export * from "./gates";
export * from "./indication";
export * from "./planned";
export * from "./renal";
export * from "./sequence";
