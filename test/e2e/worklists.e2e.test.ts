// The worklists in Chromium at the room's 1366×768 (issue 12 §4): the surgeon's list shows Mme
// Moreau's femoral neck as not decided, with its Mirels and a link to her board; the coordinator's
// list shows its three sections. Screenshots in /tmp/rec for review.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

describe("worklists in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("shows the surgeon's and the coordinator's lists in French, reached from the nav", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.coordinator);
    await page.click("nav >> text=Listes de travail");
    await page.waitForURL(/\/worklists\/surgeon$/);
    // The URL changes before the new page has rendered (client-side navigation): wait for its
    // heading rather than read the previous page's.
    await page.waitForSelector("h1:text-is('Liste de travail du chirurgien')");
    const neck = page.locator("tr", { hasText: "col fémoral" }).first();
    expect(await neck.textContent()).toContain("Mirels : 12");
    expect(await neck.textContent()).toContain("Non décidé");
    expect(await neck.locator("a", { hasText: "Ouvrir le tableau" }).getAttribute("href")).toMatch(
      /^\/cases\/\d+\/board$/,
    );
    await page.screenshot({ path: "/tmp/rec/worklist-surgeon-1366x768.png" });

    await page.click("text=Coordination");
    await page.waitForURL(/\/worklists\/coordinator$/);
    await page.waitForSelector("h1:text-is('Liste de travail de la coordination')");
    const headings = await page.locator("h2").allTextContents();
    expect(headings).toEqual([
      "Prochaines séances : dossiers prêts ou non",
      "Décisions signées dont la fiche n'est pas envoyée",
      "Actions décidées en retard",
    ]);
    await page.screenshot({ path: "/tmp/rec/worklist-coordinator-1366x768.png" });
    expect(errors).toEqual([]);
    await context.close();
  });
  it("runs a list answered from memory like a new one: its scripts pass the policy and hydrate (decision 137)", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    const cacheOf = async () =>
      (await page.goto(`${srv.url}/worklists/surgeon`))?.headers()["server-timing"] ?? "";
    // The server writes in the background after its start: loads until one comes from memory.
    let timing = await cacheOf();
    for (let i = 0; i < 20 && !timing.includes('"hit"'); i++) timing = await cacheOf();
    expect(timing).toContain('desc="hit"');
    // A client-side navigation only happens once the page has hydrated, which needs its scripts.
    await page.click("main >> text=Coordination");
    await page.waitForSelector("h1:text-is('Liste de travail de la coordination')");
    expect(page.url()).toMatch(/\/worklists\/coordinator$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
