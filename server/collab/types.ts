// What the collaboration server needs from the process (server/index.ts passes its AppContext).
// Its own module so that the server and its extensions both import it without importing each other.
import type { AppContext } from "../usecases/context";

export type CollabDeps = Pick<AppContext, "db" | "sqlite" | "sessionCookie" | "now">;
