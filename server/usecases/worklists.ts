// The oncologist's worklist (issue 12 §4, decision 107): their patients' BTA doses and
// reassessments due or overdue, the engine's follow-up warnings with their source, and the signed
// decisions waiting for their action. One function, so the benchmark measures what the page does.
import type { BtaFollowUpWarning } from "../../app/domain/bta";
import type { SystemicAction } from "../../app/domain/decision/schema";
import { isOverdue } from "../../app/domain/plans";
import { patientDisplayName } from "../../app/domain/records/patient";
import {
  type BtaDue,
  byOncologistPriority,
  nextBtaDue,
  type OncologistFilter,
} from "../../app/domain/worklists";
import type { BtaEventRow } from "../../db/btaEvents";
import type { Sqlite } from "../../db/index";
import type { PatientRow } from "../../db/patients";
import type { PlanItemRow } from "../../db/planItems";
import { btaEventsOfPatients, oncologistWorklistFacts } from "../../db/worklists";
import { type BtaSequenceView, btaSequenceOf } from "./bta";
import { createWriteCache } from "./cache";
import { type AppContext, todayOf } from "./context";

/** Plan items of this specialty are every oncologist's to follow (issue 12 §4). */
const ONCOLOGY = "medical_oncology";

export interface OncologistRow {
  patient: { id: number; name: string; hospitalId: string };
  /** The latest case: its board is what the row opens. */
  caseId: number | null;
  next: BtaDue | null;
  warnings: BtaFollowUpWarning[];
  /** Signed systemic decisions no BTA event has carried out yet. */
  systemic: { caseId: number; version: number; decidedOn: string; action: SystemicAction }[];
  items: (PlanItemRow & { overdue: boolean })[];
  overdue: boolean;
  dueDate: string | null;
}

export interface OncologistUser {
  displayName: string;
  specialty: string | null;
}

const SYSTEMIC: readonly string[] = ["initiate", "pause", "resume", "switch", "stop"];
const isSystemicAction = (a: string): a is SystemicAction => SYSTEMIC.includes(a);

const oncologistCache = createWriteCache<OncologistRow[]>();

/**
 * Each patient's replayed sequence, kept with what it was replayed from (decision 138): the
 * patient's row, the id of their last BTA event (bta_events is append-only, ids never reused: the
 * last id names the whole list) and the day. After a write, only the patients whose inputs
 * changed are read and replayed again; the others keep theirs. Per database, like the caches.
 */
interface ReplayedSequence {
  patient: string;
  lastEventId: number;
  today: string;
  followUp: BtaSequenceView["followUp"];
  /** Signed versions this patient's events carried out (their systemic act is done). */
  carriedOut: number[];
}
const replayed = new WeakMap<Sqlite, Map<number, ReplayedSequence>>();

/** The follow-up of each of these patients today, replaying only those whose inputs changed. */
function followUpsOf(
  ctx: AppContext,
  patients: readonly PatientRow[],
  lastEventOf: ReadonlyMap<number, number>,
  today: string,
): Map<number, ReplayedSequence> {
  let kept = replayed.get(ctx.sqlite);
  if (!kept) {
    kept = new Map();
    replayed.set(ctx.sqlite, kept);
  }
  const result = new Map<number, ReplayedSequence>();
  const stale: { patient: PatientRow; row: string; lastEventId: number }[] = [];
  for (const patient of patients) {
    const row = JSON.stringify(patient);
    const lastEventId = lastEventOf.get(patient.id) ?? 0;
    const known = kept.get(patient.id);
    if (
      known &&
      known.patient === row &&
      known.lastEventId === lastEventId &&
      known.today === today
    )
      result.set(patient.id, known);
    else stale.push({ patient, row, lastEventId });
  }
  const withEvents = stale.filter((s) => s.lastEventId !== 0).map((s) => s.patient.id);
  const eventsOf = groupBy(btaEventsOfPatients(ctx.db, withEvents), (e) => e.patientId);
  for (const { patient, row, lastEventId } of stale) {
    const events = eventsOf.get(patient.id) ?? ([] as BtaEventRow[]);
    const sequence: ReplayedSequence = {
      patient: row,
      lastEventId,
      today,
      followUp: btaSequenceOf(patient, events, today).followUp,
      carriedOut: [
        ...new Set(
          events.flatMap((e) => (e.decisionVersionId === null ? [] : [e.decisionVersionId])),
        ),
      ],
    };
    kept.set(patient.id, sequence);
    result.set(patient.id, sequence);
  }
  return result;
}

