// Read-only queries of the worklists (issue 12 §4) that cross aggregates: which patients have
// a stored lesion map, which signed decisions still wait for their fiche to be sent.
import { and, asc, eq, inArray, notExists, sql } from "drizzle-orm";
import type { Db } from "./index";
import { cases, decisionVersions, ficheDispatches, patients } from "./schema";

/**
 * Patients of these RCPs (`null`: every RCP) with a stored lesion map (a snapshot or updates). Not
 * board_lesions: that read model is written when a live room stores, so a board never opened
 * since the seed or a restore would be missed.
 */
export function patientsWithStoredBoard(db: Db, rcpIds: readonly number[] | null) {
  if (rcpIds !== null && rcpIds.length === 0) return [];
  const stored = sql`${patients.id} IN (SELECT patient_id FROM board_snapshots UNION SELECT patient_id FROM board_updates)`;
  return db
    .select()
    .from(patients)
    .where(and(rcpIds === null ? undefined : inArray(patients.rcpId, [...rcpIds]), stored))
    .orderBy(asc(patients.id))
    .all();
}

/**
 * The latest signed version of each case of these RCPs that has never been sent (no
 * fiche_dispatches row): an older version replaced by a correction is no longer the one to send.
 */
export function decisionsAwaitingFiche(db: Db, rcpIds: readonly number[] | null) {
  if (rcpIds !== null && rcpIds.length === 0) return [];
  const later = db
    .select({ one: sql`1` })
    .from(sql`decision_versions AS later`)
    .where(
      sql`later.case_id = ${decisionVersions.caseId} AND later.version > ${decisionVersions.version}`,
    );
  const sent = db
    .select({ one: sql`1` })
    .from(ficheDispatches)
    .where(eq(ficheDispatches.decisionVersionId, decisionVersions.id));
  return db
    .select({
      versionId: decisionVersions.id,
      version: decisionVersions.version,
      signedAt: decisionVersions.signedAt,
      case: cases,
      patient: patients,
    })
    .from(decisionVersions)
    .innerJoin(cases, eq(cases.id, decisionVersions.caseId))
    .innerJoin(patients, eq(patients.id, decisionVersions.patientId))
    .where(
      and(
        rcpIds === null ? undefined : inArray(patients.rcpId, [...rcpIds]),
        notExists(later),
        notExists(sent),
      ),
    )
    .orderBy(asc(decisionVersions.signedAt))
    .all();
}
