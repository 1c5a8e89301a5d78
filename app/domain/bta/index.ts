export * from "./agents";
export * from "./alerts";
export * from "./calcium";
export * from "./followup";
export * from "./gates";
export * from "./indication";
export * from "./renal";
export * from "./sequence";
