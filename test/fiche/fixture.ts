// A realistic signed decision for the fiche and FHIR tests: a woman with a soft-tissue sarcoma,
// a lytic left femoral neck lesion with mechanical pain (Mirels 12, FE failure load measured) and a
// lytic T12 lesion (SINS 8, ESCC 1a), discussed by four physicians of four specialties, one remote,
// and a guest; the chair (rheumatology) signs. The version is made by the kernel's signDecision.
import {
  type Attendee,
  checkSystemicDecision,
  type DecisionInput,
  type LesionInput,
  lesionTable,
  NO_SEQUENCE,
  type SigningInput,
  signDecision,
} from "~/domain";
import type { FicheInputRaw } from "../../server/fiche/input";

export const LESIONS: LesionInput[] = [
  {
    id: "F1",
    siteId: "femur.neck",
    side: "left",
    lesionType: "lytic",
    pain: { nrs: 6, character: "mechanical" },
    mirels: { size: "moreThanTwoThirds" },
    fe: { failureLoad_N: 2450 },
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

export function decision(over: Partial<DecisionInput> = {}): DecisionInput {
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
        triggers: ["ortho.mirelsFixation", "ortho.feFailureLoad"],
      },
      {
        lesionId: "V1",
        action: "rt.singleFraction8Gy",
        targetDate: "2026-12-08",
        responsibleSpecialty: "radiation_oncology",
        triggers: ["spine.sinsOpinion"],
      },
    ],
    systemic: { action: "initiate", agent: "denosumab", dose_mg: 120, intervalWeeks: 4 },
    imagingFollowUp: [{ modality: "ct", dueDate: "2027-03-01" }],
    guideline: {
      followed: "ESMO 2020, santé osseuse",
      departures: [
        { what: "Enclouage avant radiothérapie", reason: "Douleur mécanique invalidante" },
      ],
    },
    trial: { proposed: true, trialId: "STEREOSARC" },
    patientInformed: true,
    patientNotObjecting: true,
    rationale: "Mirels 12 au col fémoral gauche : enclouage prophylactique puis radiothérapie.",
    missingReadiness: ["patientWishes"],
    ...over,
  };
}

export const ROOM: Attendee[] = [
  {
    kind: "member",
    userId: 1,
    name: "Dr Martin",
    physician: true,
    specialty: "rheumatology",
    presence: "onSite",
  },
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
  {
    kind: "member",
    userId: 4,
    name: "Dr Nguyen",
    physician: true,
    specialty: "radiation_oncology",
    presence: "onSite",
  },
  {
    kind: "guest",
    guestId: "g1",
    name: "Dr Lefèvre",
    physician: true,
    specialty: "medical_oncology",
    presence: "remote",
  },
  {
    kind: "member",
    userId: 6,
    name: "Dr Absent",
    physician: true,
    specialty: "neurosurgery",
    presence: "absent",
  },
];

export function signing(over: Partial<SigningInput> = {}): SigningInput {
  return {
    decision: decision(),
    attendance: ROOM,
    requiredSpecialties: [{ anyOf: ["orthopaedic_surgery", "spine_surgery"] }],
    boardSnapshot: { sha256: "ab".repeat(32), byteLength: 4096 },
    lesionTable: lesionTable(LESIONS),
    signer: { userId: 1, name: "Dr Martin", specialty: "rheumatology" },
    signedAt: "2026-12-01T15:42:00+01:00",
    ...over,
  };
}

export function ficheInput(over: Partial<FicheInputRaw> = {}): FicheInputRaw {
  return {
    version: signDecision(signing()),
    rcp: { name: "RCP-OOS Lyon Sud", institution: "Hospices Civils de Lyon" },
    meetingDate: "2026-12-01",
    patient: {
      familyName: "Dupont",
      givenName: "Hélène",
      birthDate: "1958-03-14",
      sex: "F",
      hospitalId: "IPP-004211",
    },
    referringPhysician: "Dr Bérard",
    question: "Indication d'une stabilisation fémorale prophylactique ?",
    summary:
      "Sarcome des tissus mous de la cuisse droite, métastases osseuses lytiques ; cyphose segmentaire T12 de 8°.",
    feStrengthLoss_pct: { F1: 38 },
    ...over,
  };
}

/**
 * A board deciding to start zoledronic acid before the dental check and before any clearance is
 * known (decision 119): the engine's conditions before the first dose, stamped on the version.
 */
export function ficheInputOfStartWithConditions(): FicheInputRaw {
  const systemic = { action: "initiate", agent: "zoledronicAcid", intervalWeeks: 4 } as const;
  const check = checkSystemicDecision(systemic, {
    sequence: NO_SEQUENCE,
    decidedOn: "2026-12-01",
    calciumVitaminDPlan: true,
    baselineCalcium_mmol_L: 2.4,
  });
  if (!check.ok) throw new Error(check.code);
  return ficheInput({
    version: signDecision(
      signing({
        decision: { ...decision(), systemic },
        systemicConditions: check.conditions,
      }),
    ),
  });
}
