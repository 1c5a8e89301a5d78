// SRE and SSE definitions (clinical.md §6.5): denosumab label / CALGB 70604 (four kinds), the
// zoledronic-acid label (the four + tumour-induced hypercalcaemia), and the symptomatic skeletal
// event (clinically driven only; radiographic-only fractures do not count).
import { describe, expect, it } from "vitest";
import {
  firstAndSecondSre,
  type SkeletalEventRecord,
  skeletalEventClass,
  skeletalEventSummary,
} from "~/domain";

describe("skeletal-related events (SRE)", () => {
  it.each([
    ["pathologicalFracture"],
    ["spinalCordCompression"],
    ["radiotherapyToBone"],
    ["surgeryToBone"],
  ] as const)(
    "counts a %s as an SRE under both the denosumab and the zoledronic-acid definitions",
    (kind) => {
      const c = skeletalEventClass({ kind, date: "2026-05-01" });
      expect(c.sre).toBe(true);
      expect(c.sreZoledronicLabel).toBe(true);
    },
  );

  it("counts tumour-induced hypercalcaemia as an SRE of the zoledronic-acid label only", () => {
    const c = skeletalEventClass({ kind: "hypercalcaemia", date: "2026-05-01" });
    expect(c.sre).toBe(false);
    expect(c.sreZoledronicLabel).toBe(true);
    expect(c.sse).toBe("no");
  });

  it("counts a vertebral fracture seen only on imaging as an SRE but not as a symptomatic event", () => {
    const c = skeletalEventClass({
      kind: "pathologicalFracture",
      date: "2026-05-01",
      symptomatic: false,
    });
    expect(c.sre).toBe(true);
    expect(c.sse).toBe("no");
  });
});

describe("symptomatic skeletal events (SSE)", () => {
  it("counts a painful femoral fracture as a symptomatic event", () => {
    expect(
      skeletalEventClass({ kind: "pathologicalFracture", date: "2026-05-01", symptomatic: true })
        .sse,
    ).toBe("yes");
  });

  it("does not decide for a fracture whose symptoms were not recorded", () => {
    expect(skeletalEventClass({ kind: "pathologicalFracture", date: "2026-05-01" }).sse).toBe(
      "unknown",
    );
  });

  it("counts radiotherapy given for bone pain, not prophylactic radiotherapy", () => {
    const rt = (toRelieveSymptoms?: boolean) =>
      skeletalEventClass({ kind: "radiotherapyToBone", date: "2026-05-01", toRelieveSymptoms }).sse;
    expect(rt(true)).toBe("yes");
    expect(rt(false)).toBe("no");
    expect(rt(undefined)).toBe("unknown");
  });

  it("counts cord compression and tumour surgery as symptomatic events", () => {
    expect(skeletalEventClass({ kind: "spinalCordCompression", date: "2026-05-01" }).sse).toBe(
      "yes",
    );
    expect(skeletalEventClass({ kind: "surgeryToBone", date: "2026-05-01" }).sse).toBe("yes");
  });

  it("refuses an event kind that is not on the list, naming the field", () => {
    expect(() =>
      skeletalEventClass({ kind: "fall" as SkeletalEventRecord["kind"], date: "2026-05-01" }),
    ).toThrow(expect.objectContaining({ code: "skeletalEvent.notAllowed", field: "kind" }));
  });
});

describe("first and second SRE of a patient", () => {
  const events: (SkeletalEventRecord & { id: number })[] = [
    { id: 3, kind: "surgeryToBone", date: "2026-09-10" },
    { id: 1, kind: "hypercalcaemia", date: "2026-02-01" },
    { id: 2, kind: "radiotherapyToBone", date: "2026-04-15", toRelieveSymptoms: true },
    { id: 4, kind: "pathologicalFracture", date: "2026-11-02", symptomatic: true },
  ];

  it("takes the radiotherapy of 15 April then the surgery of 10 September under the denosumab definition", () => {
    const r = firstAndSecondSre(events, "denosumab");
    expect(r.first?.id).toBe(2);
    expect(r.second?.id).toBe(3);
  });

  it("takes the hypercalcaemia of 1 February first under the zoledronic-acid label", () => {
    const r = firstAndSecondSre(events, "zoledronicLabel");
    expect(r.first?.id).toBe(1);
    expect(r.second?.id).toBe(2);
  });

  it("has no second SRE for a patient with a single fracture", () => {
    const r = firstAndSecondSre(
      [{ kind: "pathologicalFracture", date: "2026-01-05" }],
      "denosumab",
    );
    expect(r.first?.date).toBe("2026-01-05");
    expect(r.second).toBeNull();
  });
});

describe("the skeletal-event summary of the patient page", () => {
  const events = [
    { kind: "hypercalcaemia", date: "2026-02-10" },
    { kind: "radiotherapyToBone", date: "2026-03-05" },
    { kind: "surgeryToBone", date: "2026-04-20" },
    { kind: "pathologicalFracture", date: "2026-06-01", symptomatic: false },
  ] satisfies SkeletalEventRecord[];

  it("on denosumab, takes the radiotherapy of 05/03 as first SRE and the surgery of 20/04 as second (hypercalcaemia is not one)", () => {
    const s = skeletalEventSummary(events, "denosumab");
    expect(s.sre).toHaveLength(1);
    expect(s.sre[0]?.definition).toBe("denosumab");
    expect(s.sre[0]?.first?.date).toBe("2026-03-05");
    expect(s.sre[0]?.second?.date).toBe("2026-04-20");
    expect(s.sre[0]?.source).toContain("CALGB 70604");
  });

  it("on zoledronic acid, counts the hypercalcaemia of 10/02 as first SRE (Zometa label)", () => {
    const s = skeletalEventSummary(events, "zoledronicAcid");
    expect(s.sre.map((d) => d.definition)).toEqual(["zoledronicLabel"]);
    expect(s.sre[0]?.first?.kind).toBe("hypercalcaemia");
    expect(s.sre[0]?.second?.kind).toBe("radiotherapyToBone");
    expect(s.sre[0]?.source).toBe("Zometa EU SmPC");
  });

  it("without a BTA agent gives both definitions rather than choosing one", () => {
    expect(skeletalEventSummary(events, null).sre.map((d) => d.definition)).toEqual([
      "denosumab",
      "zoledronicLabel",
    ]);
  });

  it("counts the surgery as one symptomatic event and leaves the radiotherapy of unrecorded purpose undetermined, not 'no'", () => {
    expect(skeletalEventSummary(events, "denosumab").sse).toEqual({
      count: 1,
      undetermined: 1,
      source: "Parker 2013 (ALSYMPCA)",
    });
  });

  it("says there is no SRE yet when nothing was recorded", () => {
    const s = skeletalEventSummary([], "denosumab");
    expect(s.sre[0]?.first).toBeNull();
    expect(s.sse).toMatchObject({ count: 0, undetermined: 0 });
  });
});
