// The figures' visible numbers (app/i18n/numbers.ts): French decimal comma and narrow no-break
// space between thousands (CLDR fr), English point and comma; the formatters are shared.
import { describe, expect, it } from "vitest";
import { numberFormat } from "../../app/i18n/numbers";

describe("visible numbers of the figures", () => {
  it("writes 1234.56 patient-years as 1 234,56 in French and 1,234.56 in English", () => {
    expect(numberFormat("fr", 2)(1234.56)).toBe("1\u202f234,56");
    expect(numberFormat("en", 2)(1234.56)).toBe("1,234.56");
  });

  it("rounds a share of 33.333 % to one decimal and drops a zero decimal", () => {
    expect(numberFormat("fr", 1)(33.333)).toBe("33,3");
    expect(numberFormat("fr", 1)(50)).toBe("50");
    expect(numberFormat("en", 0)(12.6)).toBe("13");
  });

  it("keeps each language's and precision's format apart when shared", () => {
    const fr1 = numberFormat("fr", 1);
    const en1 = numberFormat("en", 1);
    const fr0 = numberFormat("fr", 0);
    expect([fr1(2.25), en1(2.25), fr0(2.25), fr1(0.05)]).toEqual(["2,3", "2.3", "2", "0,1"]);
  });
});
