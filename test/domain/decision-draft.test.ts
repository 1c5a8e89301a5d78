// The decision draft in the patient's board document (issue 11 §5, decisions 091 and 113): every
// field round-trips, nothing is defaulted, a malformed value is dropped and named (never thrown),
// and concurrent edits converge (last writer per choice, both texts kept in free text).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addDraftRow,
  addLesion,
  decisionDraftKey,
  decisionDraftMap,
  draftGuidelineFollowed,
  draftLesionNote,
  draftRationale,
  readBoard,
  setDraftConsent,
  setDraftLesionField,
  setDraftRowField,
  setDraftSystemic,
  setDraftTrial,
} from "../../app/domain/board/ydoc";
import { NO_SEQUENCE } from "../../app/domain/bta/sequence";
import { DecisionSchema } from "../../app/domain/decision";
import { readDecisionDraft } from "../../app/domain/decision/draft";
import {
  draftIssues,
  draftProblems,
  draftToDecisionInput,
} from "../../app/domain/decision/draft-check";

const CASE = 7;

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function boardWithTwoLesions(): Y.Doc {
  const doc = new Y.Doc();
  addLesion(doc, { id: "L1", siteId: "femur.trochanteric", side: "right" });
  addLesion(doc, { id: "L2", siteId: "femur.trochanteric", side: "left" });
  return doc;
}

describe("decisionDraftKey", () => {
  it("names one root per case and refuses a case id that is not a positive integer", () => {
    expect(decisionDraftKey(42)).toBe("decisionDraft:42");
    expect(() => decisionDraftKey(0)).toThrow(RangeError);
    expect(() => decisionDraftKey(1.5)).toThrow(RangeError);
  });
});

