/**
 * Runs the FE jobs stored in SQLite (issue 13 §6, decisions 084 and 085): started once by
 * server/index.ts, it takes the oldest queued row whenever fewer than `concurrency` jobs run
 * (FE_JOB_CONCURRENCY, default 1: the solver already uses both cores of the target machine),
 * runs the clinical pipeline in this process with the solve on the solver's worker threads
 * (solver.ts: never fewer than one worker), so the HTTP server keeps answering while a job
 * solves. Progress is written at most every `progressIntervalMs`; at the same pace the runner
 * reads the row back and aborts the pipeline when a user has cancelled it (the row is the one
 * source of truth, decision 085).
 */
import path from "node:path";
import type { FeLesionResult } from "../../app/domain/fe/result";
import {
  type AppContext,
  type FeJobRow,
  feJobStatus,
  finishFeJob,
  getCtSeriesFile,
  recordFeJobProgress,
  startNextFeJob,
} from "../usecases/index";
import { readCtVolume } from "./ctVolume";
import { FeJobParamsSchema, jobComparator, jobSettings } from "./jobParams";
import { feLesionResult } from "./lesionResult";
import { runClinicalAnalysis, type Stage, type StrainRatioField } from "./pipeline";
import { writeStrainImages } from "./strainImages";

export interface JobRunnerOptions {
  concurrency: number;
  /** How often the queue is looked at when idle, ms. */
  pollMs?: number;
  /** How often progress is written and a cancel looked for while a job runs, ms. */
  progressIntervalMs?: number;
  log?: (message: string) => void;
  /**
   * Called after a job is stored done, with the lesion result to attach to the live board
   * (decision 086; server/index.ts wires it to the collab server). A failure here is logged: the
   * result stays in the row.
   */
  onResult?: (job: FeJobRow, result: FeLesionResult) => void;
}

export interface JobRunner {
  /** Stops taking jobs and aborts the running ones without writing (decision 085: a restart fails them). */
  stop(): void;
  /** Resolves when no job is running (tests). */
  idle(): Promise<void>;
}

/**
 * Relative cost of each pipeline step, for the percent shown in the browser: the solve dominates
 * (docs/fe-pipeline.md stage times: solve ≈ 80 % of the wall time at 1 mm).
 */
const STEP_WEIGHT: Record<Stage, number> = {
  segment: 1,
  calibrate: 1,
  mesh: 1,
  solve: 6,
  postprocess: 1,
};

/** Total weight of a run: the bone and its comparator, each segmented once and solved per load case. */
function totalWeight(loadCases: number): number {
  const perBone =
    STEP_WEIGHT.segment +
    STEP_WEIGHT.calibrate +
    loadCases * (STEP_WEIGHT.mesh + STEP_WEIGHT.solve + STEP_WEIGHT.postprocess);
  return 2 * perBone;
}

