// Local-treatment plan items of signed decisions (issue 12 §2): schedule, mark done, cancel, and
// the two worklists that act on them (issue 12 §4: the surgeon's, the coordinator's). Each change
// is one transaction with its audit row; the kernel's state machine (app/domain/plans) decides
// whether it is legal, and a refusal writes nothing (decision 102).
import { type Label, type RiskLevel, RiskLevelSchema } from "../../app/domain/common";
import { compareIsoDates } from "../../app/domain/dates";
import type { Readiness } from "../../app/domain/meeting/readiness";
import {
  applyPlanItemChange,
  isOverdue,
  type PlanItemChange,
  type PlanItemStatus,
} from "../../app/domain/plans";
import { patientDisplayName } from "../../app/domain/records/patient";
import { writeAudit } from "../../db/audit";
import { createCollabStore } from "../../db/collab";
import { latestVersionsOfCases } from "../../db/decisions";
import { agendaWithCases, listMeetingRows } from "../../db/meetings";
import {
  getPlanItem,
  overduePlanItems,
  type PlanItemRow,
  type PlanItemWithCase,
  planItemWithCase,
  surgicalPlanItems,
  updatePlanItemStatus,
} from "../../db/planItems";
import {
  countUndecidedSurgicalLesions,
  decisionsAwaitingFiche,
  latestCaseOfPatients,
  projectedLesionsOf,
  undecidedSurgicalLesions,
} from "../../db/worklists";
import { ProjectedScoresSchema, refreshStaleProjections } from "../collab/projection";
import { createWriteCache } from "./cache";
import { type AppContext, todayOf } from "./context";
import { readinessOfCases } from "./readiness";
import { notFound, Refusal } from "./refusal";

export type { PlanItemRow };

/** A plan item with its case and patient, for the route's RCP check (404 outside the user's). */
export function findPlanItem(ctx: AppContext, planItemId: number): PlanItemWithCase | undefined {
  return planItemWithCase(ctx.db, planItemId);
}

/** The form field each change is about: the 409 names it. */
const FIELD_OF: Record<PlanItemChange["type"], string> = {
  schedule: "scheduledDate",
  complete: "doneDate",
  cancel: "cancelReason",
};

function statusOf(row: PlanItemRow): PlanItemStatus {
  return {
    state: row.state,
    targetDate: row.targetDate,
    scheduledDate: row.scheduledDate,
    doneDate: row.doneDate,
    cancelReason: row.cancelReason,
  };
}

function changePlanItem(
  ctx: AppContext,
  actorId: number,
  planItemId: number,
  change: PlanItemChange,
): PlanItemRow {
  return ctx.db.transaction((tx) => {
    const row = getPlanItem(tx, planItemId);
    if (!row) throw notFound();
    const before = statusOf(row);
    const t = applyPlanItemChange(before, change);
    if (!t.ok) {
      const error = { field: FIELD_OF[change.type], code: "errors.plan_refused", reason: t.reason };
      // A blank reason is a field to fill (400); a change the item's state forbids is a 409.
      throw new Refusal(t.code === "reasonRequired" ? "invalid" : "conflict", [error]);
    }
    const { state, scheduledDate, doneDate, cancelReason } = t.item;
    const after = updatePlanItemStatus(
      tx,
      planItemId,
      { state, scheduledDate, doneDate, cancelReason },
      ctx.now().toISOString(),
    );
    writeAudit(tx, {
      userId: actorId,
      entity: "case",
      entityId: row.caseId,
      action: `planItem.${change.type}`,
      // Flat, so the audit page labels each field (app/components/AuditChange.tsx).
      before: { planItemId, action: row.action, lesionId: row.lesionId, ...before },
      after: { planItemId, action: row.action, lesionId: row.lesionId, ...t.item },
    });
    return after;
  });
}

export const scheduleItem = (ctx: AppContext, actorId: number, id: number, date: string) =>
  changePlanItem(ctx, actorId, id, { type: "schedule", date });

export const completeItem = (ctx: AppContext, actorId: number, id: number, date: string) =>
  changePlanItem(ctx, actorId, id, { type: "complete", date });

export const cancelItem = (ctx: AppContext, actorId: number, id: number, reason: string) =>
  changePlanItem(ctx, actorId, id, { type: "cancel", reason });

// ---- The surgeon's worklist (decision 103) ----

