export * from "./catalogue";
export * from "./triggers";
