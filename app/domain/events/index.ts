export * from "./skeletal";
