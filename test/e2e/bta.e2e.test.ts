// An oncologist records a first zoledronic-acid dose on the patient page and sees the next one
// due (issue 12 acceptance), in a real browser on the seeded demo. Expected dates are worked out
// here from the calendar: zoledronic acid every 4 weeks is 28 days after the dose.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

/** The clinic's calendar day (CLINIC_TIME_ZONE defaults to Europe/Paris), plus `days`. */
function clinicDay(days: number): { iso: string; fr: string } {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, day] = iso.split("-");
  return { iso, fr: `${day}/${m}/${y}` };
}

describe("BTA sequence on the patient page (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("records a first zoledronic-acid dose and shows the next one due in 4 weeks", async () => {
    // Sarah Chevalier (seed): breast cancer, bone metastases since May 2026, no BTA yet.
    const [p] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM patients WHERE hospital_id = 'DEMO-0007'",
    );
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    await page.goto(`${srv.url}/patients/${p?.id}#bta`);
    await page.waitForSelector("#bta");
    expect(await page.textContent("[data-bta-status]")).toBe("non initié");
    // ESMO: a BTA is indicated in breast cancer; none 3 months after the diagnosis.
    expect(await page.$('[data-warning="noBtaAtThreeMonths"]')).not.toBeNull();

    const today = clinicDay(0);
    await page.selectOption("#bta-kind", "initiate");
    await page.fill("#bta-date", today.iso);
    await page.selectOption("#bta-agent", "zoledronicAcid");
    await page.fill("#bta-intervalWeeks", "4");
    await page.fill("#bta-dentalCheckDate", today.iso);
    await page.selectOption("#bta-calciumVitaminDPlan", "yes");
    await page.fill("#bta-baselineCalciumMmolL", "2.4");
    await page.fill("#bta-creatinineClearanceMlMin", "105");
    await page.click("#bta button[type=submit]");
    await page.waitForSelector('[data-bta-status="active"]');

    expect(await page.textContent("[data-bta-status]")).toBe("acide zolédronique, en cours");
    expect(await page.textContent("[data-bta-next-dose]")).toBe(clinicDay(28).fr);
    // Clearance 105 mL/min: the SmPC's > 60 band, 4 mg.
    expect(await page.textContent('.bta-events tr[data-kind="initiate"]')).toContain("4 mg");
    expect(await page.$('[data-warning="noBtaAtThreeMonths"]')).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
