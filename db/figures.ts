// Rows of the centre's figures (issue 12 §6): one aggregate-friendly query per kind of fact, over
// every patient of the visible RCPs (and of one primary cancer when asked), never one per patient.
// The kernel (app/domain/analytics) applies the period and computes the figures.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "./index";
import { decisionVersions, patients, planItems, skeletalEvents } from "./schema";

export interface FiguresScope {
  /** RCPs the reader may see; null: every RCP (admin). */
  rcpIds: readonly number[] | null;
  /** CancerType (app/domain/records/cancer.ts), or undefined for every primary. */
  cancer: string | undefined;
}

function patientScope(scope: FiguresScope): SQL | undefined {
  return and(
    scope.rcpIds === null ? undefined : inArray(patients.rcpId, [...scope.rcpIds]),
    scope.cancer === undefined
      ? undefined
      : sql`json_extract(${patients.primaryCancer}, '$.type') = ${scope.cancer}`,
  );
}

const empty = (scope: FiguresScope) => scope.rcpIds !== null && scope.rcpIds.length === 0;

/**
 * Each patient's bone-metastasis diagnosis date and first BTA dose: one statement, the first dose
 * read from the index bta_events (patient_id, kind, date) by a correlated MIN (12 ms for 5,000
 * patients and 50,000 events, against 48 ms for a GROUP BY over the whole table: docs/performance.md).
 */
export function figurePatients(db: Db, scope: FiguresScope) {
  if (empty(scope)) return [];
  // The outer column is written out in full: drizzle renders a column of the main table unqualified
  // ("id"), which inside the subquery would name bta_events.id.
  const firstDose = sql<
    string | null
  >`(SELECT min(b.date) FROM bta_events AS b WHERE b.patient_id = "patients"."id" AND b.kind IN ('initiate', 'dose_given'))`;
  return db
    .select({
      patientId: patients.id,
      boneMetastasisDiagnosisDate: patients.boneMetastasisDiagnosisDate,
      firstBtaDoseDate: firstDose,
    })
    .from(patients)
    .where(patientScope(scope))
    .all();
}

export function figureSkeletalEvents(db: Db, scope: FiguresScope) {
  if (empty(scope)) return [];
  return db
    .select({
      patientId: skeletalEvents.patientId,
      kind: skeletalEvents.kind,
      date: skeletalEvents.date,
      planned: skeletalEvents.planned,
    })
    .from(skeletalEvents)
    .innerJoin(patients, eq(patients.id, skeletalEvents.patientId))
    .where(patientScope(scope))
    .all();
}

export function figurePlanItems(db: Db, scope: FiguresScope) {
  if (empty(scope)) return [];
  return db
    .select({
      targetDate: planItems.targetDate,
      state: planItems.state,
      doneDate: planItems.doneDate,
    })
    .from(planItems)
    .innerJoin(patients, eq(patients.id, planItems.patientId))
    .where(patientScope(scope))
    .all();
}

/** The version in force of each case: its latest signed version (a correction replaces it). */
export function figureDecisions(db: Db, scope: FiguresScope) {
  if (empty(scope)) return [];
  const later = sql`NOT EXISTS (SELECT 1 FROM decision_versions AS later WHERE later.case_id = ${decisionVersions.caseId} AND later.version > ${decisionVersions.version})`;
  return db
    .select({
      caseId: decisionVersions.caseId,
      signedAt: decisionVersions.signedAt,
      quorumMet: decisionVersions.quorumMet,
    })
    .from(decisionVersions)
    .innerJoin(patients, eq(patients.id, decisionVersions.patientId))
    .where(and(patientScope(scope), later))
    .all();
}
