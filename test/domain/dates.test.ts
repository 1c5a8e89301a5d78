// Calendar dates (app/domain/dates.ts): the dates already read are remembered (decision 120), and
// remembering must not make an impossible date pass or change a day count.
import { describe, expect, it } from "vitest";
import { addMonths, compareIsoDates, IsoDateSchema, toEpochDay } from "../../app/domain/dates";

describe("calendar dates read more than once", () => {
  it("counts 1 January 2026 as day 20,454 since 1970 every time it is read", () => {
    // 56 years from 1970 to 2026, 14 of them leap years (1972 … 2024): 56 × 365 + 14.
    expect([toEpochDay("2026-01-01"), toEpochDay("2026-01-01")]).toEqual([20_454, 20_454]);
  });

  it("still refuses 30 February after 28 February was read, on every call", () => {
    expect(IsoDateSchema.safeParse("2026-02-28").success).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(IsoDateSchema.safeParse("2026-02-30").success).toBe(false);
      expect(() => compareIsoDates("2026-02-30", "2026-02-28")).toThrow(RangeError);
    }
  });

  it("gives the same answers after more distinct dates than it remembers", () => {
    // 25,000 distinct days (about 68 years) fill and empty the memory once.
    for (let day = 0; day < 25_000; day++)
      toEpochDay(new Date(day * 86_400_000).toISOString().slice(0, 10));
    expect(compareIsoDates("2026-03-01", "2026-02-28")).toBe(1);
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
  });
});
