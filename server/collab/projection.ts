// The board read model (ARCHITECTURE.md §3): board_lesions rows with the latest computed risk of
// every valid lesion, for worklists in plain SQL. Derived only: rebuildable from stored boards.
import type * as Y from "yjs";
import type { BoardLesion } from "../../app/domain/board/schema";
import { readBoard } from "../../app/domain/board/ydoc";
import { type ScoreResult, scoreValue } from "../../app/domain/common";
import { riskContextOf } from "../../app/domain/risk/context";
import type { RiskContext } from "../../app/domain/risk/lesion";
import { type LesionRiskSummary, lesionRiskSummary } from "../../app/domain/risk/summary";
import type { CollabStore, ProjectedLesionRow } from "../../db/collab";

export interface ProjectionResult {
  rows: ProjectedLesionRow[];
  /** Lesions skipped because they do not match the board schema (ids and field paths only). */
  invalid: { lesionId: string; fields: string[] }[];
}

/** Compact, SQL-friendly scores: kind, headline value and category, no rationale text. */
function scoresJson(lesion: BoardLesion, summary: LesionRiskSummary) {
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
      const summary = lesionRiskSummary(lesion, context);
      rows.push({
        lesionId: lesion.id,
        siteId: lesion.siteId,
        side: lesion.side,
        lesionType: lesion.lesionType ?? null,
        fractureRisk: summary.fracture.level,
        neuroRisk: summary.neurological.level,
        painLevel: summary.pain.level,
        worstRisk: summary.worst,
        scores: scoresJson(lesion, summary),
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

/** Projects one patient's lesion map into board_lesions; returns the number of rows written. */
export function writeProjection(
  store: CollabStore,
  patientId: number,
  doc: Y.Doc,
  at: string,
  log: (m: string) => void,
): number {
  const { rows, invalid } = projectBoard(doc, riskContextFor(store, patientId));
  for (const bad of invalid) {
    log(
      `projection patient ${patientId}: lesion ${bad.lesionId} skipped (${bad.fields.join(", ")})`,
    );
  }
  store.replaceLesions(patientId, rows, at);
  return rows.length;
}
