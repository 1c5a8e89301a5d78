// The patient timeline's layout (issue 12 §5).
export * from "./layout";
export * from "./lesions";
