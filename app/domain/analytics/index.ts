export * from "./figures";
export * from "./filter";
