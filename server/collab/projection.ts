// The board read model (ARCHITECTURE.md §3): board_lesions rows with the latest computed risk of
// every valid lesion, for worklists in plain SQL. Derived only: rebuildable from stored boards.
import type * as Y from "yjs";
import * as z from "zod";
import type { BoardLesion } from "../../app/domain/board/schema";
import { readBoard } from "../../app/domain/board/ydoc";
import { LabelSchema, type ScoreResult, scoreValue } from "../../app/domain/common";
import { riskContextOf } from "../../app/domain/risk/context";
import type { RiskContext } from "../../app/domain/risk/lesion";
import type { LesionRiskSummary } from "../../app/domain/risk/summary";
import { type TreatmentSuggestions, treatmentTriggers } from "../../app/domain/treatments/triggers";
import type { CollabStore, ProjectedLesionRow, ProjectionHeads } from "../../db/collab";
import { loadStoredBoardDoc } from "./history";

export interface ProjectionResult {
  rows: ProjectedLesionRow[];
  /** Lesions skipped because they do not match the board schema (ids and field paths only). */
  invalid: { lesionId: string; fields: string[] }[];
}

/** The engine's flags that propose an operation (a `surgery` option of the catalogue, decision 103). */
export function surgicalFlagsOf(
  t: TreatmentSuggestions,
): { id: string; label: z.infer<typeof LabelSchema> }[] {
  const by = new Set(
    t.options.filter((o) => o.treatment.category === "surgery").flatMap((o) => o.proposedBy),
  );
  return t.flags.filter((f) => by.has(f.id)).map((f) => ({ id: f.id, label: f.label }));
}

const ScorePickSchema = z
  .object({ kind: z.string(), value: z.union([z.number(), z.string()]), category: z.string() })
  .optional();

/**
 * What the surgeon's worklist reads back from board_lesions.scores (decision 118): parsed at that
 * boundary, since the column is JSON text. Other fields of the JSON are kept but not read there.
 */
export const ProjectedScoresSchema = z.object({
  sortKey: z.number(),
  mirels: ScorePickSchema,
  sins: ScorePickSchema,
  escc: ScorePickSchema,
  failureLoad_N: z.number().nullable(),
  strengthLoss_pct: z.number().nullable(),
  surgicalFlags: z.array(z.object({ id: z.string(), label: LabelSchema })),
});
export type ProjectedScores = z.infer<typeof ProjectedScoresSchema>;

/** Compact, SQL-friendly scores: kind, headline value and category, no rationale text. */
function scoresJson(lesion: BoardLesion, triggers: TreatmentSuggestions) {
  const summary: LesionRiskSummary = triggers.risk;
  const s = summary.scores;
  const pick = (r: ScoreResult | undefined) =>
    r ? { kind: r.kind, value: scoreValue(r), category: r.category } : undefined;
  const options = Object.values(lesion.options);
  return {
    sortKey: summary.sortKey,
    complete: summary.complete,
    fractureRule: summary.fracture.decidedBy?.ruleId ?? null,
    neuroRule: summary.neurological.decidedBy?.ruleId ?? null,
    mirels: pick(s.mirels),
    sins: pick(s.sins),
    escc: pick(s.escc),
    frankel: pick(s.frankel),
    asia: pick(s.asia),
    harrington: pick(s.harrington),
    cortical: pick(s.cortical),
    pain: pick(s.pain),
    failureLoad_N: lesion.fe?.failureLoad_N ?? null,
    // The FE strength loss against the comparator (decision 086), merged in by readBoard.
    strengthLoss_pct: lesion.feResult?.strengthLoss_pct ?? null,
    surgicalFlags: surgicalFlagsOf(triggers),
    retainedTreatments: options.filter((o) => o.status === "retained").map((o) => o.treatmentId),
    proposedTreatments: options.filter((o) => o.status === "proposed").map((o) => o.treatmentId),
  };
}

