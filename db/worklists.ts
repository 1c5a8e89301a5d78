// Read-only queries of the worklists (issue 12 §4) that cross aggregates: the projected lesions
// of the surgeon's list, which signed decisions still wait for their fiche to be sent, and the
// oncologist's list (patients, BTA events, actions waiting) in a fixed number of queries.
import { and, asc, desc, eq, inArray, notExists, type SQL, sql } from "drizzle-orm";
import type { Db } from "./index";
import { foldForSearch } from "./like";
import {
  boardLesions,
  btaEvents,
  cases,
  decisionVersions,
  ficheDispatches,
  patients,
  planItems,
} from "./schema";

const surgeonLesionColumns = {
  patient: {
    id: patients.id,
    lastName: patients.lastName,
    firstName: patients.firstName,
    hospitalId: patients.hospitalId,
  },
  lesionId: boardLesions.lesionId,
  siteId: boardLesions.siteId,
  side: boardLesions.side,
  worstRisk: boardLesions.worstRisk,
  scores: sql<string>`${boardLesions.scores}`,
};

// A surgical flag recorded by the projection (server/collab/projection.ts), in its own column so
// board_lesions_surgical_sort_idx serves the filter, the order and the count (decision 120).
const flagged = eq(boardLesions.surgical, true);
// Any surgical or interventional item for the lesion, whatever its state: it was decided (103).
const decided = sql`EXISTS (SELECT 1 FROM plan_items pi WHERE pi.patient_id = ${boardLesions.patientId}
  AND pi.lesion_id = ${boardLesions.lesionId} AND (pi.action LIKE 'surgery.%' OR pi.action LIKE 'ir.%'))`;

const ofRcps = (rcpIds: readonly number[] | null) =>
  rcpIds === null ? undefined : inArray(patients.rcpId, [...rcpIds]);

/**
 * The projected lesions with a surgical flag and no surgical item (the surgeon's "not decided"
 * rows, decision 103) of these RCPs' patients (`null`: every RCP), riskiest first (the engine's
 * sortKey), at most `limit`: the list is paged in SQL (decision 118). `scores` is the JSON text
 * the projection wrote (parsed by the caller). Call after the stale projections were refreshed.
 */
export function undecidedSurgicalLesions(db: Db, rcpIds: readonly number[] | null, limit: number) {
  if (rcpIds !== null && rcpIds.length === 0) return [];
  return db
    .select(surgeonLesionColumns)
    .from(boardLesions)
    .innerJoin(patients, eq(patients.id, boardLesions.patientId))
    .where(and(ofRcps(rcpIds), flagged, sql`NOT ${decided}`))
    .orderBy(desc(boardLesions.sortKey), asc(boardLesions.patientId), asc(boardLesions.lesionId))
    .limit(limit)
    .all();
}

/** How many lesions undecidedSurgicalLesions would list without a limit. */
export function countUndecidedSurgicalLesions(db: Db, rcpIds: readonly number[] | null): number {
  if (rcpIds !== null && rcpIds.length === 0) return 0;
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(boardLesions)
    .innerJoin(patients, eq(patients.id, boardLesions.patientId))
    .where(and(ofRcps(rcpIds), flagged, sql`NOT ${decided}`))
    .get();
  return row?.n ?? 0;
}

/** The projected lesions that open plan items name (patient id, lesion id), in one query. */
export function projectedLesionsOf(
  db: Db,
  keys: readonly { patientId: number; lesionId: string }[],
) {
  if (keys.length === 0) return [];
  const wanted = JSON.stringify(keys.map((k) => [k.patientId, k.lesionId]));
  return db
    .select(surgeonLesionColumns)
    .from(boardLesions)
    .innerJoin(patients, eq(patients.id, boardLesions.patientId))
    .where(
      sql`(${boardLesions.patientId}, ${boardLesions.lesionId}) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${wanted}))`,
    )
    .all();
}

