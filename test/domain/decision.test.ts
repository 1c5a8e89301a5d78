import { describe, expect, it } from "vitest";
import {
  type Attendee,
  applyBtaEvent,
  type BtaSequenceState,
  CLINICAL_TRIALS,
  checkDecision,
  checkSystemicDecision,
  correctDecision,
  type DecisionInput,
  type DecisionVersion,
  DomainInputError,
  diffDecisionVersions,
  type LesionInput,
  lesionTable,
  NO_SEQUENCE,
  type SigningInput,
  signDecision,
  trialOpenFor,
} from "~/domain";

const GATES = {
  dentalCheckDate: "2026-11-02",
  calciumVitaminDPlan: true,
  baselineCalcium_mmol_L: 2.4,
  baselineCreatinineClearance_mL_min: 55,
  baselineCreatinine_umol_L: 100,
};

function thrown(f: () => unknown): DomainInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainInputError) return e;
    throw e;
  }
  throw new Error("expected a DomainInputError");
}

describe("systemic decision against the BTA sequence", () => {
  const on = (sequence: BtaSequenceState) => ({ sequence, decidedOn: "2026-12-01", ...GATES });
  const activeZa = (() => {
    const r = applyBtaEvent(NO_SEQUENCE, {
      type: "initiate",
      date: "2026-06-01",
      agent: "zoledronicAcid",
      intervalWeeks: 4,
      ...GATES,
      dentalCheckDate: "2026-05-20",
    });
    if (!r.ok) throw new Error(r.code);
    return r.state;
  })();

  it("refuses to resume a sequence that was never started, with the reason", () => {
    const r = checkSystemicDecision({ action: "resume" }, on(NO_SEQUENCE));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("illegalTransition.none.resume");
      expect(r.reason.fr).toContain("reprendre");
    }
  });

  it("initiates zoledronic acid at the dose of the baseline clearance (55 mL/min → 3.5 mg, SmPC 4.2)", () => {
    const ok = checkSystemicDecision(
      { action: "initiate", agent: "zoledronicAcid", dose_mg: 3.5, intervalWeeks: 12 },
      on(NO_SEQUENCE),
    );
    expect(ok.ok && ok.after?.status).toBe("active");
    const wrong = checkSystemicDecision(
      { action: "initiate", agent: "zoledronicAcid", dose_mg: 4, intervalWeeks: 12 },
      on(NO_SEQUENCE),
    );
    expect(wrong.ok === false && wrong.code).toBe("doseMismatch");
  });

  it("signs a board's decision to start zoledronic acid before the dental check, with the check as a condition of the first dose", () => {
    const r = checkSystemicDecision(
      { action: "initiate", agent: "zoledronicAcid", dose_mg: 3.5, intervalWeeks: 12 },
      { ...on(NO_SEQUENCE), dentalCheckDate: undefined },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.conditions.map((c) => c.gate)).toEqual(["dentalCheck"]);
    expect(r.conditions[0]?.label.fr).toContain("bucco-dentaire");
    expect(r.conditions[0]?.source).toContain("Brown 2021");
    // Nothing happened to the sequence yet: the first dose is recorded later, with every gate.
    expect(r.after).toBeNull();
  });

  it("lists the calcium + vitamin D plan and the baseline calcium the record does not hold", () => {
    const r = checkSystemicDecision(
      { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
      {
        ...on(NO_SEQUENCE),
        calciumVitaminDPlan: undefined,
        baselineCalcium_mmol_L: undefined,
      },
    );
    expect(r.ok && r.conditions.map((c) => c.gate)).toEqual([
      "calciumVitaminDPlan",
      "baselineCalcium",
    ]);
  });

  it("leaves the zoledronic dose to set from the clearance when no clearance is known (SmPC 4.2)", () => {
    const noClearance = { ...on(NO_SEQUENCE), baselineCreatinineClearance_mL_min: undefined };
    const r = checkSystemicDecision(
      { action: "initiate", agent: "zoledronicAcid", intervalWeeks: 4 },
      noClearance,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.conditions.map((c) => c.gate)).toEqual(["baselineCreatinineClearance"]);
    expect(r.conditions[0]?.label.fr).toContain(
      "dose d'acide zolédronique à fixer selon la clairance",
    );
    // A dose nobody can check against the clearance is not written into the decision.
    const guessed = checkSystemicDecision(
      { action: "initiate", agent: "zoledronicAcid", dose_mg: 4, intervalWeeks: 4 },
      noClearance,
    );
    expect(guessed.ok === false && guessed.code).toBe("doseWithoutClearance");
    // With the clearance known (55 mL/min → 3.5 mg), the dose must be stated.
    const blank = checkSystemicDecision(
      { action: "initiate", agent: "zoledronicAcid", intervalWeeks: 4 },
      on(NO_SEQUENCE),
    );
    expect(blank.ok === false && blank.code).toBe("doseRequired");
  });

  it("makes a low calcium a condition to correct before the first dose (Peddi 2013)", () => {
    const r = checkSystemicDecision(
      { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
      { ...on(NO_SEQUENCE), baselineCalcium_mmol_L: 2.0 },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.conditions.map((c) => c.gate)).toEqual(["baselineCalcium"]);
    expect(r.conditions[0]?.label.fr).toContain("hypocalcémie à corriger");
    expect(r.conditions[0]?.label.fr).toContain("2,00");
  });

  it("still refuses zoledronic acid for a clearance of 25 mL/min (SmPC 4.2: not recommended)", () => {
    const r = checkSystemicDecision(
      { action: "initiate", agent: "zoledronicAcid", intervalWeeks: 4 },
      { ...on(NO_SEQUENCE), dentalCheckDate: undefined, baselineCreatinineClearance_mL_min: 25 },
    );
    expect(r.ok === false && r.code).toBe("crclBelow30");
  });

  it("keeps the sequence's own rules: no second start, no switch to the same agent, no odd interval", () => {
    const missing = { dentalCheckDate: undefined, calciumVitaminDPlan: undefined };
    const again = checkSystemicDecision(
      { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
      { ...on(activeZa), ...missing },
    );
    expect(again.ok === false && again.code).toBe("illegalTransition.active.initiate");
    const same = checkSystemicDecision(
      { action: "switch", agent: "zoledronicAcid", dose_mg: 3.5, intervalWeeks: 4 },
      { ...on(activeZa), ...missing },
    );
    expect(same.ok === false && same.code).toBe("switchToSameAgent");
    const interval = checkSystemicDecision(
      { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 12 },
      { ...on(NO_SEQUENCE), ...missing },
    );
    expect(interval.ok === false && interval.code).toBe("invalidInterval");
  });

  it("refuses to resume a sequence never started even when start gates are missing, with the engine's reason", () => {
    const r = checkSystemicDecision(
      { action: "resume" },
      { ...on(NO_SEQUENCE), dentalCheckDate: undefined },
    );
    expect(r.ok === false && r.reason.fr).toBe(
      "Impossible de reprendre : la séquence est « non initié ».",
    );
  });

  it("continues only an active sequence; 'no BTA' only when none runs", () => {
    expect(checkSystemicDecision({ action: "continue" }, on(activeZa)).ok).toBe(true);
    expect(checkSystemicDecision({ action: "continue" }, on(NO_SEQUENCE)).ok).toBe(false);
    expect(checkSystemicDecision({ action: "noBta" }, on(NO_SEQUENCE)).ok).toBe(true);
    const r = checkSystemicDecision({ action: "noBta" }, on(activeZa));
    expect(r.ok === false && r.code).toBe("illegalDecision.active.noBta");
  });

  it("pauses, switches and stops an active sequence through the state machine", () => {
    const pause = checkSystemicDecision(
      { action: "pause", reason: "dentalProcedure" },
      on(activeZa),
    );
    expect(pause.ok && pause.after?.status).toBe("paused");
    const sw = checkSystemicDecision(
      { action: "switch", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
      on(activeZa),
    );
    expect(sw.ok && sw.after?.status === "active" && sw.after.regimen.agent).toBe("denosumab");
    expect(checkSystemicDecision({ action: "stop" }, on(activeZa)).ok).toBe(true);
  });

  it("initiates a new sequence after a stopped one", () => {
    const stopped = applyBtaEvent(activeZa, { type: "stop", date: "2026-09-01" });
    if (!stopped.ok) throw new Error(stopped.code);
    const r = checkSystemicDecision(
      { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
      on(stopped.state),
    );
    expect(r.ok && r.after?.status === "active" && r.after.startedOn).toBe("2026-12-01");
  });
});

describe("trial catalogue (seed 004)", () => {
  it("lists the three open sarcoma trials and AGADIR closed for sarcoma", () => {
    expect(CLINICAL_TRIALS["SU2C-SARC032"].nct).toBe("NCT03092323");
    expect(CLINICAL_TRIALS.STEREOSARC.nct).toBe("NCT03548428");
    expect(CLINICAL_TRIALS.PROMIS.nct).toBe("NCT06114225");
    expect(trialOpenFor("STEREOSARC", "soft_tissue_sarcoma")).toBe(true);
    expect(trialOpenFor("AGADIR", "soft_tissue_sarcoma")).toBe(false);
    expect(trialOpenFor("AGADIR", "bone_sarcoma")).toBe(false);
  });
});

const LESIONS: LesionInput[] = [
  {
    id: "F1",
    siteId: "femur.neck",
    side: "left",
    lesionType: "lytic",
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
];

function decision(): DecisionInput {
  return {
    caseId: 5,
    meetingId: 10,
    decidedOn: "2026-12-01",
    lesions: [
      {
        lesionId: "F1",
        action: "surgery.prophylacticNailing",
        targetDate: "2026-12-15",
        responsibleSpecialty: "orthopaedic_surgery",
        triggers: ["ortho.mirelsFixation"],
      },
      {
        lesionId: "V1",
        action: "rt.singleFraction8Gy",
        responsibleSpecialty: "radiation_oncology",
        triggers: [],
      },
    ],
    systemic: { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
    imagingFollowUp: [{ modality: "ct", dueDate: "2027-03-01" }],
    guideline: {
      followed: "ESMO 2020 bone health",
      departures: [{ what: "Clou avant radiothérapie", reason: "Douleur mécanique invalidante" }],
    },
    trial: { proposed: false },
    patientInformed: true,
    patientNotObjecting: true,
    rationale: "Mirels 12 au col fémoral : enclouage prophylactique puis radiothérapie.",
    missingReadiness: [],
  };
}

const context = {
  lesions: LESIONS,
  primaryCancer: "soft_tissue_sarcoma" as const,
  systemic: { sequence: NO_SEQUENCE, ...GATES },
};

describe("decision checked against the case", () => {
  it("accepts a complete, legal decision", () => {
    const r = checkDecision(decision(), context);
    expect(r.ok).toBe(true);
  });

  it("refuses a vertebroplasty on a femur, naming the lesion's action field", () => {
    const d = decision();
    const lesions = d.lesions.map((l) =>
      l.lesionId === "F1" ? { ...l, action: "ir.vertebroplasty" as const } : l,
    );
    const r = checkDecision({ ...d, lesions }, context);
    expect(r.ok === false && r.problems.map((p) => [p.field, p.code])).toEqual([
      ["lesions.0.action", "actionNotApplicable"],
    ]);
  });

  it("refuses a decision that leaves a board lesion without a proposal", () => {
    const d = decision();
    const r = checkDecision({ ...d, lesions: d.lesions.slice(0, 1) }, context);
    expect(r.ok === false && r.problems.map((p) => p.code)).toEqual(["lesionUndecided"]);
  });

  it("refuses AGADIR for a sarcoma and accepts STEREOSARC", () => {
    const agadir = checkDecision(
      { ...decision(), trial: { proposed: true, trialId: "AGADIR" } },
      context,
    );
    expect(agadir.ok === false && agadir.problems[0]?.field).toBe("trial.trialId");
    const stereo = checkDecision(
      { ...decision(), trial: { proposed: true, trialId: "STEREOSARC" } },
      context,
    );
    expect(stereo.ok).toBe(true);
  });

  it("reports an illegal systemic decision on systemic.action", () => {
    const r = checkDecision({ ...decision(), systemic: { action: "resume" } }, context);
    expect(r.ok === false && r.problems.map((p) => [p.field, p.code])).toEqual([
      ["systemic.action", "illegalTransition.none.resume"],
    ]);
  });

  it("refuses a target date before the meeting", () => {
    const d = decision();
    const lesions = d.lesions.map((l) => ({ ...l, targetDate: "2026-11-01" }));
    const r = checkDecision({ ...d, lesions }, context);
    expect(r.ok === false && r.problems.map((p) => p.field)).toEqual([
      "lesions.0.targetDate",
      "lesions.1.targetDate",
    ]);
  });

  it("throws on malformed input naming the field: empty rationale, unknown action, no choice made", () => {
    expect(thrown(() => checkDecision({ ...decision(), rationale: " " }, context)).field).toBe(
      "rationale",
    );
    const d = decision();
    const bad = {
      ...d,
      lesions: [{ ...d.lesions[0], action: "amputation" }],
    } as unknown as DecisionInput;
    expect(thrown(() => checkDecision(bad, context)).field).toBe("lesions.0.action");
    const { patientInformed: _p, ...noChoice } = decision();
    const e = thrown(() => checkDecision(noChoice as DecisionInput, context));
    expect([e.code, e.field]).toEqual(["decision.required", "patientInformed"]);
  });
});

const chair = (userId: number): Attendee => ({
  kind: "member",
  userId,
  name: "Dr Martin",
  physician: true,
  specialty: "rheumatology",
  presence: "onSite",
});
const room: Attendee[] = [
  chair(1),
  {
    kind: "member",
    userId: 2,
    name: "Dr Roy",
    physician: true,
    specialty: "radiology",
    presence: "remote",
  },
  {
    kind: "member",
    userId: 3,
    name: "Dr Diallo",
    physician: true,
    specialty: "orthopaedic_surgery",
    presence: "onSite",
  },
];

function signing(over: Partial<SigningInput> = {}): SigningInput {
  const d = decision();
  return {
    decision: d,
    attendance: room,
    requiredSpecialties: [{ anyOf: ["orthopaedic_surgery", "spine_surgery"] }],
    boardSnapshot: { sha256: "a".repeat(64), byteLength: 1234 },
    lesionTable: lesionTable(LESIONS),
    signer: { userId: 1, name: "Dr Martin", specialty: "rheumatology" },
    signedAt: "2026-12-01T15:42:00+01:00",
    ...over,
  };
}

describe("signed decision versions", () => {
  it("computes the lesion table with every score and its category (Mirels 12: fixation; SINS 8: potentially unstable)", () => {
    const [femur, spine] = lesionTable(LESIONS);
    // Mirels 1989 (clinical.md §1.1): the femoral neck is proximal femur, "peritrochanteric" 3 in the
    // skeleton catalogue; functional pain 3 + lytic 3 + > 2/3 of the diameter 3 → 12 ≥ 9 → fixation.
    expect(femur?.scores.find((s) => s.score === "mirels")).toMatchObject({
      value: 12,
      category: "prophylacticFixation",
    });
    // SINS (Fisher 2010): junctional T12 3 + mechanical pain 3 + lytic 2 + normal 0 + no collapse 0
    // + no posterolateral 0 = 8 → potentially unstable (7–12).
    expect(spine?.scores.find((s) => s.score === "sins")).toMatchObject({
      value: 8,
      category: "potentiallyUnstable",
    });
    expect(spine?.scores.find((s) => s.score === "escc")?.value).toBe("1a");
  });

  it("signs version 1 with the quorum stamped, and freezes it", () => {
    const v = signDecision(signing());
    expect([v.version, v.previousVersion, v.correctionReason]).toEqual([1, null, null]);
    expect(v.quorum).toMatchObject({ met: true, toBePresentedAgain: false });
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.decision.lesions[0])).toBe(true);
    expect(() => {
      (v.decision as { rationale: string }).rationale = "changed";
    }).toThrow(TypeError);
  });

  it("does not share objects with its input: a later edit of the draft or the table changes nothing signed", () => {
    const input = signing();
    const v = signDecision(input);
    const before = JSON.stringify(v);
    (input.decision as { rationale: string }).rationale = "modifié après signature";
    input.lesionTable[0]?.scores.splice(0);
    expect(JSON.stringify(v)).toBe(before);
  });

  it("stamps a decision taken without quorum as to be presented again", () => {
    const v = signDecision(signing({ attendance: room.slice(0, 2) }));
    expect(v.quorum.met).toBe(false);
    expect(v.quorum.toBePresentedAgain).toBe(true);
    expect(v.quorum.gaps.map((g) => g.code)).toEqual([
      "tooFewSpecialties",
      "requiredSpecialtyAbsent",
    ]);
  });

  it("refuses a signer who is not a physician present at the meeting", () => {
    const e = thrown(() =>
      signDecision(signing({ signer: { userId: 9, name: "Dr X", specialty: "radiology" } })),
    );
    expect([e.code, e.field]).toEqual(["decisionVersion.notAllowed", "signer.userId"]);
  });

  it("a correction is version 2 with its reason; version 1 is unchanged; the diff shows what moved", () => {
    const v1 = signDecision(signing());
    const before = JSON.stringify(v1);
    const d = decision();
    const corrected = {
      ...d,
      lesions: d.lesions.map((l) =>
        l.lesionId === "V1" ? { ...l, action: "rt.stereotactic" as const } : l,
      ),
    };
    const v2 = correctDecision(
      v1,
      signing({ decision: corrected }),
      "Erreur de saisie : SBRT retenue",
    );
    expect([v2.version, v2.previousVersion, v2.correctionReason]).toEqual([
      2,
      1,
      "Erreur de saisie : SBRT retenue",
    ]);
    expect(JSON.stringify(v1)).toBe(before);
    expect(diffDecisionVersions(v1, v2)).toEqual([
      {
        path: "decision.lesions.V1.action",
        before: "rt.singleFraction8Gy",
        after: "rt.stereotactic",
      },
    ]);
  });

  it("refuses a correction without a reason or for another case", () => {
    const v1 = signDecision(signing());
    expect(thrown(() => correctDecision(v1, signing(), " ")).code).toBe("decisionVersion.tooSmall");
    const other = signing({ decision: { ...decision(), caseId: 6 } });
    expect(thrown(() => correctDecision(v1, other, "x")).code).toBe(
      "decisionVersion.badVersionChain",
    );
  });

  it("refuses a stored version whose chain is broken", () => {
    const v1 = signDecision(signing());
    const broken = {
      ...v1,
      version: 3,
      previousVersion: 1,
      correctionReason: "x",
    } as DecisionVersion;
    expect(thrown(() => correctDecision(broken, signing(), "y")).code).toBe(
      "decisionVersion.badVersionChain",
    );
  });
});
