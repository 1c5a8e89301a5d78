// Pins the engine's conventions (docs/decisions/012-clinical-engine-conventions.md): one name per
// score, one result shape with one headline field per kind, one way to refuse input, one shape
// for "no" as a clinical answer.
import { describe, expect, it } from "vitest";
import {
  applyBtaEvent,
  btaDoseDue,
  btaStartGates,
  DomainInputError,
  type InputReason,
  type InputScope,
  lesionRiskSummary,
  MirelsItemsSchema,
  replayBtaEvents,
  type ScoreResult,
  scoreValue,
  TokuhashiItemsSchema,
  zoledronicAcidDose,
} from "~/domain";
import * as scores from "~/domain/scores";

type AnyScore = (input: never) => ScoreResult;

/** Every entry point of app/domain/scores: the scope it refuses under and one valid input. */
const SCORES: Record<string, { scope: InputScope; valid: Record<string, unknown> }> = {
  mirelsScore: {
    scope: "mirels",
    valid: {
      siteId: "humerus.diaphysis",
      pain: "mild",
      lesionType: "blastic",
      size: "lessThanOneThird",
    },
  },
  sinsScore: {
    scope: "sins",
    valid: {
      siteId: "spine.L3",
      pain: "painFree",
      lesionType: "blastic",
      alignment: "normal",
      collapse: "none",
      posterolateral: "none",
    },
  },
  esccScore: { scope: "escc", valid: { grade: "1c" } },
  frankelScore: { scope: "frankel", valid: { grade: "D" } },
  asiaScore: { scope: "asia", valid: { grade: "E" } },
  harringtonScore: {
    scope: "harrington",
    valid: {
      corticalDestructionAtLeast50: false,
      lesionAtLeast25mmProximalFemur: true,
      lesserTrochanterAvulsion: false,
      painPersistingAfterRadiotherapy: false,
    },
  },
  femoralCorticalScore: {
    scope: "cortical",
    valid: { siteId: "femur.diaphysis", axialCorticalInvolvement_mm: 10 },
  },
  painScore: { scope: "pain", valid: { nrs: 6 } },
  tokuhashiScore: {
    scope: "tokuhashi",
    valid: {
      karnofsky: 70,
      extraspinalBoneMetastases: 0,
      vertebralBodyMetastases: 2,
      majorOrganMetastases: "none",
      primary: "breast",
      frankel: "E",
    },
  },
  tomitaScore: {
    scope: "tomita",
    valid: { primaryGrowth: "slow", visceralMetastases: "none", boneMetastases: "solitary" },
  },
  dutchSpinalScore: {
    scope: "dutchSpinal",
    valid: { karnofsky: 80, primary: "breast", visceralMetastases: "absent" },
  },
  nomsScore: { scope: "noms", valid: { escc: "0", radiosensitivity: "radiosensitive" } },
};

const exported = Object.entries(scores as Record<string, unknown>).filter(
  (entry): entry is [string, AnyScore] => typeof entry[1] === "function",
);
const scoreEntryPoints = exported.filter(([name]) => name.endsWith("Score"));

function scoreFn(name: string): (input: unknown) => ScoreResult {
  const fn = scoreEntryPoints.find(([n]) => n === name)?.[1];
  if (!fn) throw new Error(`${name} is not exported from app/domain/scores`);
  return fn as (input: unknown) => ScoreResult;
}

function refusal(call: () => unknown): DomainInputError {
  try {
    call();
  } catch (e) {
    if (e instanceof DomainInputError) return e;
    throw new Error(`threw ${String(e)} instead of a DomainInputError`);
  }
  throw new Error("did not throw");
}

// Words of zod's own English messages ("Invalid input: expected number, received undefined").
const ZOD_ENGLISH = /invalid|expected|received|too small|too big|must be|option/i;

describe("naming: every score is <name>Score", () => {
  it("exports exactly the twelve scores of the table, each named <name>Score", () => {
    expect(scoreEntryPoints.map(([n]) => n).sort()).toEqual(Object.keys(SCORES).sort());
  });

  it("exports no entry point under another suffix (Grade, Criteria, Summary)", () => {
    expect(exported.map(([n]) => n).filter((n) => /(Grade|Criteria|Summary)$/.test(n))).toEqual([]);
  });
});

