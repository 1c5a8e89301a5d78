// One input per fact, only what applies to the site, clinical order, cauda equina (issue 10 §3;
// decision 073). Expected values come from clinical.md, written out here by hand.
import { describe, expect, it } from "vitest";
import {
  AsiaGradeSchema,
  EsccGradeSchema,
  esccScore,
  FrankelGradeSchema,
  getSite,
  type LesionInput,
  LesionTypeSchema,
  lesionFacts,
  lesionRiskSummary,
  MIRELS_POINTS,
  MirelsPainSchema,
  MirelsSizeSchema,
  neuralElementAt,
  ORDERED_SCALES,
  SCORE_APPLICABILITY,
  SINS_POINTS,
  SinsAlignmentSchema,
  SinsCollapseSchema,
  SinsPainSchema,
  SinsPosterolateralSchema,
  scoreApplies,
  treatmentApplies,
  treatmentTriggers,
} from "~/domain";

const neck: LesionInput = { id: "L1", siteId: "femur.neck", side: "left", lesionType: "lytic" };
const humerus: LesionInput = {
  id: "L2",
  siteId: "humerus.diaphysis",
  side: "right",
  lesionType: "lytic",
};
const l3: LesionInput = { id: "L3", siteId: "spine.L3", side: "midline", lesionType: "lytic" };

describe("derived facts: Harrington lesion ≥ 2.5 cm from the size in mm (clinical.md §4.1 item 2)", () => {
  it("derives 'met' at 25 mm and 'not met' at 24 mm, and counts it in the fracture risk", () => {
    expect(lesionFacts({ ...neck, size_mm: 25 }).harringtonLesionAtLeast25mm).toMatchObject({
      value: true,
      derived: true,
      override: undefined,
      from: "size_mm",
    });
    expect(lesionFacts({ ...neck, size_mm: 24 }).harringtonLesionAtLeast25mm.value).toBe(false);
    const r = lesionRiskSummary({ ...neck, size_mm: 30 });
    expect(r.scores.harrington?.criteriaMet).toEqual(["lesionAtLeast25mmProximalFemur"]);
    expect(r.fracture.level).toBe("high");
  });

  it("keeps the clinician's override when the size changes, and goes back to derived when it is cleared", () => {
    const overridden = {
      ...neck,
      size_mm: 40,
      harrington: { lesionAtLeast25mmProximalFemur: false },
    };
    expect(lesionFacts(overridden).harringtonLesionAtLeast25mm).toMatchObject({
      value: false,
      derived: true,
      override: false,
    });
    expect(lesionRiskSummary(overridden).scores.harrington).toBeUndefined();
    const resized = { ...overridden, size_mm: 60 };
    expect(lesionFacts(resized).harringtonLesionAtLeast25mm.value).toBe(false);
    const cleared = { ...resized, harrington: {} };
    expect(lesionFacts(cleared).harringtonLesionAtLeast25mm.value).toBe(true);
  });

  it("derives nothing without a size", () => {
    expect(lesionFacts(neck).harringtonLesionAtLeast25mm.value).toBeUndefined();
  });
});

describe("derived facts: Harrington ≥ 50 % cortical destruction from the circumferential involvement (§4.1 item 1 = §4.2)", () => {
  it("uses Harrington's ≥ 50 % where the Dutch criterion is > 50 %", () => {
    const at50 = { ...neck, cortical: { circumferentialCorticalInvolvement_pct: 50 } };
    expect(lesionFacts(at50).harringtonCorticalDestructionAtLeast50.value).toBe(true);
    const r = lesionRiskSummary(at50);
    expect(r.scores.harrington?.criteriaMet).toContain("corticalDestructionAtLeast50");
    expect(r.scores.cortical?.criteriaMet).toEqual([]);
    const at49 = { ...neck, cortical: { circumferentialCorticalInvolvement_pct: 49 } };
    expect(lesionFacts(at49).harringtonCorticalDestructionAtLeast50.value).toBe(false);
  });

  it("lets a diameter reading override the circumferential one", () => {
    const f = lesionFacts({
      ...neck,
      cortical: { circumferentialCorticalInvolvement_pct: 20 },
      harrington: { corticalDestructionAtLeast50: true },
    }).harringtonCorticalDestructionAtLeast50;
    expect(f).toMatchObject({ value: true, derived: false, override: true });
  });

  it("does not read the axial length (mm) as the lesion size: different measurements", () => {
    const f = lesionFacts({ ...neck, cortical: { axialCorticalInvolvement_mm: 40 } });
    expect(f.harringtonLesionAtLeast25mm.value).toBeUndefined();
  });
});

