// Issue 13 §3 in Debian Chromium: "a bounding box chosen on three orthogonal slice views in the
// browser" (decision 121). A physician imports a vertebra phantom (2 mm CT, as fe-result.e2e), draws
// a rectangle on the axial view (x and y) and on the coronal view (x and z), sees the box on the
// three views and its bounds in the mm fields, runs, and the job's stored parameters hold the box;
// a box too thin is refused on its field; "Réinitialiser (volume entier)" empties the box. The job
// runner is off: what is checked here is what the browser sends (the run on a region is
// test/integration/fe-jobs.test.ts). Screenshots: /tmp/shots-region/.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { vertebraPhantom } from "../../server/fe/anatomicalPhantom";
import { dicomSeriesOf } from "../fe/dicomWriter";
import { writeZip } from "../fe/zipWriter";
import { useServerAndBrowser } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { physicianWithCtInFeForm } from "../helpers/feForm";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case, seeded with two lesions (test/e2e/board.e2e.test.ts).
const CASE_ID = 9;
const SHOTS = "/tmp/shots-region";
const CT_MM = 2;

/** Drags the mouse on a slice view between two image points (continuous pixels). */
async function dragOnView(
  page: Page,
  axis: string,
  from: [number, number],
  to: [number, number],
  size: [number, number],
) {
  const view = page.locator(`.fe-slice[data-axis=${axis}] .fe-slice-image`);
  await view.scrollIntoViewIfNeeded();
  const box = await view.boundingBox();
  if (!box) throw new Error(`no ${axis} view`);
  const screen = (p: [number, number]) =>
    [box.x + (p[0] / size[0]) * box.width, box.y + (p[1] / size[1]) * box.height] as const;
  await page.mouse.move(...screen(from));
  await page.mouse.down();
  await page.mouse.move(...screen(to), { steps: 8 });
  await page.mouse.up();
}

const REGION = ["MinX", "MinY", "MinZ", "MaxX", "MaxY", "MaxZ"].map((k) => `#fe #f-region${k}_mm`);
const regionValues = (page: Page) => Promise.all(REGION.map((f) => page.inputValue(f)));

