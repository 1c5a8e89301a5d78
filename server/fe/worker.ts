/**
 * Worker-thread entry: runs the SPMD solver (pcg.ts) on one slab of a shared problem. Started by
 * solver.ts with tsx registered, so it loads as TypeScript both under `node --import tsx` and
 * under vitest.
 */
import { parentPort } from "node:worker_threads";
import type { SolverProblem } from "./hierarchy";
import { runSolver } from "./pcg";
import { sharedTeam } from "./team";

export interface WorkerTask {
  problem: SolverProblem;
  rank: number;
  size: number;
}

export type WorkerMessage =
  | { type: "progress"; iteration: number; relativeResidual: number }
  | { type: "done"; rank: number }
  | { type: "error"; rank: number; message: string };

const port = parentPort;
if (port) {
  port.on("message", (task: WorkerTask) => {
    const { problem, rank, size } = task;
    try {
      const team = sharedTeam(rank, size, problem.control, problem.slots);
      runSolver(problem, team, (iteration, relativeResidual) => {
        const message: WorkerMessage = { type: "progress", iteration, relativeResidual };
        port.postMessage(message);
      });
      const done: WorkerMessage = { type: "done", rank };
      port.postMessage(done);
    } catch (error) {
      const message: WorkerMessage = {
        type: "error",
        rank,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
      port.postMessage(message);
    }
  });
}