describe("derived facts: Mirels functional pain from mechanical pain (§1.1), never from the NRS (§1.2 DEV NOTE)", () => {
  it("derives 'functional' from mechanical pain and scores it", () => {
    const lesion: LesionInput = {
      ...neck,
      pain: { character: "mechanical" },
      mirels: { size: "moreThanTwoThirds" },
    };
    expect(lesionFacts(lesion).mirelsPain).toMatchObject({
      value: "functional",
      from: "painCharacter",
    });
    // Femoral neck = peritrochanteric in the catalogue (3) + functional 3 + lytic 3 + > 2/3 3 = 12.
    expect(lesionRiskSummary(lesion).scores.mirels?.points).toBe(12);
  });

  it("derives nothing from non-mechanical pain or from any NRS, even 10/10", () => {
    expect(
      lesionFacts({ ...neck, pain: { character: "nonMechanical" } }).mirelsPain.value,
    ).toBeUndefined();
    expect(lesionFacts({ ...neck, pain: { nrs: 10 } }).mirelsPain.value).toBeUndefined();
    expect(lesionFacts({ ...neck, pain: { nrs: 0 } }).mirelsPain.value).toBeUndefined();
  });

  it("keeps an override of 'moderate' over mechanical pain", () => {
    const f = lesionFacts({
      ...neck,
      pain: { character: "mechanical" },
      mirels: { pain: "moderate" },
    });
    expect(f.mirelsPain).toMatchObject({
      value: "moderate",
      derived: "functional",
      override: "moderate",
    });
  });
});

describe("derived facts: SINS pain from the lesion's pain (§2.1)", () => {
  it.each([
    [{ character: "mechanical" }, "mechanical"],
    [{ nrs: 3, character: "nonMechanical" }, "occasionalNonMechanical"],
    [{ nrs: 0 }, "painFree"],
  ] as const)("reads %o as SINS pain %s", (pain, expected) => {
    expect(lesionFacts({ ...l3, pain }).sinsPain.value).toBe(expected);
  });

  it("scores SINS with the derived pain and lets an override win", () => {
    const lesion: LesionInput = {
      ...l3,
      pain: { character: "mechanical" },
      sins: { alignment: "normal", collapse: "none", posterolateral: "none" },
    };
    // mobile L3 2 + mechanical 3 + lytic 2 + 0 + 0 + 0 = 7
    expect(lesionRiskSummary(lesion).scores.sins?.points).toBe(7);
    const overridden = { ...lesion, sins: { ...lesion.sins, pain: "painFree" as const } };
    expect(lesionRiskSummary(overridden).scores.sins?.points).toBe(4);
  });
});

