// The lesion panel in French (issue 10 §3 and §7): rendered with the French catalogue for a lesion
// at each site kind (spine above and below the conus, long bone, proximal femur, pelvis), every
// score filled so the score cards, sources, rationales and options show. Fails on an English-only
// word, a missing catalogue key, or zod's option order for ESCC. Also: what applies to the site.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { LesionPanel } from "../../app/components/board/LesionPanel";
import type { BoardLesion } from "../../app/domain/board/schema";
import { lesionRiskSummary } from "../../app/domain/risk";
import { makeI18n } from "../../app/i18n";

// English-only words (not French words too: "fracture", "score", "stable", "grade", "observation"
// are French as well and are left out). Citations keep journal names, none of which is listed.
const ENGLISH_ONLY = new Set(
  `the and of with without from only not none mild moderate severe high low pain worst bands
  apply applies applied ignored derived general risk criterion criteria met lesion lesions cord
  below above weight load body board unknown unstable impending surgery radiotherapy femur spinal
  entered choose given yes no`
    .split(/\s+/)
    .filter(Boolean),
);

function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

function render(lesion: BoardLesion, lang: "fr" | "en" = "fr"): string {
  const summary = lesionRiskSummary(lesion, {});
  const panel = createElement(
    I18nextProvider,
    { i18n: makeI18n(lang) },
    createElement(LesionPanel, {
      doc: null,
      awareness: null,
      origin: {},
      lesion,
      number: 1,
      summary,
      context: {},
      readOnly: true,
      userId: 1,
      userName: () => "Dr Test",
      onClose: () => {},
    }),
  );
  // The panel reads the root loader's time zone (AssessmentsSection): a data router with it.
  const router = createMemoryRouter([{ id: "root", path: "/", element: panel }], {
    hydrationData: { loaderData: { root: { timeZone: "Europe/Paris" } } },
  });
  return renderToString(createElement(RouterProvider, { router }));
}

const base = {
  options: {},
  assessments: {},
  readings: {},
  discussion: "",
  lesionType: "lytic" as const,
};
const LESIONS: Record<string, BoardLesion> = {
  "spine T8": {
    ...base,
    id: "s1",
    siteId: "spine.T8",
    side: "midline",
    size_mm: 30,
    pain: { nrs: 7, character: "mechanical" },
    sins: { alignment: "normal", collapse: "under50", posterolateral: "unilateral" },
    escc: "2",
    frankel: "D",
    asia: "D",
    newNeurologicalDeficit: false,
  },
  "spine L3": {
    ...base,
    id: "s2",
    siteId: "spine.L3",
    side: "midline",
    pain: { nrs: 0 },
    escc: "1c",
  },
  "humerus diaphysis": {
    ...base,
    id: "h1",
    siteId: "humerus.diaphysis",
    side: "right",
    size_mm: 40,
    pain: { nrs: 5, character: "nonMechanical" },
    mirels: { pain: "moderate", size: "oneThirdToTwoThirds" },
    harrington: { corticalDestructionAtLeast50: false, painPersistingAfterRadiotherapy: false },
  },
  "femoral neck": {
    ...base,
    id: "f1",
    siteId: "femur.neck",
    side: "left",
    size_mm: 32,
    pain: { nrs: 8, character: "mechanical" },
    mirels: { size: "moreThanTwoThirds" },
    harrington: { lesserTrochanterAvulsion: false, painPersistingAfterRadiotherapy: false },
    cortical: { axialCorticalInvolvement_mm: 35, circumferentialCorticalInvolvement_pct: 60 },
    fe: { failureLoad_N: 3000 },
  },
  acetabulum: {
    ...base,
    id: "p1",
    siteId: "pelvis.acetabulum",
    side: "right",
    pain: { nrs: 6, character: "mechanical" },
  },
};

describe("the lesion panel speaks French", () => {
  it.each(Object.keys(LESIONS))(
    "renders a %s lesion with no English word and no missing key",
    (name) => {
      const lesion = LESIONS[name];
      if (!lesion) throw new Error(name);
      const text = visibleText(render(lesion));
      const english = text.split(/[^\p{L}]+/u).filter((w) => ENGLISH_ONLY.has(w.toLowerCase()));
      expect(english).toEqual([]);
      expect(text).not.toMatch(/\bboard\.[a-zA-Z]/);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    },
  );

  it("catches English when the panel is rendered in English (the word list works)", () => {
    const lesion = LESIONS["femoral neck"];
    if (!lesion) throw new Error("fixture");
    const words = visibleText(render(lesion, "en")).split(/[^\p{L}]+/u);
    expect(words.filter((w) => ENGLISH_ONLY.has(w.toLowerCase())).length).toBeGreaterThan(10);
  });
});

describe("the panel shows only what applies, facts once, scales in order", () => {
  const fields = (html: string) => [...html.matchAll(/data-field="([^"]+)"/g)].map((m) => m[1]);

  it("shows no proximal-femur Harrington item on a humerus, and both on the femoral neck", () => {
    const humerus = LESIONS["humerus diaphysis"];
    const neck = LESIONS["femoral neck"];
    if (!humerus || !neck) throw new Error("fixture");
    const onHumerus = fields(render(humerus)).filter((f) => f?.startsWith("harrington."));
    expect(onHumerus).toEqual([
      "harrington.corticalDestructionAtLeast50",
      "harrington.painPersistingAfterRadiotherapy",
    ]);
    expect(fields(render(neck))).toContain("harrington.lesionAtLeast25mmProximalFemur");
    expect(fields(render(neck))).toContain("harrington.lesserTrochanterAvulsion");
  });

  it("shows the derived values on the femoral neck: ≥ 2.5 cm from 32 mm, ≥ 50 % from 60 %, Mirels functional", () => {
    const neck = LESIONS["femoral neck"];
    if (!neck) throw new Error("fixture");
    const html = render(neck);
    expect(html).toMatch(
      /data-derived-field="harrington.lesionAtLeast25mmProximalFemur" data-origin="derived" data-effective="yes"/,
    );
    expect(html).toMatch(
      /data-derived-field="harrington.corticalDestructionAtLeast50" data-origin="derived" data-effective="yes"/,
    );
    expect(html).toMatch(
      /data-derived-field="mirels.pain" data-origin="derived" data-effective="functional"/,
    );
    expect(visibleText(html)).toContain("— déduit : Oui —");
    expect(visibleText(html)).toContain("Déduit de la taille (plus grand axe).");
  });

  it("lists ESCC grades 0, 1a, 1b, 1c, 2, 3 and words them for the cauda equina at L3", () => {
    const l3 = LESIONS["spine L3"];
    const t8 = LESIONS["spine T8"];
    if (!l3 || !t8) throw new Error("fixture");
    const html = render(l3);
    const select = html.slice(html.indexOf('data-field="escc"'));
    const values = [
      ...select.slice(0, select.indexOf("</select>")).matchAll(/value="([^"]*)"/g),
    ].map((m) => m[1]);
    expect(values).toEqual(["", "0", "1a", "1b", "1c", "2", "3"]);
    expect(visibleText(html)).toContain("compression de la queue de cheval");
    expect(visibleText(html)).toContain("queue de cheval comprimée");
    expect(visibleText(render(t8))).toContain("compression médullaire");
  });
});
