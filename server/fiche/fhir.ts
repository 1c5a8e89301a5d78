// A signed decision version as a FHIR R4 Bundle (issue 11 §8; decision 096): Patient, one
// Condition per lesion (bone metastasis, bodySite), one Observation per score (value,
// interpretation = category) and per FE result, a CarePlan (activities per lesion, for the BTA and
// the imaging follow-up), the meeting as an Encounter with its participants (Practitioner +
// PractitionerRole), and a Provenance for the signature. Deterministic: the same version gives the
// same bytes (ids are hashes of the version and the resource's key), so a re-export is comparable.
import { createHash } from "node:crypto";
import type * as fhir4 from "fhir/r4";
import {
  type Attendee,
  BTA_AGENT_LABELS,
  CLINICAL_TRIALS,
  type LesionTableRow,
  localTreatment,
  PAUSE_REASON_LABELS,
  SYSTEMIC_ACTION_LABELS,
  type SystemicDecision,
} from "../../app/domain";
import { IMAGING_MODALITY_LABELS } from "../../app/domain/board/schema";
import { type FicheInput, parseFicheInput } from "./input";
import { type FicheText, pick } from "./text";

// ---- Code systems ----

/** SNOMED CT 94222008 |Secondary malignant neoplasm of bone (disorder)|. */
const SNOMED = "http://snomed.info/sct";
const BONE_METASTASIS = {
  system: SNOMED,
  code: "94222008",
  display: "Secondary malignant neoplasm of bone",
};
/** LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported". */
const LOINC = "http://loinc.org";
const PAIN_NRS_LOINC = {
  system: LOINC,
  code: "72514-3",
  display: "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
};
const UCUM = "http://unitsofmeasure.org";
/** WHO ATC: M05BA08 zoledronic acid, M05BX04 denosumab. */
const ATC = "http://www.whocc.no/atc";
const ATC_CODES = { zoledronicAcid: "M05BA08", denosumab: "M05BX04" } as const;
const HL7 = "http://terminology.hl7.org/CodeSystem";

/** The app's own code systems, under its public base URL (no standard code exists for them). */
export function localSystems(baseUrl: string) {
  const cs = (name: string) => `${baseUrl.replace(/\/+$/, "")}/fhir/CodeSystem/${name}`;
  return {
    skeletonSite: cs("skeleton-site"),
    score: cs("score"),
    scoreCategory: cs("score-category"),
    feResult: cs("fe-result"),
    localTreatment: cs("local-treatment"),
    systemicAction: cs("systemic-action"),
    imagingModality: cs("imaging-modality"),
    specialty: cs("specialty"),
    presence: cs("presence"),
    hospitalId: `${baseUrl.replace(/\/+$/, "")}/fhir/NamingSystem/hospital-id`,
    userId: `${baseUrl.replace(/\/+$/, "")}/fhir/NamingSystem/user`,
    lesionId: `${baseUrl.replace(/\/+$/, "")}/fhir/NamingSystem/lesion`,
    decisionVersion: `${baseUrl.replace(/\/+$/, "")}/fhir/NamingSystem/decision-version`,
    meeting: `${baseUrl.replace(/\/+$/, "")}/fhir/NamingSystem/meeting`,
    boardSnapshot: `${baseUrl.replace(/\/+$/, "")}/fhir/NamingSystem/board-snapshot-sha256`,
  };
}
type Systems = ReturnType<typeof localSystems>;

// ---- Ids ----

