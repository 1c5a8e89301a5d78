// Bone-targeting agents (issue 12 §1): record an event of a patient's sequence, read the sequence.
// The state is never stored: it is replayed by the engine's state machine from the append-only
// events (decision 100); an illegal event is refused with the engine's reason and nothing is written.
import {
  applyToBtaHistory,
  type BtaEvent,
  type BtaFollowUp,
  type BtaIndication,
  type BtaSequenceState,
  type BtaTransition,
  btaFollowUp,
  btaIndication,
  btaStartGates,
  isPlannedBtaKind,
  replayBtaHistory,
  type StartGateId,
  zoledronicAcidDose,
} from "../../app/domain/bta";
import { compareIsoDates } from "../../app/domain/dates";
import type { BtaEventInput } from "../../app/domain/records/btaEvent";
import { PrimaryCancerSchema } from "../../app/domain/records/cancer";
import { SURVIVAL_BANDS } from "../../app/domain/records/patient";
import { writeAudit } from "../../db/audit";
import { type BtaEventRow, insertBtaEvent, listBtaEvents } from "../../db/btaEvents";
import {
  type BtaPlannedRow,
  btaPlannedOfPatient,
  closeBtaPlanned,
  openBtaPlannedFor,
} from "../../db/btaPlanned";
import type { Db } from "../../db/index";
import { getPatient, type PatientRow } from "../../db/patients";
import { type AppContext, todayOf } from "./context";
import { invalid, notFound, Refusal } from "./refusal";

export type { BtaEventRow, BtaPlannedRow };

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/**
 * A stored row or a parsed form as the engine's event (columns that do not apply to the kind are
 * null). The form schema requires agent, interval and pause reason for their kinds; a row or input
 * without them is refused on that field, never completed with a default (nothing clinical is
 * guessed).
 */
function engineEvent(row: BtaEventRow | BtaEventInput): BtaEvent {
  const required = <T>(v: T | null | undefined, field: string): T => {
    if (v === null || v === undefined) throw invalid(field, "errors.required");
    return v;
  };
  const creatinine_umol_L = orUndefined(row.creatinineUmolL ?? null);
  switch (row.kind) {
    case "initiate":
    case "switch":
      return {
        type: row.kind,
        date: row.date,
        agent: required(row.agent, "agent"),
        intervalWeeks: required(row.intervalWeeks, "intervalWeeks"),
        dentalCheckDate: orUndefined(row.dentalCheckDate ?? null),
        calciumVitaminDPlan:
          typeof row.calciumVitaminDPlan === "string"
            ? row.calciumVitaminDPlan === "yes"
            : orUndefined(row.calciumVitaminDPlan ?? null),
        baselineCalcium_mmol_L: orUndefined(row.baselineCalciumMmolL ?? null),
        baselineCreatinineClearance_mL_min: orUndefined(row.creatinineClearanceMlMin ?? null),
        baselineCreatinine_umol_L: orUndefined(row.baselineCreatinineUmolL ?? null),
      };
    case "dose_given":
      return { type: "administer", date: row.date, creatinine_umol_L };
    case "pause":
      return { type: "pause", date: row.date, reason: required(row.pauseReason, "pauseReason") };
    case "resume":
      return { type: "resume", date: row.date, creatinine_umol_L };
    case "stop":
      return { type: "stop", date: row.date };
  }
}

/** The stored events always replay: they were each accepted by the same machine. */
function replayRows(rows: readonly BtaEventRow[]): BtaSequenceState {
  const r = replayBtaHistory(rows.map(engineEvent));
  if (!r.ok) throw new Error(`bta_events of a patient do not replay at #${r.index}: ${r.code}`);
  return r.state;
}

const GATE_FIELDS: Record<StartGateId, string> = {
  dentalCheck: "dentalCheckDate",
  calciumVitaminDPlan: "calciumVitaminDPlan",
  baselineCalcium: "baselineCalciumMmolL",
  baselineCreatinineClearance: "creatinineClearanceMlMin",
};

/** Which form field each engine refusal is about (start gates: see startGateRefusal). */
const REFUSAL_FIELDS: Record<string, string> = {
  invalidInterval: "intervalWeeks",
  creatinineRequired: "creatinineUmolL",
  renalDeterioration: "creatinineUmolL",
  renalNotRecovered: "creatinineUmolL",
  eventBeforeLastEvent: "date",
  switchToSameAgent: "agent",
};

