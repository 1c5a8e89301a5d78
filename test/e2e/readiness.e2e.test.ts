// "Prêt pour la RCP ?" in Chromium (issue 11 §2): a not-ready demo case lists its missing item
// with its source and a link to the form that fixes it; the new case form pre-selects no answer
// to "Anti-résorbeur en question ?" and refuses to save without one.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

describe("readiness checklist in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("shows what the renal case misses, links to the case form, and asks the BTA question with no default", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.coordinator);
    const [row] = queryRows<{ caseId: number; patientId: number }>(
      srv.dbPath,
      "SELECT c.id AS caseId, p.id AS patientId FROM cases c JOIN patients p ON p.id = c.patient_id WHERE p.hospital_id = 'DEMO-0004'",
    );
    await page.goto(`${srv.url}/cases/${row?.caseId}`);
    const checklist = page.locator("section.readiness");
    await checklist.waitFor();
    expect(await checklist.locator("h2").textContent()).toBe("Prêt pour la RCP ?");
    const item = checklist.locator("li[data-code=imagingDate]");
    expect(await item.textContent()).toContain("Date de l'imagerie revue non renseignée.");
    expect(await item.textContent()).toContain("Source : Règle de fonctionnement de la RCP");
    await page.screenshot({ path: "/tmp/rec/case-page-1366x768.png", fullPage: false });
    await Promise.all([
      page.waitForURL(/\/cases\/\d+\/edit$/),
      item.locator("a", { hasText: "Compléter le dossier" }).click(),
    ]);
    await page.waitForSelector("#f-imagingDate");
    expect(await page.isChecked('[name="btaInQuestion"][value="no"]')).toBe(true);

    await page.goto(`${srv.url}/patients/${row?.patientId}/cases/new`);
    await page.waitForSelector("#f-question");
    expect(await page.locator('[name="btaInQuestion"]:checked').count()).toBe(0);
    await page.fill("#f-question", "Contrôle après embolisation ?");
    await page.fill("#f-referringPhysician", "Dr Rein");
    await page.click("main button[type=submit]");
    await page.waitForSelector("#f-btaInQuestion-error");
    expect(await page.textContent("#f-btaInQuestion-error")).toContain("champ obligatoire");
    expect(await page.inputValue("#f-question")).toBe("Contrôle après embolisation ?");
    // The one 400 is the refused form above; nothing else went wrong in the page.
    expect(errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    await context.close();
  });
});
