// Page weight on a real server (issue 10 §9, decision 070): pages, scripts and JSON are sent
// brotli- or gzip-compressed as the browser asks, decoding to exactly the uncompressed bytes; the
// browser gets zod's English messages only, not its other locales.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BOARD_BUDGET_COMPRESSED_BYTES,
  type Encoding,
  getRaw,
  measurePage,
  pageScripts,
  staticImports,
} from "../bench/page-weight.bench";
import { queryRows } from "../helpers/db";
import { DEMO, dataPath, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const decode = { gzip: gunzipSync, br: brotliDecompressSync } as const;

describe("compressed responses", () => {
  let srv: TestServer;
  let physician: string;
  let boardPath: string;

  beforeAll(async () => {
    srv = await startServer();
    physician = await signIn(srv.url, DEMO.physician);
    const [row] = queryRows<{ case_id: number }>(
      srv.dbPath,
      "SELECT case_id FROM board_updates WHERE case_id IS NOT NULL ORDER BY case_id LIMIT 1",
    );
    boardPath = `/cases/${row?.case_id ?? 0}/board`;
  });
  afterAll(async () => {
    await srv?.stop();
  });

  /** Asks for `path` uncompressed and with `encoding`; checks the decoded bytes are the same. */
  async function expectCompressed(path: string, encoding: Exclude<Encoding, "identity">) {
    const plain = await getRaw(srv.url + path, "identity", physician);
    const packed = await getRaw(srv.url + path, encoding, physician);
    expect(plain.status).toBe(200);
    expect(plain.contentEncoding).toBeUndefined();
    expect(packed.status).toBe(200);
    expect(packed.contentEncoding).toBe(encoding);
    expect(packed.body.length).toBeLessThan(plain.body.length / 2);
    return { plain, decoded: decode[encoding](packed.body) };
  }

  for (const encoding of ["gzip", "br"] as const) {
    it(`sends the board's largest script ${encoding}-compressed, decoding to the same bytes`, async () => {
      const { largest_script } = await measurePage(srv.url, boardPath, physician);
      const { plain, decoded } = await expectCompressed(largest_script.path, encoding);
      expect(plain.contentType).toMatch(/javascript/);
      expect(decoded.equals(plain.body)).toBe(true);
    });

    it(`sends the board page ${encoding}-compressed, the same page once decoded`, async () => {
      const { plain, decoded } = await expectCompressed(boardPath, encoding);
      expect(plain.contentType).toMatch(/text\/html/);
      // Each page carries its own CSP nonce: the pages are the same once it is set aside.
      const withoutNonce = (html: string) => html.replace(/nonce(-|=")[^"';]+/g, "nonce");
      expect(withoutNonce(decoded.toString("utf8"))).toBe(
        withoutNonce(plain.body.toString("utf8")),
      );
      expect(pageScripts(decoded.toString("utf8")).length).toBeGreaterThan(0);
    });

    it(`sends the patient list's JSON ${encoding}-compressed, the same data once decoded`, async () => {
      const path = dataPath("/patients", "routes/patients._index");
      const { plain, decoded } = await expectCompressed(path, encoding);
      expect(plain.contentType).toMatch(/application\/json/);
      expect(JSON.parse(decoded.toString("utf8"))).toEqual(JSON.parse(plain.body.toString("utf8")));
    });
  }

  it("says the answer depends on Accept-Encoding, so that a cache keeps both forms apart", async () => {
    const res = await fetch(srv.url + boardPath, { headers: { Cookie: physician } });
    expect(res.headers.get("vary") ?? "").toMatch(/Accept-Encoding/i);
  });

  it("ships zod's English messages and none of its other locales to the browser", async () => {
    // Every zod locale is one `localeError:` object (node_modules/zod/v4/locales/*.js); English is
    // the default that zod's classic API registers itself (v4/classic/schemas.js).
    for (const page of [boardPath, "/patients"]) {
      const html = (await getRaw(srv.url + page, "identity", physician)).body.toString("utf8");
      const queue = pageScripts(html);
      const seen = new Set(queue);
      let locales = 0;
      let englishMessages = 0;
      for (let script = queue.shift(); script !== undefined; script = queue.shift()) {
        const js = (await getRaw(srv.url + script, "identity")).body.toString("utf8");
        locales += js.split("localeError:").length - 1;
        englishMessages += js.split("Invalid input: expected").length - 1;
        for (const imported of staticImports(js)) {
          if (!seen.has(imported)) queue.push(imported);
          seen.add(imported);
        }
      }
      expect({ page, locales }).toEqual({ page, locales: 1 });
      expect(englishMessages).toBeGreaterThan(0);
    }
  });

  it("keeps the board's JavaScript under 300 KB compressed", async () => {
    const board = await measurePage(srv.url, boardPath, physician);
    expect(board.js_bytes.br).toBeLessThan(BOARD_BUDGET_COMPRESSED_BYTES);
    expect(board.js_bytes.gzip).toBeLessThan(BOARD_BUDGET_COMPRESSED_BYTES);
  });
});
