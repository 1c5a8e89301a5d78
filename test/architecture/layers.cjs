// The layer rules of docs/architecture.md, checked by dependency-cruiser in `npm test`
// (`npm run lint:layers`). Arrows point one way:
//   routes (HTTP only) → app/usecases.server.ts (the one door) → server/usecases → db → app/domain
// A violation fails the run and names the arrow (from → to) and the rule.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No file reaches itself through its imports.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "kernel-is-pure",
      comment:
        "app/domain (the pure kernel) imports only itself, zod and (for the board document's Yjs mapping) yjs.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: {
        pathNot: ["^app/domain/", "node_modules/zod/", "node_modules/yjs/"],
      },
    },
    {
      name: "yjs-only-in-the-board-mapping",
      comment: "In the kernel only app/domain/board/ydoc.ts maps the board onto Yjs types.",
      severity: "error",
      from: { path: "^app/domain/", pathNot: "^app/domain/board/ydoc\\.ts$" },
      to: { path: "node_modules/yjs/" },
    },
    {
      name: "db-is-below-use-cases",
      comment: "db/ (queries) imports only db/ and the kernel: never server/ or the Remix app.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(server|app)/", pathNot: "^app/domain/" },
    },
    {
      name: "server-never-imports-the-app",
      comment:
        "Server code (use cases, collab, fe, seed) imports from app/ only the pure kernel app/domain.",
      severity: "error",
      from: { path: "^server/" },
      to: { path: "^app/", pathNot: "^app/domain/" },
    },
    {
      name: "server-never-imports-react",
      comment: "No React, Remix React or browser binding on the server side or in db/.",
      severity: "error",
      from: { path: "^(server|db)/" },
      to: {
        path: "node_modules/(react|react-dom|@remix-run/react|react-i18next|y-indexeddb|y-websocket)/",
      },
    },
    {
      name: "app-reaches-the-server-through-one-door",
      comment:
        "In app/, only app/usecases.server.ts imports server/ (the use cases); nothing in app/ imports db/.",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/usecases\\.server\\.ts$" },
      to: { path: "^(server|db)/" },
    },
    {
      name: "the-door-opens-on-use-cases-only",
      comment:
        "app/usecases.server.ts re-exports server/usecases and nothing else from the server.",
      severity: "error",
      from: { path: "^app/usecases\\.server\\.ts$" },
      to: { path: "^(server|db)/", pathNot: "^server/usecases/" },
    },
    {
      name: "use-cases-have-no-http",
      comment: "Use cases know nothing of HTTP, Express or the collaboration socket.",
      severity: "error",
      from: { path: "^server/usecases/" },
      to: {
        path: [
          "^server/(app|index|collab/server|collab/auth)\\.ts$",
          "node_modules/(express|ws|@remix-run/express)/",
        ],
      },
    },
    {
      name: "components-are-presentational",
      comment: "React components never import server-only modules (*.server.ts), routes or db/.",
      severity: "error",
      from: { path: "^app/(components|board)/" },
      to: { path: ["\\.server\\.tsx?$", "^app/routes/", "^(server|db)/"] },
    },
    {
      name: "browser-code-gets-english-on-demand",
      comment:
        "Browser code imports app/i18n/core, never app/i18n/index (which bundles English): decision 117. Server-only modules (*.server.ts, entry.server, i18n/fiche for the fiche's words) may.",
      severity: "error",
      from: {
        path: "^app/",
        pathNot: [
          "\\.server\\.tsx?$",
          "^app/entry\\.server\\.tsx$",
          "^app/i18n/(index|fiche)\\.ts$",
        ],
      },
      to: { path: "^app/i18n/index\\.ts$" },
    },
    {
      name: "routes-do-not-import-routes",
      comment: "A route module is one URL; shared code goes into a component or a .server module.",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: "^app/routes/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"],
      mainFields: ["module", "main", "types", "typings"],
    },
    exclude: { path: ["^build/", "^public/build/", "^node_modules/"] },
  },
};
