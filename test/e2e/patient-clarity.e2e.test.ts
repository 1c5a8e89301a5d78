// What the patient form and the lesion panel say, found in review (issue 12 follow-through):
// radium-223's indication shows for a prostate primary only (ESMO 2020 gives it for mCRPC; shown to
// a breast-cancer patient it read as a suggestion), and a lesion's current pain and Frankel, which
// the scores read, show the latest dated reading beside them when it differs, while the readings
// section says what the readings feed (decision 130). French, at 1366×768 and 1920×1080;
// screenshots in /tmp/shots-patient/.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

const SHOTS = "/tmp/shots-patient";
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

describe("radium-223 on the patient form and the two pain inputs of a lesion (Chromium, French)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });
  const patientId = (hospitalId: string) =>
    queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM patients WHERE hospital_id = ?",
      hospitalId,
    )[0]?.id ?? 0;

  async function open(size: { width: number; height: number }): Promise<[Page, string[]]> {
    const context = await browser.newContext({ viewport: size, locale: "fr-FR" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    return [page, errors];
  }

  it("shows radium-223's indication for a prostate primary only, and warns when it is chosen for a breast cancer", async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const size of SIZES) {
      const [page, errors] = await open(size);
      const indication = page.getByTestId("radium223-indication");
      const notApplicable = page.getByTestId("radium223-not-applicable");

      // A new patient: no primary chosen, no systemic treatment chosen, no radium-223 line.
      await page.goto(`${srv.url}/patients/new`);
      expect(await page.inputValue("#f-systemicTreatment")).toBe("");
      expect(await indication.count()).toBe(0);

      // Mme Moreau, breast cancer on a CDK4/6 inhibitor (patients.json): nothing about radium-223.
      await page.goto(`${srv.url}/patients/${patientId("DEMO-0001")}/edit`);
      expect(await page.inputValue("#f-primaryCancer-type")).toBe("breast");
      expect(await indication.count()).toBe(0);
      expect(await notApplicable.count()).toBe(0);
      // Radium-223 chosen for her anyway: said not to concern her primary, with its source.
      await page.selectOption("#f-systemicTreatment", "radium223");
      expect(await notApplicable.textContent()).toContain(
        "ne concerne pas le cancer primitif saisi",
      );
      expect(await notApplicable.textContent()).toContain("ESMO 2020");
      await notApplicable.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/breast-radium-${size.width}.png` });
      // The primary changed to prostate: the indication, worded as a restriction for the board.
      await page.selectOption("#f-primaryCancer-type", "prostate");
      expect(await notApplicable.count()).toBe(0);
      const text = await indication.textContent();
      expect(text).toContain("réservé à : cancer de la prostate résistant à la castration");
      expect(text).toContain("À décider en RCP");
      expect(text).toContain("ALSYMPCA");

      // M. Garnier, castration-resistant prostate cancer on hormone therapy: the indication shows,
      // his own treatment stays as recorded.
      await page.goto(`${srv.url}/patients/${patientId("DEMO-0002")}/edit`);
      expect(await page.inputValue("#f-systemicTreatment")).toBe("hormone_therapy");
      await indication.scrollIntoViewIfNeeded();
      expect(await indication.textContent()).toContain("ESMO 2020 (I, A)");
      await page.screenshot({ path: `${SHOTS}/prostate-radium-${size.width}.png` });
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it("shows the latest dated pain and Frankel readings beside the current values when they differ, and says what the readings feed", async () => {
    // Patrick Durand's case 9: a left proximal humerus at pain 5/10 and T4 (boards.json).
    const [page, errors] = await open(SIZES[0]);
    await page.goto(`${srv.url}/cases/9/board`);
    await page.waitForSelector(".board-page[data-ready=true]");
    await page.click('.lesion-item:has-text("Humérus")');
    const painNote = page.getByTestId("latest-reading-painNrs");
    expect(await page.inputValue('.lesion-panel select[data-field="pain.nrs"]')).toBe("5");
    expect(await painNote.count()).toBe(0);
    expect(await page.getByTestId("current-pain-help").textContent()).toContain(
      "c'est elle que lisent les scores",
    );
    const purpose = await page.getByTestId("readings-purpose").textContent();
    expect(purpose).toContain("réponse de la douleur après radiothérapie (Chow 2001");
    expect(purpose).toContain("évolution neurologique (Frankel 1969");
    expect(purpose).toContain("Ils n'alimentent aucun score de la lésion");

    // A dated reading of 7/10 on 10/09/2026: shown beside the current 5/10, which the score keeps.
    await page.fill('.add-reading input[type="date"]', "2026-09-10");
    await page.selectOption(".add-reading select >> nth=0", "7");
    await page.click('.add-reading button[type="submit"]');
    await painNote.waitFor();
    expect(await painNote.textContent()).toBe(
      "Dernier relevé daté : EN 7 le 10/09/2026, différent de la valeur actuelle, que les scores utilisent.",
    );
    await page.waitForSelector('[data-score=pain][data-value="5"]');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await painNote.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/board-pain-${size.width}.png` });
    }
    await page.setViewportSize(SIZES[0]);
    // The current pain set to 7 as well: the two agree, the note goes.
    await page.selectOption('.lesion-panel select[data-field="pain.nrs"]', "7");
    await painNote.waitFor({ state: "detached" });

    // T4 has no Frankel grade yet: a dated Frankel D shows beside the empty current field.
    await page.click('.lesion-item:has-text("T4")');
    const frankelNote = page.getByTestId("latest-reading-frankel");
    expect(await frankelNote.count()).toBe(0);
    await page.fill('.add-reading input[type="date"]', "2026-10-01");
    await page.selectOption(".add-reading select >> nth=1", "D");
    await page.click('.add-reading button[type="submit"]');
    await frankelNote.waitFor();
    expect(await frankelNote.textContent()).toBe(
      "Dernier relevé daté : Frankel D le 01/10/2026 ; la valeur actuelle, que les scores utilisent, n'est pas renseignée.",
    );
    expect(await page.getByTestId("latest-reading-asia").count()).toBe(0);
    await frankelNote.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/board-frankel-1366.png` });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