describe("result shape: one headline field per kind, never 'total'", () => {
  const HEADLINE = {
    points: "points",
    grade: "grade",
    criteria: "criteriaMet",
    rating: "rating",
    decision: null,
  } as const;

  it.each(Object.entries(SCORES))("%s returns the shared shape", (name, { valid }) => {
    const r = scoreFn(name)(valid);
    expect(r).not.toHaveProperty("total");
    for (const key of ["category", "categoryLabel", "items", "rationale", "source", "unverified"])
      expect(r).toHaveProperty(key);
    const field = HEADLINE[r.kind];
    for (const other of Object.values(HEADLINE)) {
      if (other && other !== field) expect(r).not.toHaveProperty(other);
    }
    if (field) expect(r).toHaveProperty(field);
  });

  it("reads a sum as points, a grade as grade, criteria as the list met, NRS as rating", () => {
    expect(scoreFn("mirelsScore")(SCORES.mirelsScore?.valid)).toMatchObject({
      kind: "points",
      // Mirels 1989: upper limb 1, mild pain 1, blastic 1, < 1/3 of the diameter 1.
      points: 1 + 1 + 1 + 1,
    });
    expect(scoreFn("esccScore")({ grade: "1c" })).toMatchObject({ kind: "grade", grade: "1c" });
    expect(scoreFn("harringtonScore")(SCORES.harringtonScore?.valid)).toMatchObject({
      kind: "criteria",
      criteriaMet: ["lesionAtLeast25mmProximalFemur"],
    });
    expect(scoreFn("painScore")({ nrs: 6 })).toMatchObject({ kind: "rating", rating: 6 });
    const noms = scoreFn("nomsScore")(SCORES.nomsScore?.valid);
    expect(noms.kind).toBe("decision");
    expect(scoreValue(noms)).toBe("conventionalEbrt");
    expect(scoreValue(scoreFn("harringtonScore")(SCORES.harringtonScore?.valid))).toBe(1);
  });
});

