// Every language, for the server and the tests: the browser imports ./core and gets English only
// when it needs it (app/entry.client.tsx, decision 117).
import { registerCatalogue } from "./core";
import { en } from "./en";

registerCatalogue("en", en);

export * from "./core";
