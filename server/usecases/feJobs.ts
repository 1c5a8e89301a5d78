// FE analysis jobs of a patient (issue 13 §6, decisions 084 and 085): queue, cancel, read; and the
// status changes the runner (server/fe/jobRunner.ts) makes. Every status change is one transaction
// with its audit row; progress writes are not status changes and write none.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as z from "zod";
import { readBoard } from "../../app/domain/board/ydoc";
import type { Label } from "../../app/domain/common";
import { boxOutsideVolume, mirrorBoxInX, type RegionBox } from "../../app/domain/fe/regionBox";
import type { CtSliceAxis } from "../../app/domain/fe/sliceViews";
import { strainImagesOf, strainImagesView } from "../../app/domain/fe/strainImages";
import { findSite, siteLabel } from "../../app/domain/skeleton";
import { writeAudit } from "../../db/audit";
import { createCollabStore } from "../../db/collab";
import { getCtSeries } from "../../db/ctSeries";
import {
  type FeJobRow,
  type FeJobStatus,
  getFeJobRow,
  insertFeJob,
  listFeJobs,
  listFeJobsWithStatus,
  moveFeJob,
  oldestQueuedFeJob,
  setFeJobProgress,
} from "../../db/feJobs";
import { getPatient } from "../../db/patients";
import { loadStoredBoardDoc } from "../collab/history";
import { CalibrationError } from "../fe/calibration";
import { caseCalibration } from "../fe/clinicalCase";
import { type FeJobParams, FeJobParamsSchema } from "../fe/jobParams";
import type { AppContext } from "./context";
import { conflict, notFound, Refusal } from "./refusal";

export type { FeJobParams, FeJobRow, FeJobStatus };

/** Why a job left `running` without finishing: decision 085 (failed, not re-queued). */
export const INTERRUPTED_BY_RESTART = "interrupted by a server restart";

const QueueInput = z.object({
  ctSeriesId: z.coerce.number().int().positive(),
  /** The board lesion (its id in the Yjs map), when the analysis is about one. */
  lesionId: z.string().trim().min(1).max(100).optional(),
  params: z.unknown(),
});

function refuseParams(error: z.ZodError): Refusal {
  return new Refusal(
    "invalid",
    error.issues.map((issue) => ({
      field: ["params", ...issue.path.map(String)].join("."),
      code: "errors.fe_params",
      reason: { fr: `paramètre refusé : ${issue.message}`, en: issue.message },
    })),
  );
}

/**
 * Queues an analysis of one of the patient's CT series. The parameters are the clinical case's
 * (server/fe/jobParams.ts); the CT and the contralateral one must be this patient's. A refusal
 * names the field and writes nothing.
 */
