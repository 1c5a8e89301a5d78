// The first steps every FE browser test takes on the patient page: import a CT series through the
// page's form and choose it in the analysis form (issue 13; decisions 087, 121, 126, 127).
import type { Page } from "playwright-core";

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
