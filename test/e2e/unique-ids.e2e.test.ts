// Element ids are unique on the patient page and the live case board (issue 12 review): a repeated
// id makes a <label for> name the wrong input, and screen readers and autofill follow it (HTML
// Living Standard §3.2.6.1: "The id attribute ... must be unique amongst all the IDs in the
// element's tree"). Every demo patient's page and board, signed in as a physician (who sees every
// form), with the duplicates listed in the failure message. Patrick Durand gets a CT series first,
// so his page also shows the FE analysis form beside the skeletal event form (both ask for a lesion).
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { vertebraPhantom } from "../../server/fe/anatomicalPhantom";
import { dicomSeriesOf } from "../fe/dicomWriter";
import { writeZip } from "../fe/zipWriter";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { importCtAndChooseIt } from "../helpers/feForm";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

/** Each id that more than one element carries, with how many carry it. */
async function repeatedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
  });
}

describe("element ids on the patient page and the board (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser(
    (s, b) => {
      [srv, browser] = [s, b];
    },
    { env: { FE_JOB_RUNNER: "off" } },
  );

  it("repeats no id on any demo patient's page or live board", async () => {
    const patients = queryRows<{ id: number; caseId: number | null }>(
      srv.dbPath,
      "SELECT p.id, (SELECT min(c.id) FROM cases c WHERE c.patient_id = p.id) AS caseId FROM patients p ORDER BY p.id",
    );
    expect(patients.length).toBeGreaterThan(5);
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    // Patrick Durand's case 9 (test/e2e/board.e2e.test.ts): a 2 mm vertebra phantom as his CT.
    const [durand] = queryRows<{ patient_id: number }>(
      srv.dbPath,
      "SELECT patient_id FROM cases WHERE id = 9",
    );
    const { ct } = vertebraPhantom({ spacing_mm: 2 });
    await importCtAndChooseIt(page, srv.url, durand.patient_id, {
      name: "vertebre.zip",
      mimeType: "application/zip",
      buffer: writeZip(dicomSeriesOf(ct).map((data, k) => ({ name: `IM${k}.dcm`, data }))),
    });
    const found: string[] = [];
    let boards = 0;
    for (const p of patients) {
      await page.goto(`${srv.url}/patients/${p.id}`);
      await page.waitForSelector("#bta");
      for (const d of await repeatedIds(page)) found.push(`/patients/${p.id}: ${d}`);
      if (p.caseId === null) continue;
      await page.goto(`${srv.url}/cases/${p.caseId}/board`);
      await page.waitForSelector(".board-page[data-ready=true]");
      // The lesion panel holds the score, readings and decision forms: open the first lesion.
      const lesion = page.locator(".lesion-item").first();
      if ((await lesion.count()) > 0) await lesion.click();
      boards += 1;
      for (const d of await repeatedIds(page)) found.push(`/cases/${p.caseId}/board: ${d}`);
    }
    expect(boards).toBeGreaterThan(5);
    expect(found, `repeated ids:\n${found.join("\n")}`).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