/**
 * The engine's refusal as the user's: a missing start gate or creatinine is a field to fill (400);
 * a rule about the sequence as it stands (illegal transition, renal withhold, CrCl < 30, a low
 * calcium to correct) is a 409.
 */
function refusalOf(t: Extract<BtaTransition, { ok: false }>, event: BtaEvent): Refusal {
  if (t.code === "startGatesNotMet" && (event.type === "initiate" || event.type === "switch"))
    return startGateRefusal(t, event);
  if (t.code === "creatinineRequired" || t.code === "invalidInterval")
    return new Refusal("invalid", [
      { field: REFUSAL_FIELDS[t.code] ?? "kind", code: "errors.bta_refused", reason: t.reason },
    ]);
  return new Refusal("conflict", [
    { field: REFUSAL_FIELDS[t.code] ?? "kind", code: "errors.bta_refused", reason: t.reason },
  ]);
}

/**
 * Unmet start gates, read from the engine's own list (btaStartGates, one owner): the gates it
 * finds missing are blank fields (400; the calcium + vitamin D plan is not one in hypercalcaemia,
 * Zometa SmPC; Brown 2021 Table 3); otherwise a gate failed on its value (409) and the error names
 * that value's field: the calcium below the range (Peddi 2013) or the clearance under 30 mL/min
 * for zoledronic acid (SmPC 4.2).
 */
function startGateRefusal(
  t: Extract<BtaTransition, { ok: false }>,
  event: Extract<BtaEvent, { type: "initiate" | "switch" }>,
): Refusal {
  const gates = btaStartGates({ ...event, startDate: event.date });
  if (gates.ok) throw new Error("start gates refused by the machine but met by btaStartGates");
  if (gates.missing.length > 0)
    return new Refusal(
      "invalid",
      gates.missing.map((m) => ({ field: GATE_FIELDS[m.gate], code: "errors.bta_gate_required" })),
    );
  const fields: string[] = [];
  if (gates.calcium?.band === "hypocalcaemia") fields.push(GATE_FIELDS.baselineCalcium);
  const crcl = event.baselineCreatinineClearance_mL_min;
  if (event.agent === "zoledronicAcid" && crcl !== undefined && !zoledronicAcidDose(crcl).ok)
    fields.push(GATE_FIELDS.baselineCreatinineClearance);
  return new Refusal(
    "conflict",
    (fields.length > 0 ? fields : ["kind"]).map((field) => ({
      field,
      code: "errors.bta_refused",
      reason: t.reason,
    })),
  );
}

function regimenOf(state: BtaSequenceState) {
  return state.status === "none" ? null : state.regimen;
}

/** Records one event: replayed, checked by the engine, written with its audit row, or refused. */
export function recordBtaEvent(
  ctx: AppContext,
  actorId: number,
  patientId: number,
  input: BtaEventInput,
): { row: BtaEventRow; state: BtaSequenceState } {
  return ctx.db.transaction((tx) => {
    if (!getPatient(tx, patientId)) throw notFound();
    const before = replayRows(listBtaEvents(tx, patientId));
    const event = engineEvent(input);
    const t = applyToBtaHistory(before, event);
    if (!t.ok) throw refusalOf(t, event);
    const regimen = regimenOf(t.state);
    const starts = input.kind === "initiate" || input.kind === "switch";
    // The event carries out the oldest open act a signed decision planned (decision 106).
    const planned = isPlannedBtaKind(input.kind)
      ? openBtaPlannedFor(tx, patientId, input.kind)
      : undefined;
    const row = insertBtaEvent(tx, {
      patientId,
      kind: input.kind,
      date: input.date,
      agent: regimen?.agent ?? null,
      // The dose the engine set (SmPC band or 120 mg) for a start or a dose given.
      doseMg: starts || input.kind === "dose_given" ? (regimen?.dose_mg ?? null) : null,
      intervalWeeks: regimen?.intervalWeeks ?? null,
      pauseReason: input.kind === "pause" ? (input.pauseReason ?? null) : null,
      pauseReasonOther:
        input.kind === "pause" && input.pauseReason === "other"
          ? (input.pauseReasonOther ?? null)
          : null,
      dentalCheckDate: starts ? (input.dentalCheckDate ?? null) : null,
      calciumVitaminDPlan: starts ? input.calciumVitaminDPlan === "yes" : null,
      baselineCalciumMmolL: starts ? (input.baselineCalciumMmolL ?? null) : null,
      creatinineClearanceMlMin: starts ? (input.creatinineClearanceMlMin ?? null) : null,
      baselineCreatinineUmolL: starts ? (input.baselineCreatinineUmolL ?? null) : null,
      creatinineUmolL:
        input.kind === "dose_given" || input.kind === "resume"
          ? (input.creatinineUmolL ?? null)
          : null,
      recordedBy: actorId,
      recordedAt: ctx.now().toISOString(),
      decisionVersionId: input.decisionVersionId ?? planned?.decisionVersionId ?? null,
    });
    const closed = planned
      ? closeBtaPlanned(tx, planned.id, row.id, ctx.now().toISOString())
      : null;
    writeAudit(tx, {
      userId: actorId,
      entity: "patient",
      entityId: patientId,
      action: `bta.${input.kind}`,
      // Flat, so the audit page labels each field (app/components/AuditChange.tsx).
      before: { btaStatus: before.status, ...(closed ? { btaPlannedState: "open" } : {}) },
      after: {
        ...row,
        btaStatus: t.state.status,
        ...(closed ? { btaPlannedId: closed.id, btaPlannedState: closed.state } : {}),
      },
    });
    return { row, state: t.state };
  });
}

