// Issue 13 §2 in Debian Chromium: "phantomless internal calibration (air, fat, muscle regions)"
// (decision 126). A physician chooses "Calibration interne (sans fantôme)", types the mean HU of
// the reference regions with French decimal commas; regions out of order are refused under the
// calibration choice, naming the fields, and nothing is stored; in order, the job's stored
// parameters hold the regions. The job runner is off: the run itself is
// test/integration/fe-jobs.test.ts. Screenshots: /tmp/shots-phantomless/.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { vertebraPhantom } from "../../server/fe/anatomicalPhantom";
import { ctToNrrd } from "../../server/fe/ctVolume";
import { encodeNrrd } from "../../server/fe/nrrd";
import { useServerAndBrowser } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { physicianWithCtInFeForm } from "../helpers/feForm";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case, seeded with two lesions (test/e2e/board.e2e.test.ts).
const CASE_ID = 9;
const SHOTS = "/tmp/shots-phantomless";

describe("FE internal calibration in the run form (decision 126)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser(
    (s, b) => {
      [srv, browser] = [s, b];
    },
    { env: { FE_JOB_RUNNER: "off" } },
  );

  it("sends air, fat, muscle, blood and cortical bone, and refuses them out of order", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { ct } = vertebraPhantom({ spacing_mm: 2 });
    const {
      context,
      page: a,
      errors,
    } = await physicianWithCtInFeForm(browser, srv, CASE_ID, {
      name: "vertebre.nrrd",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(encodeNrrd(ctToNrrd(ct))),
    });
    const lesionId = await a.locator("#fe #f-lesionId option").nth(1).getAttribute("value");
    if (!lesionId) throw new Error("no board lesion offered");
    await a.selectOption("#fe #f-lesionId", lesionId);
    await a.selectOption("#fe #f-site", "vertebra");
    await a.selectOption("#fe #f-side", "midline");
    await a.selectOption("#fe #f-loadCases", "vertebra-compression");
    await a.fill("#fe #f-bodyWeightKg", "70");
    await a.selectOption("#fe #f-comparator", "repair");
    await a.fill("#fe #f-centreX_mm", "28");
    await a.fill("#fe #f-centreY_mm", "29");
    await a.fill("#fe #f-centreZ_mm", "19");
    await a.fill("#fe #f-radius_mm", "9");

    // The choice is offered, never pre-selected.
    expect(await a.inputValue("#fe #f-calibration")).toBe("");
    expect(await a.locator("#fe #f-calibration option[value=internal]").textContent()).toBe(
      "Calibration interne (sans fantôme) : air, graisse, muscle…",
    );
    await a.selectOption("#fe #f-calibration", "internal");
    // Fat typed above muscle: in range, but out of the tissues' order.
    await a.fill("#fe #f-airHu", "-956,8");
    await a.fill("#fe #f-adiposeHu", "60");
    await a.fill("#fe #f-muscleHu", "24,6");
    await a.fill("#fe #f-bloodHu", "39,2");
    await a.fill("#fe #f-corticalHu", "1226,2");
    await a.locator(".fe-internal-calibration").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-internal-1366.png` });

    const jobsBefore = queryRows<{ n: number }>(srv.dbPath, "SELECT count(*) AS n FROM fe_jobs");
    await a.click("#fe button[type=submit]:has-text('Lancer l\\'analyse')");
    await a.waitForSelector("#fe #f-calibration[aria-invalid=true]");
    expect(await a.textContent("#f-calibration-error")).toMatch(
      // In French on a French screen, with the decimal comma.
      /étalonnage refusé : calibration interne : le muscle \(24,6 UH\) doit être au-dessus de la graisse \(60 UH\)/,
    );
    expect(queryRows<{ n: number }>(srv.dbPath, "SELECT count(*) AS n FROM fe_jobs")).toEqual(
      jobsBefore,
    );
    await a.locator("#f-calibration").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-internal-refused-1366.png` });

    await a.fill("#fe #f-adiposeHu", "-82,6");
    await a.click("#fe button[type=submit]:has-text('Lancer l\\'analyse')");
    await a.waitForSelector(".fe-job", { timeout: 15_000 });
    const [stored] = queryRows<{ params: string }>(
      srv.dbPath,
      "SELECT params FROM fe_jobs ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(stored.params).calibration).toEqual({
      internal: {
        air_HU: -956.8,
        adipose_HU: -82.6,
        muscle_HU: 24.6,
        blood_HU: 39.2,
        cortical_HU: 1226.2,
      },
    });

    await a.setViewportSize({ width: 1920, height: 1080 });
    await a.locator(".fe-internal-calibration").scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/form-internal-1920.png` });
    // The refused calibration's 400 is the only error the browser logged.
    expect(errors).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    await context.close();
  }, 120_000);
});