describe("only what applies to the site (risk/applicability.ts)", () => {
  it("offers no proximal-femur Harrington item on a humerus, and ignores a stored one with a warning", () => {
    const site = getSite("humerus.diaphysis");
    expect(scoreApplies("harringtonProximalFemur", site)).toBe(false);
    expect(scoreApplies("harringtonLongBone", site)).toBe(true);
    const r = lesionRiskSummary({
      ...humerus,
      size_mm: 40,
      harrington: { lesserTrochanterAvulsion: true, lesionAtLeast25mmProximalFemur: true },
    });
    expect(r.scores.harrington).toBeUndefined();
    expect(r.fracture.rules.map((x) => x.ruleId)).not.toContain("fracture.harrington");
    expect(r.warnings.map((w) => w.fr)).toEqual([
      "Critères de Harrington du fémur proximal ignorés : ils s'appliquent aux fémur proximal, pas à ce site.",
    ]);
  });

  it("scores a humerus on its two long-bone Harrington items", () => {
    const r = lesionRiskSummary({
      ...humerus,
      harrington: { corticalDestructionAtLeast50: false, painPersistingAfterRadiotherapy: false },
    });
    expect(r.fracture.rules.find((x) => x.ruleId === "fracture.harrington")?.level).toBe("low");
  });

  it("keeps the proximal-femur items on the neck, trochanteric and subtrochanteric regions only", () => {
    const proximal = SCORE_APPLICABILITY.harringtonProximalFemur.applies;
    expect(
      ["femur.head", "femur.neck", "femur.trochanteric", "femur.subtrochanteric"].map((id) =>
        proximal(getSite(id)),
      ),
    ).toEqual([true, true, true, true]);
    expect(
      ["femur.diaphysis", "femur.distal", "tibia.proximal"].map((id) => proximal(getSite(id))),
    ).toEqual([false, false, false]);
  });

  it("offers vertebroplasty and kyphoplasty on a vertebra, never on a femur or the sacrum", () => {
    expect(treatmentApplies("ir.vertebroplasty", getSite("spine.L3"))).toBe(true);
    expect(treatmentApplies("ir.vertebroplasty", getSite("femur.diaphysis"))).toBe(false);
    expect(treatmentApplies("ir.kyphoplasty", getSite("femur.neck"))).toBe(false);
    expect(treatmentApplies("ir.vertebroplasty", getSite("spine.S2"))).toBe(false);
  });

  it("offers intramedullary nailing on the femur and humerus only, spine surgery on the spine only", () => {
    expect(treatmentApplies("surgery.prophylacticNailing", getSite("humerus.proximal"))).toBe(true);
    expect(treatmentApplies("surgery.prophylacticNailing", getSite("tibia.diaphysis"))).toBe(false);
    expect(treatmentApplies("surgery.separation", getSite("femur.neck"))).toBe(false);
    expect(treatmentApplies("surgery.spinalStabilisation", getSite("spine.T8"))).toBe(true);
  });

  it("never suggests a treatment that does not apply, whatever the triggers", () => {
    const s = treatmentTriggers({
      ...neck,
      pain: { nrs: 8, character: "mechanical" },
      sins: { alignment: "normal", collapse: "none", posterolateral: "none" },
      mirels: { size: "moreThanTwoThirds" },
    });
    const site = getSite(neck.siteId);
    expect(s.options.every((o) => treatmentApplies(o.treatmentId, site))).toBe(true);
    expect(s.options.map((o) => o.treatmentId)).not.toContain("ir.vertebroplasty");
  });

  it("ignores ESCC on a femur with a warning", () => {
    const r = lesionRiskSummary({ ...neck, escc: "3" });
    expect(r.scores.escc).toBeUndefined();
    expect(r.neurological.level).toBe("low");
    expect(r.warnings).toHaveLength(1);
  });
});

