// Collaborative text that cannot garble (issue 10 §1, decision 071): two physicians type at the
// same place of the case discussion at about 10 characters a second for 10 s each; both screens
// end identical, each typed text is there unbroken, the stored board agrees. The same with one of
// them offline for 5 s. Undo removes only one's own typing. Remote carets carry the server-given
// name.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { caseDiscussion } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
// Seeded discussions (server/seed/fixtures/boards.json): case 9 melanoma, case 10 unknown primary.
const CASE_TOGETHER = 9;
const SEEDED_9 = "Mélanome BRAF muté sous anti-PD1. Lésion humérale proximale gauche : Mirels à 8.";
const CASE_OFFLINE = 10;
const CASE_LINES = 11;
const SEEDED_11 =
  "Tumeur à cellules géantes du tibia proximal droit sous dénosumab depuis 6 mois : condensation périphérique.";
const SEEDED_10 =
  "Primitif inconnu : biopsie scanno-guidée de la lésion iliaque (la plus accessible).";
// About 100 characters each: 10 s at one keystroke every 100 ms.
const RHUMATO =
  " Rhumato: denosumab 120 mg toutes les 4 semaines, calcium et vitamine D, bilan dentaire avant.";
const CHIR =
  " Chir: fixation prophylactique du femur droit par clou centromedullaire, avis anesthesie requis.";
const EDITOR = '[data-field="case-discussion"] .cm-content';
const settle = { polling: 200, timeout: 45_000 } as const;

interface Screen {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

async function openBoard(
  browser: Browser,
  base: string,
  who: { email: string; password: string },
  caseId: number,
): Promise<Screen> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInPage(page, base, who);
  await page.goto(`${base}/cases/${caseId}/board`);
  await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });
  await page.waitForSelector(EDITOR, { timeout: 15_000 });
  return { context, page, errors };
}

/** The text on screen: the editor's lines, without the remote carets' name labels. */
function screenText(page: Page): Promise<string> {
  return page.$eval(EDITOR, (content) =>
    [...content.querySelectorAll(".cm-line")]
      .map((line) => {
        const copy = line.cloneNode(true) as HTMLElement;
        for (const w of copy.querySelectorAll(".cm-ySelectionCaret, .cm-widgetBuffer")) w.remove();
        return copy.textContent ?? "";
      })
      .join("\n"),
  );
}

function storedDiscussion(dbPath: string, caseId: number): string {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const store = createCollabStore(sqlite);
    const patientId = store.patientOfCase(caseId);
    if (patientId === null) throw new Error(`no case ${caseId}`);
    // One lesion map per patient; the case's discussion is its own root (decision 072).
    return caseDiscussion(loadStoredBoardDoc(store, patientId), caseId).toString();
  } finally {
    sqlite.close();
  }
}

/** Puts the caret at the end of the seeded sentence: both type at the same position. */
async function caretAtEnd(screen: Screen): Promise<void> {
  await screen.page.click(EDITOR);
  await screen.page.keyboard.press("Control+End");
}

async function bothSettle(a: Screen, b: Screen, mustContain: string[]): Promise<string> {
  await expect
    .poll(async () => {
      const [ta, tb] = await Promise.all([screenText(a.page), screenText(b.page)]);
      return ta === tb && mustContain.every((s) => ta.includes(s));
    }, settle)
    .toBe(true);
  return screenText(a.page);
}

/** Each typed text once and whole, right after the seeded one (in an order Yjs chooses). */
function expectUnbroken(text: string, seeded: string, typed: string[]): void {
  expect(text.startsWith(seeded)).toBe(true);
  for (const t of typed) expect(text.split(t).length - 1, `once and whole: "${t}"`).toBe(1);
  const rest = text.slice(seeded.length);
  expect([typed.join(""), [...typed].reverse().join("")]).toContain(rest);
}

const typeAt10PerSecond = (page: Page, text: string) => page.keyboard.type(text, { delay: 100 });

