// One input per fact and only what applies, in a real browser (issue 10 §3, decision 073): the
// size typed once in mm shows as Harrington's "lésion ≥ 2,5 cm" derived, an override survives a
// new size and clearing it goes back to the derived value; a femur offers no vertebroplasty; a
// humerus shows no proximal-femur Harrington item.
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case (melanoma), seeded with two lesions: humerus and T4.
const CASE_ID = 9;
const SIZE_ITEM = "harrington.lesionAtLeast25mmProximalFemur";
const derivedField = `.lesion-panel [data-derived-field="${SIZE_ITEM}"]`;

const state = (page: Page) =>
  page.$eval(derivedField, (el) => {
    const div = el as HTMLElement;
    const select = div.querySelector("select") as HTMLSelectElement;
    return {
      origin: div.dataset.origin,
      effective: div.dataset.effective,
      shown: select.selectedOptions[0]?.textContent ?? "",
    };
  });

describe("one input per fact, only what applies (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("derives Harrington ≥ 2.5 cm from the size, keeps an override, and offers only what applies", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    await page.goto(`${srv.url}/cases/${CASE_ID}/board`);
    await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });

    // The seeded humerus: Harrington's long-bone items only, no proximal-femur item.
    await page.click("[data-lesion-item]:has-text('Humérus')");
    await page.waitForSelector(".lesion-panel");
    const humerusFields = await page.$$eval(".lesion-panel [data-field^='harrington.']", (els) =>
      els.map((el) => (el as HTMLElement).dataset.field),
    );
    expect(humerusFields).toEqual([
      "harrington.corticalDestructionAtLeast50",
      "harrington.painPersistingAfterRadiotherapy",
    ]);

    // A new femoral-neck lesion.
    await page.click(".lesion-list-head button");
    await page.waitForSelector("dialog[open]");
    await page.selectOption('dialog select[data-field="site"]', "femur.neck");
    await page.check("dialog input[value=left]");
    await page.click("dialog button[type=submit]");
    await page.waitForSelector(".lesion-panel:has-text('col fémoral')");
    expect(await state(page)).toEqual({
      origin: "none",
      effective: "",
      shown: "— non renseigné —",
    });

    // Size typed once, in mm: the Harrington item is derived from it and counts.
    await page.fill(".lesion-panel input[data-field=size_mm]", "32");
    await page.waitForSelector(`${derivedField}[data-origin=derived]`);
    expect(await state(page)).toEqual({
      origin: "derived",
      effective: "yes",
      shown: "— déduit : Oui —",
    });
    expect(await page.textContent(derivedField)).toContain("Déduit de la taille (plus grand axe).");
    expect(await page.getAttribute("[data-score=harrington]", "data-value")).toBe("1");

    // The clinician overrides it: "Non"; a later size does not overwrite the override.
    await page.selectOption(`${derivedField} select`, "no");
    await page.waitForSelector(`${derivedField}[data-origin=override]`);
    expect((await state(page)).effective).toBe("no");
    expect(await page.textContent(derivedField)).toContain("Valeur saisie");
    await page.fill(".lesion-panel input[data-field=size_mm]", "45");
    await page.locator(".lesion-panel input[data-field=size_mm]").blur();
    await page.waitForTimeout(300);
    expect(await state(page)).toMatchObject({ origin: "override", effective: "no" });

    // Clearing the override goes back to the derived value.
    await page.selectOption(`${derivedField} select`, "");
    await page.waitForSelector(`${derivedField}[data-origin=derived]`);
    expect((await state(page)).effective).toBe("yes");

    // A femur offers no vertebroplasty or kyphoplasty among the treatments to propose.
    const offered = await page.$$eval(".lesion-panel .add-option select option", (els) =>
      els.map((el) => (el as HTMLOptionElement).value),
    );
    expect(offered).toContain("surgery.prophylacticNailing");
    expect(offered).not.toContain("ir.vertebroplasty");
    expect(offered).not.toContain("ir.kyphoplasty");

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
