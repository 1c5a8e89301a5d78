// A real Chromium driven by playwright-core (Playwright's own browser download does not work
// here). One browser context per simulated user (stack.md §3.15).
//
// Which Chromium (decision 062): CHROMIUM_PATH when set; else Debian's /usr/bin/chromium when
// installed; else the Chromium shipped inside the @sparticuz/chromium npm package, so that
// `npm install && npm test` runs the browser tests on a machine with only Node and npm.
import { spawnSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { brotliDecompressSync, createBrotliDecompress } from "node:zlib";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startServer, type TestServer } from "./server";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export interface ChromiumChoice {
  executablePath: string;
  /** Where it came from, for messages: "CHROMIUM_PATH", "system" or "@sparticuz/chromium@V". */
  source: string;
  /** Extra environment the browser needs (the packaged one brings its own libraries and fonts). */
  env: Record<string, string>;
}

/** The Chromium the browser tests use; unpacks the packaged one on first use. */
export async function findChromium(): Promise<ChromiumChoice> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return { executablePath: fromEnv, source: "CHROMIUM_PATH", env: {} };
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, source: "system", env: {} };
  }
  return packagedChromium();
}

export async function launchBrowser(): Promise<Browser> {
  const choice = await findChromium();
  return chromium.launch({
    executablePath: choice.executablePath,
    env: { ...process.env, ...choice.env },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-quic",
      "--disable-sync",
    ],
  });
}

/**
 * @sparticuz/chromium ships chrome-headless-shell brotli-compressed in its bin/ directory, with
 * the NSS, NSPR and expat libraries it links against (al2023.tar.br), a font and SwiftShader.
 * Its own `executablePath()` unpacks to a fixed `/tmp/chromium` that it trusts once it exists
 * (a half-written file from a concurrent test file would be used) and adds the libraries only on
 * AWS Lambda; so we unpack the same files ourselves, once per package version, into a staging
 * directory renamed into place when complete. The libraries are always used: the same browser on
 * every machine, whatever the system has (a minimal Debian has no libnss3).
 */
async function packagedChromium(): Promise<ChromiumChoice> {
  // The package exports only its entry point: its root is two levels above build/cjs/index.cjs.
  let root: string;
  try {
    const entry = createRequire(import.meta.url).resolve("@sparticuz/chromium");
    root = path.resolve(path.dirname(entry), "..", "..");
  } catch {
    throw new Error(
      `No Chromium: CHROMIUM_PATH is not set, ${SYSTEM_CHROMIUM} is missing and ` +
        "@sparticuz/chromium is not installed (run `npm install`).",
    );
  }
  const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    version: string;
  };
  const dir = path.join(tmpdir(), `osteoboard-chromium-${version}`);
  if (!existsSync(path.join(dir, "chromium"))) await unpack(path.join(root, "bin"), dir);
  return {
    executablePath: path.join(dir, "chromium"),
    source: `@sparticuz/chromium@${version}`,
    env: {
      LD_LIBRARY_PATH: [path.join(dir, "al2023", "lib"), process.env.LD_LIBRARY_PATH]
        .filter(Boolean)
        .join(":"),
      FONTCONFIG_PATH: path.join(dir, "fonts"),
    },
  };
}

async function unpack(bin: string, dir: string): Promise<void> {
  const staging = mkdtempSync(`${dir}-staging-`);
  try {
    await pipeline(
      createReadStream(path.join(bin, "chromium.br")),
      createBrotliDecompress(),
      createWriteStream(path.join(staging, "chromium"), { mode: 0o755 }),
    );
    // SwiftShader's libraries sit next to the binary, where Chromium looks for them.
    untarBrotli(path.join(bin, "swiftshader.tar.br"), staging);
    untarBrotli(path.join(bin, "al2023.tar.br"), path.join(staging, "al2023"));
    untarBrotli(path.join(bin, "fonts.tar.br"), path.join(staging, "fonts"));
    // The package's fonts.conf names Lambda's directories; point fontconfig at ours.
    writeFileSync(
      path.join(staging, "fonts", "fonts.conf"),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(dir, "fonts", "fonts")}</dir>\n  <cachedir>${path.join(dir, "fonts-cache")}</cachedir>\n</fontconfig>\n`,
    );
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another test file unpacked the same version at the same time: use theirs.
    if (existsSync(path.join(dir, "chromium"))) return;
    throw error;
  }
}

/**
 * Brotli in Node, tar by the system's `tar` (every Linux has one; no extra npm dependency). The
 * archives are small (the largest, SwiftShader, is 18 MB unpacked): decompressed in memory and
 * handed whole to tar, which may stop reading at the end-of-archive marker before the padding.
 */
function untarBrotli(archive: string, into: string): void {
  mkdirSync(into, { recursive: true });
  const tar = spawnSync("tar", ["-x", "--no-same-owner", "-C", into], {
    input: brotliDecompressSync(readFileSync(archive)),
    stdio: ["pipe", "inherit", "inherit"],
  });
  if (tar.error) throw tar.error;
  if (tar.status !== 0) throw new Error(`tar failed (exit ${tar.status}) unpacking ${archive}`);
}

/** Collects console errors and failed page loads so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

export async function signInPage(
  page: Page,
  base: string,
  who: { email: string; password: string },
) {
  await page.goto(`${base}/login`);
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await page.click("main button[type=submit]");
  // Remix navigates client-side: wait until the sign-in form has gone.
  await page.waitForSelector("#password", { state: "detached" });
}

/**
 * A test server and a browser, started together. If either fails to start, the other is stopped
 * before the error is thrown: a browser that cannot launch must not leave a server running.
 */
export async function startServerAndBrowser(
  serverOptions: Parameters<typeof startServer>[0] = {},
): Promise<[TestServer, Browser]> {
  const [server, browser] = await Promise.allSettled([startServer(serverOptions), launchBrowser()]);
  if (server.status === "fulfilled" && browser.status === "fulfilled") {
    return [server.value, browser.value];
  }
  if (server.status === "fulfilled") await server.value.stop();
  if (browser.status === "fulfilled") await browser.value.close();
  throw server.status === "rejected" ? server.reason : (browser as PromiseRejectedResult).reason;
}

/**
 * For a browser test file's `describe`: starts a server and a browser before its tests (handing
 * them to `use`) and stops both after, even when only one of them started.
 */
export function useServerAndBrowser(
  use: (srv: TestServer, browser: Browser) => void,
  serverOptions: Parameters<typeof startServer>[0] = {},
): void {
  let started: [TestServer, Browser] | undefined;
  beforeAll(async () => {
    started = await startServerAndBrowser(serverOptions);
    use(...started);
  });
  afterAll(async () => {
    await started?.[1].close();
    await started?.[0].stop();
  });
}