describe("refusal of input: DomainInputError naming the field, French without zod's English", () => {
  it.each(Object.entries(SCORES))(
    "%s refuses an empty input naming a required field",
    (name, { scope }) => {
      const e = refusal(() => scoreFn(name)({}));
      expect(e.scope).toBe(scope);
      expect(e.reason).toBe<InputReason>("required");
      expect(e.code).toBe(`${scope}.required`);
      expect(e.field).toMatch(/^[a-zA-Z0-9_]+$/);
      expect(e.label.fr).toContain(`« ${e.field} »`);
      expect(e.label.fr).toMatch(/est obligatoire\.$/);
      expect(e.label.fr).not.toMatch(ZOD_ENGLISH);
    },
  );

  it.each(Object.entries(SCORES))("%s refuses a non-object naming no field", (name, { scope }) => {
    const e = refusal(() => scoreFn(name)(null));
    expect(e.code).toBe(`${scope}.wrongType`);
    expect(e.field).toBeUndefined();
    expect(e.label.fr).toMatch(/doit être un objet/);
  });

  it("says which value is allowed, in French, for a Mirels pain outside the list", () => {
    const input = { ...SCORES.mirelsScore?.valid, pain: "severe" };
    const e = refusal(() => scoreFn("mirelsScore")(input));
    expect(e.code).toBe("mirels.notAllowed");
    expect(e.field).toBe("pain");
    expect(e.label.fr).toBe(
      "Score de Mirels : le champ « pain » doit valoir l'une de : mild, moderate, functional.",
    );
    expect(e.label.en).toBe(
      'Mirels score: field "pain" must be one of: mild, moderate, functional.',
    );
    const zodText = MirelsItemsSchema.safeParse(input).error?.issues[0]?.message ?? "";
    expect(zodText).not.toBe("");
    expect(e.label.fr).not.toContain(zodText);
  });

  it.each([
    [{ karnofsky: 75 }, "karnofsky", "notMultiple", "doit être un multiple de 10"],
    [{ karnofsky: 0 }, "karnofsky", "tooSmall", "doit être ≥ 10"],
    [{ karnofsky: 110 }, "karnofsky", "tooLarge", "doit être ≤ 100"],
    [{ vertebralBodyMetastases: 1.5 }, "vertebralBodyMetastases", "notInteger", "un entier"],
    [{ primary: 3 }, "primary", "notAllowed", "doit valoir l'une de : lung,"],
  ] as const)("Tokuhashi %j: %s is %s in French words", (change, field, reason, french) => {
    const input = { ...SCORES.tokuhashiScore?.valid, ...change };
    const e = refusal(() => scoreFn("tokuhashiScore")(input));
    expect([e.field, e.reason]).toEqual([field, reason]);
    expect(e.label.fr).toContain(french);
    expect(e.label.fr).not.toMatch(ZOD_ENGLISH);
    const zodText = TokuhashiItemsSchema.safeParse(input).error?.issues[0]?.message ?? "";
    expect(e.label.fr).not.toContain(zodText);
  });

  it("names the engine's own refinements: cortical measure, site, side, calendar date", () => {
    const cortical = refusal(() => scoreFn("femoralCorticalScore")({ siteId: "femur.neck" }));
    expect([cortical.field, cortical.reason]).toEqual([
      "axialCorticalInvolvement_mm",
      "corticalMeasureRequired",
    ]);
    expect(cortical.label.fr).toMatch(/axiale \(mm\) ou circonférentielle/);
    const site = refusal(() => lesionRiskSummary({ id: "x", siteId: "hand.thumb", side: "left" }));
    expect([site.code, site.field]).toEqual(["lesion.unknownSite", "siteId"]);
    const side = refusal(() => lesionRiskSummary({ id: "x", siteId: "spine.T4", side: "left" }));
    expect([side.code, side.field]).toEqual(["lesion.sideMustBeMidline", "side"]);
    const date = refusal(() => btaDoseDue({ status: "none" }, "2025-02-30"));
    expect([date.code, date.field]).toEqual(["btaSequence.isoDate", "today"]);
    for (const e of [cortical, site, side, date]) expect(e.label.fr).not.toMatch(ZOD_ENGLISH);
  });

  it("refuses a negative or missing creatinine clearance with a DomainInputError, not a ZodError", () => {
    const negative = refusal(() => zoledronicAcidDose(-1));
    expect(negative.code).toBe("zoledronicAcidDose.tooSmall");
    expect(negative.field).toBe("creatinineClearance_mL_min");
    expect(negative.label.fr).toBe(
      "Dose d'acide zolédronique : le champ « creatinineClearance_mL_min » doit être ≥ 0.",
    );
    const nan = refusal(() => zoledronicAcidDose(Number.NaN));
    expect([nan.field, nan.reason]).toEqual(["creatinineClearance_mL_min", "wrongType"]);
  });

  it("keeps applicability refusals (Mirels on a vertebra) in the same error", () => {
    const input = { ...SCORES.mirelsScore?.valid, siteId: "spine.L3" };
    const e = refusal(() => scoreFn("mirelsScore")(input));
    expect([e.scope, e.reason, e.code, e.field]).toEqual([
      "mirels",
      "notLongBone",
      "mirels.notLongBone",
      "siteId",
    ]);
  });
});

describe("clinical refusals: { ok: false, code, reason } for every rule that can say no", () => {
  const ready = {
    startDate: "2025-03-10",
    dentalCheckDate: "2025-03-01",
    calciumVitaminDPlan: true,
    baselineCalcium_mmol_L: 2.35,
  };
  const refusals: Array<[string, () => { ok: boolean }, string]> = [
    ["zoledronicAcidDose under 30 mL/min", () => zoledronicAcidDose(29), "crclBelow30"],
    [
      "btaStartGates without a clearance for zoledronic acid",
      () => btaStartGates({ agent: "zoledronicAcid", ...ready }),
      "startGatesNotMet",
    ],
    [
      "applyBtaEvent resuming a sequence never started",
      () => applyBtaEvent({ status: "none" }, { type: "resume", date: "2025-03-10" }),
      "illegalTransition.none.resume",
    ],
    [
      "replayBtaEvents stopping a sequence never started",
      () => replayBtaEvents([{ type: "stop", date: "2025-03-10" }]),
      "illegalTransition.none.stop",
    ],
  ];

  it.each(refusals)("%s", (_name, call, code) => {
    const r = call();
    expect(r).toMatchObject({ ok: false, code });
    expect(r).toHaveProperty("reason.fr");
    expect(r).toHaveProperty("reason.en");
    expect(r).not.toHaveProperty("recommended");
  });

  it("answers yes with ok: true and the value", () => {
    expect(zoledronicAcidDose(45)).toMatchObject({ ok: true, dose_mg: 3.3 });
    expect(
      btaStartGates({ agent: "denosumab", ...ready, baselineCreatinineClearance_mL_min: 80 }),
    ).toMatchObject({ ok: true, dose_mg: null });
  });
});
