// Issue 13's browser acceptance in Debian Chromium: "upload the phantom series, choose the region
// and lesion on the slices, run, watch the progress bar, and see the result appear on the lesion
// for a second user connected to the same board; cancel a second run." Physician A imports a
// vertebra phantom as a DICOM zip through the patient page, places the lesion sphere by clicking
// the slice views, runs the analysis and sees its stages; physician B, on the same patient's board
// in another browser context, sees the result card appear on the T4 lesion without reloading.
// A coarse phantom (2 mm CT, 3 mm elements) keeps a run to seconds. Screenshots: /tmp/shots-fe/.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { VERTEBRA_GEOMETRY, vertebraPhantom } from "../../server/fe/anatomicalPhantom";
import { dicomSeriesOf } from "../fe/dicomWriter";
import { writeZip } from "../fe/zipWriter";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
// Patrick Durand's case, seeded with two lesions: humerus and T4 (test/e2e/board.e2e.test.ts).
const CASE_ID = 9;
const SHOTS = "/tmp/shots-fe";
const CT_MM = 2;
/** A lytic lesion in the vertebral body, phantom coordinates (as test/integration/fe-live.test.ts). */
const LESION = { centre_mm: [0, 5, 13] as [number, number, number], radius_mm: 9 };

/** The phantom's lesion centre in the CT's own mm (its box starts at its lower corner, snapped). */
function lesionInCt(): [number, number, number] {
  const v = VERTEBRA_GEOMETRY;
  const lo = [-v.semiAxisX_mm - 5, -v.semiAxisY_mm - 5, -5].map(
    (x) => Math.floor(x / CT_MM) * CT_MM,
  );
  return [0, 1, 2].map((a) => LESION.centre_mm[a] - lo[a]) as [number, number, number];
}

/** Clicks the centre of pixel (x, y) of a slice view, from the image's size in pixels. */
async function clickPixel(page: Page, axis: string, x: number, y: number, size: [number, number]) {
  const view = page.locator(`.fe-slice[data-axis=${axis}] .fe-slice-image`);
  const box = await view.boundingBox();
  if (!box) throw new Error(`no ${axis} view`);
  await view.click({
    position: {
      x: ((x + 0.5) / size[0]) * box.width,
      y: ((y + 0.5) / size[1]) * box.height,
    },
  });
}