/** One page of the oncologist's list: rows `offset` to `offset + limit` (decision 120). */
export interface OncologistPage {
  offset: number;
  limit: number;
}

/** 50 rows a page, as the surgeon's list: the list of every patient had 3,823 rows (decision 120). */
export const ONCOLOGIST_PAGE_SIZE = 50;

export interface OncologistWorklist {
  rows: OncologistRow[];
  /** Rows of the whole list, every page. */
  total: number;
}

/**
 * A page of the list. The whole list is recomputed only after a write to the database (decision
 * 118) and kept once for every page: its order needs every patient's replayed sequence anyway.
 */
export function oncologistWorklist(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  user: OncologistUser,
  filter: OncologistFilter,
  page: OncologistPage = { offset: 0, limit: ONCOLOGIST_PAGE_SIZE },
): OncologistWorklist {
  const key = JSON.stringify([rcpIds, user.displayName, user.specialty, filter, todayOf(ctx)]);
  const all = oncologistCache(ctx.sqlite, key, () => oncologistRows(ctx, rcpIds, user, filter));
  return { rows: all.slice(page.offset, page.offset + page.limit), total: all.length };
}

function oncologistRows(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  user: OncologistUser,
  filter: OncologistFilter,
): OncologistRow[] {
  const today = todayOf(ctx);
  const specialties = [...new Set([ONCOLOGY, ...(user.specialty ? [user.specialty] : [])])];
  const facts = oncologistWorklistFacts(ctx.db, {
    rcpIds,
    referrer: filter.scope === "mine" ? user.displayName : null,
    specialties,
  });
  const sequences = followUpsOf(
    ctx,
    facts.patients.map((p) => p.patient),
    new Map(facts.lastEvents.map((e) => [e.patientId, e.lastEventId])),
    today,
  );
  const itemsOf = groupBy(facts.items, (i) => i.patientId);
  const carriedOut = new Set([...sequences.values()].flatMap((s) => s.carriedOut));
  const systemicOf = groupBy(
    facts.systemic.filter((s) => !carriedOut.has(s.versionId)),
    (s) => s.patientId,
  );
  const rows: OncologistRow[] = [];
  for (const { patient, latestCaseId } of facts.patients) {
    const followUp = sequences.get(patient.id)?.followUp;
    if (!followUp) continue;
    const next = nextBtaDue(followUp, today, filter.within);
    const items = (itemsOf.get(patient.id) ?? []).map((i) => ({
      ...i,
      overdue: isOverdue(i, today),
    }));
    const systemic = (systemicOf.get(patient.id) ?? []).flatMap((s) =>
      isSystemicAction(s.action)
        ? [{ caseId: s.caseId, version: s.version, decidedOn: s.decidedOn, action: s.action }]
        : [],
    );
    const warnings = followUp.warnings;
    const dueNow = next !== null && next.status !== "later";
    if (!dueNow && warnings.length === 0 && items.length === 0 && systemic.length === 0) continue;
    const dates = [
      ...(dueNow ? [next.date] : []),
      ...items.flatMap((i) => {
        const d = i.scheduledDate ?? i.targetDate;
        return d ? [d] : [];
      }),
      ...systemic.map((s) => s.decidedOn),
    ].sort();
    // A waiting systemic decision is dated by its meeting but has no deadline of its own: it
    // orders the row, it does not make it overdue.
    const overdue = next?.status === "overdue" || items.some((i) => i.overdue);
    rows.push({
      patient: {
        id: patient.id,
        name: patientDisplayName(patient),
        hospitalId: patient.hospitalId,
      },
      caseId: latestCaseId,
      next,
      warnings,
      systemic,
      items,
      overdue,
      dueDate: dates[0] ?? null,
    });
  }
  // Each row's sort key made once, not two copies of the row at each comparison.
  return rows
    .map((row) => ({ row, key: { ...row, patientName: row.patient.name } }))
    .sort((a, b) => byOncologistPriority(a.key, b.key))
    .map(({ row }) => row);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}