/** A UUID-shaped id from a hash of the version and the resource's key (deterministic). */
function uuidFor(f: FicheInput, key: string): string {
  const h = createHash("sha256")
    .update(`${f.version.caseId}/${f.version.version}/${key}`)
    .digest("hex");
  // RFC 4122 layout with version nibble 5 (name-based) and the variant bits 10xx.
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Ctx {
  f: FicheInput;
  text: FicheText;
  sys: Systems;
  url: (key: string) => string;
}

const ref = (ctx: Ctx, key: string): fhir4.Reference => ({ reference: ctx.url(key) });

function attendeeKey(a: Attendee): string {
  return a.kind === "member" ? `member:${a.userId}` : `guest:${a.guestId}`;
}

function specialtyConcept(ctx: Ctx, s: string): fhir4.CodeableConcept {
  const display = ctx.text.t(`admin.specialties.${s}`);
  return { coding: [{ system: ctx.sys.specialty, code: s, display }], text: display };
}

// ---- Resources ----

function patient(ctx: Ctx): fhir4.Patient {
  const p = ctx.f.patient;
  // SEXES F/M/X; X is "other / not stated" on the form: FHIR administrative gender "other".
  const gender = ({ F: "female", M: "male", X: "other" } as const)[p.sex];
  return {
    resourceType: "Patient",
    id: uuidFor(ctx.f, "patient"),
    identifier: [{ system: ctx.sys.hospitalId, value: p.hospitalId }],
    name: [{ family: p.familyName, given: [p.givenName] }],
    gender,
    birthDate: p.birthDate,
  };
}

function practitioners(ctx: Ctx): (fhir4.Practitioner | fhir4.PractitionerRole)[] {
  return ctx.f.version.attendance
    .filter((a) => a.presence !== "absent")
    .flatMap((a) => {
      const key = attendeeKey(a);
      const practitioner: fhir4.Practitioner = {
        resourceType: "Practitioner",
        id: uuidFor(ctx.f, `practitioner:${key}`),
        ...(a.kind === "member"
          ? { identifier: [{ system: ctx.sys.userId, value: String(a.userId) }] }
          : {}),
        name: [{ text: a.name }],
      };
      const role: fhir4.PractitionerRole = {
        resourceType: "PractitionerRole",
        id: uuidFor(ctx.f, `role:${key}`),
        practitioner: ref(ctx, `practitioner:${key}`),
        ...(a.specialty ? { specialty: [specialtyConcept(ctx, a.specialty)] } : {}),
      };
      return [practitioner, role];
    });
}

function condition(ctx: Ctx, row: LesionTableRow): fhir4.Condition {
  const site = pick(row.site, ctx.text);
  return {
    resourceType: "Condition",
    id: uuidFor(ctx.f, `condition:${row.lesionId}`),
    identifier: [{ system: ctx.sys.lesionId, value: row.lesionId }],
    clinicalStatus: { coding: [{ system: `${HL7}/condition-clinical`, code: "active" }] },
    verificationStatus: { coding: [{ system: `${HL7}/condition-ver-status`, code: "confirmed" }] },
    category: [{ coding: [{ system: `${HL7}/condition-category`, code: "problem-list-item" }] }],
    code: { coding: [BONE_METASTASIS], text: BONE_METASTASIS.display },
    // The skeleton catalogue's site id (laterality in the label): no SNOMED body-site code is
    // cited here for want of a checked source (docs/fiche.md).
    bodySite: [
      { coding: [{ system: ctx.sys.skeletonSite, code: row.siteId, display: site }], text: site },
    ],
    subject: ref(ctx, "patient"),
    encounter: ref(ctx, "encounter"),
    evidence: [{ detail: observationKeys(ctx, row).map((k) => ref(ctx, k)) }],
  };
}

function observationKeys(ctx: Ctx, row: LesionTableRow): string[] {
  const keys = row.scores.map((s) => `observation:${row.lesionId}:${s.score}`);
  if (row.feFailureLoad_N !== null) keys.push(`observation:${row.lesionId}:feFailureLoad`);
  if (ctx.f.feStrengthLoss_pct[row.lesionId] !== undefined)
    keys.push(`observation:${row.lesionId}:feStrengthLoss`);
  return keys;
}

function observationBase(ctx: Ctx, row: LesionTableRow, key: string) {
  return {
    resourceType: "Observation" as const,
    id: uuidFor(ctx.f, `observation:${row.lesionId}:${key}`),
    status: "final" as const,
    subject: ref(ctx, "patient"),
    encounter: ref(ctx, "encounter"),
    focus: [ref(ctx, `condition:${row.lesionId}`)],
    effectiveDateTime: ctx.f.version.decision.decidedOn,
    bodySite: {
      coding: [{ system: ctx.sys.skeletonSite, code: row.siteId }],
      text: pick(row.site, ctx.text),
    },
  };
}

function scoreObservations(ctx: Ctx, row: LesionTableRow): fhir4.Observation[] {
  const out: fhir4.Observation[] = row.scores.map((s) => {
    const name = ctx.text.t(`fiche.scores.${s.score}`);
    const coding: fhir4.Coding[] = [{ system: ctx.sys.score, code: s.score, display: name }];
    if (s.score === "pain") coding.push(PAIN_NRS_LOINC);
    const category = pick(s.categoryLabel, ctx.text);
    return {
      ...observationBase(ctx, row, s.score),
      category: [{ coding: [{ system: `${HL7}/observation-category`, code: "survey" }] }],
      code: { coding, text: name },
      ...(typeof s.value === "number"
        ? Number.isInteger(s.value)
          ? { valueInteger: s.value }
          : { valueQuantity: { value: s.value } }
        : { valueString: s.value }),
      interpretation: [
        {
          coding: [
            { system: ctx.sys.scoreCategory, code: `${s.score}.${s.category}`, display: category },
          ],
          text: category,
        },
      ],
      note: [{ text: s.source }],
    };
  });
  const fe = (code: string, value: number, unit: string): fhir4.Observation => ({
    ...observationBase(ctx, row, code),
    category: [{ coding: [{ system: `${HL7}/observation-category`, code: "exam" }] }],
    code: { coding: [{ system: ctx.sys.feResult, code }], text: code },
    valueQuantity: { value, unit, system: UCUM, code: unit },
  });
  if (row.feFailureLoad_N !== null) out.push(fe("feFailureLoad", row.feFailureLoad_N, "N"));
  const loss = ctx.f.feStrengthLoss_pct[row.lesionId];
  if (loss !== undefined) out.push(fe("feStrengthLoss", loss, "%"));
  return out;
}

// FHIR CarePlan activity status for each systemic action: a plan to start is not started yet, a
// continued agent is in progress, a pause is on hold, a stop is stopped (R4 care-plan-activity-status).
const SYSTEMIC_STATUS: Record<SystemicDecision["action"], fhir4.CarePlanActivityDetail["status"]> =
  {
    noBta: "not-started",
    initiate: "not-started",
    continue: "in-progress",
    pause: "on-hold",
    resume: "scheduled",
    switch: "not-started",
    stop: "stopped",
  };

function systemicActivity(ctx: Ctx): fhir4.CarePlanActivity {
  const s = ctx.f.version.decision.systemic;
  const action = pick(SYSTEMIC_ACTION_LABELS[s.action], ctx.text);
  const detail: fhir4.CarePlanActivityDetail = {
    kind: "MedicationRequest",
    code: {
      coding: [{ system: ctx.sys.systemicAction, code: s.action, display: action }],
      text: action,
    },
    status: SYSTEMIC_STATUS[s.action],
    // "No bone-targeting agent" is a decision not to give one (R4: doNotPerform).
    ...(s.action === "noBta" ? { doNotPerform: true } : {}),
    reasonReference: ctx.f.version.lesionTable.map((r) => ref(ctx, `condition:${r.lesionId}`)),
  };
  if (s.action === "initiate" || s.action === "switch") {
    const agent = pick(BTA_AGENT_LABELS[s.agent], ctx.text);
    detail.productCodeableConcept = {
      coding: [{ system: ATC, code: ATC_CODES[s.agent], display: agent }],
      text: agent,
    };
    // No quantity while the zoledronic dose waits for the clearance (decision 119).
    if (s.dose_mg !== undefined)
      detail.quantity = { value: s.dose_mg, unit: "mg", system: UCUM, code: "mg" };
    detail.scheduledTiming = {
      repeat: { frequency: 1, period: s.intervalWeeks, periodUnit: "wk" },
    };
  }
  // The start gates still to meet before the first dose, with their sources (decision 119).
  const conditions = ctx.f.version.systemicConditions;
  if (conditions.length > 0)
    detail.description = [
      ctx.text.t("fiche.systemicConditions"),
      ...conditions.map((c) =>
        ctx.text.t("fiche.systemicCondition", { label: pick(c.label, ctx.text), source: c.source }),
      ),
    ].join("\n");
  if (s.action === "pause")
    detail.statusReason = { text: pick(PAUSE_REASON_LABELS[s.reason], ctx.text) };
  return { detail };
}

function carePlan(ctx: Ctx): fhir4.CarePlan {
  const v = ctx.f.version;
  const d = v.decision;
  const siteOf = new Map(v.lesionTable.map((r) => [r.lesionId, pick(r.site, ctx.text)]));
  const lesionActivities: fhir4.CarePlanActivity[] = d.lesions.map((l) => {
    const label = pick(localTreatment(l.action).label, ctx.text);
    const triggers = l.triggers.map((t) => ctx.text.t(`fiche.triggers.${t}`));
    return {
      detail: {
        kind: "ServiceRequest",
        code: {
          coding: [{ system: ctx.sys.localTreatment, code: l.action, display: label }],
          text: label,
        },
        status: "not-started",
        reasonReference: [ref(ctx, `condition:${l.lesionId}`)],
        ...(l.targetDate ? { scheduledPeriod: { start: l.targetDate } } : {}),
        description: [
          siteOf.get(l.lesionId) ?? l.lesionId,
          ctx.text.t(`admin.specialties.${l.responsibleSpecialty}`),
          ...triggers,
          ...(l.note ? [l.note] : []),
        ].join(" · "),
      },
    };
  });
  const imaging: fhir4.CarePlanActivity[] = d.imagingFollowUp.map((i) => {
    const label = pick(IMAGING_MODALITY_LABELS[i.modality], ctx.text);
    return {
      detail: {
        kind: "ServiceRequest",
        code: {
          coding: [{ system: ctx.sys.imagingModality, code: i.modality, display: label }],
          text: label,
        },
        status: "not-started",
        scheduledPeriod: { start: i.dueDate },
      },
    };
  });
  const trial = d.trial.proposed ? CLINICAL_TRIALS[d.trial.trialId] : null;
  const notes = [
    ctx.text.t("fiche.guidelineFollowed", { text: d.guideline.followed }),
    ...d.guideline.departures.map((x) =>
      ctx.text.t("fiche.departure", { what: x.what, reason: x.reason }),
    ),
    trial
      ? ctx.text.t("fiche.trialProposed", {
          id: trial.id,
          nct: trial.nct,
          title: pick(trial.title, ctx.text),
        })
      : ctx.text.t("fiche.trialNotProposed"),
    ctx.text.t("fiche.patientInformed", {
      value: ctx.text.t(d.patientInformed ? "fiche.yes" : "fiche.no"),
    }),
    ctx.text.t("fiche.patientNotObjecting", {
      value: ctx.text.t(d.patientNotObjecting ? "fiche.yes" : "fiche.no"),
    }),
    d.rationale,
    ...d.missingReadiness.map(
      (c) => `${ctx.text.t("fiche.missingTitle")} : ${ctx.text.t(`fiche.readiness.${c}`)}`,
    ),
  ];
  return {
    resourceType: "CarePlan",
    id: uuidFor(ctx.f, "careplan"),
    identifier: [{ system: ctx.sys.decisionVersion, value: `${v.caseId}-${v.version}` }],
    status: "active",
    intent: "plan",
    title: ctx.text.t("fiche.title"),
    description: ctx.f.question,
    subject: ref(ctx, "patient"),
    encounter: ref(ctx, "encounter"),
    period: { start: d.decidedOn },
    created: v.signedAt,
    author: ref(ctx, `practitioner:member:${v.signer.userId}`),
    addresses: v.lesionTable.map((r) => ref(ctx, `condition:${r.lesionId}`)),
    activity: [...lesionActivities, systemicActivity(ctx), ...imaging],
    note: notes.map((text) => ({ text })),
  };
}

function encounter(ctx: Ctx): fhir4.Encounter {
  const v = ctx.f.version;
  return {
    resourceType: "Encounter",
    id: uuidFor(ctx.f, "encounter"),
    identifier: [{ system: ctx.sys.meeting, value: String(v.decision.meetingId) }],
    status: "finished",
    // The board meets about the patient without them: an ambulatory-care context (v3 ActCode AMB).
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB" },
    type: [{ text: `${ctx.f.rcp.name} — ${ctx.f.rcp.institution}` }],
    subject: ref(ctx, "patient"),
    period: { start: v.decision.decidedOn },
    participant: v.attendance
      .filter((a) => a.presence !== "absent")
      .map((a) => ({
        type: [
          {
            coding: [
              {
                system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                code: "PART",
              },
            ],
          },
          {
            coding: [{ system: ctx.sys.presence, code: a.presence }],
            text: ctx.text.t(`fiche.presences.${a.presence}`),
          },
        ],
        individual: ref(ctx, `role:${attendeeKey(a)}`),
      })),
    reasonCode: [{ text: ctx.f.question }],
  };
}

function provenance(ctx: Ctx, targets: string[]): fhir4.Provenance {
  const v = ctx.f.version;
  const signer = ref(ctx, `practitioner:member:${v.signer.userId}`);
  return {
    resourceType: "Provenance",
    id: uuidFor(ctx.f, "provenance"),
    target: targets.map((k) => ref(ctx, k)),
    recorded: v.signedAt,
    ...(v.correctionReason ? { reason: [{ text: v.correctionReason }] } : {}),
    agent: [
      {
        type: { coding: [{ system: `${HL7}/provenance-participant-type`, code: "author" }] },
        who: signer,
      },
    ],
    entity: [
      {
        role: "source",
        what: { identifier: { system: ctx.sys.boardSnapshot, value: v.boardSnapshot.sha256 } },
      },
    ],
    // ASTM E1762-95 signature type "Author's Signature": the chair's act of signing in the app.
    signature: [
      {
        type: [
          {
            system: "urn:iso-astm:E1762-95:2013",
            code: "1.2.840.10065.1.12.1.1",
            display: "Author's Signature",
          },
        ],
        when: v.signedAt,
        who: signer,
      },
    ],
  };
}

/**
 * The Bundle (type "collection", decision 096) of a signed decision version; labels in the
 * language of `text`. Bad input throws DomainInputError naming the field.
 */
export function toFhirBundle(input: unknown, text: FicheText, baseUrl: string): fhir4.Bundle {
  const f = parseFicheInput(input);
  if (!/^https?:\/\/\S+$/.test(baseUrl))
    throw new TypeError(`baseUrl must be an http(s) URL: ${baseUrl}`);
  const ctx: Ctx = {
    f,
    text,
    sys: localSystems(baseUrl),
    url: (key) => `urn:uuid:${uuidFor(f, key)}`,
  };
  const rows = f.version.lesionTable;
  const conditions = rows.map((r) => condition(ctx, r));
  const observations = rows.flatMap((r) => scoreObservations(ctx, r));
  const plan = carePlan(ctx);
  const resources: fhir4.FhirResource[] = [
    patient(ctx),
    encounter(ctx),
    ...practitioners(ctx),
    ...conditions,
    ...observations,
    plan,
  ];
  const signedTargets = [
    "careplan",
    ...rows.map((r) => `condition:${r.lesionId}`),
    ...rows.flatMap((r) => observationKeys(ctx, r)),
  ];
  resources.push(provenance(ctx, signedTargets));
  return {
    resourceType: "Bundle",
    id: uuidFor(f, "bundle"),
    identifier: {
      system: ctx.sys.decisionVersion,
      value: `${f.version.caseId}-${f.version.version}`,
    },
    type: "collection",
    timestamp: f.version.signedAt,
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}