describe("every ordered scale in clinical order", () => {
  it.each([
    ["escc", ["0", "1a", "1b", "1c", "2", "3"], EsccGradeSchema.options],
    ["frankel", ["A", "B", "C", "D", "E"], FrankelGradeSchema.options],
    ["asia", ["A", "B", "C", "D", "E"], AsiaGradeSchema.options],
    ["mirelsPain", ["mild", "moderate", "functional"], MirelsPainSchema.options],
    [
      "mirelsSize",
      ["lessThanOneThird", "oneThirdToTwoThirds", "moreThanTwoThirds"],
      MirelsSizeSchema.options,
    ],
    ["lesionType", ["lytic", "mixed", "blastic"], LesionTypeSchema.options],
    ["sinsPain", ["mechanical", "occasionalNonMechanical", "painFree"], SinsPainSchema.options],
    [
      "sinsAlignment",
      ["subluxationTranslation", "deNovoDeformity", "normal"],
      SinsAlignmentSchema.options,
    ],
    [
      "sinsCollapse",
      ["over50", "under50", "noCollapseOver50Involved", "none"],
      SinsCollapseSchema.options,
    ],
    ["sinsPosterolateral", ["bilateral", "unilateral", "none"], SinsPosterolateralSchema.options],
    ["painNrs", ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], null],
    ["painBand", ["none", "mild", "moderate", "severe"], null],
    ["ecog", ["0", "1", "2", "3", "4"], null],
  ] as const)(
    "lists %s as clinical.md does, with exactly the stored values",
    (name, expected, schemaValues) => {
      const values = [...ORDERED_SCALES[name].values];
      expect(values).toEqual(expected);
      if (schemaValues) expect([...values].sort()).toEqual([...schemaValues].sort());
    },
  );

  it("orders points monotonically: Mirels 1 → 3, SINS most points first", () => {
    const asc = (xs: number[]) => xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0));
    const desc = (xs: number[]) => xs.every((x, i) => i === 0 || x < (xs[i - 1] ?? 0));
    expect(asc(ORDERED_SCALES.mirelsPain.values.map((v) => MIRELS_POINTS.pain[v]))).toBe(true);
    expect(asc(ORDERED_SCALES.mirelsSize.values.map((v) => MIRELS_POINTS.size[v]))).toBe(true);
    expect(desc(ORDERED_SCALES.sinsPain.values.map((v) => SINS_POINTS.pain[v]))).toBe(true);
    expect(desc(ORDERED_SCALES.sinsCollapse.values.map((v) => SINS_POINTS.collapse[v]))).toBe(true);
    expect(desc(ORDERED_SCALES.lesionType.values.map((v) => SINS_POINTS.lesionType[v]))).toBe(true);
  });

  it("is not zod's option order for ESCC (integer-like keys come first there)", () => {
    expect([...EsccGradeSchema.options]).not.toEqual([...ORDERED_SCALES.escc.values]);
  });
});

describe("cord or cauda equina: below the conus (L2 and lower) ESCC compresses the cauda equina", () => {
  it.each([
    ["T12", "spinalCord", "moelle comprimée"],
    ["L1", "spinalCord", "moelle comprimée"],
    ["L2", "caudaEquina", "queue de cheval comprimée"],
    ["L3", "caudaEquina", "queue de cheval comprimée"],
  ] as const)("words ESCC 2 at %s for the %s", (level, element, words) => {
    expect(neuralElementAt(level)).toBe(element);
    const r = esccScore({ grade: "2", spinalLevel: level });
    expect(r.neuralElement).toBe(element);
    expect(r.rationale.fr).toContain(words);
    const summary = lesionRiskSummary({
      id: "x",
      siteId: `spine.${level}`,
      side: "midline",
      escc: "2",
    });
    expect(summary.neurological.decidedBy?.rationale.fr).toContain(words);
  });

  it("words the emergency flag for a new deficit at L3 as cauda equina, at T12 as cord", () => {
    const flag = (level: string) =>
      treatmentTriggers({
        id: "x",
        siteId: `spine.${level}`,
        side: "midline",
        escc: "3",
        newNeurologicalDeficit: true,
      }).flags.find((f) => f.id === "neuro.emergencyPathway")?.label.fr;
    expect(flag("L3")).toContain("compression de la queue de cheval");
    expect(flag("T12")).toContain("compression médullaire");
  });

  it("keeps the grade and its category: only the wording changes", () => {
    expect(esccScore({ grade: "3", spinalLevel: "L4" }).category).toBe("highGrade");
    expect(esccScore({ grade: "3" }).neuralElement).toBe("spinalCord");
  });
});
