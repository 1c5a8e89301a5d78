// Issue 13 leftovers as a surgeon reads them, in Debian Chromium, in French (decisions 127, 132):
// an FE result run with tilted axes and a weight of 70 kg typed in the run form, for Patrick
// Durand whose record says 79 kg. The patient page's job row and the board's result card say the
// axes were tilted and which weight the multiple uses; the board's FE rule shows the card's
// multiple (not one from 79 kg) and says the record differs; a contralateral job says its axes were
// mirrored. Jobs are queued through the JSON API (the form is test/e2e/fe-result.e2e.test.ts) on
// coarse phantoms (2 mm CT, 3 mm elements). Screenshots at 1366×768 and 1920×1080:
// /tmp/shots-fe-facts/.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  femurPhantom,
  VERTEBRA_GEOMETRY,
  vertebraPhantom,
} from "../../server/fe/anatomicalPhantom";
import { type CtVolume, ctToNrrd } from "../../server/fe/ctVolume";
import { encodeNrrd } from "../../server/fe/nrrd";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO, get, signIn } from "../helpers/http";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case, seeded with two lesions, humerus and T4; his record says 79 kg.
const CASE_ID = 9;
const SHOTS = "/tmp/shots-fe-facts";
const CT_MM = 2;
const LESION = { centre_mm: [0, 5, 13] as [number, number, number], radius_mm: 9 };

/** The phantom's lesion centre in the CT's own mm (as test/integration/fe-jobs.test.ts). */
function lesionInCt(): [number, number, number] {
  const v = VERTEBRA_GEOMETRY;
  const lo = [-v.semiAxisX_mm - 5, -v.semiAxisY_mm - 5, -5].map(
    (x) => Math.floor(x / CT_MM) * CT_MM,
  );
  return [0, 1, 2].map((a) => LESION.centre_mm[a] - lo[a]) as [number, number, number];
}

/** "8,7" from "… N = 8,7 × le poids du corps …": the multiple a reader sees. */
function multipleIn(text: string | null): string {
  const match = /= ([\d,]+) × (le )?poids du corps/.exec(text ?? "");
  if (!match) throw new Error(`no multiple of body weight in: ${text}`);
  return match[1];
}

