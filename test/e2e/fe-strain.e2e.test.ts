// The FE strain images in Debian Chromium (issue 13 §6, decision 122): a femur phantom with a
// calcar lesion is analysed by the server's runner (1 mm CT, 2 mm elements, stance, digital
// repair), then the patient page shows the finished job's three strain slices, the colour bar
// with 0 / 0,5 / 1,0 = seuil and the French captions, at 1366×768 and 1920×1080.
// Screenshots: /tmp/shots-strain/.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { femurLesion, femurPhantom } from "../../server/fe/anatomicalPhantom";
import { ctToNrrd } from "../../server/fe/ctVolume";
import { encodeNrrd } from "../../server/fe/nrrd";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO, signIn } from "../helpers/http";
import type { TestServer } from "../helpers/server";

const SHOTS = "/tmp/shots-strain";
const CT_MM = 1;

describe("FE strain images on the patient page", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser(
    (s, b) => {
      [srv, browser] = [s, b];
    },
    { env: { FE_JOB_RUNNER: "on" } },
  );

  it("shows the three strain slices of a finished femur analysis with the colour bar", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const [{ id: patientId }] = queryRows<{ id: number }>(
      srv.dbPath,
      `SELECT p.id FROM patients p JOIN rcp_members m ON m.rcp_id = p.rcp_id
       JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY p.id LIMIT 1`,
      DEMO.physician.email,
    );
    const { ct, lesionMask } = femurPhantom({
      spacing_mm: CT_MM,
      lesions: [femurLesion("calcar", 10)],
    });
    // The repair sphere: the lesion's centroid on the CT grid, mm from the corner of voxel 0.
    const sum = [0, 0, 0];
    let count = 0;
    for (let v = 0; v < lesionMask.length; v++) {
      if (!lesionMask[v]) continue;
      sum[0] += (v % ct.nx) + 0.5;
      sum[1] += (Math.floor(v / ct.nx) % ct.ny) + 0.5;
      sum[2] += Math.floor(v / (ct.nx * ct.ny)) + 0.5;
      count++;
    }
    const centre = sum.map((s) => (s / count) * CT_MM);
    const cookie = await signIn(srv.url, DEMO.physician);
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(encodeNrrd(ctToNrrd(ct)))]), "femur.nrrd");
    const upload = await fetch(`${srv.url}/patients/${patientId}/ct`, {
      method: "POST",
      body: form,
      headers: { Cookie: cookie, Origin: srv.url },
    });
    expect(upload.status).toBe(201);
    const ctSeriesId = ((await upload.json()) as { ctSeries: { id: number } }).ctSeries.id;
    const queued = await fetch(`${srv.url}/patients/${patientId}/fe-jobs`, {
      method: "POST",
      body: JSON.stringify({
        ctSeriesId,
        params: {
          calibration: { slope_mg_per_HU: 0.8, intercept_mg: -1.2 },
          site: "proximal-femur",
          side: "left",
          load_case: "femur-stance",
          body_weight_kg: 70,
          voxel_mm: 2,
          repair: { lesion_sphere: { center_mm: centre, radius_mm: 11 } },
        },
      }),
      headers: { Cookie: cookie, Origin: srv.url, "Content-Type": "application/json" },
    });
    expect(queued.status).toBe(201);
    const jobId = ((await queued.json()) as { feJob: { id: number } }).feJob.id;
    const deadline = Date.now() + 150_000;
    let status = "queued";
    while (Date.now() < deadline && (status === "queued" || status === "running")) {
      await new Promise((r) => setTimeout(r, 500));
      const res = await fetch(`${srv.url}/patients/${patientId}/fe-jobs/${jobId}`, {
        headers: { Cookie: cookie },
      });
      status = ((await res.json()) as { feJob: { status: string } }).feJob.status;
    }
    expect(status).toBe("done");

    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ]) {
      const context = await browser.newContext({ viewport: { width, height }, locale: "fr-FR" });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInPage(page, srv.url, DEMO.physician);
      await page.goto(`${srv.url}/patients/${patientId}#fe-strain-${jobId}`);
      const section = page.locator(`#fe-strain-${jobId}`);
      await section.waitFor();
      const captions = await section.locator("figcaption").allTextContents();
      expect(captions.map((c) => c.split(" n°")[0])).toEqual([
        "Coupe axiale",
        "Coupe coronale",
        "Coupe sagittale",
      ]);
      await expect
        .poll(() =>
          section
            .locator("img")
            .evaluateAll((imgs) =>
              (imgs as HTMLImageElement[]).every((i) => i.complete && i.naturalWidth > 0),
            ),
        )
        .toBe(true);
      const ticks = await section.locator(".fe-strain-ticks span").allTextContents();
      expect(ticks).toEqual(["0", "0,5", "1,0 = seuil"]);
      expect(await section.textContent()).toContain("Usage recherche");
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/strain-${width}x${height}.png` });
      await section.screenshot({ path: `${SHOTS}/strain-card-${width}x${height}.png` });
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 240_000);
});
