import type { AppContext, RequestContext } from "./usecases.server";

export type { AppContext, RequestContext };

declare module "@remix-run/server-runtime" {
  // Per request: the app context plus the client address, CSP nonce and sign-in count
  // (server/app.ts getLoadContext).
  interface AppLoadContext extends RequestContext {}
}
