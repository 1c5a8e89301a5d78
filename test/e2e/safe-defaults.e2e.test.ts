// Safe defaults in a real browser (issue 10 §4): nothing clinical is pre-selected. The new-patient
// form opens breast receptors and HER2 on "— non renseigné —" and refuses them blank as
// "obligatoire"; "+ Ajouter une lésion" opens with no site and no side and refuses to add until
// both are chosen (a pre-selected "Fémur – col fémoral, droit" was a wrong-site risk); a new
// lesion's score items all start on "not given". One browser context, one user.
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case (melanoma), seeded with two lesions: humerus and T4.
const CASE_ID = 9;
const NOT_GIVEN = "— non renseigné —";

/** Value and visible text of the option a select shows. */
const shown = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const select = el as HTMLSelectElement;
    return { value: select.value, text: select.selectedOptions[0]?.textContent ?? "" };
  });

describe("safe defaults in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("pre-selects no receptor, HER2, site, side or score item, and refuses the blanks as obligatoire", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);

    // New patient: no primary, sex or systemic treatment chosen; the survival band says "Non estimée".
    await page.goto(`${srv.url}/patients/new`);
    await page.waitForSelector("#f-primaryCancer-type");
    expect(await shown(page, "#f-primaryCancer-type")).toEqual({ value: "", text: NOT_GIVEN });
    expect((await shown(page, "#f-sex")).value).toBe("");
    expect((await shown(page, "#f-systemicTreatment")).value).toBe("");
    expect(await shown(page, "#f-survivalBand")).toEqual({ value: "unknown", text: "Non estimée" });

    // A breast primary: receptors and HER2 show the empty choice, not "Positif".
    await page.selectOption("#f-primaryCancer-type", "breast");
    for (const field of ["#f-primaryCancer-hormoneReceptor", "#f-primaryCancer-her2"]) {
      expect(await shown(page, field)).toEqual({ value: "", text: NOT_GIVEN });
    }
    await page.fill("#f-hospitalId", "SD-E2E-01");
    await page.fill("#f-lastName", "Prudence");
    await page.fill("#f-firstName", "Alice");
    await page.fill("#f-birthDate", "1963-05-20");
    await page.selectOption("#f-sex", "F");
    await page.selectOption("#f-systemicTreatment", "hormone_therapy");
    await page.click("main button[type=submit]");
    // Refused: both named as obligatoire (not a format error), the rest of the form kept.
    await page.waitForSelector("#f-primaryCancer-hormoneReceptor-error");
    expect(await page.textContent("#f-primaryCancer-hormoneReceptor-error")).toBe(
      "champ obligatoire",
    );
    expect(await page.textContent("#f-primaryCancer-her2-error")).toBe("champ obligatoire");
    expect(await page.inputValue("#f-lastName")).toBe("Prudence");
    expect(new URL(page.url()).pathname).toBe("/patients/new");
    // "Inconnu" is a status one can store.
    await page.selectOption("#f-primaryCancer-hormoneReceptor", "unknown");
    await page.selectOption("#f-primaryCancer-her2", "negative");
    await page.click("main button[type=submit]");
    await page.waitForSelector("h1:has-text('PRUDENCE Alice')");
    const record = (await page.textContent("main")) ?? "";
    expect(record).toContain("Récepteurs hormonaux Inconnu");
    expect(record).toContain("HER2 Négatif");

    // The add-lesion dialog from the button: no site, no side, and no lesion added until chosen.
    await page.goto(`${srv.url}/cases/${CASE_ID}/board`);
    await page.waitForSelector("[data-connection=live]", { timeout: 15_000 });
    const lesions = () => page.locator("[data-lesion-item]").count();
    const before = await lesions();
    await page.click(".lesion-list-head button");
    await page.waitForSelector("dialog[open]");
    expect(await shown(page, 'dialog select[data-field="site"]')).toEqual({
      value: "",
      text: "— choisir le site —",
    });
    await page.click("dialog button[type=submit]");
    await page.waitForSelector("dialog [role=alert]");
    expect(await page.textContent("dialog [role=alert]")).toBe("Site osseux : champ obligatoire");
    await page.selectOption('dialog select[data-field="site"]', "femur.neck");
    // A paired bone: neither side is checked until someone chooses.
    expect(await page.isChecked("dialog input[value=left]")).toBe(false);
    expect(await page.isChecked("dialog input[value=right]")).toBe(false);
    await page.click("dialog button[type=submit]");
    await page.waitForSelector("dialog [role=alert]:has-text('Côté')");
    expect(await page.textContent("dialog [role=alert]")).toBe("Côté : champ obligatoire");
    expect(await page.isVisible("dialog[open]")).toBe(true);
    expect(await lesions()).toBe(before);
    await page.check("dialog input[value=left]");
    await page.click("dialog button[type=submit]");
    await page.waitForSelector(".lesion-panel");
    expect(await lesions()).toBe(before + 1);

    // The new lesion: every score item on "not given", every number empty.
    const selects = await page.$$eval(".lesion-panel select[data-field]", (els) =>
      els.map((el) => {
        const s = el as HTMLSelectElement;
        return [s.dataset.field, s.value, s.selectedOptions[0]?.textContent] as const;
      }),
    );
    // A femoral neck offers at least the lesion type, pain, Mirels and Harrington items.
    expect(selects.map(([f]) => f)).toEqual(
      expect.arrayContaining(["lesionType", "pain.nrs", "mirels.pain", "mirels.size"]),
    );
    expect(selects.filter(([f]) => f?.startsWith("harrington.")).length).toBeGreaterThan(0);
    for (const [field, value, text] of selects)
      expect([field, value, text]).toEqual([field, "", NOT_GIVEN]);
    const numbers = await page.$$eval(".lesion-panel input[data-field]", (els) =>
      els.map((el) => [(el as HTMLInputElement).dataset.field, (el as HTMLInputElement).value]),
    );
    expect(numbers.length).toBeGreaterThan(0);
    for (const [field, value] of numbers) expect([field, value]).toEqual([field, ""]);
    // No score computed from items nobody gave.
    expect(await page.getAttribute("[data-score=mirels]", "data-value")).toBe("");

    // The one 400 is the refused form above (the route answers a refusal with 400).
    expect(errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    await context.close();
  }, 60_000);
});
