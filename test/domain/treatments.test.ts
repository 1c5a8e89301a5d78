import { describe, expect, it } from "vitest";
import {
  type LesionInput,
  LOCAL_TREATMENT_IDS,
  LOCAL_TREATMENTS,
  treatmentTriggers,
} from "~/domain";

function flagIds(lesion: LesionInput, context = {}) {
  return treatmentTriggers(lesion, context).flags.map((f) => f.id);
}
function optionIds(lesion: LesionInput, context = {}) {
  return treatmentTriggers(lesion, context).options.map((o) => o.treatmentId);
}

describe("local-treatment catalogue", () => {
  it("covers radiotherapy, interventional radiology, surgery, orthosis and observation", () => {
    const categories = new Set(Object.values(LOCAL_TREATMENTS).map((t) => t.category));
    expect([...categories].sort()).toEqual([
      "interventionalRadiology",
      "observation",
      "orthosis",
      "radiotherapy",
      "surgery",
    ]);
  });

  it.each(LOCAL_TREATMENT_IDS.map((id) => [id]))(
    "gives %s French and English labels and a source",
    (id) => {
      const t = LOCAL_TREATMENTS[id];
      expect(t.id).toBe(id);
      expect(t.label.fr.length).toBeGreaterThan(0);
      expect(t.label.en.length).toBeGreaterThan(0);
      expect(t.source.length).toBeGreaterThan(0);
    },
  );

  it("schedules single-fraction radiotherapy as 8 Gy × 1", () => {
    expect(LOCAL_TREATMENTS["rt.singleFraction8Gy"].schedule?.en).toBe("8 Gy × 1");
  });

  it("marks orthoses as unverified, as clinical.md does", () => {
    expect(LOCAL_TREATMENTS["orthosis.protectedWeightBearing"].unverified).toBe(true);
  });
});

