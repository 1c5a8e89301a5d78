// The decision draft on the case board (issue 11 §5): two physicians fill the "Proposition de la
// RCP" form in two browser contexts and each sees the other's choices; nothing is pre-selected;
// an observer sees the choices read-only; the stored draft is what signing will read.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createCollabStore } from "../../db/collab";
import { loadDecisionDraft } from "../../server/collab/decision-draft";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
// Seeded board (server/seed/fixtures/boards.json): case 9, melanoma, a left proximal humerus lesion.
const CASE = 9;
const FORM = "[data-decision-draft]";
const RATIONALE = '[data-field="decision-rationale"] .cm-content';
const settle = { polling: 200, timeout: 30_000 } as const;

async function openBoard(browser: Browser, base: string, who: { email: string; password: string }) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    // The date fields are the browser's own: a French browser shows jj/mm/aaaa.
    locale: "fr-FR",
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInPage(page, base, who);
  await page.goto(`${base}/cases/${CASE}/board`);
  await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });
  await page.waitForSelector(`${FORM} [data-decision-lesion]`, { timeout: 15_000 });
  return { context, page, errors };
}

const selected = (page: Page, field: string) =>
  page.$eval(`[data-field="${field}"]`, (el) => (el as HTMLSelectElement).value);

function storedDraft(dbPath: string) {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const store = createCollabStore(sqlite);
    const patientId = store.patientOfCase(CASE);
    if (patientId === null) throw new Error(`no case ${CASE}`);
    return loadDecisionDraft(store, patientId, CASE);
  } finally {
    sqlite.close();
  }
}

describe("the decision draft form in Chromium", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("two physicians fill the form together and see each other's choices; nothing is pre-selected", async () => {
    const a = await openBoard(browser, srv.url, DEMO.physician);
    const b = await openBoard(browser, srv.url, LAURENT);
    const lesionId = await a.page.$eval("[data-decision-lesion]", (el) =>
      el.getAttribute("data-decision-lesion"),
    );
    if (!lesionId) throw new Error("no lesion row");
    // Nothing chosen on arrival: every choice of the form is on its empty option.
    const choices = await a.page.$$eval(`${FORM} select`, (all) =>
      all.map((s) => (s as HTMLSelectElement).value),
    );
    expect(choices.length).toBeGreaterThanOrEqual(6);
    expect(choices.every((v) => v === "")).toBe(true);
    expect(await a.page.textContent(`[data-field="decision-action-${lesionId}"] option`)).toBe(
      "— choisir —",
    );
    // The engine's alerts for the lesion are shown beside its action (Mirels 8 here).
    expect(await a.page.textContent(`[data-triggers="${lesionId}"]`)).toMatch(/Mirels/);

    await a.page.selectOption(`[data-field="decision-action-${lesionId}"]`, "rt.singleFraction8Gy");
    await b.page.selectOption('[data-field="decision-informed"]', "yes");
    await b.page.selectOption('[data-field="decision-systemic-action"]', "initiate");
    await expect
      .poll(() => selected(b.page, `decision-action-${lesionId}`), settle)
      .toBe("rt.singleFraction8Gy");
    await expect.poll(() => selected(a.page, "decision-informed"), settle).toBe("yes");
    // "initiate" opens the regimen fields on both screens.
    await a.page.waitForSelector('[data-field="decision-systemic-agent"]', { timeout: 30_000 });
    // Not answered stays not answered: the other question was never clicked.
    expect(await selected(a.page, "decision-not-objecting")).toBe("");

    await a.page.click(RATIONALE);
    await a.page.keyboard.type("Radiothérapie antalgique 8 Gy.");
    await expect
      .poll(() => b.page.textContent(RATIONALE), settle)
      .toContain("Radiothérapie antalgique 8 Gy.");
    // Problems are named in French beside the fields still to fill.
    expect(await b.page.textContent(FORM)).toContain("à renseigner");

    await a.page.$eval(FORM, (el) => el.scrollIntoView());
    await a.page.screenshot({ path: "/tmp/decision-draft-1366x768.png" });

    await expect
      .poll(() => {
        const d = storedDraft(srv.dbPath);
        return [d.lesions[0]?.action, d.patientInformed, d.systemic.action, d.rationale];
      }, settle)
      .toEqual(["rt.singleFraction8Gy", "yes", "initiate", "Radiothérapie antalgique 8 Gy."]);

    // An observer sees the choices and cannot change them.
    const o = await openBoard(browser, srv.url, DEMO.observer);
    await expect.poll(() => selected(o.page, "decision-informed"), settle).toBe("yes");
    expect(
      await o.page.$eval(
        '[data-field="decision-informed"]',
        (el) => (el as HTMLSelectElement).disabled,
      ),
    ).toBe(true);

    expect([...a.errors, ...b.errors, ...o.errors]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close(), o.context.close()]);
  }, 120_000);
});