export interface SurgeonRow {
  patient: { id: number; name: string; hospitalId: string };
  /** The case whose board and decision the row links to (the item's, else the latest case). */
  caseId: number | null;
  lesionId: string;
  siteId: string | null;
  side: string | null;
  worstRisk: RiskLevel | null;
  /** The engine's flags that propose an operation (treatmentTriggers), with their words. */
  surgicalFlags: { id: string; label: Label }[];
  mirels: number | string | null;
  sins: number | string | null;
  escc: number | string | null;
  failureLoad_N: number | null;
  /** The FE strength loss against the comparator, % (decision 086), when an analysis is attached. */
  strengthLoss_pct: number | null;
  item: PlanItemRow | null;
  overdue: boolean;
  lastDecision: { version: number; signedAt: string } | null;
  /** Larger = more urgent (the engine's LesionRiskSummary.sortKey); lesions off the board last. */
  sortKey: number;
}

function dueDate(item: PlanItemRow | null): string | null {
  return item ? (item.scheduledDate ?? item.targetDate) : null;
}

/** Riskiest first (engine sort key), then the earliest due date (items without a date last). */
export function bySurgeonPriority(a: SurgeonRow, b: SurgeonRow): number {
  if (a.sortKey !== b.sortKey) return b.sortKey - a.sortKey;
  const da = dueDate(a.item);
  const db = dueDate(b.item);
  if (da === null || db === null) return da === db ? 0 : da === null ? 1 : -1;
  return compareIsoDates(da, db);
}

/** One page of the surgeon's list: rows `offset` to `offset + limit` (decision 118). */
export interface SurgeonPage {
  offset: number;
  limit: number;
}

export interface SurgeonWorklist {
  rows: SurgeonRow[];
  /** Rows of the whole list, every page. */
  total: number;
}

/** A page of 50 rows: a surgeon reads the riskiest first; 10,000 rows would not render fast, and 50 rows render in half the time of 100 (decision 120). */
export const SURGEON_PAGE_SIZE = 50;

/**
 * Lesions with an operation proposed by the engine and not yet decided, and the open surgical or
 * interventional plan items (`surgery.*`, `ir.*`) of signed decisions. A lesion whose surgical
 * item is done or cancelled leaves the list: the board answered the trigger (decision 103).
 * Read from the board read model, first brought up to date for every patient whose stored map or
 * risk context moved on since its projection (decision 118), so a board nobody opened since the
 * seed or a restore is listed as 103 requires. Paged: the undecided lesions are sorted and cut in
 * SQL, the open items (a few per signed decision) merged in memory.
 */
export function surgeonWorklist(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  page: SurgeonPage = { offset: 0, limit: SURGEON_PAGE_SIZE },
): SurgeonWorklist {
  // Recomputed only after a write to the database (decision 118).
  const key = JSON.stringify([rcpIds, page, todayOf(ctx)]);
  return surgeonCache(ctx.sqlite, key, () => surgeonRows(ctx, rcpIds, page));
}

const surgeonCache = createWriteCache<SurgeonWorklist>();

