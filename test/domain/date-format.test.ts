// Issue 10 §7: one visible date format per language, from app/i18n/dates.ts.
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "../../app/i18n/dates";

describe("visible dates", () => {
  it("writes a French calendar date as 31/12/2026", () => {
    expect(formatDate("2026-12-31", "fr")).toBe("31/12/2026");
    expect(formatDate("2026-03-04", "fr")).toBe("04/03/2026");
  });

  it("writes an English calendar date with the month in letters", () => {
    expect(formatDate("2026-03-04", "en")).toBe("04 Mar 2026");
  });

  it("shows an instant stored in UTC at the clinic's wall-clock time (Paris, winter and summer)", () => {
    // Winter: UTC+1; 13:05Z is 14:05 in Paris.
    expect(formatDateTime("2026-12-31T13:05:00.000Z", "fr")).toBe("31/12/2026 14:05");
    // Summer: UTC+2; 22:30Z on 30 June is already 1 July in Paris.
    expect(formatDateTime("2026-06-30T22:30:00.000Z", "fr")).toBe("01/07/2026 00:30");
    expect(formatDateTime("2026-12-31T13:05:00.000Z", "en")).toBe("31 Dec 2026, 14:05");
  });

  it("reads SQLite's zone-less 'YYYY-MM-DD HH:MM:SS' as UTC", () => {
    expect(formatDateTime("2026-01-15 09:00:00", "fr", "Europe/Paris")).toBe("15/01/2026 10:00");
  });

  it("shows a bare date given to the date-time formatter as a date", () => {
    expect(formatDateTime("2026-12-31", "fr")).toBe("31/12/2026");
  });

  it("shows nothing rather than an ISO string or 'Invalid Date' for missing or bad input", () => {
    expect(formatDate(null, "fr")).toBe("");
    expect(formatDate("31/12/2026", "fr")).toBe("");
    expect(formatDateTime("not a date", "fr")).toBe("");
  });
});