export function queueFeAnalysis(
  ctx: AppContext,
  actorId: number,
  patientId: number,
  input: unknown,
): FeJobRow {
  const outer = QueueInput.safeParse(input);
  if (!outer.success) {
    throw new Refusal(
      "invalid",
      outer.error.issues.map((i) => ({
        field: i.path.map(String).join(".") || "_form",
        code: "errors.invalid",
      })),
    );
  }
  const parsed = FeJobParamsSchema.safeParse(outer.data.params);
  if (!parsed.success) throw refuseParams(parsed.error);
  const params = parsed.data;
  try {
    // A rod fit below the documented R² is refused now, not after the job has waited its turn.
    caseCalibration(params.calibration);
  } catch (error) {
    throw new Refusal("invalid", [
      {
        field: "params.calibration",
        code: "errors.fe_calibration",
        reason: {
          fr: `étalonnage refusé : ${error instanceof CalibrationError ? error.fr : (error as Error).message}`,
          en: (error as Error).message,
        },
      },
    ]);
  }
  const lesionId = outer.data.lesionId;
  // The result is written onto this lesion of the board when the job finishes (decision 086): a
  // lesion that is not on the board would leave the result nowhere. Read from the stored board, so
  // a lesion added in the last seconds (the room's debounce, docs/collab.md) may not be seen yet.
  if (lesionId !== undefined && getPatient(ctx.db, patientId)) {
    if (!feLesionChoices(ctx, patientId).some((l) => l.id === lesionId)) {
      throw new Refusal("invalid", [{ field: "lesionId", code: "errors.fe_lesion_not_on_board" }]);
    }
  }
  return ctx.db.transaction((tx) => {
    if (!getPatient(tx, patientId)) throw notFound();
    const ctOfPatient = (id: number) => getCtSeries(tx, id)?.patientId === patientId;
    if (!ctOfPatient(outer.data.ctSeriesId)) {
      throw new Refusal("invalid", [{ field: "ctSeriesId", code: "errors.fe_ct_of_patient" }]);
    }
    if (params.compare_with && !ctOfPatient(params.compare_with.ct_series_id)) {
      throw new Refusal("invalid", [
        { field: "params.compare_with.ct_series_id", code: "errors.fe_ct_of_patient" },
      ]);
    }
    refuseRegionOutside(tx, params, outer.data.ctSeriesId);
    const row = insertFeJob(tx, {
      patientId,
      lesionId: lesionId ?? null,
      ctSeriesId: outer.data.ctSeriesId,
      status: "queued",
      progress: 0,
      params,
      createdBy: actorId,
      createdAt: ctx.now().toISOString(),
    });
    writeAudit(tx, {
      userId: actorId,
      entity: "patient",
      entityId: patientId,
      action: "fe.queue",
      after: { feJobId: row.id, ctSeriesId: row.ctSeriesId, lesionId: row.lesionId, params },
    });
    return row;
  });
}

/**
 * Each region of interest must lie inside its CT series (decision 121): the analysed series' box,
 * and the contralateral's own box or, without one, the analysed box mirrored in x.
 */
function refuseRegionOutside(
  tx: Parameters<typeof getCtSeries>[0],
  params: FeJobParams,
  ctSeriesId: number,
): void {
  const errors: { field: string; code: string; reason: { fr: string; en: string } }[] = [];
  const check = (field: string, box: RegionBox | undefined, seriesId: number) => {
    const series = getCtSeries(tx, seriesId);
    if (!box || !series) return;
    for (const issue of boxOutsideVolume(box, series.size, series.spacing)) {
      errors.push({
        field: [field, ...issue.path].join("."),
        code: "errors.fe_params",
        reason: { fr: `paramètre refusé : ${issue.message}`, en: issue.message },
      });
    }
  };
  check("params.region", params.region, ctSeriesId);
  const other = params.compare_with;
  if (other) {
    const series = getCtSeries(tx, other.ct_series_id);
    const mirrored =
      params.region && series
        ? mirrorBoxInX(params.region, { nx: series.size[0], spacing: series.spacing })
        : undefined;
    check("params.compare_with.region", other.region ?? mirrored, other.ct_series_id);
  }
  if (errors.length > 0) throw new Refusal("invalid", errors);
}

/**
 * The lesions of the patient's board an analysis can be about, as stored (latest snapshot and the
 * updates after it; a live room stores within its debounce, docs/collab.md), in board order.
 */
export function feLesionChoices(
  ctx: AppContext,
  patientId: number,
): { id: string; label: Label }[] {
  const doc = loadStoredBoardDoc(createCollabStore(ctx.sqlite), patientId);
  try {
    return readBoard(doc, null).lesions.map((lesion, index) => {
      const site = findSite(lesion.siteId);
      const name = site ? siteLabel(site, lesion.side) : { fr: lesion.siteId, en: lesion.siteId };
      // Numbered as on the board (BoardView: "1. Col du fémur, côté droit").
      return {
        id: lesion.id,
        label: { fr: `${index + 1}. ${name.fr}`, en: `${index + 1}. ${name.en}` },
      };
    });
  } finally {
    doc.destroy();
  }
}

