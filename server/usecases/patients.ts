// Patients: create and edit (one transaction with its audit row each), find, search.

import type { PatientInput } from "../../app/domain/records/patient";
import { type RiskContext, riskContextOf } from "../../app/domain/risk/context";
import { writeAudit } from "../../db/audit";
import {
  DuplicateHospitalIdError,
  getPatient,
  insertPatient,
  listPatients,
  type PatientRow,
  updatePatientRow,
} from "../../db/patients";
import { getRcp } from "../../db/rcps";
import type { AppContext } from "./context";
import { invalid, notFound } from "./refusal";

export type { PatientRow };

/** A hospital id is unique within its RCP: the database says so, the user is told on the field. */
function refuseDuplicate<T>(write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (e instanceof DuplicateHospitalIdError)
      throw invalid("hospitalId", "errors.duplicate_hospital_id");
    throw e;
  }
}

export function createPatient(
  ctx: AppContext,
  actorId: number | null,
  rcpId: number,
  input: PatientInput,
): PatientRow {
  return refuseDuplicate(() =>
    ctx.db.transaction((tx) => {
      if (!getRcp(tx, rcpId)) throw invalid("rcpId");
      const row = insertPatient(tx, rcpId, input);
      writeAudit(tx, {
        userId: actorId,
        entity: "patient",
        entityId: row.id,
        action: "create",
        after: row,
      });
      return row;
    }),
  );
}

export function updatePatient(
  ctx: AppContext,
  actorId: number,
  id: number,
  input: PatientInput,
): PatientRow {
  return refuseDuplicate(() =>
    ctx.db.transaction((tx) => {
      const before = getPatient(tx, id);
      if (!before) throw notFound();
      const after = updatePatientRow(tx, id, input, ctx.now().toISOString()) ?? before;
      writeAudit(tx, {
        userId: actorId,
        entity: "patient",
        entityId: id,
        action: "update",
        before,
        after,
      });
      return after;
    }),
  );
}

export function findPatient(ctx: AppContext, id: number): PatientRow | undefined {
  return getPatient(ctx.db, id);
}

/** Search by name (any part, any order) or hospital id within the given RCPs (`null`: every RCP). */
export function searchPatients(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  q: string,
): PatientRow[] {
  return listPatients(ctx.db, rcpIds, q);
}

/** The context the patient's lesions are scored with (their RCP's FE threshold, their weight). */
export function riskContextOfPatient(ctx: AppContext, patient: PatientRow): RiskContext {
  return riskContextOf({ patient, rcp: getRcp(ctx.db, patient.rcpId) });
}
