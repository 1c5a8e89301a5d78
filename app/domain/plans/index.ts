// Plan items of signed decisions (issue 12 §2).
export * from "./planItem";
