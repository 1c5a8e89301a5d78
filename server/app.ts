// The HTTP side of the one Node process (ARCHITECTURE.md §2): Express with the Remix request
// handler, static assets, /healthz, the Host allow-list, the origin check, the body limit and the
// security headers, on one port that the collaboration server shares through the `upgrade` event.
// Sign-in failures are counted by the sign-in use case itself (decision 060).
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { extname } from "node:path";
import { Readable } from "node:stream";
import { constants as zlib } from "node:zlib";
import {
  createRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { schemaVersion } from "../db/index";
import { SignInThrottle } from "./auth/throttle";
import { createPageCache, type KeptPage } from "./pageCache";
import type { AppContext, RequestContext } from "./usecases/context";

export interface HttpOptions {
  loginMaxFailures: number;
  loginMaxFailuresPerAccount: number;
  trustProxy: boolean;
  /** ALLOWED_HOSTS, parsed (server/env.ts). */
  allowedHosts: readonly string[];
  maxBodyBytes: number;
  /** CT_UPLOAD_MAX_BYTES: the CT upload route's limit; its body is streamed, not read here. */
  ctUploadMaxBytes: number;
  /** COOKIE_SECURE: served over HTTPS, so HSTS is sent too. */
  secure: boolean;
  build: ServerBuild | (() => Promise<ServerBuild>);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a Host header names this server (DNS rebinding: a foreign name resolving to us must not
 * be served). An entry without a port accepts any port; `*` accepts any Host.
 */
export function isAllowedHost(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  const value = host.toLowerCase();
  const name = value.replace(/:\d+$/, "");
  return allowed.some((entry) => entry === "*" || entry === value || entry === name);
}

const misdirected = "Hôte non autorisé (ALLOWED_HOSTS). / Host not allowed (ALLOWED_HOSTS).";

/** Answers 421 Misdirected Request (RFC 9110 §15.5.20) to a Host outside the allow-list. */
function allowedHostsOnly(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isAllowedHost(req.headers.host, allowed)) return next();
    res.status(421).type("text/plain").send(misdirected);
  };
}

/** The raw HTTP answer for an upgrade (WebSocket) request whose Host is not allowed. */
export const MISDIRECTED_UPGRADE = `HTTP/1.1 421 Misdirected Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${misdirected}`;

/**
 * Refuses state-changing requests whose Origin (or, without one, Referer) is not this server
 * (CSRF). `Origin: null` (sandboxed frames, privacy-stripped redirects) is foreign: a Referer
 * must not vouch for it, and Remix's own check would answer it with a 500.
 */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = `${req.protocol}://${req.get("host")}`;
  let origin = req.get("origin");
  if (origin === undefined) {
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

/**
 * The Content-Security-Policy of a page: scripts only from the app plus Remix's inline scripts
 * carrying this response's nonce; `connect-src 'self'` covers the same-origin ws:/wss: of /collab
 * (CSP Level 3 §6.7.2.8: 'self' matches ws/wss on the same host and port). React renders `style`
 * attributes, hence style-src-attr; stylesheets from the app, plus the <style> element the board's
 * text editor adds carrying the same nonce (CodeMirror's EditorView.cspNonce, decision 071).
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * No feature the app does not use (W3C Permissions Policy). Only features Chromium knows: an
 * unknown one (`bluetooth` was) logs an error in the console of every page.
 */
const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), browsing-topics=()";

const tooLarge = (maxBytes: number) =>
  `Requête trop volumineuse (plus de ${maxBytes} octets). / Request body too large (over ${maxBytes} bytes).`;