/** Records every text the job rows' status lines show, and whether a progress bar was shown. */
async function recordJobTexts(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    const bars: number[] = [];
    (window as unknown as { feSeen: string[]; feBars: number[] }).feSeen = seen;
    (window as unknown as { feSeen: string[]; feBars: number[] }).feBars = bars;
    const look = () => {
      for (const el of document.querySelectorAll(".fe-job [role=status]")) {
        const text = el.textContent ?? "";
        if (!seen.includes(text)) seen.push(text);
      }
      for (const bar of document.querySelectorAll<HTMLProgressElement>(".fe-job progress")) {
        if (!bars.includes(bar.value)) bars.push(bar.value);
      }
    };
    new MutationObserver(look).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

describe("FE analysis from the browser to the board (issue 13 acceptance)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser(
    (s, b) => {
      [srv, browser] = [s, b];
    },
    { env: { FE_JOB_RUNNER: "on" } },
  );

  it("imports the phantom, places the lesion on the slices, runs, shows the result on B's board, and cancels a second run", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const [{ patient_id: patientId }] = queryRows<{ patient_id: number }>(
      srv.dbPath,
      "SELECT patient_id FROM cases WHERE id = ?",
      CASE_ID,
    );
    const { ct } = vertebraPhantom({
      spacing_mm: CT_MM,
      lesions: [{ centre_mm: LESION.centre_mm, radii_mm: [9, 9, 9] }],
    });
    const zip = writeZip(dicomSeriesOf(ct).map((data, k) => ({ name: `IM${k}.dcm`, data })));

    // B: the same patient's board, open on the T4 lesion, before anything is computed.
    const bContext = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: "fr-FR",
    });
    const b = await bContext.newPage();
    const bErrors = watchErrors(b);
    await signInPage(b, srv.url, LAURENT);
    await b.goto(`${srv.url}/cases/${CASE_ID}/board`);
    await b.waitForSelector("[data-connection=live]", { timeout: 15_000 });
    const t4 = b.locator("[data-lesion-item]", { hasText: "T4" });
    const lesionId = await t4.getAttribute("data-lesion-item");
    if (!lesionId) throw new Error("no T4 lesion on the seeded board");
    await t4.click();
    await b.waitForSelector(`.lesion-panel[data-lesion-id="${lesionId}"]`);
    expect(await b.locator("[data-testid=fe-result]").count()).toBe(0);

    // A: the patient page, the CT form.
    const aContext = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: "fr-FR",
    });
    const a = await aContext.newPage();
    const aErrors = watchErrors(a);
    await signInPage(a, srv.url, DEMO.physician);
    await a.goto(`${srv.url}/patients/${patientId}`);
    await a.setInputFiles("#ct input[type=file]", {
      name: "vertebre.zip",
      mimeType: "application/zip",
      buffer: zip,
    });
    await a.click("#ct button[type=submit]");
    await a.waitForSelector("#ct [role=status]", { timeout: 30_000 });
    expect(await a.textContent("#ct [role=status]")).toBe("Scanner importé.");
    // The imported series is offered to the analysis form (the page's data reloaded).
    const seriesOption = a.locator("#fe #f-ctSeriesId option").nth(1);
    await seriesOption.waitFor({ state: "attached" });
    const ctSeriesId = await seriesOption.getAttribute("value");
    if (!ctSeriesId) throw new Error("no CT series offered");
    await a.selectOption("#fe #f-ctSeriesId", ctSeriesId);

    // The three views, each a PNG of the series.
    for (const axis of ["axial", "coronal", "sagittal"]) {
      const img = a.locator(`.fe-slice[data-axis=${axis}] img`);
      await a.waitForFunction(
        (sel) => ((document.querySelector(sel) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
        `.fe-slice[data-axis=${axis}] img`,
      );
      expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    }

    // Pick the lesion: on the coronal view (x = i, y = nz − 1 − k), then on the axial view, which
    // the first click moved onto the lesion's slice k (x = i, y = j).
    const [nx, ny, nz] = [ct.nx, ct.ny, ct.nz];
    const target = lesionInCt();
    const [li, lj, lk] = target.map((v) => Math.floor(v / CT_MM));
    await clickPixel(a, "coronal", li, nz - 1 - lk, [nx, nz]);
    await clickPixel(a, "axial", li, lj, [nx, ny]);
    const centre = await Promise.all(
      ["centreX_mm", "centreY_mm", "centreZ_mm"].map((f) => a.inputValue(`#fe #f-${f}`)),
    );
    // The centre of the voxel holding the lesion's centre: within half a voxel of it.
    centre.forEach((v, axis) => {
      expect(Math.abs(Number(v) - target[axis])).toBeLessThanOrEqual(CT_MM / 2);
    });
    expect(await a.textContent(".fe-slices [role=status]:not(.fe-axis-status)")).toContain(
      "Centre de la lésion placé",
    );

    // The rest of the form, by its French labels' fields.
    await a.selectOption("#fe #f-lesionId", lesionId);
    await a.selectOption("#fe #f-site", "vertebra");
    await a.selectOption("#fe #f-side", "midline");
    await a.selectOption("#fe #f-loadCases", "vertebra-compression");
    await a.fill("#fe #f-bodyWeightKg", "70");
    await a.selectOption("#fe #f-calibration", "entered");
    await a.fill("#fe #f-slopeMgPerHu", "0,8");
    await a.fill("#fe #f-interceptMg", "-1,2");
    await a.selectOption("#fe #f-comparator", "repair");
    await a.fill("#fe #f-radius_mm", String(LESION.radius_mm));
    await a.fill("#fe #f-voxel_mm", "3");
    // The sphere is drawn on the three views (each slice goes through the lesion's centre).
    for (const axis of ["axial", "coronal", "sagittal"]) {
      await a.waitForSelector(`.fe-slice[data-axis=${axis}] ellipse.fe-sphere`);
    }
    await a.locator(".fe-slices").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-slices-1366.png` });

    await recordJobTexts(a);
    await a.click("#fe button[type=submit]:has-text('Lancer l\\'analyse')");
    const first = a.locator(".fe-job").first();
    await a
      .waitForFunction(
        () => document.querySelector(".fe-job")?.getAttribute("data-status") === "running",
        null,
        { timeout: 30_000, polling: 50 },
      )
      .catch(async (error) => {
        await a.screenshot({ path: `${SHOTS}/failed-run.png`, fullPage: true });
        throw error;
      });
    await first.scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/progress-1366.png` });
    await a.waitForFunction(
      () => document.querySelector(".fe-job")?.getAttribute("data-status") === "done",
      null,
      { timeout: 90_000 },
    );
    const jobId = await first.getAttribute("data-job-id");
    const seen = await a.evaluate(() => (window as unknown as { feSeen: string[] }).feSeen);
    const bars = await a.evaluate(() => (window as unknown as { feBars: number[] }).feBars);
    // The stage in French while it ran, with its percent, then "terminée".
    expect(
      seen.some(
        (s) =>
          /^(import du scanner|étalonnage|maillage|résolution|post-traitement)/.test(s) &&
          / — \d+ %$/.test(s),
      ),
    ).toBe(true);
    expect(seen.at(-1)).toBe("terminée");
    expect(bars.length).toBeGreaterThan(0);

    // B: the result card on the T4 lesion, without a reload, linking to the job.
    const card = b.locator(`.lesion-panel[data-lesion-id="${lesionId}"] [data-testid=fe-result]`);
    await card.waitFor({ timeout: 20_000 });
    expect(await card.textContent()).toMatch(/Charge de rupture/);
    expect(await card.locator("a").getAttribute("href")).toBe(
      `/patients/${patientId}#fe-job-${jobId}`,
    );
    await card.scrollIntoViewIfNeeded();
    await b.screenshot({ path: `${SHOTS}/board-result-1366.png` });
    await b.setViewportSize({ width: 1920, height: 1080 });
    await card.scrollIntoViewIfNeeded();
    await b.screenshot({ path: `${SHOTS}/board-result-1920.png` });

    // A second run, at 1 mm elements (long enough to be cancelled), cancelled with confirmation.
    await a.setViewportSize({ width: 1920, height: 1080 });
    await a.fill("#fe #f-voxel_mm", "1");
    await a.locator(".fe-slices").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-slices-1920.png` });
    await a.click("#fe button[type=submit]:has-text('Lancer l\\'analyse')");
    await a.waitForFunction(
      (done) => {
        const row = document.querySelector(".fe-job");
        return (
          row?.getAttribute("data-job-id") !== done &&
          row?.getAttribute("data-status") === "running"
        );
      },
      jobId,
      { timeout: 30_000, polling: 50 },
    );
    const second = a.locator(".fe-job").first();
    const secondId = await second.getAttribute("data-job-id");
    await second.scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/progress-1920.png` });
    let confirmText = "";
    a.once("dialog", (dialog) => {
      confirmText = dialog.message();
      void dialog.accept();
    });
    await second.locator("button", { hasText: "Annuler l'analyse" }).click();
    await a.waitForSelector(`.fe-job[data-job-id="${secondId}"][data-status=cancelled]`, {
      timeout: 15_000,
    });
    expect(confirmText).toBe("Annuler cette analyse ? Le calcul en cours sera arrêté.");
    expect(await a.textContent(`.fe-job[data-job-id="${secondId}"] [role=status]`)).toBe("annulée");
    // Still cancelled on the server (the runner did not overwrite it).
    const [{ status }] = queryRows<{ status: string }>(
      srv.dbPath,
      "SELECT status FROM fe_jobs WHERE id = ?",
      Number(secondId),
    );
    expect(status).toBe("cancelled");

    expect(aErrors).toEqual([]);
    expect(bErrors).toEqual([]);
    await aContext.close();
    await bContext.close();
  }, 240_000);
});
