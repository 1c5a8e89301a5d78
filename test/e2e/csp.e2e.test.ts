// The Content-Security-Policy in a real browser (decision 060): the app's own pages, including a
// live board over its same-origin WebSocket, run with no violation, and a script injected without
// the nonce does not run.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case (seeded melanoma case, as in board.e2e.test.ts).
const CASE_ID = 9;

describe("Content-Security-Policy in Chromium", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("runs sign-in, lists and a live board with no CSP violation but the known eval probe, and blocks an injected script", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const console: string[] = [];
    page.on("console", (m) => console.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => console.push(`pageerror: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        // Reported through the console, which the test listens to.
        window.console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });

    await signInPage(page, srv.url, DEMO.physician);
    await page.goto(`${srv.url}/patients`);
    await page.goto(`${srv.url}/cases/${CASE_ID}/board`);
    await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });
    // Hydrated: client-side navigation works (Remix's scripts ran under the nonce).
    await page.click("nav[aria-label=principal] a[href='/cases']");
    await page.waitForURL(`${srv.url}/cases`);
    // Known and open (decision 060): a library probes `new Function("")` (eval) and falls back
    // when the CSP refuses it; those reports are listed apart so any other violation fails here.
    const violations = console.filter((line) =>
      /violat|Content Security Policy|Refused/i.test(line),
    );
    const EVAL_PROBE = "error: CSP violation: script-src eval";
    expect(violations.filter((line) => line !== EVAL_PROBE)).toEqual([]);

    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true;";
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect(console.some((line) => /CSP violation: script-src/.test(line))).toBe(true);
    await context.close();
  });
});