export function createHttpServer(ctx: AppContext, opts: HttpOptions): Server {
  const app = express();
  app.disable("x-powered-by");
  if (opts.trustProxy) app.set("trust proxy", 1);

  app.use(allowedHostsOnly(opts.allowedHosts));

  app.use((_req, res, next) => {
    res.set({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "X-Frame-Options": "DENY",
      "Permissions-Policy": PERMISSIONS_POLICY,
    });
    // One year, this host only: sibling hosts of the hospital's domain are not ours to pin.
    if (opts.secure) res.set("Strict-Transport-Security", "max-age=31536000");
    next();
  });

  // Brotli or gzip, chosen from Accept-Encoding (br first), for every compressible answer over
  // 1 KB: HTML, JS, CSS, JSON (decision 070). Remix's writeReadableStreamToWritable calls
  // res.flush() after each chunk, which this middleware provides, so streamed pages still arrive
  // chunk by chunk. WebSocket upgrades never reach Express (server/index.ts): not compressed.
  // Brotli quality 5, not compression 1.8's 4: on public/build/_shared (532 KB) q4 gave 174 KB,
  // more than gzip's 172 KB, q5 164 KB for the same CPU (27 ms against 24 ms); q11 151 KB for
  // 25× the CPU, too slow for answers compressed as they are sent (measured 2026-11-30).
  app.use(compression({ brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } } }));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", schemaVersion: schemaVersion(ctx.sqlite) });
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Files at the top of public/ (none today beyond build/; a favicon or robots.txt a hospital adds)
  // all have an extension. Asked for every other path, express.static stat()s the disk and builds
  // an ENOENT error before Remix answers: 5 % of a worklist page's CPU under load (profile,
  // decision 134). Page paths have no extension, so they skip it.
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (extname(req.path) === "" ? next() : publicFiles(req, res, next)));

  app.use(sameOriginOnly);

  // The whole body is read here, up to the limit, before Remix sees it: Content-Length over the
  // limit is refused unread, a chunked body as soon as its count passes it (raw-body). No
  // inflation: a compressed body is refused (415) rather than expanded.
  // The CT upload (POST /patients/:id/ct, decision 083) is the one exception: its multipart body
  // is streamed to disk by the route under its own limit (CT_UPLOAD_MAX_BYTES); a declared
  // Content-Length over that limit is refused here, unread.
  const readBody = express.raw({ type: () => true, limit: opts.maxBodyBytes, inflate: false });
  app.use((req, res, next) => {
    if (!isStreamedUpload(req)) return readBody(req, res, next);
    if (Number(req.get("content-length") ?? 0) > opts.ctUploadMaxBytes) {
      // Answered at once, the body then read and dropped: closing the socket instead would make
      // the client fail with EPIPE while still sending, before it could see the 413.
      res.status(413).type("text/plain").send(tooLarge(opts.ctUploadMaxBytes));
      req.resume();
      return;
    }
    next();
  });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = httpErrorStatus(err);
    if (status === undefined) return next(err);
    const text = status === 413 ? tooLarge(opts.maxBodyBytes) : "Requête illisible. / Bad request.";
    res.status(status).type("text/plain").send(text);
  });

  const signInThrottle = new SignInThrottle({
    perAddress: opts.loginMaxFailures,
    perAccount: opts.loginMaxFailuresPerAccount,
  });
  const handleRequest = createRequestHandler(opts.build, process.env.NODE_ENV);
  const pages = createPageCache();

  app.all("*", async (req, res, next) => {
    try {
      const nonce = randomBytes(16).toString("base64");
      // Every Remix answer may show patient data: never stored by the browser or a proxy.
      res.set({
        "Content-Security-Policy": contentSecurityPolicy(nonce),
        "Cache-Control": "no-store",
      });
      const context: RequestContext = {
        ...ctx,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "",
        cspNonce: nonce,
        signInThrottle,
        ctUploadMaxBytes: opts.ctUploadMaxBytes,
      };
      // The list pages' answers are kept while the data is unchanged (server/pageCache.ts).
      const pageKey = await pages.keyOf(ctx, {
        method: req.method,
        path: req.path,
        url: req.originalUrl,
        host: req.get("host") ?? "",
        cookie: req.get("cookie"),
      });
      let kept = pageKey ? pages.get(pageKey, nonce) : undefined;
      const other = pageKey && !kept ? pages.making(pageKey) : undefined;
      if (pageKey && other) {
        // The same page at the same data is being made for another request: its answer is ours.
        await other;
        kept = pages.get(pageKey, nonce);
      }
      if (kept) {
        res.set("Server-Timing", `page-cache;desc="${other ? "shared" : "hit"}"`);
        sendKeptPage(res, kept);
        return;
      }
      if (!pageKey) {
        await sendRemixResponse(res, await handleRequest(remixRequestWithBody(req, res), context));
        return;
      }
      const made = pages.startMaking(pageKey);
      try {
        const response = await handleRequest(remixRequestWithBody(req, res), context);
        if (response.status !== 200) {
          made();
          await sendRemixResponse(res, response);
          return;
        }
        const page: KeptPage = {
          status: response.status,
          headers: [...response.headers.entries()],
          body: [Buffer.from(await response.arrayBuffer())],
        };
        const stored = pages.set(ctx, pageKey, page, nonce);
        made();
        res.set("Server-Timing", `page-cache;desc="${stored ? "miss" : "not kept"}"`);
        sendKeptPage(res, page);
      } finally {
        made();
      }
    } catch (error) {
      next(error);
    }
  });

  return createServer(app);
}

