// Skeletal events in Chromium (issue 12 §3, decision 105): the seeded emergency fracture of Sarah
// Chevalier's right humerus shows in that lesion's panel on her live board, and Mme Blanc's
// patient page lists her nailing as planned, with a form that pre-selects nothing. Also (decision
// 124): the Patchell criteria of a compressing vertebra, and the SRE / SSE summary. Decision 130:
// after a radiotherapy to the humerus, two dated pain readings give the pain response (Chow 2001).
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO, postForm, signIn } from "../helpers/http";
import type { TestServer } from "../helpers/server";

/** dd/mm/yyyy of the clinic's day `n` days from now (the seed dates the events from its today). */
const frenchDay = (n: number) =>
  new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris" }).format(
    new Date(Date.now() + n * 86_400_000),
  );

describe("skeletal events in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });
  const idOf = (sql: string) => queryRows<{ id: number }>(srv.dbPath, sql)[0]?.id ?? 0;

  it("shows the emergency fracture in the humerus panel and the Patchell criteria of a compressing T9 on the board, the pain response after its radiotherapy from two dated readings, and the planned nailing as first SRE on the patient page", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInPage(page, srv.url, DEMO.physician);
    const caseId = idOf(
      "SELECT c.id FROM cases c JOIN patients p ON p.id = c.patient_id WHERE p.hospital_id = 'DEMO-0007'",
    );
    // A radiotherapy to the humerus on 15/09/2026, recorded through the patient page's form.
    const chevalier = idOf("SELECT id FROM patients WHERE hospital_id = 'DEMO-0007'");
    const recorded = await postForm(
      srv.url,
      `/patients/${chevalier}`,
      {
        intent: "skeletalEvent",
        eventKind: "radiotherapyToBone",
        eventDate: "2026-09-15",
        lesionId: `demo-${caseId}-1`,
        origin: "emergency",
      },
      { cookie: await signIn(srv.url, DEMO.physician) },
    );
    expect(recorded.status).toBe(302);
    await page.goto(`${srv.url}/cases/${caseId}/board`);
    await page.waitForSelector(".board-page[data-ready=true]");
    await page.click('.lesion-item:has-text("Humérus")');
    const event = page.locator(
      '.lesion-panel .skeletal-events li[data-kind="pathologicalFracture"]',
    );
    const text = await event.textContent();
    expect(text).toContain("Fracture pathologique");
    expect(text).toContain("Urgence");
    expect(text).toContain(frenchDay(-2));

    // Pain 6/10 five days before, 2/10 five weeks after, no dose recorded: a partial response.
    const response = page.locator('.lesion-panel [data-testid="pain-response"]');
    expect(await response.textContent()).toContain("indéterminée");
    for (const [day, nrs] of [
      ["2026-09-10", "6"],
      ["2026-10-20", "2"],
    ] as const) {
      await page.fill('.add-reading input[type="date"]', day);
      await page.selectOption(".add-reading select >> nth=0", nrs);
      await page.click('.add-reading button[type="submit"]');
    }
    await page.waitForSelector(
      '.lesion-panel [data-testid="pain-response"][data-status="partial"]',
    );
    const line = await response.textContent();
    expect(line).toContain("Réponse de la douleur après la radiothérapie du 15/09/2026");
    expect(line).toContain("Réponse partielle (EN 6 → 2");
    expect(line).toContain("Chow 2001");
    expect(await page.locator(".readings-table tbody tr").count()).toBe(2);

    // ESCC 2 at T9 is a cord compression: the Patchell criteria show beside the alert (decision
    // 124). Her survival band (1–2 years, patients.json) meets "≥ 3 months"; the number of
    // compressed areas is recorded nowhere, so it is unknown and says what is missing.
    await page.click('.lesion-item:has-text("T9")');
    await page.selectOption('.lesion-panel select[data-field="escc"]', "2");
    const single = page.locator('.patchell li[data-criterion="singleAreaOfCompression"]');
    await single.waitFor();
    expect(await single.textContent()).toContain("Compression en un seul site : inconnu");
    expect(await single.textContent()).toContain("Manque : le nombre de sites de compression");
    expect(
      await page
        .locator('.patchell li[data-criterion="expectedSurvivalAtLeast3Months"]')
        .textContent(),
    ).toContain("Espérance de vie ≥ 3 mois : rempli");
    expect(await page.locator(".patchell .source").textContent()).toContain("Patchell 2005");

    const blanc = idOf("SELECT id FROM patients WHERE hospital_id = 'DEMO-0008'");
    await page.goto(`${srv.url}/patients/${blanc}#skeletal`);
    const row = page.locator('#skeletal tr[data-kind="surgeryToBone"]');
    expect(await row.getAttribute("data-origin")).toBe("planned");
    expect(await row.textContent()).toContain("Programmé");
    expect(await row.textContent()).toContain(frenchDay(-3));
    // On denosumab (paused): the nailing is her first SRE under the denosumab definition.
    const sre = page.locator('.skeletal-summary .sre[data-definition="denosumab"]');
    expect(await sre.locator("h3").textContent()).toContain("définition du dénosumab");
    expect(await sre.locator('dd[data-sre="first"]').textContent()).toBe(
      `Chirurgie osseuse le ${frenchDay(-3)}`,
    );
    expect(await sre.locator('dd[data-sre="second"]').textContent()).toBe("aucun à ce jour");
    expect(await sre.locator(".source").textContent()).toContain("CALGB 70604");
    expect(await page.locator(".skeletal-summary .sse").textContent()).toContain(
      "1 événement symptomatique.",
    );
    // Nothing clinical is pre-selected (issue 10 §4).
    for (const name of ["eventKind", "lesionId", "origin", "planItemId"])
      expect(await page.locator(`.skeletal-form select[name="${name}"]`).inputValue()).toBe("");
    expect(errors).toEqual([]);
    await context.close();
  });
});
