// Follow-through in Chromium (issue 12 §4–5): an oncologist (Dr Laurent, rheumatology) lands on
// the oncologist's list, records Mme Moreau's first zoledronic-acid dose and sees the next one due;
// a surgeon (Dr Bernard) lands on his list, where her femoral neck, decided for prophylactic
// nailing, is scheduled, marked done and leaves the list; her timeline shows both, and her lesions'
// imaging responses. Screenshots at 1366×768 and 1920×1080 in /tmp/shots-onco for review.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  draftGuidelineFollowed,
  draftRationale,
  lesionsMap,
  setDraftConsent,
  setDraftLesionField,
  setDraftSystemic,
  setDraftTrial,
} from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { signInPage, useServerAndBrowser, watchErrors } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { DEMO, dataPath, postForm, signIn } from "../helpers/http";
import type { TestServer } from "../helpers/server";
import { connectClient, waitFor } from "../integration/collab-client";

const LAURENT = { email: "s.laurent@osteoboard.local", password: "medecin-demo-2026" };
const HADDAD = { email: "k.haddad@osteoboard.local", password: "medecin-demo-2026" };
const SHOTS = "/tmp/shots-onco";
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The clinic's calendar day (CLINIC_TIME_ZONE defaults to Europe/Paris), plus `days`. */
function clinicDay(days: number): { iso: string; fr: string } {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, day] = iso.split("-");
  return { iso, fr: `${day}/${m}/${y}` };
}

