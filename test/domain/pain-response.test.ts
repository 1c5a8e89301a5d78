// Pain response after radiotherapy (clinical.md §6.5). With the analgesic doses recorded, the
// international consensus (Chow 2012): complete = 0 without analgesic increase; partial = −2 points
// without analgesic increase, or ≥ 25 % OMED reduction without pain increase; progression = +2
// points with stable OMED, or ≥ 25 % OMED increase; otherwise indeterminate. Without them, the
// pain score alone (Chow 2001): complete = 0; partial = a drop of ≥ 2 points or ≥ 50 %.
import { describe, expect, it } from "vitest";
import { type PainResponseInput, painResponse } from "~/domain";

const response = (input: PainResponseInput) => painResponse(input).response;

describe("pain response after radiotherapy (Chow 2012 consensus)", () => {
  it("a patient pain-free at the treated site on the same morphine dose had a complete response", () => {
    expect(
      response({ baselineNrs: 7, followUpNrs: 0, baselineOmed_mg: 60, followUpOmed_mg: 60 }),
    ).toBe("complete");
  });

  it("a patient pain-free only because the morphine was raised had an indeterminate response", () => {
    expect(
      response({ baselineNrs: 7, followUpNrs: 0, baselineOmed_mg: 60, followUpOmed_mg: 70 }),
    ).toBe("indeterminate");
  });

  it("a patient whose pain went from 6 to 3 after radiotherapy, analgesics unchanged, had a partial response", () => {
    expect(
      response({ baselineNrs: 6, followUpNrs: 3, baselineOmed_mg: 30, followUpOmed_mg: 30 }),
    ).toBe("partial");
  });

  it("a patient whose pain went from 6 to 4 (two points) without more analgesics had a partial response", () => {
    expect(
      response({ baselineNrs: 6, followUpNrs: 4, baselineOmed_mg: 30, followUpOmed_mg: 20 }),
    ).toBe("partial");
  });

  it("a pain halved from 2 to 1 on the same analgesics is indeterminate: the 50 % rule is the older Chow 2001 one", () => {
    expect(
      response({ baselineNrs: 2, followUpNrs: 1, baselineOmed_mg: 40, followUpOmed_mg: 40 }),
    ).toBe("indeterminate");
  });

  it("a pain going from 4 to 2 while the morphine went up (40 → 45 mg/day) is indeterminate", () => {
    expect(
      response({ baselineNrs: 4, followUpNrs: 2, baselineOmed_mg: 40, followUpOmed_mg: 45 }),
    ).toBe("indeterminate");
  });

  it("a patient with the same pain on a quarter less morphine (40 → 30 mg/day) had a partial response", () => {
    expect(
      response({ baselineNrs: 5, followUpNrs: 5, baselineOmed_mg: 40, followUpOmed_mg: 30 }),
    ).toBe("partial");
  });

  it("a patient with pain one point worse on 25 % less morphine did not have a partial response", () => {
    expect(
      response({ baselineNrs: 5, followUpNrs: 6, baselineOmed_mg: 40, followUpOmed_mg: 30 }),
    ).toBe("indeterminate");
  });

  it("a patient whose pain rose from 4 to 6 on the same morphine dose progressed", () => {
    expect(
      response({ baselineNrs: 4, followUpNrs: 6, baselineOmed_mg: 20, followUpOmed_mg: 20 }),
    ).toBe("progression");
  });

  it("a patient who needed 25 % more morphine (40 → 50 mg/day) progressed, even with less pain", () => {
    expect(
      response({ baselineNrs: 6, followUpNrs: 5, baselineOmed_mg: 40, followUpOmed_mg: 50 }),
    ).toBe("progression");
  });

  it("a patient who started morphine after radiotherapy (0 → 20 mg/day) progressed", () => {
    expect(
      response({ baselineNrs: 5, followUpNrs: 5, baselineOmed_mg: 0, followUpOmed_mg: 20 }),
    ).toBe("progression");
  });

  it("a pain one point lower on the same analgesics is indeterminate", () => {
    expect(
      response({ baselineNrs: 6, followUpNrs: 5, baselineOmed_mg: 0, followUpOmed_mg: 0 }),
    ).toBe("indeterminate");
  });

  it("refuses an NRS of 11, naming the field (score only too)", () => {
    expect(() => painResponse({ baselineNrs: 6, followUpNrs: 11 })).toThrow(
      expect.objectContaining({ code: "painResponse.tooLarge", field: "followUpNrs" }),
    );
  });
});

describe("pain response after radiotherapy when no analgesic dose is recorded (Chow 2001)", () => {
  it("pain from 4 to 2 is a partial response: a 50 % drop (and two points)", () => {
    const r = painResponse({ baselineNrs: 4, followUpNrs: 2 });
    expect(r.response).toBe("partial");
    expect(r.definition).toBe("scoreOnly2001");
    expect(r.source).toBe("Chow 2001 (Radiother Oncol 61:77)");
  });

  it("pain from 3 to 1 is a partial response: a two-point drop", () => {
    expect(response({ baselineNrs: 3, followUpNrs: 1 })).toBe("partial");
  });

  it("pain halved from 2 to 1 is a partial response: a 50 % drop though only one point", () => {
    expect(response({ baselineNrs: 2, followUpNrs: 1 })).toBe("partial");
  });

  it("pain from 3 to 2 is no response: one point, a third of the pain", () => {
    expect(response({ baselineNrs: 3, followUpNrs: 2 })).toBe("noResponse");
  });

  it("pain from 9 to 8 is no response", () => {
    expect(response({ baselineNrs: 9, followUpNrs: 8 })).toBe("noResponse");
  });

  it("a patient pain-free at the treated site had a complete response", () => {
    const r = painResponse({ baselineNrs: 7, followUpNrs: 0 });
    expect(r.response).toBe("complete");
    expect(r.rationale.fr).toBe(
      "Réponse complète (EN 7 → 0 ; dose d'antalgiques non renseignée : score de douleur seul, Chow 2001).",
    );
  });

  it("pain from 4 to 6 is no response (Chow 2001 defines no progression)", () => {
    expect(response({ baselineNrs: 4, followUpNrs: 6 })).toBe("noResponse");
  });

  it("a morphine dose recorded only before radiotherapy is not a recorded change: the score decides", () => {
    const r = painResponse({ baselineNrs: 6, followUpNrs: 3, baselineOmed_mg: 30 });
    expect(r.response).toBe("partial");
    expect(r.definition).toBe("scoreOnly2001");
  });
});

describe("pain response wording", () => {
  it("words the rationale in French with the NRS and the morphine dose", () => {
    const r = painResponse({
      baselineNrs: 6,
      followUpNrs: 3,
      baselineOmed_mg: 30,
      followUpOmed_mg: 30,
    });
    expect(r.rationale.fr).toBe("Réponse partielle (EN 6 → 3 ; morphine orale 30 → 30 mg/j).");
    expect(r.source).toMatch(/Chow 2012/);
  });

  it("refuses an NRS of 11, naming the field", () => {
    expect(() => painResponse({ baselineNrs: 11, followUpNrs: 3 })).toThrow(
      expect.objectContaining({ code: "painResponse.tooLarge", field: "baselineNrs" }),
    );
  });
});