/** The job, if it is this patient's; a job of another patient is not disclosed (404). */
export function getFeJob(ctx: AppContext, patientId: number, jobId: number): FeJobRow {
  const row = getFeJobRow(ctx.db, jobId);
  if (!row || row.patientId !== patientId) throw notFound();
  return row;
}

/**
 * One strain image of a finished job (decision 122): the PNG bytes, checked against the SHA-256
 * stored in the result. A job of another patient, a job without images or a missing file is a
 * 404; a file whose bytes changed since it was written is refused (an error, not an image).
 */
export function feStrainImage(
  ctx: AppContext,
  patientId: number,
  jobId: number,
  axis: CtSliceAxis,
): Buffer {
  const row = getFeJob(ctx, patientId, jobId);
  const image = strainImagesOf(row.result)?.images.find((i) => i.axis === axis);
  if (!image) throw notFound();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(ctx.dataDir, image.file));
  } catch {
    throw notFound();
  }
  if (createHash("sha256").update(bytes).digest("hex") !== image.sha256) {
    throw new Error(`strain image ${image.file} does not match its stored checksum`);
  }
  return bytes;
}

/** A patient's jobs, the latest first. */
export function feJobsOfPatient(ctx: AppContext, patientId: number): FeJobRow[] {
  return listFeJobs(ctx.db, patientId);
}

/**
 * Cancels a queued or running job. A running job is stopped by its runner, which reads the status
 * at least every FE_PROGRESS_INTERVAL_MS and aborts the pipeline (decision 085). A finished job
 * is a 409.
 */
export function cancelFeJob(
  ctx: AppContext,
  actorId: number,
  patientId: number,
  jobId: number,
): FeJobRow {
  return ctx.db.transaction((tx) => {
    const row = getFeJobRow(tx, jobId);
    if (!row || row.patientId !== patientId) throw notFound();
    if (row.status !== "queued" && row.status !== "running") {
      throw conflict("status", "errors.fe_job_finished");
    }
    const after = moveFeJob(tx, jobId, row.status, {
      status: "cancelled",
      finishedAt: ctx.now().toISOString(),
    });
    if (!after) throw conflict("status", "errors.fe_job_finished");
    writeAudit(tx, {
      userId: actorId,
      entity: "patient",
      entityId: patientId,
      action: "fe.cancel",
      before: { feJobId: jobId, status: row.status },
      after: { feJobId: jobId, status: "cancelled" },
    });
    return after;
  });
}

// ---- The runner's side (server/fe/jobRunner.ts): no actor, so the audit rows have no user. ----

/** Takes the oldest queued job and marks it running, or returns undefined when none waits. */
export function startNextFeJob(ctx: AppContext): FeJobRow | undefined {
  return ctx.db.transaction((tx) => {
    const next = oldestQueuedFeJob(tx);
    if (!next) return undefined;
    const row = moveFeJob(tx, next.id, "queued", {
      status: "running",
      stage: "queued",
      progress: 0,
      startedAt: ctx.now().toISOString(),
    });
    if (!row) return undefined;
    writeAudit(tx, {
      userId: null,
      entity: "patient",
      entityId: row.patientId,
      action: "fe.start",
      after: { feJobId: row.id },
    });
    return row;
  });
}

export function recordFeJobProgress(
  ctx: AppContext,
  jobId: number,
  stage: string,
  progress: number,
): void {
  setFeJobProgress(ctx.db, jobId, stage, Math.min(1, Math.max(0, progress)));
}

/** The job's status now (the runner polls it to see a cancel). */
export function feJobStatus(ctx: AppContext, jobId: number): FeJobStatus | undefined {
  return getFeJobRow(ctx.db, jobId)?.status;
}

/**
 * Ends a running job with its result or its error. Does nothing when the job is no longer running
 * (it was cancelled meanwhile: the cancel stands).
 */
