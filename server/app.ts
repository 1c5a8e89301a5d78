// The HTTP side of the one Node process (ARCHITECTURE.md §2): Express with the Remix request
// handler, static assets, /healthz, login rate limit and the origin check, on one port that
// the collaboration server shares through the `upgrade` event.
import { createServer, type Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { schemaVersion } from "../db/index";
import type { AppContext } from "./usecases/context";

export interface HttpOptions {
  loginMaxFailures: number;
  trustProxy: boolean;
  build: ServerBuild | (() => Promise<ServerBuild>);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Refuses state-changing requests whose Origin (or Referer) is not this server (CSRF). */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = `${req.protocol}://${req.get("host")}`;
  let origin = req.get("origin");
  if (!origin || origin === "null") {
    const referer = req.get("referer");
    try {
      origin = referer ? new URL(referer).origin : undefined;
    } catch {
      origin = undefined;
    }
  }
  if (origin !== expected) {
    res
      .status(403)
      .type("text/plain")
      .send("Requête refusée : origine non autorisée (cross-site).");
    return;
  }
  next();
}

export function createHttpServer(ctx: AppContext, opts: HttpOptions): Server {
  const app = express();
  app.disable("x-powered-by");
  if (opts.trustProxy) app.set("trust proxy", 1);

  app.use((_req, res, next) => {
    res.set({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "X-Frame-Options": "DENY",
    });
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", schemaVersion: schemaVersion(ctx.sqlite) });
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.use(sameOriginOnly);

  // Only failed attempts count (the login action answers 4xx on a bad password).
  app.post(
    "/login",
    rateLimit({
      windowMs: 15 * 60_000,
      limit: opts.loginMaxFailures,
      skipSuccessfulRequests: true,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      handler: (_req, res) => {
        res
          .status(429)
          .type("text/plain")
          .send(
            "Trop de tentatives de connexion : réessayez dans 15 minutes. / Too many sign-in attempts: try again in 15 minutes.",
          );
      },
    }),
  );

  app.all(
    "*",
    createRequestHandler({
      build: opts.build,
      getLoadContext: () => ctx,
    }),
  );

  return createServer(app);
}
