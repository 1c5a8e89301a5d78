/**
 * Benchmark: full risk summary (risk levels + treatment triggers) of a 60-lesion board.
 * Prints one JSON object. The reference measured in the same run is a deep copy of the board
 * (structuredClone), so the ratio says how many board copies one full summary costs.
 *
 *   node --import tsx test/bench/domain-risk.bench.ts [--quick]
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import {
  boardRiskSummary,
  type LesionInput,
  type RiskContext,
  SKELETON_SITES,
  treatmentTriggers,
} from "../../app/domain/index";

export interface DomainRiskBenchResult {
  name: "domain-risk";
  lesions: number;
  iterations: number;
  quick: boolean;
  median_ms: number;
  p95_ms: number;
  perLesion_us: number;
  reference: { name: string; median_ms: number };
  ratioToReference: number;
}

const TYPES = ["lytic", "blastic", "mixed"] as const;
const MIRELS_PAIN = ["mild", "moderate", "functional"] as const;
const MIRELS_SIZE = ["lessThanOneThird", "oneThirdToTwoThirds", "moreThanTwoThirds"] as const;
const ESCC = ["0", "1a", "1b", "1c", "2", "3"] as const;

/** A deterministic 60-lesion board spread over the catalogue, with mixed partial scoring. */
export function makeBoard(count = 60): LesionInput[] {
  const sites = SKELETON_SITES;
  return Array.from({ length: count }, (_, i) => {
    const site = sites[(i * 7) % sites.length] ?? sites[0];
    if (!site) throw new Error("empty catalogue");
    const lesion: LesionInput = {
      id: `lesion-${i}`,
      siteId: site.id,
      side: site.paired ? (i % 2 === 0 ? "left" : "right") : "midline",
      lesionType: TYPES[i % 3],
      size_mm: 10 + (i % 40),
      pain: { nrs: i % 11, character: i % 2 === 0 ? "mechanical" : "nonMechanical" },
    };
    if (site.mirelsSite) {
      lesion.mirels = {
        pain: MIRELS_PAIN[i % 3],
        size: i % 4 === 0 ? undefined : MIRELS_SIZE[(i >> 1) % 3],
      };
      if (site.bone === "femur") lesion.cortical = { axialCorticalInvolvement_mm: (i * 3) % 50 };
      lesion.fe = { failureLoad_N: 3000 + ((i * 137) % 6000) };
    }
    if (site.sinsLocation) {
      lesion.sins = {
        pain: "mechanical",
        alignment: "normal",
        collapse: i % 3 === 0 ? "under50" : "none",
        posterolateral: "unilateral",
      };
      lesion.escc = ESCC[i % 6];
    }
    return lesion;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function time(iterations: number, fn: () => unknown): number[] {
  const samples: number[] = [];
  let sink = 0;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    const out = fn();
    samples.push(performance.now() - start);
    if (out) sink++;
  }
  if (sink < 0) console.log(sink);
  return samples;
}

export function runDomainRiskBench(options: { quick?: boolean } = {}): DomainRiskBenchResult {
  const quick = options.quick ?? false;
  const iterations = quick ? 5 : 200;
  const warmup = quick ? 1 : 20;
  const board = makeBoard(60);
  const context: RiskContext = {
    feFailureLoadThreshold_bodyWeights: 7.5,
    bodyWeight_kg: 70,
    radiosensitivity: "unknown",
    today: "2025-06-01",
  };
  const full = () => {
    const summaries = boardRiskSummary(board, context);
    const triggers = board.map((l) => treatmentTriggers(l, context));
    return summaries.length + triggers.length;
  };
  const reference = () => structuredClone(board).length;
  time(warmup, full);
  time(warmup, reference);
  const samples = time(iterations, full);
  const refSamples = time(iterations, reference);
  const median_ms = median(samples);
  const refMedian = median(refSamples);
  return {
    name: "domain-risk",
    lesions: board.length,
    iterations,
    quick,
    median_ms: Number(median_ms.toFixed(4)),
    p95_ms: Number(percentile(samples, 0.95).toFixed(4)),
    perLesion_us: Number(((median_ms * 1000) / board.length).toFixed(2)),
    reference: { name: "structuredClone(board)", median_ms: Number(refMedian.toFixed(4)) },
    ratioToReference: refMedian > 0 ? Number((median_ms / refMedian).toFixed(1)) : 0,
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  console.log(JSON.stringify(runDomainRiskBench({ quick: process.argv.includes("--quick") })));
}
