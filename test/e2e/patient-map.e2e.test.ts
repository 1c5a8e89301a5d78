// Issue 10 item 2 acceptance, in Debian chromium: the lesion map belongs to the patient (decision
// 072). A patient whose earlier case was discussed (a lesion added and scored, the seeded lesions'
// assessments and options, the discussion typed) gets a new case through the UI; its board shows
// the same lesions with their scores and history; its discussion starts empty; the first case's
// discussion is unchanged.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { BoardLesion } from "../../app/domain/board/schema";
import { caseDiscussion, readBoard } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case (melanoma), seeded with two lesions (humerus, T4) with their imaging
// assessments and proposed options.
const FIRST_CASE = 9;
const FIRST_TEXT = "Première RCP : enclouage prophylactique du fémur droit.";
const LATER_TEXT = "Deuxième RCP : contrôle à trois mois.";

/** The patient's stored map, seen from one case (a second connection to the file). */
function stored(dbPath: string, caseId: number): { lesions: BoardLesion[]; discussion: string } {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const store = createCollabStore(sqlite);
    const patientId = store.patientOfCase(caseId);
    if (patientId === null) throw new Error(`no case ${caseId}`);
    const doc = loadStoredBoardDoc(store, patientId);
    const board = readBoard(doc, caseId);
    return { lesions: board.lesions, discussion: caseDiscussion(doc, caseId).toString() };
  } finally {
    sqlite.close();
  }
}

function patientOf(dbPath: string, caseId: number): number {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return createCollabStore(sqlite).patientOfCase(caseId) ?? 0;
  } finally {
    sqlite.close();
  }
}

/** What the case discussion field shows (a textarea today, an editor element after A's part). */
function discussionText(page: Page): Promise<string> {
  return page
    .locator('[data-field="case-discussion"]')
    .evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? "")));
}

/** Back to the board's overview, where the case discussion is (Escape closes the open lesion). */
async function closeLesion(page: Page): Promise<void> {
  await page.locator("h1").click();
  await page.keyboard.press("Escape");
  await page.waitForSelector('[data-field="case-discussion"]');
}

async function openBoard(page: Page, base: string, caseId: number): Promise<void> {
  await page.goto(`${base}/cases/${caseId}/board`);
  await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });
  await page.waitForSelector(".board-page[data-ready=true]", { timeout: 15_000 });
}

describe("the lesion map belongs to the patient (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("opens a new case of the patient on the same lesions, scores and history, with an empty discussion", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);

    // The first meeting: a right femoral diaphysis lesion scored Mirels 10, the discussion typed.
    await openBoard(page, srv.url, FIRST_CASE);
    const seeded = stored(srv.dbPath, FIRST_CASE).lesions;
    expect(seeded.length).toBe(2);
    await page.click(
      'svg[data-view=anterior] path[data-site="femur.diaphysis"][data-side="right"]',
    );
    await page.waitForSelector("dialog[open]");
    await page.selectOption("dialog select >> nth=1", "lytic");
    await page.click("dialog button[type=submit]");
    await page.waitForSelector(".lesion-panel");
    const lesionId = (await page.getAttribute(".lesion-panel", "data-lesion-id")) ?? "";
    expect(lesionId).not.toBe("");
    await page.selectOption('[data-field="mirels.pain"]', "functional");
    await page.selectOption('[data-field="mirels.size"]', "oneThirdToTwoThirds");
    // Mirels: lower limb 2 + functional pain 3 + lytic 3 + 1/3–2/3 2 = 10 (Mirels 1989).
    await page.waitForSelector('[data-score=mirels][data-value="10"]');
    await closeLesion(page);
    await page.locator('[data-field="case-discussion"]').click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(FIRST_TEXT);
    await expect
      .poll(() => stored(srv.dbPath, FIRST_CASE).discussion, { timeout: 10_000 })
      .toContain(FIRST_TEXT);
    await expect
      .poll(() => stored(srv.dbPath, FIRST_CASE).lesions.length, { timeout: 10_000 })
      .toBe(3);
    const firstDiscussion = stored(srv.dbPath, FIRST_CASE).discussion;

    // A new case for the same patient, through the UI.
    const patientId = patientOf(srv.dbPath, FIRST_CASE);
    await page.goto(`${srv.url}/patients/${patientId}/cases/new`);
    await page.fill('[name="question"]', "Contrôle du fémur droit après enclouage ?");
    await page.fill('[name="referringPhysician"]', "Dr Martin");
    await page.check('[name="btaInQuestion"][value="no"]');
    // The case form's own button (the header's sign-out form has one too).
    await Promise.all([
      page.waitForURL(/\/cases\/\d+$/),
      page.click('form:has([name="question"]) button[type="submit"]'),
    ]);
    const laterCase = Number(/\/cases\/(\d+)$/.exec(page.url())?.[1]);
    expect(laterCase).toBeGreaterThan(FIRST_CASE);

    // Its board: the same three lesions, the femur still scored Mirels 10; no discussion yet.
    await openBoard(page, srv.url, laterCase);
    await expect.poll(() => page.locator("[data-lesion-item]").count()).toBe(3);
    for (const l of seeded) {
      expect(await page.locator(`[data-lesion-item="${l.id}"]`).count()).toBe(1);
    }
    await page.click(`[data-lesion-item="${lesionId}"]`);
    await page.waitForSelector('[data-score=mirels][data-value="10"]');
    await closeLesion(page);
    expect(await discussionText(page)).toBe("");
    await page.locator('[data-field="case-discussion"]').click();
    await page.keyboard.type(LATER_TEXT);
    await expect
      .poll(() => stored(srv.dbPath, laterCase).discussion, { timeout: 10_000 })
      .toBe(LATER_TEXT);

    // The seeded lesions kept their assessments and options in the new case's map.
    const later = stored(srv.dbPath, laterCase).lesions;
    for (const l of seeded) {
      const same = later.find((x) => x.id === l.id);
      expect(same?.assessments).toEqual(l.assessments);
      expect(same?.options).toEqual(l.options);
    }
    // The first case's discussion is unchanged.
    expect(stored(srv.dbPath, FIRST_CASE).discussion).toBe(firstDiscussion);

    // History from the new case: the lesions' timelines, with the first case's changes.
    await page.goto(`${srv.url}/cases/${laterCase}/history`);
    await page.waitForSelector(".lesion-timelines");
    expect(await page.locator(".timeline-lesions > li").count()).toBe(3);
    const assessments = seeded.reduce((n, l) => n + Object.keys(l.assessments).length, 0);
    expect(await page.locator(".timeline-assessments > li").count()).toBe(assessments);
    expect(
      await page.locator(`.lesion-timelines a[href="/cases/${FIRST_CASE}/history"]`).count(),
    ).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
