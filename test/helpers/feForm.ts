// The first steps every FE browser test takes on the patient page: import a CT series through the
// page's form and choose it in the analysis form (issue 13; decisions 087, 121, 126, 127).
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { signInPage, watchErrors } from "./browser";
import { queryRows } from "./db";
import { DEMO } from "./http";
import type { TestServer } from "./server";

/** Imports `file` on the patient's page, waits for the import, selects the series; its id. */
export async function importCtAndChooseIt(
  page: Page,
  serverUrl: string,
  patientId: number,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<string> {
  await page.goto(`${serverUrl}/patients/${patientId}`);
  await page.setInputFiles("#ct input[type=file]", file);
  await page.click("#ct button[type=submit]");
  await page.waitForSelector("#ct [role=status]", { timeout: 30_000 });
  const seriesOption = page.locator("#fe #f-ctSeriesId option").nth(1);
  await seriesOption.waitFor({ state: "attached" });
  const ctSeriesId = await seriesOption.getAttribute("value");
  if (!ctSeriesId) throw new Error("no CT series offered");
  await page.selectOption("#fe #f-ctSeriesId", ctSeriesId);
  return ctSeriesId;
}

/**
 * A physician signed in on a French 1366×768 page (one context, its errors watched) with `file`
 * imported for the patient of case `caseId` and chosen in the analysis form.
 */
export async function physicianWithCtInFeForm(
  browser: Browser,
  srv: TestServer,
  caseId: number,
  file: { name: string; mimeType: string; buffer: Buffer | Uint8Array },
  contextOptions: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[]; patientId: number }> {
  const [{ patient_id: patientId }] = queryRows<{ patient_id: number }>(
    srv.dbPath,
    "SELECT patient_id FROM cases WHERE id = ?",
    caseId,
  );
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: "fr-FR",
    ...contextOptions,
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInPage(page, srv.url, DEMO.physician);
  await importCtAndChooseIt(page, srv.url, patientId, {
    ...file,
    buffer: Buffer.from(file.buffer),
  });
  return { context, page, errors, patientId };
}