describe("FE result facts on screen: weight and axes (decisions 127 and 132)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser(
    (s, b) => {
      [srv, browser] = [s, b];
    },
    { env: { FE_JOB_RUNNER: "on" } },
  );

  async function importCt(cookie: string, patientId: number, ct: CtVolume, name: string) {
    const upload = new FormData();
    upload.append("file", new Blob([new Uint8Array(encodeNrrd(ctToNrrd(ct)))]), name);
    const res = await fetch(`${srv.url}/patients/${patientId}/ct`, {
      method: "POST",
      body: upload,
      headers: { Cookie: cookie, Origin: srv.url },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { ctSeries: { id: number } }).ctSeries.id;
  }

  async function runJob(cookie: string, patientId: number, body: Record<string, unknown>) {
    const res = await fetch(`${srv.url}/patients/${patientId}/fe-jobs`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { Cookie: cookie, Origin: srv.url, "Content-Type": "application/json" },
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { feJob: { id: number } }).feJob.id;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const r = await get(srv.url, `/patients/${patientId}/fe-jobs/${id}`, cookie);
      const job = ((await r.json()) as { feJob: { status: string; error: string | null } }).feJob;
      if (job.status === "done") return id;
      if (job.status !== "queued" && job.status !== "running")
        throw new Error(`job ${id} ${job.status}: ${job.error}`);
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function shoot(page: Page, name: string, selector: string) {
    // The top of the element at the top of the window: what a reader sees first of it.
    await page
      .locator(selector)
      .first()
      .evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: `${SHOTS}/${name}` });
  }

  it("shows the job's weight and tilted axes on the job row, the card and the rule, with one multiple", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const [{ patient_id: patientId }] = queryRows<{ patient_id: number }>(
      srv.dbPath,
      "SELECT patient_id FROM cases WHERE id = ?",
      CASE_ID,
    );
    const [{ weight_kg }] = queryRows<{ weight_kg: number }>(
      srv.dbPath,
      "SELECT weight_kg FROM patients WHERE id = ?",
      patientId,
    );
    // The weight typed in the run form differs from the record's: the case the issue is about.
    expect(weight_kg).toBe(79);
    const cookie = await signIn(srv.url, DEMO.physician);
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: "fr-FR",
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    await page.goto(`${srv.url}/cases/${CASE_ID}/board`);
    const t4 = page.locator("[data-lesion-item]", { hasText: "T4" });
    const lesionId = await t4.getAttribute("data-lesion-item");
    if (!lesionId) throw new Error("no T4 lesion on the seeded board");

    const vertebra = vertebraPhantom({
      spacing_mm: CT_MM,
      lesions: [{ centre_mm: LESION.centre_mm, radii_mm: [9, 9, 9] }],
    }).ct;
    const vertebraId = await importCt(cookie, patientId, vertebra, "vertebra.nrrd");
    const onT4 = await runJob(cookie, patientId, {
      ctSeriesId: vertebraId,
      lesionId,
      params: {
        calibration: { slope_mg_per_HU: 0.8, intercept_mg: -1.2 },
        site: "vertebra",
        side: "midline",
        load_case: "vertebra-compression",
        body_weight_kg: 70,
        voxel_mm: 3,
        tilt_deg: { coronal_deg: 5, sagittal_deg: -3 },
        repair: { lesion_sphere: { center_mm: lesionInCt(), radius_mm: LESION.radius_mm } },
      },
    });
    // A femur and its mirrored twin, contralateral, with the same tilt: its axes are mirrored.
    const femur = await importCt(cookie, patientId, femurPhantom({ spacing_mm: 2 }).ct, "f.nrrd");
    const twin = await importCt(
      cookie,
      patientId,
      femurPhantom({ spacing_mm: 2, mirror: true }).ct,
      "twin.nrrd",
    );
    const contralateral = await runJob(cookie, patientId, {
      ctSeriesId: femur,
      params: {
        calibration: { slope_mg_per_HU: 0.8, intercept_mg: -1.2 },
        site: "proximal-femur",
        side: "left",
        load_case: "femur-stance",
        body_weight_kg: 70,
        voxel_mm: 3,
        tilt_deg: { coronal_deg: 5, sagittal_deg: -3 },
        compare_with: { ct_series_id: twin },
      },
    });

    // The patient page: each job row states the failure load with its weight and the axes.
    await page.goto(`${srv.url}/patients/${patientId}`);
    const row = page.locator(`#fe-job-${onT4}`);
    const rowLoad = await row.locator("[data-fact=failure-load]").textContent();
    expect(rowLoad).toMatch(
      /^Charge de rupture : [\d\s\u202f]+ N = [\d,]+ × le poids du corps \(70 kg, saisi le \d\d\/\d\d\/2026 \d\d:\d\d\) · Perte de résistance : [\d,]+ % par rapport au même os réparé numériquement$/,
    );
    expect(await row.locator("[data-fact=axes]").textContent()).toBe(
      "Axes inclinés : 5° coronal, −3° sagittal (depuis l'axe principal de l'os). Os réparé numériquement : mêmes axes que l'os analysé.",
    );
    const other = page.locator(`#fe-job-${contralateral}`);
    expect(await other.locator("[data-fact=axes]").textContent()).toBe(
      "Axes inclinés : 5° coronal, −3° sagittal (depuis l'axe principal de l'os). Controlatéral : même chaîne de calcul, axes en miroir (−5° coronal, −3° sagittal).",
    );
    await shoot(page, "job-rows-1366.png", `#fe-job-${onT4}`);

    // The board: the card on T4 and the FE rule under it show the same multiple, from 70 kg.
    await page.goto(`${srv.url}/cases/${CASE_ID}/board`);
    await t4.click();
    const panel = page.locator(`.lesion-panel[data-lesion-id="${lesionId}"]`);
    const card = panel.locator("[data-testid=fe-result]");
    await card.waitFor();
    const cardLoad = await card.locator("[data-fact=failure-load]").textContent();
    expect(cardLoad).toContain("(70 kg, saisi le ");
    expect(multipleIn(cardLoad)).toBe(multipleIn(rowLoad));
    expect(await card.locator("[data-fact=axes]").textContent()).toContain(
      "Axes inclinés : 5° coronal, −3° sagittal",
    );
    const rule = await panel.locator("[data-score=fe] .rationale").textContent();
    expect(multipleIn(rule)).toBe(multipleIn(cardLoad));
    expect(rule).toContain(
      "70 kg, poids saisi avec le calcul EF ; le dossier indique aujourd'hui 79 kg",
    );
    await shoot(page, "board-card-1366.png", "[data-testid=fe-result]");

    await page.setViewportSize({ width: 1920, height: 1080 });
    await shoot(page, "board-card-1920.png", "[data-testid=fe-result]");
    await page.goto(`${srv.url}/patients/${patientId}`);
    await shoot(page, "job-rows-1920.png", `#fe-job-${onT4}`);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
