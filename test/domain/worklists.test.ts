// The worklist rules (decision 107): who lands on which list, what is due, which row comes first.
import { describe, expect, it } from "vitest";
import {
  byOncologistPriority,
  homeWorklistOf,
  nextBtaDue,
  OncologistFilterSchema,
} from "../../app/domain/worklists";

describe("the home worklist after sign-in", () => {
  it("sends an orthopaedic or spine surgeon to the surgeon's list", () => {
    expect(homeWorklistOf({ role: "physician", specialty: "orthopaedic_surgery" })).toBe("surgeon");
    expect(homeWorklistOf({ role: "physician", specialty: "spine_surgery" })).toBe("surgeon");
  });

  it("sends medical and radiation oncologists and rheumatologists to the oncologist's list", () => {
    for (const specialty of ["medical_oncology", "radiation_oncology", "rheumatology"])
      expect(homeWorklistOf({ role: "physician", specialty })).toBe("oncologist");
  });

  it("sends coordinators, admins, observers and a radiologist to the coordinator's list", () => {
    expect(homeWorklistOf({ role: "coordinator", specialty: null })).toBe("coordinator");
    expect(homeWorklistOf({ role: "admin", specialty: null })).toBe("coordinator");
    expect(homeWorklistOf({ role: "observer", specialty: null })).toBe("coordinator");
    expect(homeWorklistOf({ role: "physician", specialty: "radiology" })).toBe("coordinator");
  });
});

describe("the next BTA event on the oncologist's list", () => {
  const today = "2026-12-01";

  it("shows a zoledronic-acid dose 4 weeks after 03/11/2026 as due on 01/12/2026", () => {
    expect(nextBtaDue({ nextDoseDate: "2026-12-01", reassessment: null }, today, 14)).toEqual({
      kind: "dose",
      date: "2026-12-01",
      status: "due",
    });
  });

  it("flags a dose date already past as overdue", () => {
    expect(nextBtaDue({ nextDoseDate: "2026-11-20", reassessment: null }, today, 14)?.status).toBe(
      "overdue",
    );
  });

  it("leaves a dose three weeks away out of a 14-day horizon, in a 30-day one", () => {
    const f = { nextDoseDate: "2026-12-22", reassessment: null };
    expect(nextBtaDue(f, today, 14)?.status).toBe("later");
    expect(nextBtaDue(f, today, 30)?.status).toBe("due");
  });

  it("shows an open reassessment window before a later dose, due and never overdue", () => {
    const f = {
      nextDoseDate: "2026-12-20",
      reassessment: { from: "2026-11-10", by: "2027-02-10" },
    };
    expect(nextBtaDue(f, today, 14)).toEqual({
      kind: "reassessment",
      date: "2026-11-10",
      status: "due",
    });
  });

  it("has nothing due without a sequence", () => {
    expect(nextBtaDue({ nextDoseDate: null, reassessment: null }, today, 14)).toBeNull();
  });
});

describe("the oncologist's order", () => {
  it("puts overdue rows first, then the earliest due date, undated last", () => {
    const rows = [
      { patientName: "C", overdue: false, dueDate: null },
      { patientName: "B", overdue: false, dueDate: "2026-12-05" },
      { patientName: "A", overdue: false, dueDate: "2026-12-02" },
      { patientName: "D", overdue: true, dueDate: "2026-11-30" },
    ];
    expect(rows.sort(byOncologistPriority).map((r) => r.patientName)).toEqual(["D", "A", "B", "C"]);
  });

  it("orders patients due the same day by name as a French list does: É beside E, not after Z", () => {
    const due = { overdue: false, dueDate: "2026-12-02" };
    const rows = ["ZOLA Émile", "ÉLOI Anne", "EMERY Jean", "ÉCLAIR Paul"].map((patientName) => ({
      ...due,
      patientName,
    }));
    expect(rows.sort(byOncologistPriority).map((r) => r.patientName)).toEqual([
      "ÉCLAIR Paul",
      "ÉLOI Anne",
      "EMERY Jean",
      "ZOLA Émile",
    ]);
  });
});

describe("the oncologist's filters", () => {
  it("defaults to my patients within 14 days", () => {
    expect(OncologistFilterSchema.parse({})).toEqual({ scope: "mine", within: 14 });
  });

  it("refuses a horizon that is not offered and an unknown scope", () => {
    expect(OncologistFilterSchema.safeParse({ within: "15" }).success).toBe(false);
    expect(OncologistFilterSchema.safeParse({ scope: "everyone" }).success).toBe(false);
    expect(OncologistFilterSchema.parse({ scope: "rcps", within: "30" })).toEqual({
      scope: "rcps",
      within: 30,
    });
  });
});