function surgeonRows(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  page: SurgeonPage,
): SurgeonWorklist {
  const today = todayOf(ctx);
  refreshStaleProjections(createCollabStore(ctx.sqlite), rcpIds, ctx.now().toISOString(), () => {
    // Skipped lesions are logged by the live room and the rebuild; the list shows the others.
  });
  const open = surgicalPlanItems(ctx.db, rcpIds).filter(
    (i) => i.item.state === "planned" || i.item.state === "scheduled",
  );
  const parse = (l: ReturnType<typeof projectedLesionsOf>[number]) => ({
    ...l,
    scores: ProjectedScoresSchema.parse(JSON.parse(l.scores)),
  });
  const named = new Map(
    projectedLesionsOf(
      ctx.db,
      open.map((i) => ({ patientId: i.patient.id, lesionId: i.item.lesionId })),
    ).map((l) => [`${l.patient.id}:${l.lesionId}`, parse(l)]),
  );
  const undecided = undecidedSurgicalLesions(ctx.db, rcpIds, page.offset + page.limit).map(parse);

  type Lesion = ReturnType<typeof parse>;
  const rowOf = (
    patient: Lesion["patient"],
    lesionId: string,
    lesion: Lesion | undefined,
    item: PlanItemRow | null,
  ): SurgeonRow => {
    const s = lesion?.scores;
    return {
      patient: {
        id: patient.id,
        name: patientDisplayName(patient),
        hospitalId: patient.hospitalId,
      },
      caseId: item?.caseId ?? null,
      lesionId,
      siteId: lesion?.siteId ?? null,
      side: lesion?.side ?? null,
      worstRisk: lesion ? RiskLevelSchema.parse(lesion.worstRisk) : null,
      surgicalFlags: s?.surgicalFlags ?? [],
      mirels: s?.mirels?.value ?? null,
      sins: s?.sins?.value ?? null,
      escc: s?.escc?.value ?? null,
      failureLoad_N: s?.failureLoad_N ?? null,
      strengthLoss_pct: s?.strengthLoss_pct ?? null,
      item,
      overdue: item ? isOverdue(item, today) : false,
      lastDecision: null,
      sortKey: s?.sortKey ?? Number.NEGATIVE_INFINITY,
    };
  };
  // Items first on a tie (a stable sort keeps this order), as before the paging.
  const all = [
    ...open.map((i) =>
      rowOf(i.patient, i.item.lesionId, named.get(`${i.patient.id}:${i.item.lesionId}`), i.item),
    ),
    ...undecided.map((l) => rowOf(l.patient, l.lesionId, l, null)),
  ].sort(bySurgeonPriority);
  const rows = all.slice(page.offset, page.offset + page.limit);

  const latestCase = latestCaseOfPatients(
    ctx.db,
    rows.filter((r) => r.caseId === null).map((r) => r.patient.id),
  );
  for (const r of rows) r.caseId ??= latestCase.get(r.patient.id) ?? null;
  const caseIds = [...new Set(rows.map((r) => r.caseId).filter((id) => id !== null))];
  const latest = latestVersionsOfCases(ctx.db, caseIds);
  for (const r of rows) {
    const v = r.caseId === null ? undefined : latest.get(r.caseId);
    r.lastDecision = v ? { version: v.version, signedAt: v.signedAt } : null;
  }
  return { rows, total: open.length + countUndecidedSurgicalLesions(ctx.db, rcpIds) };
}

// ---- The coordinator's worklist ----

export interface CoordinatorWorklist {
  /** The next planned meeting of each of the user's RCPs, with the readiness of its agenda. */
  meetings: {
    id: number;
    rcpName: string;
    date: string;
    time: string;
    cases: {
      caseId: number;
      patient: { id: number; name: string };
      readiness: Readiness;
    }[];
  }[];
  fichesToSend: {
    caseId: number;
    version: number;
    signedAt: string;
    patient: { id: number; name: string };
  }[];
  overdue: { item: PlanItemRow; patient: { id: number; name: string } }[];
}

const coordinatorCache = createWriteCache<CoordinatorWorklist>();

/** Recomputed only after a write to the database (decision 118). */
export function coordinatorWorklist(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
): CoordinatorWorklist {
  const key = JSON.stringify([rcpIds, todayOf(ctx)]);
  return coordinatorCache(ctx.sqlite, key, () => coordinatorLists(ctx, rcpIds));
}

function coordinatorLists(ctx: AppContext, rcpIds: readonly number[] | null): CoordinatorWorklist {
  const today = todayOf(ctx);
  const next = new Map<number, ReturnType<typeof listMeetingRows>[number]>();
  // listMeetingRows is latest first: the last planned one from today on is the next.
  for (const m of listMeetingRows(ctx.db, rcpIds))
    if (m.meeting.status === "planned" && compareIsoDates(m.meeting.date, today) >= 0)
      next.set(m.meeting.rcpId, m);
  const meetings = [...next.values()]
    .sort((a, b) => compareIsoDates(a.meeting.date, b.meeting.date))
    .map(({ meeting, rcpName }) => {
      const agenda = agendaWithCases(ctx.db, meeting.id).filter(
        (a) => a.item.outcome === "pending",
      );
      const readiness = readinessOfCases(
        ctx,
        agenda.map((a) => a.case.id),
      );
      return {
        id: meeting.id,
        rcpName,
        date: meeting.date,
        time: meeting.time,
        cases: agenda.flatMap((a) => {
          const r = readiness.get(a.case.id);
          return r
            ? [
                {
                  caseId: a.case.id,
                  patient: { id: a.patient.id, name: patientDisplayName(a.patient) },
                  readiness: r,
                },
              ]
            : [];
        }),
      };
    });
  const fichesToSend = decisionsAwaitingFiche(ctx.db, rcpIds).map((d) => ({
    caseId: d.case.id,
    version: d.version,
    signedAt: d.signedAt,
    patient: { id: d.patient.id, name: patientDisplayName(d.patient) },
  }));
  const overdue = overduePlanItems(ctx.db, rcpIds, today).map((o) => ({
    item: o.item,
    patient: { id: o.patient.id, name: patientDisplayName(o.patient) },
  }));
  return { meetings, fichesToSend, overdue };
}