describe("FE region of interest on the slice views (decision 121)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser(
    (s, b) => {
      [srv, browser] = [s, b];
    },
    { env: { FE_JOB_RUNNER: "off" } },
  );

  it("draws the box on two views, shows it on all three and in the fields, and sends it with the job", async () => {
    mkdirSync(SHOTS, { recursive: true });
    // 28 × 24 × 19 voxels of 2 mm: 56 × 48 × 38 mm.
    const { ct } = vertebraPhantom({ spacing_mm: CT_MM });
    const zip = writeZip(dicomSeriesOf(ct).map((data, k) => ({ name: `IM${k}.dcm`, data })));
    const {
      context,
      page: a,
      errors,
    } = await physicianWithCtInFeForm(browser, srv, CASE_ID, {
      name: "vertebre.zip",
      mimeType: "application/zip",
      buffer: zip,
    });

    // Nothing chosen: the whole volume, said in words; no box on the views.
    expect(await a.textContent(".fe-region [role=status]")).toContain("Volume entier (par défaut)");
    expect(await regionValues(a)).toEqual(["", "", "", "", "", ""]);
    expect(await a.locator("rect.fe-box").count()).toBe(0);

    const [nx, ny, nz] = [ct.nx, ct.ny, ct.nz];
    // Axial (x = i, y = j): image points 1 to 27 across, 1 to 23 down → x 2–54, y 2–46 mm;
    // z stays the whole volume, 0–38 mm.
    await dragOnView(a, "axial", [1, 1], [27, 23], [nx, ny]);
    const afterAxial = (await regionValues(a)).map(Number);
    [2, 2, 0, 54, 46, 38].forEach((v, n) => {
      expect(Math.abs(afterAxial[n] - v)).toBeLessThanOrEqual(0.2);
    });
    // Coronal (x = i, y = nz − z/2 mm, head up): rows 17 to 2 → z from 4 to 34 mm; x again.
    await dragOnView(a, "coronal", [3, 17], [25, 2], [nx, nz]);
    const box = (await regionValues(a)).map(Number);
    [6, 2, 4, 50, 46, 34].forEach((v, n) => {
      expect(Math.abs(box[n] - v)).toBeLessThanOrEqual(0.2);
    });
    // The box on the three views.
    for (const axis of ["axial", "coronal", "sagittal"]) {
      await a.waitForSelector(`.fe-slice[data-axis=${axis}] rect.fe-box`);
    }
    expect(await a.textContent(".fe-region [role=status]")).toContain("Boîte choisie");

    // The rest of the form.
    const lesionId = await a.locator("#fe #f-lesionId option").nth(1).getAttribute("value");
    if (!lesionId) throw new Error("no board lesion offered");
    await a.selectOption("#fe #f-lesionId", lesionId);
    await a.selectOption("#fe #f-site", "vertebra");
    await a.selectOption("#fe #f-side", "midline");
    await a.selectOption("#fe #f-loadCases", "vertebra-compression");
    await a.fill("#fe #f-bodyWeightKg", "70");
    await a.selectOption("#fe #f-calibration", "default");
    await a.selectOption("#fe #f-comparator", "repair");
    await a.fill("#fe #f-centreX_mm", "28");
    await a.fill("#fe #f-centreY_mm", "29");
    await a.fill("#fe #f-centreZ_mm", "19");
    await a.fill("#fe #f-radius_mm", "9");
    await a.fill("#fe #f-voxel_mm", "3");
    await a.locator(".fe-slices").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-region-1366.png` });
    await a.locator(".fe-region").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-region-fields-1366.png` });

    // A box too thin (y 2 to 8 mm, typed): refused on the y max field, nothing stored.
    const jobsBefore = queryRows<{ n: number }>(srv.dbPath, "SELECT count(*) AS n FROM fe_jobs");
    const maxY = await a.inputValue("#fe #f-regionMaxY_mm");
    await a.fill("#fe #f-regionMaxY_mm", "8");
    await a.click("#fe button[type=submit]:has-text('Lancer l\\'analyse')");
    await a.waitForSelector("#fe #f-regionMaxY_mm[aria-invalid=true]");
    expect(await a.locator("#fe").textContent()).toContain(
      "le maximum doit dépasser le minimum d'au moins 10 mm",
    );
    expect(queryRows<{ n: number }>(srv.dbPath, "SELECT count(*) AS n FROM fe_jobs")).toEqual(
      jobsBefore,
    );
    await a.fill("#fe #f-regionMaxY_mm", maxY);

    await a.click("#fe button[type=submit]:has-text('Lancer l\\'analyse')");
    await a.waitForSelector(".fe-job", { timeout: 15_000 });
    const [stored] = queryRows<{ params: string }>(
      srv.dbPath,
      "SELECT params FROM fe_jobs ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(stored.params).region).toEqual({
      min_mm: box.slice(0, 3),
      max_mm: box.slice(3),
    });

    // The job's row states the region it analyses.
    await a.waitForFunction(() =>
      /région x [\d,]+–[\d,]+, y [\d,]+–[\d,]+, z [\d,]+–[\d,]+ mm/.test(
        document.querySelector(".fe-job")?.textContent ?? "",
      ),
    );
    await a.setViewportSize({ width: 1920, height: 1080 });
    await a.locator(".fe-slices").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-region-1920.png` });

    // Back to the whole volume.
    await a.click("button:has-text('Réinitialiser (volume entier)')");
    expect(await regionValues(a)).toEqual(["", "", "", "", "", ""]);
    expect(await a.locator("rect.fe-box").count()).toBe(0);
    expect(await a.textContent(".fe-region [role=status]")).toContain("Volume entier (par défaut)");

    // The refused box's 400 is the only error the browser logged.
    expect(errors).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    await context.close();
  }, 120_000);
});
