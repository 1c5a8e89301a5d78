// Skeletal events in Chromium (issue 12 §3, decision 105): the seeded emergency fracture of Sarah
// Chevalier's right humerus shows in that lesion's panel on her live board, and Mme Blanc's
// patient page lists her nailing as planned, with a form that pre-selects nothing.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

/** dd/mm/yyyy of the clinic's day `n` days from now (the seed dates the events from its today). */
const frenchDay = (n: number) =>
  new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris" }).format(
    new Date(Date.now() + n * 86_400_000),
  );

describe("skeletal events in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });
  const idOf = (sql: string) => queryRows<{ id: number }>(srv.dbPath, sql)[0]?.id ?? 0;

  it("shows the emergency fracture in the humerus panel of the board, and the planned nailing on the patient page", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    const caseId = idOf(
      "SELECT c.id FROM cases c JOIN patients p ON p.id = c.patient_id WHERE p.hospital_id = 'DEMO-0007'",
    );
    await page.goto(`${srv.url}/cases/${caseId}/board`);
    await page.waitForSelector(".board-page[data-ready=true]");
    await page.click('.lesion-item:has-text("Humérus")');
    const event = page.locator(
      '.lesion-panel .skeletal-events li[data-kind="pathologicalFracture"]',
    );
    const text = await event.textContent();
    expect(text).toContain("Fracture pathologique");
    expect(text).toContain("Urgence");
    expect(text).toContain(frenchDay(-2));

    const blanc = idOf("SELECT id FROM patients WHERE hospital_id = 'DEMO-0008'");
    await page.goto(`${srv.url}/patients/${blanc}#skeletal`);
    const row = page.locator('#skeletal tr[data-kind="surgeryToBone"]');
    expect(await row.getAttribute("data-origin")).toBe("planned");
    expect(await row.textContent()).toContain("Programmé");
    expect(await row.textContent()).toContain(frenchDay(-3));
    // Nothing clinical is pre-selected (issue 10 §4).
    for (const name of ["eventKind", "lesionId", "origin", "planItemId"])
      expect(await page.locator(`.skeletal-form select[name="${name}"]`).inputValue()).toBe("");
    expect(errors).toEqual([]);
    await context.close();
  });
});
