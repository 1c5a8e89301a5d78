// Cases put to the board: create and edit (one transaction with its audit row each), find, list.

import type { CaseInput } from "../../app/domain/records/case";
import { writeAudit } from "../../db/audit";
import {
  type CaseFilter,
  type CaseRow,
  casesOfPatient,
  getCase,
  insertCase,
  listCases,
  updateCaseRow,
} from "../../db/cases";
import { getPatient } from "../../db/patients";
import type { AppContext } from "./context";
import { notFound } from "./refusal";

export type { CaseFilter, CaseRow };

export function createCase(
  ctx: AppContext,
  actorId: number | null,
  patientId: number,
  input: CaseInput,
): CaseRow {
  return ctx.db.transaction((tx) => {
    if (!getPatient(tx, patientId)) throw notFound();
    const row = insertCase(tx, actorId, patientId, input);
    writeAudit(tx, {
      userId: actorId,
      entity: "case",
      entityId: row.id,
      action: "create",
      after: row,
    });
    return row;
  });
}

export function updateCase(
  ctx: AppContext,
  actorId: number,
  id: number,
  input: CaseInput,
): CaseRow {
  return ctx.db.transaction((tx) => {
    const before = getCase(tx, id)?.case;
    if (!before) throw notFound();
    const after = updateCaseRow(tx, id, input, ctx.now().toISOString()) ?? before;
    writeAudit(tx, {
      userId: actorId,
      entity: "case",
      entityId: id,
      action: "update",
      before,
      after,
    });
    return after;
  });
}

/** A case with its patient (for access checks and headers). */
export function findCase(ctx: Pick<AppContext, "db">, id: number) {
  return getCase(ctx.db, id);
}

export function casesOf(ctx: AppContext, patientId: number): CaseRow[] {
  return casesOfPatient(ctx.db, patientId);
}

export function searchCases(ctx: AppContext, filter: CaseFilter) {
  return listCases(ctx.db, filter);
}
