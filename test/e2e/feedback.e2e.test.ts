// Issue 10 item 8 in a real browser, with the client-side navigation Remix does when JavaScript
// runs: a create's confirmation appears once in the role="status" region after the redirect, is
// gone on the next navigation and on reload; the search finds a patient by her names in any order.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

describe("finding and feedback in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("confirms a new patient and a new case once each, and finds Sarah Chevalier by 'sarah chev'", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.coordinator);
    // The home page after sign-in is the user's worklist (decision 107): the coordinator's.
    await page.waitForSelector("h1:text-is('Liste de travail de la coordination')");
    expect(new URL(page.url()).pathname).toBe("/worklists/coordinator");
    const status = () => page.locator("main [role=status]").first().textContent();

    await page.goto(`${srv.url}/patients/new`);
    expect(await status()).toBe("");
    await page.fill("#f-hospitalId", "E2E-FEED");
    await page.fill("#f-lastName", "Retour");
    await page.fill("#f-firstName", "Élise");
    await page.fill("#f-birthDate", "1961-03-02");
    await page.selectOption("#f-sex", "F");
    await page.selectOption("#f-primaryCancer-type", "prostate");
    await page.selectOption("#f-primaryCancer-castration", "resistant");
    await page.selectOption("#f-systemicTreatment", "none");
    await page.fill("#f-weightKg", "64");
    await page.click("main button[type=submit]");
    await page.waitForSelector("h1:has-text('RETOUR Élise')");
    await page.waitForSelector("main [role=status]:text-is('Patient créé.')");

    // The next client-side navigation does not repeat it.
    await page.click("text=Nouveau dossier");
    await page.waitForSelector("#f-question");
    expect(await status()).toBe("");
    await page.fill("#f-question", "Douleur dorsale : IRM du rachis ?");
    await page.fill("#f-referringPhysician", "Dr Retour");
    await page.selectOption("#f-urgency", "priority");
    await page.selectOption("#f-status", "draft");
    await page.check('[name="btaInQuestion"][value="no"]');
    await page.click("main button[type=submit]");
    await page.waitForSelector("dd:has-text('IRM du rachis')");
    await page.waitForSelector("main [role=status]:text-is('Dossier créé.')");
    await page.reload();
    await page.waitForSelector("dd:has-text('IRM du rachis')");
    expect(await status()).toBe("");

    await page.goto(`${srv.url}/patients`);
    await page.fill("#q", "sarah chev");
    await page.click("form[role=search] button");
    await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1, null, {
      polling: 100,
    });
    expect(await page.textContent("tbody")).toContain("DEMO-0007");

    await page.fill("#q", "elise retour zzz");
    await page.click("form[role=search] button");
    await page.waitForSelector("text=Effacer la recherche");
    await page.click("text=Effacer la recherche");
    await page.waitForFunction(() => document.querySelectorAll("tbody tr").length > 1, null, {
      polling: 100,
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