/** The latest case (highest id) of each of these patients, in one query. */
export function latestCaseOfPatients(db: Db, patientIds: readonly number[]): Map<number, number> {
  if (patientIds.length === 0) return new Map();
  const rows = db
    .select({ patientId: cases.patientId, caseId: sql<number>`MAX(${cases.id})` })
    .from(cases)
    .where(sql`${cases.patientId} IN (SELECT value FROM json_each(${JSON.stringify(patientIds)}))`)
    .groupBy(cases.patientId)
    .all();
  return new Map(rows.map((r) => [r.patientId, r.caseId]));
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

export interface OncologistWorklistQuery {
  /** The user's RCPs (`null`: every RCP). */
  rcpIds: readonly number[] | null;
  /**
   * Only patients with a case whose referring physician contains this name (case and accents
   * ignored: cases.referring_physician is free text such as "Dr Anne Leroy (oncologie)",
   * decision 107); null: every patient of the RCPs.
   */
  referrer: string | null;
  /** Open plan items assigned to these specialties are actions waiting for the user. */
  specialties: readonly string[];
}

/**
 * Everything the oncologist's worklist needs but the events themselves, in four queries whatever
 * the number of patients (no query per patient): the patients with their latest case, the id of
 * each one's last BTA event, their open plan items for these specialties, and the latest signed
 * versions whose systemic part changes the BTA sequence (the use case drops those a BTA event
 * carried out: bta_events.decision_version_id has no index, the events are replayed anyway).
 * bta_events is append-only (triggers, migration 0003) with ids never reused, so a patient's last
 * event id names their whole event list: the use case reads the events (`btaEventsOfPatients`)
 * only of the patients whose last id differs from what it replayed before (decision 138).
 */
export function oncologistWorklistFacts(db: Db, q: OncologistWorklistQuery) {
  const empty = { patients: [], lastEvents: [], items: [], systemic: [] };
  if (q.rcpIds !== null && q.rcpIds.length === 0) return empty;
  const conditions: (SQL | undefined)[] = [
    q.rcpIds === null ? undefined : inArray(patients.rcpId, [...q.rcpIds]),
  ];
  if (q.referrer !== null) {
    const folded = foldForSearch(q.referrer.trim());
    if (folded === "") return empty;
    conditions.push(
      sql`"patients"."id" IN (SELECT patient_id FROM cases WHERE instr(search_fold(referring_physician), ${folded}) > 0)`,
    );
  }
  const where = and(...conditions);
  // The same patients as a subquery, so the other three queries use their patient indexes.
  const chosen = db.select({ id: patients.id }).from(patients).where(where);
  const patientRows = db
    .select({
      patient: patients,
      // Spelled out: drizzle may render ${patients.id} unqualified, which inside this subquery
      // would name cases.id.
      latestCaseId: sql<
        number | null
      >`(SELECT max(c.id) FROM cases c WHERE c.patient_id = "patients"."id")`,
    })
    .from(patients)
    .where(where)
    .orderBy(asc(patients.id))
    .all();
  // The covering index (patient_id, date, id) answers it without reading an event row.
  const lastEvents = db
    .select({ patientId: btaEvents.patientId, lastEventId: sql<number>`max(${btaEvents.id})` })
    .from(btaEvents)
    .where(inArray(btaEvents.patientId, chosen))
    .groupBy(btaEvents.patientId)
    .all();
  const items =
    q.specialties.length === 0
      ? []
      : db
          .select()
          .from(planItems)
          .where(
            and(
              inArray(planItems.patientId, chosen),
              inArray(planItems.state, ["planned", "scheduled"]),
              inArray(planItems.responsibleSpecialty, [...q.specialties]),
            ),
          )
          .orderBy(asc(planItems.id))
          .all();
  const later = db
    .select({ one: sql`1` })
    .from(sql`decision_versions AS later`)
    .where(
      sql`later.case_id = ${decisionVersions.caseId} AND later.version > ${decisionVersions.version}`,
    );
  // body is the signed-version envelope (app/domain/decision/version.ts): the decision is `decision`.
  const action = sql<string>`json_extract(${decisionVersions.body}, '$.decision.systemic.action')`;
  const systemic = db
    .select({
      versionId: decisionVersions.id,
      caseId: decisionVersions.caseId,
      patientId: decisionVersions.patientId,
      version: decisionVersions.version,
      signedAt: decisionVersions.signedAt,
      decidedOn: sql<string>`json_extract(${decisionVersions.body}, '$.decision.decidedOn')`,
      action,
    })
    .from(decisionVersions)
    .where(
      and(
        inArray(decisionVersions.patientId, chosen),
        // "no BTA" and "continue" ask nothing new of the prescriber.
        sql`${action} NOT IN ('noBta', 'continue')`,
        notExists(later),
      ),
    )
    .orderBy(asc(decisionVersions.signedAt))
    .all();
  return { patients: patientRows, lastEvents, items, systemic };
}

/** Ids per query: far below SQLite's limit on bound parameters (32,766). */
const IDS_PER_QUERY = 1000;

/** These patients' BTA events, in replay order (patient, date, id). */
export function btaEventsOfPatients(db: Db, patientIds: readonly number[]) {
  const ids = [...patientIds].sort((a, b) => a - b);
  const rows: (typeof btaEvents.$inferSelect)[] = [];
  for (let from = 0; from < ids.length; from += IDS_PER_QUERY) {
    const chunk = db
      .select()
      .from(btaEvents)
      .where(inArray(btaEvents.patientId, ids.slice(from, from + IDS_PER_QUERY)))
      .orderBy(asc(btaEvents.patientId), asc(btaEvents.date), asc(btaEvents.id))
      .all();
    for (const row of chunk) rows.push(row);
  }
  return rows;
}
