/**
 * Benchmark: the JavaScript a browser downloads to open the board and the patient list, on a real
 * running server (the compiled one, demo data): every /build/*.js that the page's HTML names
 * (modulepreload links and the inline module script) and, transitively, that those files import.
 * Each file is asked for three times, as a browser would: without compression, with
 * `Accept-Encoding: gzip`, with `Accept-Encoding: br`; the bytes counted are the bytes received.
 * Prints one JSON object with the figures before issue 10 for comparison.
 *
 *   node --import tsx test/bench/page-weight.bench.ts
 */
import { execFileSync } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { queryRows } from "../helpers/db";
import { DEMO, signIn } from "../helpers/http";
import { startServer } from "../helpers/server";

export type Encoding = "identity" | "gzip" | "br";

export interface RawResponse {
  status: number;
  contentEncoding: string | undefined;
  contentType: string | undefined;
  /** The body as received, still compressed when Content-Encoding says so. */
  body: Buffer;
}

/** A GET that does not decode the body (fetch would), so the bytes on the wire can be counted. */
export function getRaw(url: string, encoding: Encoding, cookie?: string): Promise<RawResponse> {
  const headers: Record<string, string> = { "Accept-Encoding": encoding };
  if (cookie) headers.Cookie = cookie;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentEncoding: res.headers["content-encoding"],
          contentType: res.headers["content-type"],
          body: Buffer.concat(chunks),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * The scripts a page makes the browser load: its modulepreload links, its `<script src>` and the
 * static imports of its inline module script. Not every /build path in the HTML: the inline Remix
 * manifest names the manifest file and other routes' modules, loaded only on navigation.
 */
export function pageScripts(html: string): string[] {
  const found = [
    ...html.matchAll(/<link rel="modulepreload" href="(\/build\/[^"]+\.js)"/g),
    ...html.matchAll(/<script[^>]* src="(\/build\/[^"]+\.js)"/g),
    ...html.matchAll(/import(?:[\w\s*{},$]+from)?\s*"(\/build\/[^"]+\.js)";/g),
  ];
  return [...new Set(found.map((m) => m[1] ?? ""))];
}

/** The static imports of a built module (`import{a}from"/build/…"`, `import"/build/…"`). */
export function staticImports(js: string): string[] {
  const found = js.matchAll(/(?:\bfrom|\bimport)\s*"(\/build\/[^"]+\.js)"/g);
  return [...new Set([...found].map((m) => m[1] ?? ""))];
}

export interface PageWeight {
  path: string;
  scripts: number;
  /** Bytes received per encoding asked for, summed over the page's scripts. */
  js_bytes: Record<Encoding, number>;
  /** The largest script, uncompressed, and its size: where to look first. */
  largest_script: { path: string; bytes: number };
}

/** The JavaScript a signed-in browser downloads to open `path`, followed through imports. */
export async function measurePage(base: string, path: string, cookie: string): Promise<PageWeight> {
  const page = await getRaw(base + path, "identity", cookie);
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  const queue = pageScripts(page.body.toString("utf8"));
  const seen = new Set(queue);
  const js_bytes: Record<Encoding, number> = { identity: 0, gzip: 0, br: 0 };
  let largest_script = { path: "", bytes: 0 };
  for (let script = queue.shift(); script !== undefined; script = queue.shift()) {
    for (const encoding of ["identity", "gzip", "br"] as const) {
      const res = await getRaw(base + script, encoding);
      if (res.status !== 200) throw new Error(`${script} answered ${res.status}`);
      js_bytes[encoding] += res.body.length;
      if (encoding !== "identity") continue;
      if (res.body.length > largest_script.bytes) {
        largest_script = { path: script, bytes: res.body.length };
      }
      for (const imported of staticImports(res.body.toString("utf8"))) {
        if (seen.has(imported)) continue;
        seen.add(imported);
        queue.push(imported);
      }
    }
  }
  return { path, scripts: seen.size, js_bytes, largest_script };
}

/**
 * The board as measured before issue 10 (the same method, on commit 4be856c: no compression, zod's
 * 61 locales in one 453,918-byte chunk). The issue rounded them to 1,014 KB sent and 270 KB once
 * gzipped; `gzip` here is what gzip would have made of it (level 6, compression's default).
 */
export const BEFORE = {
  board: { identity: 1_018_326, gzip: 275_360 },
  patients: { identity: 817_885, gzip: 213_051 },
} as const;

/** Issue 10, item 9: the board's JavaScript under 300 KB compressed. */
export const BOARD_BUDGET_COMPRESSED_BYTES = 300 * 1024;

export interface PageWeightResult {
  benchmark: "page-weight";
  board: PageWeight & { before: { identity: number; gzip: number }; under_budget: boolean };
  patients: PageWeight & { before: { identity: number; gzip: number } };
  budget_compressed_bytes: number;
}

/** A demo case that has a board (the seed stores boards for some cases). */
function boardCaseId(dbPath: string): number {
  const [row] = queryRows<{ case_id: number }>(
    dbPath,
    "SELECT case_id FROM board_updates WHERE case_id IS NOT NULL ORDER BY case_id LIMIT 1",
  );
  if (!row) throw new Error("the demo data has no board");
  return row.case_id;
}

export async function runPageWeightBench(): Promise<PageWeightResult> {
  const srv = await startServer();
  try {
    const cookie = await signIn(srv.url, DEMO.physician);
    const board = await measurePage(srv.url, `/cases/${boardCaseId(srv.dbPath)}/board`, cookie);
    const patients = await measurePage(srv.url, "/patients", cookie);
    const boardCompressed = Math.min(board.js_bytes.gzip, board.js_bytes.br);
    return {
      benchmark: "page-weight",
      board: {
        ...board,
        before: BEFORE.board,
        under_budget: boardCompressed < BOARD_BUDGET_COMPRESSED_BYTES,
      },
      patients: { ...patients, before: BEFORE.patients },
      budget_compressed_bytes: BOARD_BUDGET_COMPRESSED_BYTES,
    };
  } finally {
    await srv.stop();
  }
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  // The compiled server is measured: rebuilt first when a source changed (as test/global-setup).
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL("../../server/build/build.mjs", import.meta.url)), "--if-stale"],
    { stdio: ["ignore", 2, 2], env: { ...process.env, NODE_ENV: "production" } },
  );
  console.log(JSON.stringify(await runPageWeightBench(), null, 2));
}