describe("readDecisionDraft", () => {
  it("reads an untouched case as an empty draft with nothing chosen, and creates no root", () => {
    const doc = boardWithTwoLesions();
    const draft = readDecisionDraft(doc, CASE);
    expect(draft).toEqual({
      lesions: [],
      systemic: {},
      imagingFollowUp: [],
      guideline: { followed: "", departures: [] },
      trial: {},
      rationale: "",
      dropped: [],
    });
    expect(draft.patientInformed).toBeUndefined();
    expect(draft.patientNotObjecting).toBeUndefined();
    expect(doc.share.has("decisionDraft:7")).toBe(false);
  });

  it("round-trips every field written through the writers", () => {
    const doc = boardWithTwoLesions();
    setDraftLesionField(doc, CASE, "L1", "action", "surgery.prophylacticNailing");
    setDraftLesionField(doc, CASE, "L1", "targetDate", "2026-12-14");
    setDraftLesionField(doc, CASE, "L1", "responsibleSpecialty", "orthopaedic_surgery");
    draftLesionNote(doc, CASE, "L1").insert(0, "clou centromédullaire");
    setDraftLesionField(doc, CASE, "L2", "action", "observation");
    setDraftSystemic(doc, CASE, "action", "initiate");
    setDraftSystemic(doc, CASE, "agent", "denosumab");
    setDraftSystemic(doc, CASE, "dose_mg", 120);
    setDraftSystemic(doc, CASE, "intervalWeeks", 4);
    addDraftRow(doc, CASE, "imaging", "img-b", 2);
    addDraftRow(doc, CASE, "imaging", "img-a", 1);
    setDraftRowField(doc, CASE, "imaging", "img-a", "modality", "mri");
    setDraftRowField(doc, CASE, "imaging", "img-a", "dueDate", "2027-03-01");
    setDraftRowField(doc, CASE, "imaging", "img-b", "modality", "ct");
    draftGuidelineFollowed(doc, CASE).insert(0, "Référentiel AFSOS 2023");
    addDraftRow(doc, CASE, "departures", "dep-1", 1);
    setDraftRowField(doc, CASE, "departures", "dep-1", "what", "pas de radiothérapie");
    setDraftRowField(doc, CASE, "departures", "dep-1", "reason", "refus du patient");
    setDraftTrial(doc, CASE, { proposed: true, trialId: "STEREOSARC" });
    setDraftConsent(doc, CASE, "patientInformed", "yes");
    setDraftConsent(doc, CASE, "patientNotObjecting", "no");
    draftRationale(doc, CASE).insert(0, "Mirels 9 : fixation prophylactique.");

    const copy = new Y.Doc();
    sync(doc, copy);
    expect(readDecisionDraft(copy, CASE, ["L2", "L1"])).toEqual({
      lesions: [
        { lesionId: "L2", action: "observation", note: "" },
        {
          lesionId: "L1",
          action: "surgery.prophylacticNailing",
          targetDate: "2026-12-14",
          responsibleSpecialty: "orthopaedic_surgery",
          note: "clou centromédullaire",
        },
      ],
      systemic: { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
      // Rows in the order they were added (img-a was added first: at = 1).
      imagingFollowUp: [
        { id: "img-a", modality: "mri", dueDate: "2027-03-01" },
        { id: "img-b", modality: "ct" },
      ],
      guideline: {
        followed: "Référentiel AFSOS 2023",
        departures: [{ id: "dep-1", what: "pas de radiothérapie", reason: "refus du patient" }],
      },
      trial: { proposed: true, trialId: "STEREOSARC" },
      patientInformed: "yes",
      patientNotObjecting: "no",
      rationale: "Mirels 9 : fixation prophylactique.",
      dropped: [],
    });
  });

  it("clears a choice back to unset (undefined deletes the key)", () => {
    const doc = boardWithTwoLesions();
    setDraftConsent(doc, CASE, "patientInformed", "no");
    setDraftConsent(doc, CASE, "patientInformed", undefined);
    setDraftTrial(doc, CASE, { proposed: false });
    setDraftTrial(doc, CASE, { proposed: null });
    const draft = readDecisionDraft(doc, CASE);
    expect("patientInformed" in draft && draft.patientInformed !== undefined).toBe(false);
    expect(draft.trial.proposed).toBeUndefined();
  });

  it("drops and names malformed values, keeps the good ones, and leaves the lesion map valid", () => {
    const doc = boardWithTwoLesions();
    setDraftLesionField(doc, CASE, "L1", "responsibleSpecialty", "radiation_oncology");
    const draft = decisionDraftMap(doc, CASE);
    const l1 = (draft.get("lesions") as Y.Map<unknown>).get("L1") as Y.Map<unknown>;
    l1.set("action", "amputation");
    l1.set("targetDate", "2026-02-30");
    draft.set("patientInformed", true);
    draft.set("systemic", "initiate");
    draft.set("rationale", 42);
    const read = readDecisionDraft(doc, CASE);
    expect(read.lesions).toEqual([
      { lesionId: "L1", responsibleSpecialty: "radiation_oncology", note: "" },
    ]);
    expect(read.patientInformed).toBeUndefined();
    expect(read.systemic).toEqual({});
    expect(read.rationale).toBe("");
    expect(read.dropped.sort()).toEqual(
      [
        "lesions.L1.action",
        "lesions.L1.targetDate",
        "patientInformed",
        "rationale",
        "systemic",
      ].sort(),
    );
    const board = readBoard(doc, CASE);
    expect(board.lesions.map((l) => l.id).sort()).toEqual(["L1", "L2"]);
    expect(board.invalid).toEqual([]);
  });

  it("keeps each case's draft apart in one patient's map", () => {
    const doc = boardWithTwoLesions();
    setDraftLesionField(doc, 7, "L1", "action", "observation");
    setDraftLesionField(doc, 8, "L1", "action", "rt.singleFraction8Gy");
    expect(readDecisionDraft(doc, 7).lesions[0]?.action).toBe("observation");
    expect(readDecisionDraft(doc, 8).lesions[0]?.action).toBe("rt.singleFraction8Gy");
  });
});

describe("concurrent edits of the draft", () => {
  it("converge on one action when two people choose at the same moment", () => {
    const a = boardWithTwoLesions();
    const b = new Y.Doc();
    sync(a, b);
    setDraftLesionField(a, CASE, "L1", "action", "rt.singleFraction8Gy");
    setDraftLesionField(b, CASE, "L1", "action", "surgery.prophylacticNailing");
    sync(a, b);
    sync(b, a);
    const onA = readDecisionDraft(a, CASE).lesions[0]?.action;
    expect(onA).toBe(readDecisionDraft(b, CASE).lesions[0]?.action);
    expect(["rt.singleFraction8Gy", "surgery.prophylacticNailing"]).toContain(onA);
  });

  it("keeps both texts when two people type in the rationale at the same position", () => {
    const a = boardWithTwoLesions();
    draftRationale(a, CASE);
    const b = new Y.Doc();
    sync(a, b);
    draftRationale(a, CASE).insert(0, "Mirels 9.");
    draftRationale(b, CASE).insert(0, "SINS 12.");
    sync(a, b);
    sync(b, a);
    const text = readDecisionDraft(a, CASE).rationale;
    expect(text).toBe(readDecisionDraft(b, CASE).rationale);
    expect(text).toContain("Mirels 9.");
    expect(text).toContain("SINS 12.");
    expect(text).toHaveLength("Mirels 9.".length + "SINS 12.".length);
  });
});

describe("draftToDecisionInput", () => {
  const fill = {
    caseId: CASE,
    meetingId: 3,
    decidedOn: "2026-12-01",
    missingReadiness: [],
    triggersOf: (id: string) => (id === "L1" ? ["ortho.mirelsFixation" as const] : []),
    lesionIds: ["L1", "L2"],
  };

  it("names the unanswered fields as missing: nothing is filled in for the board", () => {
    const doc = boardWithTwoLesions();
    setDraftLesionField(doc, CASE, "L1", "action", "observation");
    const issues = draftIssues(draftToDecisionInput(readDecisionDraft(doc, CASE), fill));
    const missing = issues.filter((i) => i.code === "missing").map((i) => i.field);
    expect(missing).toEqual(
      expect.arrayContaining([
        "lesions.0.responsibleSpecialty",
        "systemic",
        "guideline.followed",
        "trial",
        "patientInformed",
        "patientNotObjecting",
        "rationale",
      ]),
    );
  });

  it("gives a decision the schema accepts once every field is answered", () => {
    const doc = boardWithTwoLesions();
    for (const id of ["L1", "L2"]) {
      setDraftLesionField(doc, CASE, id, "action", "observation");
      setDraftLesionField(doc, CASE, id, "responsibleSpecialty", "rheumatology");
    }
    setDraftSystemic(doc, CASE, "action", "noBta");
    draftGuidelineFollowed(doc, CASE).insert(0, "AFSOS");
    setDraftTrial(doc, CASE, { proposed: false });
    setDraftConsent(doc, CASE, "patientInformed", "yes");
    setDraftConsent(doc, CASE, "patientNotObjecting", "yes");
    draftRationale(doc, CASE).insert(0, "Surveillance.");
    const input = draftToDecisionInput(readDecisionDraft(doc, CASE), fill);
    expect(draftIssues(input)).toEqual([]);
    const decision = DecisionSchema.parse(input);
    expect(decision.lesions.map((l) => [l.lesionId, l.triggers])).toEqual([
      ["L1", ["ortho.mirelsFixation"]],
      ["L2", []],
    ]);
    expect(decision.patientInformed).toBe(true);
    expect(decision.trial).toEqual({ proposed: false });
  });
});

describe("draftProblems (the form's live problems)", () => {
  const fill = {
    caseId: CASE,
    meetingId: 3,
    decidedOn: "2026-12-01",
    missingReadiness: [],
    triggersOf: () => [],
    lesionIds: ["L1", "L2"],
  };
  const context = {
    lesions: [
      { id: "L1", siteId: "femur.trochanteric", side: "right" as const },
      { id: "L2", siteId: "femur.trochanteric", side: "left" as const },
    ],
    primaryCancer: "soft_tissue_sarcoma" as const,
    systemic: { sequence: NO_SEQUENCE },
  };

  function completeDraft(): Y.Doc {
    const doc = boardWithTwoLesions();
    for (const id of ["L1", "L2"]) {
      setDraftLesionField(doc, CASE, id, "action", "observation");
      setDraftLesionField(doc, CASE, id, "responsibleSpecialty", "rheumatology");
    }
    setDraftSystemic(doc, CASE, "action", "noBta");
    draftGuidelineFollowed(doc, CASE).insert(0, "AFSOS");
    setDraftTrial(doc, CASE, { proposed: false });
    setDraftConsent(doc, CASE, "patientInformed", "yes");
    setDraftConsent(doc, CASE, "patientNotObjecting", "yes");
    draftRationale(doc, CASE).insert(0, "Surveillance.");
    return doc;
  }

  it("puts an untouched lesion's missing action and specialty on that lesion's row", () => {
    const doc = completeDraft();
    (decisionDraftMap(doc, CASE).get("lesions") as Y.Map<unknown>).delete("L2");
    setDraftLesionField(doc, CASE, "L1", "responsibleSpecialty", undefined);
    const problems = draftProblems(readDecisionDraft(doc, CASE), fill, context);
    expect(problems).toEqual([
      { field: "action", lesionId: "L2", kind: "missing" },
      { field: "responsibleSpecialty", lesionId: "L2", kind: "missing" },
      { field: "responsibleSpecialty", lesionId: "L1", kind: "missing" },
    ]);
  });

  it("gives the kernel's clinical problems, on the lesion's row when they are about a lesion", () => {
    const doc = completeDraft();
    expect(draftProblems(readDecisionDraft(doc, CASE), fill, context)).toEqual([]);
    // Vertebroplasty does not apply to a femur; AGADIR's sarcoma arm is closed (seed 004).
    setDraftLesionField(doc, CASE, "L2", "action", "ir.vertebroplasty");
    setDraftTrial(doc, CASE, { proposed: true, trialId: "AGADIR" });
    const problems = draftProblems(readDecisionDraft(doc, CASE), fill, context);
    expect(problems.map((p) => [p.field, p.lesionId, p.kind])).toEqual([
      ["action", "L2", "clinical"],
      ["trial.trialId", undefined, "clinical"],
    ]);
    expect(problems[1]?.reason?.fr).toContain("fermé");
  });
});