export function projectBoard(doc: Y.Doc, context: RiskContext): ProjectionResult {
  const board = readBoard(doc, null);
  const rows: ProjectedLesionRow[] = [];
  const invalid = [...board.invalid];
  for (const lesion of board.lesions) {
    try {
      // treatmentTriggers scores the lesion (its `risk` is lesionRiskSummary) and adds the flags.
      const triggers = treatmentTriggers(lesion, context);
      const summary = triggers.risk;
      const scores = scoresJson(lesion, triggers);
      rows.push({
        lesionId: lesion.id,
        siteId: lesion.siteId,
        side: lesion.side,
        lesionType: lesion.lesionType ?? null,
        fractureRisk: summary.fracture.level,
        neuroRisk: summary.neurological.level,
        painLevel: summary.pain.level,
        worstRisk: summary.worst,
        scores,
        surgical: scores.surgicalFlags.length > 0,
        sortKey: summary.sortKey,
      });
    } catch (err) {
      // The engine refused the input (DomainInputError names the field, never the value).
      const field = err instanceof Error && "field" in err ? String(err.field ?? "") : "";
      invalid.push({ lesionId: lesion.id, fields: [field || "(engine)"] });
    }
  }
  return { rows, invalid };
}

/** The same context the board page scores with (app/domain/risk/context.ts riskContextOf). */
export function riskContextFor(store: CollabStore, patientId: number): RiskContext {
  const row = store.patientRiskContext(patientId);
  if (!row) return {};
  return riskContextOf({
    patient: { weightKg: row.weightKg },
    rcp: { feFailureLoadBodyWeights: row.feFailureLoadBodyWeights },
  });
}

/**
 * Projects one patient's lesion map into board_lesions, with its marker (decision 118); returns
 * the number of rows written. `heads`: what `doc` holds, read before the doc was loaded (default:
 * now, right for a live room's doc, which holds every update stored so far).
 */
export function writeProjection(
  store: CollabStore,
  patientId: number,
  doc: Y.Doc,
  at: string,
  log: (m: string) => void,
  heads: ProjectionHeads = store.projectionHeads(patientId),
): number {
  const { rows, invalid } = projectBoard(doc, riskContextFor(store, patientId));
  for (const bad of invalid) {
    log(
      `projection patient ${patientId}: lesion ${bad.lesionId} skipped (${bad.fields.join(", ")})`,
    );
  }
  store.replaceLesions(patientId, rows, at, heads);
  return rows.length;
}

/** Projects one patient's stored map (latest snapshot + tail), as a board without a live room. */
export function projectStoredBoard(
  store: CollabStore,
  patientId: number,
  at: string,
  log: (m: string) => void,
): number {
  // Heads first: an update stored after them makes the marker stale, never falsely current.
  const heads = store.projectionHeads(patientId);
  const doc = loadStoredBoardDoc(store, patientId);
  try {
    return writeProjection(store, patientId, doc, at, log, heads);
  } finally {
    doc.destroy();
  }
}

/** Re-projects the patients (of these RCPs; null: all) whose projection is missing or behind. */
export function refreshStaleProjections(
  store: CollabStore,
  rcpIds: readonly number[] | null,
  at: string,
  log: (m: string) => void,
): number {
  const stale = store.staleProjections(rcpIds);
  for (const patientId of stale) projectStoredBoard(store, patientId, at, log);
  return stale.length;
}

/**
 * At server start: projects every stale patient in the background, a few per turn of the event
 * loop (setImmediate), so that requests are served in between and the first surgeon's list does
 * not pay for a whole centre. Returns a function that stops it (server close).
 */
export function projectStaleInBackground(
  store: CollabStore,
  now: () => Date,
  log: (m: string) => void,
  chunk = 20,
): () => void {
  let stopped = false;
  let pending: number[] | null = null;
  const step = () => {
    if (stopped) return;
    pending ??= store.staleProjections(null);
    try {
      for (const patientId of pending.splice(0, chunk)) {
        projectStoredBoard(store, patientId, now().toISOString(), log);
      }
    } catch (err) {
      // A failed write leaves the marker behind: the next read re-projects that patient.
      log(`background projection stopped: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (pending.length > 0) setImmediate(step);
  };
  setImmediate(step);
  return () => {
    stopped = true;
  };
}
