// Issue 11 acceptance, in Chromium: the coordinator plans a meeting and builds its agenda; three
// physicians of three specialties join (three contexts); the chair opens the meeting and marks
// attendance (quorum met); the room screen follows the chair from case to case without reloading;
// a case is decided and signed; the fiche PDF is downloaded and read back; the FHIR Bundle comes
// back; a physician who is not the chair gets no sign form.
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { DEMO } from "../helpers/http";
import type { TestServer } from "../helpers/server";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const HADDAD = { email: "k.haddad@osteoboard.local", password: "medecin-demo-2026" };
// Seeded cases (server/seed/fixtures/patients.json), both "ready": DEMO-0007 Sarah Chevalier
// (humerus, immunotherapy) and DEMO-0009 Patrick Durand (left proximal humerus, a seeded board
// with one lesion, server/seed/fixtures/boards.json) — case 9 is the one decided here.
const FIRST = { hospitalId: "DEMO-0009", name: /Durand/i };
const SECOND = { hospitalId: "DEMO-0007", name: /Chevalier/i };
const DECIDED_CASE = 9;
const SHOTS = "/tmp/e2e-shots";
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const settle = { intervals: [200], timeout: 45_000 } as const;
const WAIT = { timeout: 45_000 } as const;

interface User {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

async function signedIn(
  browser: Browser,
  base: string,
  who: { email: string; password: string },
): Promise<User> {
  const context = await browser.newContext({ viewport: VIEWPORTS[0], locale: "fr-FR" });
  const page = await context.newPage();
  page.setDefaultTimeout(45_000);
  const errors = watchErrors(page);
  await signInPage(page, base, who);
  return { context, page, errors };
}

/** Submits a Remix <Form> by its button and waits for the page's data to come back. */
async function submit(page: Page, button: string) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.status() < 500),
    page.click(button),
  ]);
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    await page.screenshot({
      path: `${SHOTS}/${name}-${vp.width}x${vp.height}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

const agendaOrder = (page: Page) =>
  page.$$eval("table.agenda tbody tr", (rows) => rows.map((r) => r.textContent ?? ""));

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(doc, { mergePages: true });
  // Table cells wrap: compare on single spaces.
  return text.replace(/\s+/g, " ");
}

describe("a tumour board meeting in Chromium (issue 11 acceptance)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  it("agenda, attendance, the room screen following the chair, signing, the fiche and FHIR", async () => {
    const base = srv.url;
    // 1. The coordinator plans a new meeting in the UI, adds two ready cases, reorders them and
    // names Dr Bernard chair.
    const coord = await signedIn(browser, base, DEMO.coordinator);
    const cp = coord.page;
    await cp.goto(`${base}/meetings`);
    const today = await cp.$eval("#f-date", (el) => (el as HTMLInputElement).min);
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await cp.fill("#f-date", today);
    await cp.fill("#f-time", "17:30");
    await cp.fill("#f-place", "Salle de staff, essai de bout en bout");
    await Promise.all([
      cp.waitForURL(/\/meetings\/\d+$/, WAIT),
      cp.click("form:has(input[name=intent][value=plan]) button[type=submit]"),
    ]);
    const meetingId = Number(/\/meetings\/(\d+)$/.exec(cp.url())?.[1]);
    expect(meetingId).toBeGreaterThan(0);

    for (const c of [FIRST, SECOND]) {
      const optionOf = () =>
        cp.$$eval(
          "#add-case option",
          (opts, id) => opts.find((o) => o.textContent?.includes(id))?.getAttribute("value") ?? "",
          c.hospitalId,
        );
      await expect.poll(optionOf, settle).not.toBe("");
      const value = await optionOf();
      await cp.selectOption("#add-case", value);
      await submit(cp, "form:has(input[name=intent][value=add-case]) button[type=submit]");
      await cp.waitForSelector(`table.agenda tr[data-case="${value}"]`, WAIT);
    }
    let order = await agendaOrder(cp);
    expect(order).toHaveLength(2);
    expect(order[0]).toMatch(FIRST.name);
    // Reorder: the second case goes up.
    await submit(cp, "table.agenda tbody tr:nth-child(2) button[aria-label^='Monter']");
    await expect.poll(async () => (await agendaOrder(cp))[0], settle).toMatch(SECOND.name);
    order = await agendaOrder(cp);
    expect(order[1]).toMatch(FIRST.name);

    const bernardId = await cp.$$eval(
      "#chair option",
      (opts) => opts.find((o) => o.textContent?.includes("Bernard"))?.getAttribute("value") ?? "",
    );
    expect(bernardId).not.toBe("");
    await cp.selectOption("#chair", bernardId);
    await submit(cp, "form:has(input[name=intent][value=set-chair]) button[type=submit]");
    await expect.poll(() => cp.textContent("main"), settle).toContain("Dr Hugo Bernard");

    // 2. Three physicians of three specialties sign in; the chair opens the meeting and marks
    // the three present; the quorum banner says met.
    const [bernard, laurent, haddad] = await Promise.all([
      signedIn(browser, base, DEMO.physician),
      signedIn(browser, base, LAURENT),
      signedIn(browser, base, HADDAD),
    ]);
    const bp = bernard.page;
    await bp.goto(`${base}/meetings/${meetingId}`);
    expect(await bp.getAttribute("[data-quorum]", "data-quorum")).toBe("not-met");
    await submit(bp, "form:has(input[name=intent][value=open]) button[type=submit]");
    await bp.waitForSelector("form:has(input[name=intent][value=close])", WAIT);
    // Once open, the meeting page leads to the meeting mode, in French.
    expect(await bp.textContent(`a[href="/meetings/${meetingId}/mode"]`)).toContain("Mode séance");
    for (const name of ["Hugo Bernard", "Sophie Laurent", "Karim Haddad"]) {
      const row = bp.locator("table.attendance tbody tr", { hasText: name });
      await row.locator("input[type=radio][value=onSite]").check();
      await Promise.all([
        bp.waitForResponse((r) => r.request().method() === "POST" && r.status() < 500),
        row.locator("button[type=submit]").click(),
      ]);
      await expect
        .poll(
          () =>
            row
              .locator("input[type=radio][value=onSite]")
              .evaluate((el) => (el as HTMLInputElement).checked),
          settle,
        )
        .toBe(true);
    }
    await expect.poll(() => bp.getAttribute("[data-quorum]", "data-quorum"), settle).toBe("met");
    expect(await bp.textContent("[data-quorum]")).toMatch(/quorum/i);
    await shoot(bp, "meeting-page-attendance");

    // 3. The room screen: the observer follows; the chair drives in meeting mode.
    const observer = await signedIn(browser, base, DEMO.observer);
    const op = observer.page;
    await Promise.all([
      bp.goto(`${base}/meetings/${meetingId}/mode`),
      op.goto(`${base}/meetings/${meetingId}/mode`),
    ]);
    const boardTitle = (p: Page) => p.textContent(".meeting-board");
    await expect.poll(() => boardTitle(op), settle).toMatch(SECOND.name);
    // Both connected to the meeting's live document before anyone moves.
    for (const p of [bp, op])
      await expect.poll(() => p.textContent(".meeting-mode-bar"), settle).toContain("En direct");
    await expect.poll(() => bp.textContent(".meeting-agenda"), settle).toMatch(/vous menez/i);
    // A page-level sentinel: a reload would drop it.
    await op.evaluate(() => {
      (window as unknown as { e2eSentinel: string }).e2eSentinel = "still here";
    });
    await bp.click(".meeting-nav button:not(.secondary)");
    await expect.poll(() => boardTitle(bp), settle).toMatch(FIRST.name);
    await expect.poll(() => boardTitle(op), settle).toMatch(FIRST.name);
    expect(
      await op.evaluate(() => (window as unknown as { e2eSentinel?: string }).e2eSentinel),
    ).toBe("still here");
    // Back with ←, then forward again with → (the keys drive as the buttons do).
    await bp.keyboard.press("ArrowLeft");
    // The chair's own page has the previous case before the next key (the keys move from it).
    await expect.poll(() => boardTitle(bp), settle).toMatch(SECOND.name);
    await expect.poll(() => boardTitle(op), settle).toMatch(SECOND.name);
    await bp.keyboard.press("ArrowRight");
    await expect.poll(() => boardTitle(op), settle).toMatch(FIRST.name);
    expect(
      await op.evaluate(() => (window as unknown as { e2eSentinel?: string }).e2eSentinel),
    ).toBe("still here");
    // D opens the decision draft and puts the chair's focus in it.
    await bp.waitForSelector('[data-fold="decision-draft"] [data-decision-draft] select', WAIT);
    await bp.keyboard.press("d");
    await expect
      .poll(
        () =>
          bp.evaluate(
            () => document.activeElement?.closest('[data-fold="decision-draft"]') !== null,
          ),
        settle,
      )
      .toBe(true);
    await op.waitForSelector("[data-connection=live]", WAIT);
    await shoot(op, "meeting-mode-follower");
    // A follower who moves alone stops following (the chair's case used to pull them back).
    const follow = ".meeting-mode-bar label.meeting-follow input";
    await op.click(".meeting-nav button.secondary");
    await expect.poll(() => boardTitle(op), settle).toMatch(SECOND.name);
    expect(await op.isChecked(follow)).toBe(false);
    // Ticking it again brings back the case the chair has on screen.
    await op.check(follow);
    await expect.poll(() => boardTitle(op), settle).toMatch(FIRST.name);

    // The chair changes the attendance on the meeting page (another tab): the room screen reads
    // the quorum again without reloading (the meeting document's attendanceRev).
    const quorumOnScreen = () => op.textContent(".meeting-mode-bar [role=status]");
    expect(await quorumOnScreen()).toContain("Quorum atteint");
    const tab = await bp.context().newPage();
    await tab.goto(`${base}/meetings/${meetingId}`);
    const mark = async (presence: string) => {
      const row = tab.locator("table.attendance tbody tr", { hasText: "Karim Haddad" });
      await row.locator(`input[type=radio][value=${presence}]`).check();
      await Promise.all([
        tab.waitForResponse((r) => r.request().method() === "POST" && r.status() < 500),
        row.locator("button[type=submit]").click(),
      ]);
    };
    await mark("absent");
    await expect.poll(quorumOnScreen, settle).toContain("Quorum non atteint");
    await mark("onSite");
    await expect.poll(quorumOnScreen, settle).toContain("Quorum atteint");
    await tab.close();
    expect(
      await op.evaluate(() => (window as unknown as { e2eSentinel?: string }).e2eSentinel),
    ).toBe("still here");

    // 4. The case is decided: two physicians fill the draft at once on the board.
    const lp = laurent.page;
    await lp.goto(`${base}/cases/${DECIDED_CASE}/board`);
    await lp.waitForSelector("[data-connection=live]", WAIT);
    await bp.waitForSelector("[data-connection=live]", WAIT);
    for (const p of [lp, bp]) {
      await p.$eval('[data-fold="decision-draft"]', (el) => {
        if (el instanceof HTMLDetailsElement) el.open = true;
      });
      await p.waitForSelector("[data-decision-draft] [data-decision-lesion]", WAIT);
    }
    const lesionIds = await lp.$$eval("[data-decision-lesion]", (els) =>
      els.map((el) => el.getAttribute("data-decision-lesion") ?? ""),
    );
    const [lesionId, ...others] = lesionIds;
    if (!lesionId) throw new Error("no lesion row on the seeded board");
    // The chair proposes for the first lesion, Dr Laurent for the others, at the same time.
    await Promise.all([
      (async () => {
        await bp.selectOption(`[data-field="decision-action-${lesionId}"]`, "rt.singleFraction8Gy");
        await bp.selectOption(
          `[data-field="decision-specialty-${lesionId}"]`,
          "radiation_oncology",
        );
      })(),
      (async () => {
        for (const id of others) {
          await lp.selectOption(`[data-field="decision-action-${id}"]`, "observation");
          await lp.selectOption(`[data-field="decision-specialty-${id}"]`, "rheumatology");
        }
      })(),
    ]);
    await lp.selectOption('[data-field="decision-systemic-action"]', "noBta");
    await lp.selectOption('[data-field="decision-trial-proposed"]', "no");
    await lp.selectOption('[data-field="decision-informed"]', "yes");
    await lp.selectOption('[data-field="decision-not-objecting"]', "yes");
    await lp.click('[data-field="decision-rationale"] .cm-content');
    await lp.keyboard.type("Radiothérapie antalgique 8 Gy en une fraction.");
    await bp.click('[data-field="decision-guideline"] .cm-content');
    await bp.keyboard.type("Référentiel interrégional AFSOS, métastases osseuses.");
    // Each sees the other's choices.
    await expect
      .poll(
        () =>
          lp.$eval(
            `[data-field="decision-action-${lesionId}"]`,
            (el) => (el as HTMLSelectElement).value,
          ),
        settle,
      )
      .toBe("rt.singleFraction8Gy");
    await expect
      .poll(
        () => bp.$eval('[data-field="decision-informed"]', (el) => (el as HTMLSelectElement).value),
        settle,
      )
      .toBe("yes");

    // The chair signs on the decision page.
    await bp.goto(`${base}/cases/${DECIDED_CASE}/decision`);
    await bp.check("input[name=confirm]");
    await Promise.all([
      bp.waitForResponse((r) => r.request().method() === "POST"),
      bp.click("form:has(input[name=intent][value=sign]) button[type=submit]"),
    ]);
    const refused = await bp.$("[role=alert]");
    if (refused) throw new Error(`signing refused: ${await refused.textContent()}`);
    await bp.waitForURL(/\?v=1$/, WAIT);
    const versions = await bp.textContent('main a[aria-current=page][href*="?v="]');
    expect(versions).toMatch(/Version 1/i);
    expect(versions).not.toMatch(/sans quorum/i);
    expect(await bp.textContent(".fiche")).toMatch(/quorum/i);
    // The correction form that replaces the signature starts unticked and folded.
    expect(await bp.$eval("input[name=confirm]", (el) => (el as HTMLInputElement).checked)).toBe(
      false,
    );
    expect(
      await bp.$eval("details:has(input[name=confirm])", (el) => el.hasAttribute("open")),
    ).toBe(false);
    await shoot(bp, "decision-page-signed");

    // The fiche PDF downloads with the chair's session; its text names the participants and the
    // patient.
    const pdf = await bernard.context.request.get(
      `${base}/cases/${DECIDED_CASE}/decision/1/fiche.pdf?lang=fr`,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toMatch(/application\/pdf/);
    const text = await pdfText(await pdf.body());
    for (const who of ["Hugo Bernard", "Sophie Laurent", "Karim Haddad"])
      expect(text).toContain(who);
    expect(text).toMatch(/DURAND|Durand/);
    expect(text).toContain("DEMO-0009");
    expect(text).toMatch(/quorum/i);

    const fhir = await bernard.context.request.get(
      `${base}/cases/${DECIDED_CASE}/decision/1/fhir.json`,
    );
    expect(fhir.status()).toBe(200);
    const bundle = (await fhir.json()) as { resourceType?: string; entry?: unknown[] };
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.entry?.length).toBeGreaterThan(0);

    // 5. A physician who is not the chair sees the signed version and no sign form.
    await lp.goto(`${base}/cases/${DECIDED_CASE}/decision`);
    await lp.waitForSelector(".fiche", WAIT);
    expect(await lp.$("form:has(input[name=intent][value=sign])")).toBeNull();
    expect(await lp.$("input[name=confirm]")).toBeNull();

    const all = [coord, bernard, laurent, haddad, observer];
    expect(all.flatMap((u) => u.errors)).toEqual([]);
    await Promise.all(all.map((u) => u.context.close()));
  }, 300_000);
});