export function finishFeJob(
  ctx: AppContext,
  jobId: number,
  outcome: { status: "done"; result: unknown } | { status: "failed"; error: string },
): FeJobRow | undefined {
  return ctx.db.transaction((tx) => {
    const row = moveFeJob(tx, jobId, "running", {
      status: outcome.status,
      progress: outcome.status === "done" ? 1 : undefined,
      stage: outcome.status === "done" ? "done" : undefined,
      result: outcome.status === "done" ? outcome.result : null,
      error: outcome.status === "failed" ? outcome.error : null,
      finishedAt: ctx.now().toISOString(),
    });
    if (!row) return undefined;
    writeAudit(tx, {
      userId: null,
      entity: "patient",
      entityId: row.patientId,
      action: outcome.status === "done" ? "fe.done" : "fe.fail",
      after: { feJobId: jobId, error: row.error },
    });
    return row;
  });
}

/**
 * At start-up, before the runner starts: a job still `running` belonged to a process that has
 * stopped. It is failed with the reason, not re-queued (decision 085). Returns how many.
 */
export function failInterruptedFeJobs(ctx: AppContext): number {
  return ctx.db.transaction((tx) => {
    const left = listFeJobsWithStatus(tx, "running");
    for (const job of left) {
      moveFeJob(tx, job.id, "running", {
        status: "failed",
        error: INTERRUPTED_BY_RESTART,
        finishedAt: ctx.now().toISOString(),
      });
      writeAudit(tx, {
        userId: null,
        entity: "patient",
        entityId: job.patientId,
        action: "fe.fail",
        after: { feJobId: job.id, error: INTERRUPTED_BY_RESTART },
      });
    }
    return left.length;
  });
}

/**
 * What the browser polls (GET /patients/:id/fe-jobs/:jobId): the status, the pipeline stage split
 * into its parts (the runner stores "stage|bone|load case"), the percent, and the result or error.
 */
export function feJobView(row: FeJobRow) {
  const [stage = null, bone = null, loadCase = null] = row.stage ? row.stage.split("|") : [];
  return {
    id: row.id,
    patientId: row.patientId,
    lesionId: row.lesionId,
    ctSeriesId: row.ctSeriesId,
    status: row.status,
    stage,
    bone: bone || null,
    loadCase: loadCase || null,
    percent: Math.round(row.progress * 100),
    params: row.params,
    result: row.result,
    /** The strain images' record without file paths (decision 122), null when there are none. */
    strainImages: (() => {
      const record = strainImagesOf(row.result);
      return record ? strainImagesView(record) : null;
    })(),
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
export type FeJobView = ReturnType<typeof feJobView>;

/** How often a watcher reads the row: the runner writes progress at most every 500 ms (decision 085). */
export const FE_WATCH_INTERVAL_MS = 500;

/**
 * Calls `onChange` with the job's view now and each time its status, stage or percent changes,
 * until the job is finished (done, failed, cancelled) or `stop` is called (decision 087: the
 * server reads the row, which is the one source of truth, and pushes; the browser does not poll).
 */
export function watchFeJob(
  ctx: AppContext,
  patientId: number,
  jobId: number,
  onChange: (view: FeJobView, finished: boolean) => void,
  intervalMs = FE_WATCH_INTERVAL_MS,
): { stop(): void } {
  let last = "";
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => clearInterval(timer);
  const look = () => {
    const row = getFeJobRow(ctx.db, jobId);
    if (!row || row.patientId !== patientId) return stop();
    const view = feJobView(row);
    const finished = row.status !== "queued" && row.status !== "running";
    const key = JSON.stringify([view.status, view.stage, view.bone, view.loadCase, view.percent]);
    if (key !== last) {
      last = key;
      onChange(view, finished);
    }
    if (finished) stop();
  };
  timer = setInterval(look, intervalMs);
  look();
  return { stop };
}