async function shoot(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: `${SHOTS}/${name}-${size.width}x${size.height}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize(SIZES[0]);
}

describe("follow-through in a real browser (Chromium)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser((s, b) => {
    [srv, browser] = [s, b];
  });

  const one = <T>(sql: string, ...params: unknown[]): T => {
    const [row] = queryRows<T>(srv.dbPath, sql, ...params);
    if (!row) throw new Error(`no row: ${sql}`);
    return row;
  };
  const userId = (email: string) =>
    one<{ id: number }>("SELECT id FROM users WHERE email = ?", email).id;

  /** Mme Moreau's board decides prophylactic nailing of her femoral neck, signed in a meeting. */
  async function signFemoralNailing(caseId: number, patientId: number): Promise<string> {
    const coordinator = await signIn(srv.url, DEMO.coordinator);
    const bernard = await signIn(srv.url, DEMO.physician);
    const planned = await postForm(
      srv.url,
      "/meetings",
      {
        intent: "plan",
        rcpId: String(
          one<{ rcp_id: number }>("SELECT rcp_id FROM patients WHERE id = ?", patientId).rcp_id,
        ),
        // Today, at an hour no seeded meeting uses (one meeting per RCP, date and time).
        date: clinicDay(0).iso,
        time: "17:45",
        place: "Salle de staff",
        videoLink: "",
      },
      { cookie: coordinator },
    );
    expect(planned.status).toBe(302);
    const meetingId = Number(planned.headers.get("location")?.match(/(\d+)$/)?.[1]);
    const act = async (fields: Record<string, string>) => {
      const path = dataPath(`/meetings/${meetingId}`, "routes/meetings.$meetingId._index");
      const r = await postForm(srv.url, path, fields, { cookie: coordinator });
      expect(r.status, `${fields.intent}: ${await r.clone().text()}`).toBe(204);
    };
    await act({ intent: "set-chair", chairUserId: String(userId(DEMO.physician.email)) });
    await act({ intent: "add-case", caseId: String(caseId) });
    for (const email of [DEMO.physician.email, LAURENT.email, HADDAD.email])
      await act({ intent: "presence", attendeeKey: `member:${userId(email)}`, presence: "onSite" });
    await act({ intent: "open" });

    const client = connectClient(srv.url, `case:${caseId}`, bernard);
    try {
      await client.synced;
      const doc = client.doc;
      const lesions = lesionsMap(doc).toJSON() as Record<string, { siteId: string }>;
      const neck = Object.entries(lesions).find(([, l]) => l.siteId === "femur.neck")?.[0] ?? "";
      expect(neck).not.toBe("");
      for (const id of Object.keys(lesions)) {
        const nail = id === neck;
        setDraftLesionField(
          doc,
          caseId,
          id,
          "action",
          nail ? "surgery.prophylacticNailing" : "observation",
        );
        setDraftLesionField(
          doc,
          caseId,
          id,
          "responsibleSpecialty",
          nail ? "orthopaedic_surgery" : "rheumatology",
        );
        if (nail) setDraftLesionField(doc, caseId, id, "targetDate", clinicDay(21).iso);
      }
      // The BTA start gates are recorded with the first dose, after the meeting: the decision
      // itself proposes no agent yet.
      setDraftSystemic(doc, caseId, "action", "noBta");
      draftGuidelineFollowed(doc, caseId).insert(0, "Référentiel AFSOS métastases osseuses 2023");
      setDraftTrial(doc, caseId, { proposed: false });
      setDraftConsent(doc, caseId, "patientInformed", "yes");
      setDraftConsent(doc, caseId, "patientNotObjecting", "yes");
      draftRationale(doc, caseId).insert(0, "Mirels 12 au col fémoral : enclouage préventif.");
      const want = Y.decodeStateVector(Y.encodeStateVector(doc));
      await waitFor(() => {
        const sqlite = new Database(srv.dbPath, { readonly: true, fileMustExist: true });
        try {
          const stored = loadStoredBoardDoc(createCollabStore(sqlite), patientId);
          const have = Y.decodeStateVector(Y.encodeStateVector(stored));
          stored.destroy();
          return [...want].every(([c, clock]) => (have.get(c) ?? 0) >= clock);
        } finally {
          sqlite.close();
        }
      });
      const signed = await postForm(
        srv.url,
        dataPath(`/cases/${caseId}/decision`, "routes/cases.$caseId.decision._index"),
        { intent: "sign", meetingId: String(meetingId), expectedVersion: "0", confirm: "on" },
        { cookie: bernard },
      );
      expect(signed.status, await signed.clone().text()).toBe(204);
      return neck;
    } finally {
      client.destroy();
    }
  }

  it("a first zoledronic-acid dose shows the next one due; a femoral nailing is scheduled, done, leaves the surgeon's list; the timeline shows both", async () => {
    const moreau = one<{ id: number }>(
      "SELECT id FROM patients WHERE hospital_id = 'DEMO-0001'",
    ).id;
    const caseId = one<{ id: number }>(
      "SELECT id FROM cases WHERE patient_id = ? ORDER BY id DESC",
      moreau,
    ).id;
    const neck = await signFemoralNailing(caseId, moreau);
    const item = one<{ id: number }>(
      "SELECT id FROM plan_items WHERE case_id = ? AND lesion_id = ?",
      caseId,
      neck,
    ).id;

    // ---- The oncologist ----
    const onco = await browser.newContext({ viewport: SIZES[0] });
    const op = await onco.newPage();
    const oErrors = watchErrors(op);
    await signInPage(op, srv.url, LAURENT);
    await op.waitForURL(/\/worklists\/oncologist$/);
    expect(await op.locator("h1").textContent()).toBe("Liste de travail de l'oncologue");
    // Dr Laurent refers none of the demo cases: her own list is empty and says how to widen it.
    expect(await op.locator("main").textContent()).toContain("Aucun de vos patients");
    await op.goto(`${srv.url}/patients/${moreau}#bta`);
    await op.waitForSelector("#bta");
    const first = clinicDay(-20);
    await op.selectOption("#bta-kind", "initiate");
    await op.fill("#bta-date", first.iso);
    await op.selectOption("#bta-agent", "zoledronicAcid");
    await op.fill("#bta-intervalWeeks", "4");
    await op.fill("#bta-dentalCheckDate", clinicDay(-30).iso);
    await op.selectOption("#bta-calciumVitaminDPlan", "yes");
    await op.fill("#bta-baselineCalciumMmolL", "2.4");
    await op.fill("#bta-creatinineClearanceMlMin", "78");
    await op.click("#bta button[type=submit]");
    await op.waitForSelector('[data-bta-status="active"]');
    // 4 weeks after the first infusion (Zometa SmPC 4.2: every 3 to 4 weeks).
    const next = clinicDay(8);
    expect(await op.textContent("[data-bta-next-dose]")).toBe(next.fr);
    await shoot(op, "patient-bta");

    await op.goto(`${srv.url}/worklists/oncologist?scope=rcps`);
    const row = op.locator(`tr[data-patient="${moreau}"]`);
    expect(await row.textContent()).toContain(`Prochaine dose le ${next.fr}`);
    expect(await row.textContent()).toContain("à faire");
    expect(await row.locator("a", { hasText: "Ouvrir le tableau" }).getAttribute("href")).toBe(
      `/cases/${caseId}/board`,
    );
    await shoot(op, "worklist-oncologist");
    expect(oErrors).toEqual([]);
    await onco.close();

    // ---- The surgeon ----
    const surg = await browser.newContext({ viewport: SIZES[0] });
    const sp = await surg.newPage();
    const sErrors = watchErrors(sp);
    await signInPage(sp, srv.url, DEMO.physician);
    await sp.waitForURL(/\/worklists\/surgeon$/);
    const nailing = sp.locator(`tr[data-plan-item="${item}"]`);
    expect(await nailing.textContent()).toContain("col fémoral");
    expect(await nailing.textContent()).toContain("Enclouage centromédullaire préventif");
    await shoot(sp, "worklist-surgeon-planned");
    const today = clinicDay(0);
    await sp.fill(`#plan-${item}-scheduledDate`, today.iso);
    await nailing.locator("button", { hasText: "Programmer" }).click();
    await sp.waitForSelector(`#plan-${item}-doneDate`);
    expect(await nailing.textContent()).toContain(`programmé le ${today.fr}`);
    await sp.fill(`#plan-${item}-doneDate`, today.iso);
    await nailing.locator("button", { hasText: "Marquer réalisé" }).click();
    await sp.waitForSelector(`tr[data-plan-item="${item}"]`, { state: "detached" });
    expect(await sp.locator(`tr[data-lesion="${neck}"]`).count()).toBe(0);
    await shoot(sp, "worklist-surgeon-done");

    // ---- The timeline ----
    await sp.goto(`${srv.url}/patients/${moreau}`);
    await sp.click("text=Chronologie du patient");
    await sp.waitForURL(/\/patients\/\d+\/timeline$/);
    await sp.waitForSelector("figure.timeline svg[role=img]");
    const svg = sp.locator("figure.timeline svg[role=img]");
    expect(await svg.locator('[data-period="zoledronicAcid"]').count()).toBe(1);
    expect(await svg.locator('[data-marker="dose"] title').allTextContents()).toEqual([
      `${first.fr} — ${first.fr}`,
    ]);
    expect(await svg.locator('[data-marker="planItemDone"]').textContent()).toContain(
      "Enclouage centromédullaire préventif (réalisé)",
    );
    expect(await svg.locator('[data-marker="decision"]').count()).toBe(1);
    // Her lesions' imaging as seeded (decision 129): three new lesions on the FDG-PET of
    // 15/09/2026, then the femoral neck (lesion 1 on her board) progressing on CT.
    expect(await svg.locator('[data-marker="responseNew"]').count()).toBe(3);
    expect(
      await svg.locator('[data-marker="responseProgression"] title').allTextContents(),
    ).toEqual(["1. Fémur – col fémoral, côté gauche — TDM : progression — 10/11/2026"]);
    // One page scroll, no scroll region of its own: the chart fits the page width.
    const box = await svg.boundingBox();
    expect(box?.width ?? 0).toBeLessThanOrEqual(SIZES[0].width);
    await shoot(sp, "timeline");
    const download = sp.waitForEvent("download");
    await sp.click("text=Exporter en SVG");
    expect((await download).suggestedFilename()).toBe("chronologie-DEMO-0001.svg");
    expect(sErrors).toEqual([]);
    await surg.close();
  }, 120_000);
});