export function startJobRunner(ctx: AppContext, options: JobRunnerOptions): JobRunner {
  const pollMs = options.pollMs ?? 1000;
  const progressMs = options.progressIntervalMs ?? 500;
  const log = options.log ?? (() => {});
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;

  async function run(job: FeJobRow, controller: AbortController): Promise<void> {
    let pending: { stage: string; progress: number } | undefined;
    let lastWrite = 0;
    const flush = () => {
      if (pending) recordFeJobProgress(ctx, job.id, pending.stage, pending.progress);
      pending = undefined;
      lastWrite = Date.now();
    };
    const watch = setInterval(() => {
      flush();
      if (feJobStatus(ctx, job.id) !== "running") controller.abort(new Error("cancelled"));
    }, progressMs);
    try {
      const params = FeJobParamsSchema.parse(job.params);
      // The CTs are read by the pipeline when it needs them and dropped once their analysis grid
      // is built; the bone's is read again for the strain images (decision 128).
      const ctFile = path.join(ctx.dataDir, getCtSeriesFile(ctx, job.ctSeriesId));
      const readCt = () => readCtVolume(ctFile);
      const contralateralFile = params.compare_with
        ? path.join(ctx.dataDir, getCtSeriesFile(ctx, params.compare_with.ct_series_id))
        : undefined;
      const settings = jobSettings(params, { signal: controller.signal });
      const total = totalWeight(settings.loadCases.length);
      let done = 0;
      settings.onProgress = ({ stage, bone, loadCase }) => {
        pending = { stage: [stage, bone, loadCase ?? ""].join("|"), progress: done / total };
        done += STEP_WEIGHT[stage];
        if (Date.now() - lastWrite >= progressMs) flush();
        // The timer above cannot fire while a synchronous stage runs: look at the row at every
        // stage boundary too, so a cancel stops the pipeline at the next stage (decision 123).
        if (feJobStatus(ctx, job.id) !== "running") controller.abort(new Error("cancelled"));
      };
      // The governing load case is the bone's lowest failure load (runClinicalAnalysis): only
      // that case's field is kept for the strain images (decisions 122 and 128). On a tie the
      // first case governs, as there.
      let kept: { field: StrainRatioField; failure_load_N: number } | undefined;
      settings.onStrainField = (field, failure_load_N) => {
        if (!kept || failure_load_N < kept.failure_load_N) kept = { field, failure_load_N };
      };
      const start = performance.now();
      const analysis = await runClinicalAnalysis(
        readCt,
        jobComparator(
          params,
          readCt,
          contralateralFile ? () => readCtVolume(contralateralFile) : undefined,
        ),
        settings,
        params.body_weight_kg,
      );
      const governing = analysis.load_cases.find(
        (c) => c.load_case === analysis.governing_load_case,
      );
      const field = kept?.field;
      kept = undefined;
      if (!governing || !field || field.load_case !== analysis.governing_load_case)
        throw new Error("the governing load case has no strain field");
      const strain_images = writeStrainImages(
        ctx.dataDir,
        job.id,
        readCt(),
        field,
        governing.bone.weakest_region.position_mm,
      );
      clearInterval(watch);
      const finished = finishFeJob(ctx, job.id, {
        status: "done",
        result: {
          ...analysis,
          side: params.side,
          wall_s: (performance.now() - start) / 1000,
          strain_images,
        },
      });
      if (!finished) {
        // Cancelled while its last stage ran: the row stays cancelled and nothing reaches the board.
        log(`FE job ${job.id}: stopped (cancelled after its last stage; result not stored)`);
        return;
      }
      log(`FE job ${job.id}: done`);
      // Only a job still running when it finished (not cancelled meanwhile) reaches the board.
      if (finished.lesionId && options.onResult) {
        try {
          options.onResult(
            finished,
            feLesionResult(
              finished.id,
              analysis,
              finished.finishedAt ?? ctx.now().toISOString(),
              finished.createdAt,
            ),
          );
        } catch (error) {
          log(`FE job ${job.id}: result not attached to the board: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      clearInterval(watch);
      // Cancelled by a user (the row says so already) or stopped with the server (left running,
      // failed at the next start): nothing to write.
      if (controller.signal.aborted) {
        log(
          `FE job ${job.id}: stopped (${String(controller.signal.reason?.message ?? "aborted")})`,
        );
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      finishFeJob(ctx, job.id, { status: "failed", error: message });
      log(`FE job ${job.id}: failed: ${message}`);
    }
  }

  function fill(): void {
    while (!stopped && running.size < options.concurrency) {
      const job = startNextFeJob(ctx);
      if (!job) return;
      log(`FE job ${job.id}: started`);
      const controller = new AbortController();
      const done = run(job, controller).finally(() => {
        running.delete(job.id);
        fill();
      });
      running.set(job.id, { controller, done });
    }
  }

  const poll = setInterval(fill, pollMs);
  poll.unref();
  fill();
  return {
    stop() {
      stopped = true;
      clearInterval(poll);
      for (const { controller } of running.values()) controller.abort(new Error("server stopping"));
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}
