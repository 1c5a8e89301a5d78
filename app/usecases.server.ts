// The app's one door to the server (docs/architecture.md): routes and the other `.server` modules
// of app/ call use cases through this file, never db/ or server/ directly (dependency-cruiser
// checks it in `npm test`). The `.server` suffix keeps it out of the browser bundle.
export * from "../server/usecases/index";
