// One FE result, one multiple of body weight (decision 132): the board's rule reads the multiple
// and the weight recorded with the job, not today's patient record, and says which weight it
// used; a typed failure load still uses the record's weight. The job row's facts (weight, axes,
// comparator's mirrored axes) are read from the stored params and result (decision 127).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addLesion, readBoard, setFeResult } from "../../app/domain/board/ydoc";
import { type FeLesionResult, feJobFacts } from "../../app/domain/fe/result";
import { lesionRiskSummary } from "../../app/domain/risk";

// 5000 N for a 70 kg patient: 5000 / (70 × 9.81) = 7.28 body weights; with the record's 64 kg it
// would be 5000 / (64 × 9.80665) = 7.97. Against the board's N = 7.5 the two fall either side.
const RESULT: FeLesionResult = {
  jobId: 4,
  failureLoad_N: 5000,
  failureLoad_BW: 5000 / (70 * 9.81),
  bodyWeight_kg: 70,
  bodyWeightEnteredAt: "2026-11-30T09:00:00.000Z",
  tilt_deg: { coronal_deg: 5, sagittal_deg: -3 },
  comparatorTilt_deg: { coronal_deg: -5, sagittal_deg: -3 },
  strengthLoss_pct: 30,
  comparator: "contralateral",
  governingLoadCase: "femur-stance",
  healthyBand_pct: [15, 17],
  withinHealthyBand: false,
  weakestRegion: { mode: "compression", position_mm: [10, 20, 30] },
  researchUseOnly: true,
  finishedAt: "2026-11-30T09:05:00.000Z",
};
const CONTEXT = { feFailureLoadThreshold_bodyWeights: 7.5, bodyWeight_kg: 64 };

function femurBoard(fe?: Record<string, number>): Y.Doc {
  const doc = new Y.Doc();
  addLesion(doc, { id: "l1", siteId: "femur.trochanteric", side: "right", ...(fe ? { fe } : {}) });
  return doc;
}

function feRuleOf(doc: Y.Doc, context: Parameters<typeof lesionRiskSummary>[1]) {
  const [lesion] = readBoard(doc, null).lesions;
  return lesionRiskSummary(lesion, context).fracture.rules.find(
    (r) => r.ruleId === "fracture.feFailureLoad",
  );
}

describe("the FE rule reads a computed result's own weight", () => {
  it("shows the card's 7,3 × body weight (70 kg of the job), not 8,0 from today's 64 kg record", () => {
    const doc = femurBoard();
    setFeResult(doc, "l1", RESULT);
    const rule = feRuleOf(doc, CONTEXT);
    expect(rule?.level).toBe("high");
    expect(rule?.rationale.fr).toBe(
      "Force à la rupture 5\u202f000 N = 7,3 × poids du corps (70 kg, poids saisi avec le calcul EF ; le dossier indique aujourd'hui 64 kg), sous le seuil de 7,5 × poids du corps.",
    );
    expect(rule?.rationale.en).toContain("= 7.3 × body weight (70 kg, weight entered with the FE");
  });

  it("applies to a computed result even when the record has no weight", () => {
    const doc = femurBoard();
    setFeResult(doc, "l1", RESULT);
    const rule = feRuleOf(doc, { feFailureLoadThreshold_bodyWeights: 7.5 });
    expect(rule?.rationale.fr).toContain(
      "7,3 × poids du corps (70 kg, poids saisi avec le calcul EF)",
    );
  });

  it("keeps the record's weight for a typed failure load, and says so", () => {
    const rule = feRuleOf(femurBoard({ failureLoad_N: 5000 }), CONTEXT);
    expect(rule?.level).toBe("low");
    expect(rule?.rationale.fr).toContain("= 8,0 × poids du corps");
    expect(rule?.rationale.fr).toContain("(64 kg, poids du dossier patient)");
  });

  it("drops a multiple or weight a client typed into the lesion", () => {
    // Without a result, a forged multiple must not replace the record's weight.
    const forged = femurBoard({ failureLoad_N: 5000, failureLoad_BW: 1, bodyWeight_kg: 400 });
    const [lesion] = readBoard(forged, null).lesions;
    expect(lesion.fe).toEqual({ failureLoad_N: 5000 });
    expect(feRuleOf(forged, CONTEXT)?.level).toBe("low");
    // With a result, the result's figures win over the forged ones.
    setFeResult(forged, "l1", RESULT);
    const [withResult] = readBoard(forged, null).lesions;
    expect(withResult.fe).toMatchObject({
      failureLoad_BW: RESULT.failureLoad_BW,
      bodyWeight_kg: 70,
    });
  });

  it("reads a result stored before the weight was recorded with its own multiple", () => {
    const { bodyWeight_kg: _kg, bodyWeightEnteredAt: _at, tilt_deg: _t, ...older } = RESULT;
    const doc = femurBoard();
    setFeResult(doc, "l1", older);
    const rule = feRuleOf(doc, CONTEXT);
    expect(rule?.rationale.fr).toContain("7,3 × poids du corps (poids saisi avec le calcul EF)");
  });
});

describe("a job's facts on the patient page", () => {
  const contralateral = {
    body_weight_kg: 70,
    tilt_deg: { coronal_deg: 5, sagittal_deg: -3 },
    compare_with: { ct_series_id: 2 },
  };

  it("mirrors the coronal tilt for the contralateral bone before the result is in", () => {
    expect(feJobFacts(contralateral, null)).toEqual({
      tilt_deg: { coronal_deg: 5, sagittal_deg: -3 },
      comparator: "contralateral",
      comparatorTilt_deg: { coronal_deg: -5, sagittal_deg: -3 },
      bodyWeight_kg: 70,
      failureLoad: null,
    });
  });

  it("gives the repaired bone the same tilt, and no tilt means the principal axes", () => {
    const repaired = { body_weight_kg: 82.5, repair: { lesion_sphere: {} } };
    expect(feJobFacts(repaired, null)).toMatchObject({
      tilt_deg: { coronal_deg: 0, sagittal_deg: 0 },
      comparator: "digitally-repaired",
      comparatorTilt_deg: { coronal_deg: 0, sagittal_deg: 0 },
      bodyWeight_kg: 82.5,
    });
  });

  it("states what was analysed once done: the result's frames and failure load", () => {
    const result = {
      failure_load_N: 6000,
      failure_load_BW: 8.7,
      strength_loss_percent: 31.5,
      frame: { tilt_deg: { coronal_deg: 5, sagittal_deg: -3 } },
      comparator_frame: { tilt_deg: { coronal_deg: -5, sagittal_deg: -3 } },
    };
    expect(feJobFacts(contralateral, result)).toMatchObject({
      comparatorTilt_deg: { coronal_deg: -5, sagittal_deg: -3 },
      failureLoad: { N: 6000, BW: 8.7, strengthLoss_pct: 31.5 },
    });
  });
});
