import type { AppContext } from "./usecases.server";

export type { AppContext };

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
}
