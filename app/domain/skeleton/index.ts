export * from "./catalogue";
export * from "./geometry";
export * from "./spine";
