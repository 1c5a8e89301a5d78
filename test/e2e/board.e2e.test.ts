// The live case board in Debian chromium (issue 5 acceptance): two physicians in two browser
// contexts on one case, plus an observer. One browser context per user (stack.md §3.15).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
// Patrick Durand's case (melanoma), seeded with two lesions: humerus and T4.
const CASE_ID = 9;
const poll = { polling: 100, timeout: 15_000 } as const;

async function openBoard(
  browser: Browser,
  base: string,
  who: { email: string; password: string },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInPage(page, base, who);
  await page.goto(`${base}/cases/${CASE_ID}/board`);
  await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });
  return { context, page, errors };
}

const lesionCount = (page: Page) => page.locator("[data-lesion-item]").count();

describe("live case board in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("syncs lesions and scores, shows presence, follows the presenter, undoes only one's own edits, and is read-only for observers", async () => {
    const a = await openBoard(browser, srv.url, DEMO.physician);
    const b = await openBoard(browser, srv.url, LAURENT);

    // The seeded demo board is there for both, before anyone edits.
    expect(await lesionCount(a.page)).toBe(2);
    expect(await lesionCount(b.page)).toBe(2);

    // Presence: each sees both physicians.
    for (const { page } of [a, b]) {
      await page.waitForFunction(
        () => document.querySelectorAll("[data-presence-user]").length === 2,
        null,
        poll,
      );
      const presence = await page.textContent(".presence");
      expect(presence).toContain("Dr Hugo Bernard");
      expect(presence).toContain("Dr Sophie Laurent");
    }

    // A clicks the right femoral diaphysis on the map, confirms the side, scores Mirels.
    await a.page.click(
      'svg[data-view=anterior] path[data-site="femur.diaphysis"][data-side="right"]',
    );
    await a.page.waitForSelector("dialog[open]");
    expect(await a.page.isChecked("dialog input[value=right]")).toBe(true);
    await a.page.selectOption("dialog select >> nth=1", "lytic");
    await a.page.click("dialog button[type=submit]");
    await a.page.waitForSelector(".lesion-panel");
    const lesionId = await a.page.getAttribute(".lesion-panel", "data-lesion-id");
    expect(lesionId).toBeTruthy();
    await a.page.selectOption('[data-field="mirels.pain"]', "functional");
    // Separate undo steps (Y.UndoManager merges edits closer than its capture timeout).
    await a.page.waitForTimeout(700);
    await a.page.selectOption('[data-field="mirels.size"]', "oneThirdToTwoThirds");
    // Mirels: lower limb 2 + functional pain 3 + lytic 3 + 1/3–2/3 2 = 10, computed by app/domain.
    await a.page.waitForSelector('[data-score=mirels][data-value="10"]');

    // B sees the new lesion on the map and in the list, opens it, sees the same score.
    await b.page.waitForSelector(`[data-lesion-item="${lesionId}"]`, { timeout: 15_000 });
    expect(
      await b.page.getAttribute(`g.marker[data-lesion-id="${lesionId}"] >> nth=0`, "data-risk"),
    ).toBe("high");
    await b.page.click(`[data-lesion-item="${lesionId}"]`);
    await b.page.waitForSelector('[data-score=mirels][data-value="10"]', { timeout: 15_000 });
    expect(await b.page.textContent("[data-score=mirels]")).toContain("Mirels 1989");
    // Presence says which lesion each one has open.
    await a.page.waitForFunction(
      () => (document.querySelector(".presence")?.textContent ?? "").includes("regarde 3."),
      null,
      poll,
    );

    // B scores the pain of the same lesion; A undoes: only A's last edit (Mirels size) goes.
    await b.page.selectOption('[data-field="pain.nrs"]', "4");
    await a.page.waitForSelector('[data-score=pain][data-value="4"]', { timeout: 15_000 });
    await a.page.click("button:has-text('Annuler')");
    for (const { page } of [a, b]) {
      await page.waitForSelector('[data-score=mirels][data-value=""]', { timeout: 15_000 });
      expect(await page.inputValue('[data-field="mirels.size"]')).toBe("");
      expect(await page.inputValue('[data-field="mirels.pain"]')).toBe("functional");
      expect(await page.inputValue('[data-field="pain.nrs"]')).toBe("4");
    }
    // Redo brings it back for everyone.
    await a.page.click("button:has-text('Rétablir')");
    await b.page.waitForSelector('[data-score=mirels][data-value="10"]', { timeout: 15_000 });

    // Follow the presenter: A presents and opens the humerus lesion; B's panel follows.
    await a.page.click("button:has-text('Présenter')");
    await b.page.waitForSelector("[data-following=true]", { timeout: 15_000 });
    await a.page.click('[data-lesion-item="demo-9-1"]');
    await b.page.waitForSelector('.lesion-panel[data-lesion-id="demo-9-1"]', { timeout: 15_000 });
    await a.page.click('[data-lesion-item="demo-9-2"]');
    await b.page.waitForSelector('.lesion-panel[data-lesion-id="demo-9-2"]', { timeout: 15_000 });
    // B stops following; A moves on, B stays where they were.
    await b.page.click("button:has-text('Ne plus suivre')");
    await b.page.waitForSelector("[data-following=false]");
    await a.page.click(`[data-lesion-item="${lesionId}"]`);
    await a.page.waitForFunction(
      (id) => document.querySelector(".lesion-panel")?.getAttribute("data-lesion-id") === id,
      lesionId,
      poll,
    );
    await b.page.waitForTimeout(500);
    expect(await b.page.getAttribute(".lesion-panel", "data-lesion-id")).toBe("demo-9-2");

    // An observer sees the same board, read-only, and is told so.
    const c = await openBoard(browser, srv.url, DEMO.observer);
    await c.page.waitForSelector("[data-readonly=true]");
    expect(await c.page.textContent("[data-readonly=true]")).toContain("Lecture seule");
    await c.page.waitForSelector(`[data-lesion-item="${lesionId}"]`);
    expect(await lesionCount(c.page)).toBe(3);
    expect(await c.page.locator("button:has-text('Ajouter une lésion')").count()).toBe(0);
    expect(await c.page.locator("button:has-text('Annuler')").count()).toBe(0);
    await c.page.click(
      'svg[data-view=anterior] path[data-site="femur.diaphysis"][data-side="left"]',
    );
    expect(await c.page.locator("dialog[open]").count()).toBe(0);
    await c.page.click(`[data-lesion-item="${lesionId}"]`);
    await c.page.waitForSelector('[data-score=mirels][data-value="10"]');
    expect(await c.page.isDisabled('[data-field="mirels.pain"]')).toBe(true);
    await a.page.waitForFunction(
      () => document.querySelectorAll("[data-presence-user]").length === 3,
      null,
      poll,
    );

    expect([...a.errors, ...b.errors, ...c.errors]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close(), c.context.close()]);
  });

  it("keeps an offline copy of the board in the browser only until sign-out", async () => {
    const a = await openBoard(browser, srv.url, DEMO.physician);
    const names = () =>
      a.page.evaluate(async () =>
        (await indexedDB.databases())
          .map((d) => d.name ?? "")
          .filter((n) => n.startsWith("osteoboard:")),
      );
    await a.page.waitForFunction(
      async () => (await indexedDB.databases()).some((d) => d.name?.startsWith("osteoboard:")),
      null,
      poll,
    );
    // The copy of this case's board holds the patient's map (decision 072: new name).
    expect(await names()).toEqual([`osteoboard:u3:map:case:${CASE_ID}`]);
    // A copy left by the per-case boards (old name) is never opened, and goes at sign-out too.
    await a.page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open(name);
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(req.error);
        }),
      `osteoboard:u3:case:${CASE_ID}`,
    );
    expect((await names()).sort()).toEqual(
      [`osteoboard:u3:case:${CASE_ID}`, `osteoboard:u3:map:case:${CASE_ID}`].sort(),
    );
    await a.page.click("header button:has-text('Se déconnecter')");
    await a.page.waitForSelector("#password");
    await a.page.waitForFunction(
      async () => !(await indexedDB.databases()).some((d) => d.name?.startsWith("osteoboard:")),
      null,
      poll,
    );
    expect(await names()).toEqual([]);
    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});
