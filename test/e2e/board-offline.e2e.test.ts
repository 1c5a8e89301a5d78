// Offline edits (issue 5 §3): an edit made while the server is down is kept in the browser
// (y-indexeddb) and reaches the server when it comes back, without a page reload.
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { caseDiscussion } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const CASE_ID = 9;
const NOTE = " Relu hors ligne par le Dr Bernard.";

function storedDiscussion(dbPath: string): string {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const store = createCollabStore(sqlite);
    const patientId = store.patientOfCase(CASE_ID);
    if (patientId === null) throw new Error(`no case ${CASE_ID}`);
    return caseDiscussion(loadStoredBoardDoc(store, patientId), CASE_ID).toString();
  } finally {
    sqlite.close();
  }
}

describe("live case board offline (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("keeps an edit made while the server is down and merges it when it is back", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    await page.goto(`${srv.url}/cases/${CASE_ID}/board`);
    await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });
    // "Live" is the socket; the board's content arrives with the first sync after it. Killed
    // before that (once on a loaded CI machine), the page had no case discussion to edit.
    await page.waitForSelector(".board-page[data-ready=true]", { timeout: 15_000 });
    await page.waitForSelector('[data-field="case-discussion"] .cm-content', { timeout: 15_000 });
    // The offline copy of this case's board (app/board/offline.ts, decision 072).
    const idbName = `osteoboard:u3:map:case:${CASE_ID}`;
    const localUpdates = () =>
      page.evaluate(
        (name) =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open(name);
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const count = db.transaction("updates", "readonly").objectStore("updates").count();
              count.onsuccess = () => {
                resolve(count.result);
                db.close();
              };
              count.onerror = () => reject(count.error);
            };
          }),
        idbName,
      );
    const before = storedDiscussion(srv.dbPath);
    expect(before).not.toContain(NOTE.trim());

    await srv.kill();
    await page.waitForSelector("[data-connection=offline]", { timeout: 15_000 });
    const localBefore = await localUpdates();
    // The case discussion's editor (CodeMirror, decision 071).
    const area = page.locator('[data-field="case-discussion"] .cm-content');
    await area.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(NOTE);
    // Kept in this browser while the server is away.
    await expect.poll(localUpdates, { timeout: 5000 }).toBeGreaterThan(localBefore);
    expect(storedDiscussion(srv.dbPath)).not.toContain(NOTE.trim());

    // The server comes back on the same address and database; the page reconnects by itself.
    srv = await startServer({ dbPath: srv.dbPath, port: srv.port });
    await page.waitForSelector("[data-connection=live]", { timeout: 30_000 });
    await expect
      .poll(() => storedDiscussion(srv.dbPath), { timeout: 10_000 })
      .toContain(NOTE.trim());
    expect(await area.textContent()).toContain(NOTE.trim());
    // Only the expected connection failures while the server was down.
    expect(
      // Remix's route discovery ("manifest patches") also fetches from the server that is down.
      errors.filter(
        (e) =>
          !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch manifest patches/.test(
            e,
          ),
      ),
    ).toEqual([]);
    await context.close();
  });
});