/** The latest Cockcroft–Gault clearance: the patient record's or one measured at a BTA start. */
function latestClearance(patient: PatientRow, rows: readonly BtaEventRow[]) {
  let latest: { mL_min: number; date: string } | undefined =
    patient.creatinineClearanceMlMin !== null && patient.creatinineClearanceDate !== null
      ? { mL_min: patient.creatinineClearanceMlMin, date: patient.creatinineClearanceDate }
      : undefined;
  for (const r of rows)
    if (
      r.creatinineClearanceMlMin !== null &&
      (latest === undefined || compareIsoDates(r.date, latest.date) >= 0)
    )
      latest = { mL_min: r.creatinineClearanceMlMin, date: r.date };
  return latest;
}

function indicationOf(patient: PatientRow, clearance?: number): BtaIndication {
  const band = SURVIVAL_BANDS.find((b) => b === patient.survivalBand) ?? "unknown";
  return btaIndication({
    primaryCancer: PrimaryCancerSchema.parse(patient.primaryCancer),
    survivalBand: band,
    creatinineClearance_mL_min: clearance,
  });
}

export interface BtaSequenceView {
  events: BtaEventRow[];
  /** The acts signed decisions planned, open, done or cancelled (decision 106). */
  planned: BtaPlannedRow[];
  state: BtaSequenceState;
  indication: BtaIndication;
  followUp: BtaFollowUp;
  latestClearance: { mL_min: number; date: string } | null;
}

function readWith(db: Db, patient: PatientRow, today: string): BtaSequenceView {
  return btaSequenceOf(
    patient,
    listBtaEvents(db, patient.id),
    today,
    btaPlannedOfPatient(db, patient.id),
  );
}

/**
 * The sequence view from a patient's events (and planned acts) already read, in replay order: no
 * query. A list that does not show planned acts passes none.
 */
export function btaSequenceOf(
  patient: PatientRow,
  events: BtaEventRow[],
  today: string,
  planned: BtaPlannedRow[] = [],
): BtaSequenceView {
  const state = replayRows(events);
  const clearance = latestClearance(patient, events);
  const indication = indicationOf(patient, clearance?.mL_min);
  const followUp = btaFollowUp(state, indication, {
    today,
    boneMetastasisDiagnosisDate: orUndefined(patient.boneMetastasisDiagnosisDate),
    firstBtaDate: events[0]?.date,
    latestClearance: clearance,
  });
  return {
    events,
    planned,
    state,
    indication,
    followUp,
    latestClearance: clearance ?? null,
  };
}

/** A patient's BTA sequence today: events, the engine's state, next dates, dose band, warnings. */
export function readBtaSequence(ctx: AppContext, patientId: number): BtaSequenceView {
  const patient = getPatient(ctx.db, patientId);
  if (!patient) throw notFound();
  return readWith(ctx.db, patient, todayOf(ctx));
}