/**
 * The Remix Request for an Express request, its body already read by express.raw (so the limit
 * holds before Remix reads anything). The URL and the abort follow @remix-run/express 2.17's
 * createRemixRequest, which that package does not export.
 */
function remixRequestWithBody(req: Request, res: Response): globalThis.Request {
  // req.hostname honours "trust proxy" (X-Forwarded-Host) but drops the port: take it back.
  const port = (req.get("x-forwarded-host") ?? req.get("host") ?? "").match(/:(\d+)$/)?.[1];
  const url = new URL(
    `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`,
  );
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const controller = new AbortController();
  let finished = false;
  res.on("finish", () => {
    finished = true;
  });
  // Loaders and actions stop once the response can no longer be written (client gone).
  res.on("close", () => {
    if (!finished) controller.abort();
  });
  if (isStreamedUpload(req)) {
    // Node's fetch needs duplex "half" for a streamed request body (undici).
    return new globalThis.Request(url.href, {
      method: req.method,
      headers,
      signal: controller.signal,
      body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
  }
  const body: unknown = req.body;
  return new globalThis.Request(url.href, {
    method: req.method,
    headers,
    signal: controller.signal,
    body:
      Buffer.isBuffer(body) && req.method !== "GET" && req.method !== "HEAD"
        ? new Uint8Array(body)
        : undefined,
  });
}

/** The CT upload route, whose body the route streams itself (decision 083). */
function isStreamedUpload(req: Request): boolean {
  return req.method === "POST" && /^\/patients\/\d{1,12}\/ct\/?$/.test(req.path);
}

/** Writes Remix's Response through Express (as @remix-run/express's sendRemixResponse). */
async function sendRemixResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  setHeaders(res, response.headers.entries());
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** A Remix answer's headers onto Express's response. */
function setHeaders(res: Response, headers: Iterable<readonly [string, string]>): void {
  for (const [key, value] of headers) {
    // A route's own Cache-Control replaces the no-store default set above, not appends to it
    // (the strain images are "private", decision 122).
    if (key === "cache-control") res.set(key, value);
    else res.append(key, value);
  }
}

/** Sends an answer held whole in memory (a kept page, or one read to be kept). */
function sendKeptPage(res: Response, page: KeptPage): void {
  res.status(page.status);
  setHeaders(res, page.headers);
  // Not res.send: it would join the parts and hash them for an ETag a no-store page never uses.
  res.setHeader(
    "Content-Length",
    page.body.reduce((n, part) => n + part.length, 0),
  );
  for (const part of page.body) res.write(part);
  res.end();
}

const HttpErrorSchema = z.object({ status: z.number().int().min(400).max(499) });

/** The status of a body-parser error (413 too large, 415 encoding, 400 aborted…), if it is one. */
function httpErrorStatus(err: unknown): number | undefined {
  const parsed = HttpErrorSchema.safeParse(err);
  return parsed.success ? parsed.data.status : undefined;
}
