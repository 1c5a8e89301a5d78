import { describe, expect, it } from "vitest";
import { caseReadiness, DomainInputError, type ReadinessInput } from "~/domain";

// A case with everything the board needs: a femoral neck, a T12 and a rib lesion, all scored.
function ready(): ReadinessInput {
  return {
    today: "2026-11-30",
    lesions: [
      {
        id: "F1",
        siteId: "femur.neck",
        side: "left",
        lesionType: "lytic",
        // Mechanical pain gives Mirels "functional" (decision 073): no separate Mirels pain input.
        pain: { nrs: 6, character: "mechanical" },
        mirels: { size: "moreThanTwoThirds" },
      },
      {
        id: "V1",
        siteId: "spine.T12",
        side: "midline",
        lesionType: "lytic",
        pain: { nrs: 4, character: "mechanical" },
        sins: { alignment: "normal", collapse: "none", posterolateral: "none" },
        escc: "1a",
      },
      { id: "R1", siteId: "rib.7", side: "right", pain: { nrs: 2 } },
    ],
    patient: {
      ecog: 1,
      creatinineClearanceMlMin: 70,
      creatinineClearanceDate: "2026-10-15",
      dentalCheckDate: "2026-11-02",
      wishes: "Souhaite rester autonome à domicile.",
    },
    case: { btaInQuestion: true, imagingDate: "2026-11-20" },
    btaStatus: "none",
  };
}

type Lesion = ReadinessInput["lesions"][number];
function withLesion(id: string, change: (l: Lesion) => Lesion): ReadinessInput {
  const input = ready();
  return { ...input, lesions: input.lesions.map((l) => (l.id === id ? change(l) : l)) };
}

const codes = (input: ReadinessInput) => caseReadiness(input).missing.map((m) => m.code);

describe("case readiness", () => {
  it("a fully documented case is ready", () => {
    expect(caseReadiness(ready())).toEqual({ ready: true, missing: [] });
  });

  it("needs at least one lesion mapped", () => {
    expect(codes({ ...ready(), lesions: [] })).toEqual(["noLesion"]);
  });

  it("needs the Mirels items on a limb long bone (here the size)", () => {
    const r = caseReadiness(withLesion("F1", (l) => ({ ...l, mirels: {} })));
    expect(r.ready).toBe(false);
    expect(r.missing).toMatchObject([
      { code: "lesionScoresMissing", lesionId: "F1", score: "mirels", fields: ["mirels.size"] },
    ]);
  });

  it("reads Mirels pain as missing when the pain character is not given (no derivation)", () => {
    const r = caseReadiness(withLesion("F1", (l) => ({ ...l, pain: { nrs: 6 } })));
    expect(r.missing).toMatchObject([{ lesionId: "F1", score: "mirels", fields: ["mirels.pain"] }]);
  });

  it("needs every SINS item on the spine (here the alignment)", () => {
    const r = caseReadiness(
      withLesion("V1", (l) => ({ ...l, sins: { collapse: "none", posterolateral: "none" } })),
    );
    expect(r.missing).toMatchObject([
      { lesionId: "V1", score: "sins", fields: ["sins.alignment"] },
    ]);
  });

  it("needs the ESCC grade on the spine", () => {
    const r = caseReadiness(withLesion("V1", ({ escc: _escc, ...l }) => l));
    expect(r.missing).toMatchObject([{ lesionId: "V1", score: "escc", fields: ["escc"] }]);
  });

  it("needs pain everywhere, a rib included", () => {
    const r = caseReadiness(withLesion("R1", ({ pain: _pain, ...l }) => l));
    expect(r.missing).toMatchObject([{ lesionId: "R1", score: "pain", fields: ["pain.nrs"] }]);
  });

  it("needs a performance status; Karnofsky alone is enough", () => {
    const input = ready();
    const { ecog: _ecog, ...noPs } = input.patient;
    expect(codes({ ...input, patient: noPs })).toEqual(["performanceStatus"]);
    expect(codes({ ...input, patient: { ...noPs, karnofsky: 70 } })).toEqual([]);
  });

  it("needs a creatinine clearance when a BTA is in question", () => {
    const input = ready();
    const { creatinineClearanceMlMin: _c, creatinineClearanceDate: _d, ...patient } = input.patient;
    expect(codes({ ...input, patient })).toEqual(["creatinineClearanceMissing"]);
  });

  it("needs that clearance under 3 months old: on 30 Nov, 31 Aug is 3 months old (calendar months counted forward), 1 Sep is not", () => {
    const input = ready();
    const on = (date: string) => ({
      ...input,
      patient: { ...input.patient, creatinineClearanceDate: date },
    });
    expect(codes(on("2026-08-30"))).toEqual(["creatinineClearanceStale"]);
    // 31 Aug + 3 calendar months = 30 Nov (month end clamped): stale on 30 Nov (decision 104).
    expect(codes(on("2026-08-31"))).toEqual(["creatinineClearanceStale"]);
    expect(codes(on("2026-09-01"))).toEqual([]);
  });

  it("needs the dental status before a first BTA, not during an active sequence", () => {
    const input = ready();
    const { dentalCheckDate: _d, ...patient } = input.patient;
    expect(codes({ ...input, patient })).toEqual(["dentalStatus"]);
    expect(codes({ ...input, patient, btaStatus: "stopped" })).toEqual(["dentalStatus"]);
    expect(codes({ ...input, patient, btaStatus: "active" })).toEqual([]);
  });

  it("asks neither clearance nor dental status when no BTA is in question", () => {
    const input = ready();
    const patient = { ecog: 1, wishes: "Rester à domicile" };
    expect(codes({ ...input, patient, case: { ...input.case, btaInQuestion: false } })).toEqual([]);
  });

  it("lists an unstated BTA question as its own item, without guessing yes or no", () => {
    const input = ready();
    // Clearance and dental status missing too: with the question unstated neither is asked.
    const patient = { ecog: 1, wishes: "Rester à domicile" };
    expect(codes({ ...input, patient, case: { ...input.case, btaInQuestion: null } })).toEqual([
      "btaQuestionUnstated",
    ]);
  });

  it("needs the imaging date", () => {
    const input = ready();
    expect(codes({ ...input, case: { btaInQuestion: true } })).toEqual(["imagingDate"]);
  });

  it("needs the patient's wishes; blanks do not count", () => {
    const input = ready();
    expect(codes({ ...input, patient: { ...input.patient, wishes: "   " } })).toEqual([
      "patientWishes",
    ]);
  });

  it("every missing item has a French reason and a source", () => {
    const r = caseReadiness({
      ...ready(),
      lesions: [],
      patient: {},
      case: { btaInQuestion: true },
    });
    expect(r.missing.map((m) => m.code)).toEqual([
      "noLesion",
      "performanceStatus",
      "creatinineClearanceMissing",
      "dentalStatus",
      "imagingDate",
      "patientWishes",
    ]);
    for (const m of r.missing) {
      expect(m.label.fr.length).toBeGreaterThan(10);
      expect(m.source.length).toBeGreaterThan(3);
    }
  });

  it("refuses bad input naming the field", () => {
    const e = (() => {
      try {
        caseReadiness({ ...ready(), today: "2026-13-01" });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(DomainInputError);
    expect((e as DomainInputError).field).toBe("today");
    expect(() => caseReadiness(withLesion("R1", (l) => ({ ...l, siteId: "rib.99" })))).toThrow(
      /lesions\.2\.siteId/,
    );
  });
});
