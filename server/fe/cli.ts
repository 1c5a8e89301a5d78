/**
 * `npm run fe -- CASE.json [--workers N] [--progress]`: solves an FE case file and prints the
 * JSON result on stdout (issue 4). Progress lines go to stderr so stdout stays pure JSON.
 * A clinical case (`"quantity": "hounsfield"`, issue 13) runs the whole pipeline from the CT.
 */
import path from "node:path";
import { runCaseFile } from "./caseFile";
import { isClinicalCase, readJsonFile, runClinicalCase } from "./clinicalCase";
import { shutdownWorkers } from "./solver";

const USAGE = "usage: npm run fe -- CASE.json [--workers N] [--progress]";

async function main(args: string[]): Promise<number> {
  let casePath: string | undefined;
  let workers: number | undefined;
  let progress = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--workers") {
      workers = Number(args[++i]);
      if (!Number.isInteger(workers) || workers < 0) {
        process.stderr.write(`--workers needs a whole number ≥ 0\n${USAGE}\n`);
        return 2;
      }
    } else if (arg === "--progress") {
      progress = true;
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (!casePath) {
      casePath = arg;
    } else {
      process.stderr.write(`unexpected argument "${arg}"\n${USAGE}\n`);
      return 2;
    }
  }
  if (!casePath) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  try {
    const json = readJsonFile(casePath);
    if (isClinicalCase(json)) {
      const clinical = await runClinicalCase(json, path.dirname(casePath), {
        workers,
        signal: controller.signal,
      });
      process.stdout.write(`${JSON.stringify(clinical, null, 2)}\n`);
      return clinical.converged ? 0 : 1;
    }
    const result = await runCaseFile(casePath, {
      workers,
      signal: controller.signal,
      onProgress: progress
        ? (p) =>
            process.stderr.write(
              `iteration ${p.iteration} residual ${p.relativeResidual.toExponential(3)}\n`,
            )
        : undefined,
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.converged ? 0 : 1;
  } catch (error) {
    process.stderr.write(`fe: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await shutdownWorkers();
  }
}

process.exitCode = await main(process.argv.slice(2));
