// Signed decision versions (decision 093): append-only rows, never updated (migration 0004
// triggers). Queries only; the use case opens the transaction.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "./index";
import { agendaItems, decisionVersions, ficheDispatches, meetings } from "./schema";

export type DecisionVersionRow = typeof decisionVersions.$inferSelect;
export type NewDecisionVersionRow = typeof decisionVersions.$inferInsert;
/** A version without its board bytes: what lists and pages read. */
export type DecisionVersionMeta = Omit<DecisionVersionRow, "boardState">;

const META = {
  id: decisionVersions.id,
  caseId: decisionVersions.caseId,
  patientId: decisionVersions.patientId,
  meetingId: decisionVersions.meetingId,
  version: decisionVersions.version,
  body: decisionVersions.body,
  boardSha256: decisionVersions.boardSha256,
  quorumMet: decisionVersions.quorumMet,
  correctionReason: decisionVersions.correctionReason,
  signedBy: decisionVersions.signedBy,
  signedAt: decisionVersions.signedAt,
};

export function insertDecisionVersion(db: Db, row: NewDecisionVersionRow): DecisionVersionMeta {
  return db.insert(decisionVersions).values(row).returning(META).get();
}

/** Every version of a case's decision, oldest first. */
export function listDecisionVersions(db: Db, caseId: number): DecisionVersionMeta[] {
  return db
    .select(META)
    .from(decisionVersions)
    .where(eq(decisionVersions.caseId, caseId))
    .orderBy(asc(decisionVersions.version))
    .all();
}

export function latestDecisionVersion(db: Db, caseId: number): DecisionVersionMeta | undefined {
  return db
    .select(META)
    .from(decisionVersions)
    .where(eq(decisionVersions.caseId, caseId))
    .orderBy(desc(decisionVersions.version))
    .limit(1)
    .get();
}

export function getDecisionVersion(
  db: Db,
  caseId: number,
  version: number,
): DecisionVersionRow | undefined {
  return db
    .select()
    .from(decisionVersions)
    .where(and(eq(decisionVersions.caseId, caseId), eq(decisionVersions.version, version)))
    .get();
}

/** The bodies of these versions by row id (the conditions a planned BTA act carries, decision 119). */
export function decisionVersionBodies(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: decisionVersions.id, body: decisionVersions.body })
    .from(decisionVersions)
    .where(inArray(decisionVersions.id, [...ids]))
    .all();
}

/** The latest version of each of these cases (for an agenda or a worklist). */
export function latestVersionsOfCases(
  db: Db,
  caseIds: readonly number[],
): Map<number, DecisionVersionMeta> {
  const out = new Map<number, DecisionVersionMeta>();
  if (caseIds.length === 0) return out;
  const rows = db
    .select(META)
    .from(decisionVersions)
    .where(inArray(decisionVersions.caseId, [...caseIds]))
    .orderBy(asc(decisionVersions.version))
    .all();
  for (const r of rows) out.set(r.caseId, r);
  return out;
}

export function insertFicheDispatch(
  db: Db,
  decisionVersionId: number,
  sentBy: number,
  sentAt: string,
) {
  return db.insert(ficheDispatches).values({ decisionVersionId, sentBy, sentAt }).returning().get();
}

export function listFicheDispatches(db: Db, decisionVersionId: number) {
  return db
    .select()
    .from(ficheDispatches)
    .where(eq(ficheDispatches.decisionVersionId, decisionVersionId))
    .orderBy(asc(ficheDispatches.id))
    .all();
}

/** Open meetings with this case on their agenda (not postponed): where it can be signed now. */
export function openMeetingsOfCase(db: Db, caseId: number) {
  return db
    .select({
      meetingId: meetings.id,
      date: meetings.date,
      time: meetings.time,
      chairUserId: meetings.chairUserId,
      outcome: agendaItems.outcome,
    })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(and(eq(agendaItems.caseId, caseId), eq(meetings.status, "open")))
    .all()
    .filter((m) => m.outcome !== "postponed");
}
