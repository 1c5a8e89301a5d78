// One calendar-month convention for every "n months" rule (issue 12 §7.8, decision 104): the
// period of n months starting on a dated event ends on addMonths(date, n), month end clamped.
import { describe, expect, it } from "vitest";
import {
  addMonths,
  btaInitiationDelay,
  isAtLeastMonthsAfter,
  isMoreThanMonthsAfter,
  type LesionInput,
  treatmentTriggers,
} from "~/domain";

describe("calendar months, not 30-day blocks", () => {
  it("ends one month after 31 January on 28 February, or 29 February in a leap year", () => {
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
  });

  it("ends one year after 29 February 2028 on 28 February 2029, and one month after it on 29 March", () => {
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonths("2028-02-29", 1)).toBe("2028-03-29");
  });

  it("counts a value dated 31 August as 3 months old on 30 November, not on 29 November", () => {
    expect(isAtLeastMonthsAfter("2026-08-31", "2026-11-30", 3)).toBe(true);
    expect(isAtLeastMonthsAfter("2026-08-31", "2026-11-29", 3)).toBe(false);
  });

  it("says 'more than one month' after 31 January only from 1 March", () => {
    expect(isMoreThanMonthsAfter("2027-01-31", "2027-02-28", 1)).toBe(false);
    expect(isMoreThanMonthsAfter("2027-01-31", "2027-03-01", 1)).toBe(true);
  });
});

describe("the rules that count months", () => {
  const painfulAfterRt: LesionInput = {
    id: "R",
    siteId: "rib.6",
    side: "right",
    pain: { nrs: 6 },
    previousRadiotherapy: { lastFractionDate: "2027-01-31" },
  };
  const offersReirradiation = (today: string) =>
    treatmentTriggers(painfulAfterRt, { today }).options.some(
      (o) => o.treatmentId === "rt.reirradiation",
    );

  it("offers re-irradiation on 1 March for pain after a last fraction on 31 January (more than one month; 29 days would not be 30)", () => {
    expect(offersReirradiation("2027-03-01")).toBe(true);
  });

  it("does not offer re-irradiation on 28 February after a last fraction on 31 January (exactly one month)", () => {
    expect(offersReirradiation("2027-02-28")).toBe(false);
  });

  it("does not raise the no-BTA warning 91 days after a diagnosis of 15 June, before 15 September", () => {
    // 15 Jun + 91 days = 14 Sep; 3 calendar months end on 15 Sep.
    const delay = btaInitiationDelay({
      boneMetastasisDiagnosisDate: "2026-06-15",
      today: "2026-09-14",
    });
    expect(delay.flagged).toBe(false);
    expect(delay.windowEnds).toBe("2026-09-15");
    expect(
      btaInitiationDelay({ boneMetastasisDiagnosisDate: "2026-06-15", today: "2026-09-16" })
        .flagged,
    ).toBe(true);
  });

  it("closes the 3-month window of a diagnosis made on 30 November on 28 February, in French dates", () => {
    const delay = btaInitiationDelay({
      boneMetastasisDiagnosisDate: "2026-11-30",
      today: "2026-12-15",
    });
    expect(delay.windowEnds).toBe("2027-02-28");
    expect(delay.rationale.fr).toContain("28/02/2027");
    expect(
      btaInitiationDelay({ boneMetastasisDiagnosisDate: "2026-11-30", today: "2027-03-01" })
        .flagged,
    ).toBe(true);
  });
});