describe("collaborative text in Chromium", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("two physicians typing at the same place for 10 s end with the same text, each text unbroken; undo removes only one's own", async () => {
    const a = await openBoard(browser, srv.url, DEMO.physician, CASE_TOGETHER);
    const b = await openBoard(browser, srv.url, LAURENT, CASE_TOGETHER);
    expect(await screenText(a.page)).toBe(SEEDED_9);
    await caretAtEnd(a);
    await caretAtEnd(b);

    // Each sees the other's caret with the name the server gives the account.
    await a.page.waitForSelector(".cm-ySelectionCaret", settle);
    expect(await a.page.textContent(".cm-ySelectionInfo")).toBe("Dr Sophie Laurent");
    await b.page.waitForSelector(".cm-ySelectionCaret", settle);
    expect(await b.page.textContent(".cm-ySelectionInfo")).toBe("Dr Hugo Bernard");

    await Promise.all([typeAt10PerSecond(a.page, RHUMATO), typeAt10PerSecond(b.page, CHIR)]);
    const together = await bothSettle(a, b, [RHUMATO, CHIR]);
    expectUnbroken(together, SEEDED_9, [RHUMATO, CHIR]);
    await expect.poll(() => storedDiscussion(srv.dbPath, CASE_TOGETHER), settle).toBe(together);

    // Bernard undoes: his typing goes, Laurent's stays, on both screens; redo brings it back.
    // One undo step is one burst of typing (keystrokes under 500 ms apart, Y.UndoManager's
    // captureTimeout): on a busy machine a pause can split his sentence into a few steps, so he
    // presses Ctrl+Z until his words are gone, and Laurent's text must be whole at every step.
    let undos = 0;
    for (; undos < 40; undos++) {
      const now = await screenText(a.page);
      if (now === SEEDED_9 + CHIR) break;
      expect(now).toContain(SEEDED_9);
      expect(now).toContain(CHIR);
      await a.page.keyboard.press("Control+z");
      await a.page.waitForTimeout(150);
    }
    expect(undos).toBeGreaterThan(0);
    const undone = await bothSettle(a, b, [CHIR]);
    expect(undone).toBe(SEEDED_9 + CHIR);
    for (let i = 0; i < undos; i++) await a.page.keyboard.press("Control+y");
    const redone = await bothSettle(a, b, [RHUMATO, CHIR]);
    expectUnbroken(redone, SEEDED_9, [RHUMATO, CHIR]);

    // A third screen opened now, an observer's, reads what the server holds, and cannot type.
    const c = await openBoard(browser, srv.url, DEMO.observer, CASE_TOGETHER);
    await expect.poll(() => screenText(c.page), settle).toBe(redone);
    expect(await c.page.getAttribute(EDITOR, "contenteditable")).toBe("false");
    expect(await c.page.getAttribute(EDITOR, "aria-labelledby")).toBeTruthy();
    for (const s of [a, b, c]) expect(s.errors).toEqual([]);
    for (const s of [a, b, c]) await s.context.close();
  }, 120_000); // 10 s of typing, then settling: above the 60 s default on a shared machine

  it("the same with one of them offline for 5 s while both type", async () => {
    const a = await openBoard(browser, srv.url, DEMO.physician, CASE_OFFLINE);
    const b = await openBoard(browser, srv.url, LAURENT, CASE_OFFLINE);
    expect(await screenText(b.page)).toBe(SEEDED_10);
    await caretAtEnd(a);
    await caretAtEnd(b);

    // Proof that the two were apart: while Laurent is offline the screens differ.
    let apart = false;
    const offlineForFive = (async () => {
      await b.page.waitForTimeout(2000);
      await b.context.setOffline(true);
      await b.page.waitForTimeout(4500);
      const [ta, tb] = await Promise.all([screenText(a.page), screenText(b.page)]);
      apart = ta !== tb;
      await b.page.waitForTimeout(500);
      await b.context.setOffline(false);
    })();
    await Promise.all([
      typeAt10PerSecond(a.page, RHUMATO),
      typeAt10PerSecond(b.page, CHIR),
      offlineForFive,
    ]);
    expect(apart).toBe(true);
    const merged = await bothSettle(a, b, [RHUMATO, CHIR]);
    expectUnbroken(merged, SEEDED_10, [RHUMATO, CHIR]);
    await expect.poll(() => storedDiscussion(srv.dbPath, CASE_OFFLINE), settle).toBe(merged);
    // Only the expected connection failures while offline.
    const unexpected = (e: string) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load/.test(e);
    expect(a.errors).toEqual([]);
    expect(b.errors.filter(unexpected)).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 120_000);

  it("edits with the keyboard alone: a new line, a deletion, a line start; the other screen follows", async () => {
    const a = await openBoard(browser, srv.url, DEMO.physician, CASE_LINES);
    const b = await openBoard(browser, srv.url, LAURENT, CASE_LINES);
    await caretAtEnd(a);
    await a.page.keyboard.press("Enter");
    await a.page.keyboard.type("Décision : RTE 8 Gy.x");
    await a.page.keyboard.press("Backspace");
    await a.page.keyboard.press("Home");
    await a.page.keyboard.type("→ ");
    const expected = `${SEEDED_11}\n→ Décision : RTE 8 Gy.`;
    await expect.poll(() => screenText(b.page), settle).toBe(expected);
    expect(await screenText(a.page)).toBe(expected);
    expect(a.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