describe("treatment triggers", () => {
  const femoralShaft: LesionInput = {
    id: "F",
    siteId: "femur.diaphysis",
    side: "left",
    lesionType: "lytic",
  };

  it("asks for an orthopaedic opinion at Mirels 9 and proposes prophylactic nailing", () => {
    const lesion: LesionInput = {
      ...femoralShaft,
      mirels: { pain: "moderate", size: "oneThirdToTwoThirds" },
    };
    expect(flagIds(lesion)).toEqual(["ortho.mirelsFixation"]);
    expect(optionIds(lesion)).toContain("surgery.prophylacticNailing");
    expect(optionIds(lesion)).toContain("rt.postoperative");
  });

  it("calls Mirels 8 borderline", () => {
    expect(
      flagIds({ ...femoralShaft, mirels: { pain: "mild", size: "oneThirdToTwoThirds" } }),
    ).toEqual(["ortho.mirelsBorderline"]);
  });

  it("proposes arthroplasty rather than a nail for the femoral neck", () => {
    const options = optionIds({
      id: "N",
      siteId: "femur.neck",
      side: "right",
      lesionType: "lytic",
      mirels: { pain: "functional", size: "moreThanTwoThirds" },
    });
    expect(options).toContain("surgery.arthroplasty");
    expect(options).not.toContain("surgery.prophylacticNailing");
  });

  it("flags femoral axial cortical involvement over 30 mm", () => {
    expect(flagIds({ ...femoralShaft, cortical: { axialCorticalInvolvement_mm: 31 } })).toEqual([
      "ortho.femoralCortical",
    ]);
    expect(flagIds({ ...femoralShaft, cortical: { axialCorticalInvolvement_mm: 30 } })).toEqual([]);
  });

  it("flags an FE failure load below N × body weight, with N from the board", () => {
    const lesion: LesionInput = { ...femoralShaft, fe: { failureLoad_N: 4000 } };
    const flags = treatmentTriggers(lesion, {
      feFailureLoadThreshold_bodyWeights: 7.5,
      bodyWeight_kg: 60,
    }).flags;
    expect(flags.map((f) => f.id)).toEqual(["ortho.feFailureLoad"]);
    expect(flags[0]?.label.en).toMatch(/7.5 × body weight/);
  });

  // Was lesserTrochanterAvulsion on the femoral shaft: the lesser trochanter is proximal femur,
  // a criterion that does not apply to a shaft lesion (clinical.md §4.1 items 2–3), now ignored.
  it("flags a Harrington criterion that applies to the site", () => {
    expect(
      flagIds({ ...femoralShaft, harrington: { painPersistingAfterRadiotherapy: true } }),
    ).toEqual(["ortho.harrington"]);
    expect(flagIds({ ...femoralShaft, harrington: { lesserTrochanterAvulsion: true } })).toEqual(
      [],
    );
  });

  it("sends a completed fracture to orthopaedic surgery", () => {
    expect(flagIds({ ...femoralShaft, completedFracture: true })).toEqual([
      "ortho.completedFracture",
    ]);
    expect(optionIds({ ...femoralShaft, completedFracture: true })).toContain(
      "surgery.fractureFixation",
    );
  });

  it("asks for a spine-surgery opinion at SINS 7", () => {
    const lesion: LesionInput = {
      id: "V",
      siteId: "spine.L3",
      side: "midline",
      lesionType: "lytic",
      sins: { pain: "mechanical", alignment: "normal", collapse: "none", posterolateral: "none" },
    };
    expect(flagIds(lesion)).toEqual(["spine.sinsOpinion"]);
    expect(optionIds(lesion)).toEqual(
      expect.arrayContaining([
        "surgery.spinalStabilisation",
        "ir.vertebroplasty",
        "ir.kyphoplasty",
      ]),
    );
  });

  it("proposes vertebroplasty for mechanical pain in a stable vertebra (NOMS)", () => {
    const lesion: LesionInput = {
      id: "V",
      siteId: "spine.T6",
      side: "midline",
      lesionType: "blastic",
      sins: { pain: "mechanical", alignment: "normal", collapse: "none", posterolateral: "none" },
    };
    expect(flagIds(lesion)).toEqual([]);
    expect(optionIds(lesion)).toContain("ir.vertebroplasty");
  });

  it("raises urgent high-grade ESCC and proposes separation surgery for a radioresistant tumour", () => {
    const lesion: LesionInput = { id: "V", siteId: "spine.T9", side: "midline", escc: "2" };
    expect(flagIds(lesion)).toEqual(["spine.highGradeEscc"]);
    expect(optionIds(lesion, { radiosensitivity: "radioresistant" })).toEqual([
      "surgery.separation",
      "rt.stereotactic",
    ]);
    expect(optionIds(lesion, { radiosensitivity: "radiosensitive" })).toEqual(["rt.multiFraction"]);
    expect(optionIds(lesion)).toEqual(["surgery.decompressionStabilisation", "rt.multiFraction"]);
  });

  it("opens the emergency pathway for a new deficit with cord compression", () => {
    const flags = treatmentTriggers({
      id: "V",
      siteId: "spine.T9",
      side: "midline",
      escc: "3",
      newNeurologicalDeficit: true,
    }).flags;
    expect(flags.map((f) => f.severity)).toContain("emergency");
  });

  it("proposes a single 8 Gy fraction for a painful uncomplicated lesion", () => {
    expect(optionIds({ id: "R", siteId: "rib.6", side: "right", pain: { nrs: 6 } })).toEqual([
      "rt.singleFraction8Gy",
    ]);
  });

  it("proposes re-irradiation and thermal ablation when pain persists more than a month after radiotherapy", () => {
    const lesion: LesionInput = {
      id: "R",
      siteId: "rib.6",
      side: "right",
      pain: { nrs: 6 },
      previousRadiotherapy: { lastFractionDate: "2025-01-01" },
    };
    expect(optionIds(lesion, { today: "2025-03-01" })).toEqual([
      "rt.reirradiation",
      "ir.radiofrequencyAblation",
      "ir.microwaveAblation",
      "ir.cryoablation",
    ]);
    expect(optionIds(lesion, { today: "2025-01-20" })).not.toContain("rt.reirradiation");
  });

  it("proposes cementoplasty for a painful lytic acetabular lesion", () => {
    expect(
      optionIds({
        id: "P",
        siteId: "pelvis.acetabulum",
        side: "left",
        lesionType: "lytic",
        pain: { nrs: 7 },
      }),
    ).toContain("ir.cementoplasty");
  });

  it("proposes observation for a painless low-risk lesion", () => {
    const lesion: LesionInput = {
      id: "H",
      siteId: "humerus.diaphysis",
      side: "left",
      lesionType: "blastic",
      mirels: { pain: "mild", size: "lessThanOneThird" },
      pain: { nrs: 0 },
    };
    expect(optionIds(lesion)).toEqual(["observation"]);
  });

  it("cautions against surgery when expected survival is under 3 months, and adds embolisation for a hypervascular primary", () => {
    const lesion: LesionInput = {
      ...femoralShaft,
      mirels: { pain: "functional", size: "moreThanTwoThirds" },
    };
    const r = treatmentTriggers(lesion, { expectedSurvival_months: 2, hypervascularPrimary: true });
    expect(r.flags.map((f) => f.id)).toContain("caution.shortExpectedSurvival");
    expect(r.options.map((o) => o.treatmentId)).toContain("ir.embolisation");
  });

  it("gives every flag and option a rationale in both languages and a source", () => {
    const r = treatmentTriggers({
      ...femoralShaft,
      mirels: { pain: "functional", size: "moreThanTwoThirds" },
      pain: { nrs: 8 },
    });
    for (const item of [...r.flags, ...r.options]) {
      expect(item.rationale.fr.length).toBeGreaterThan(0);
      expect(item.rationale.en.length).toBeGreaterThan(0);
      expect(item.source.length).toBeGreaterThan(0);
    }
    expect(r.disclaimer.fr).toMatch(/la RCP décide/);
  });
});
