// Pain response after radiotherapy, international consensus (Chow 2012, clinical.md §6.5):
// complete = 0 without analgesic increase; partial = −2 points without analgesic increase, or
// ≥ 25 % OMED reduction without pain increase; progression = +2 points with stable OMED, or ≥ 25 %
// OMED increase; otherwise indeterminate.
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

  it("does not call a pain-free patient a complete response when the analgesics were not recorded", () => {
    const r = painResponse({ baselineNrs: 7, followUpNrs: 0 });
    expect(r.response).toBe("unknown");
    expect(r.rationale.fr).toContain("non renseignée");
  });

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
