/**
 * Memory at each stage boundary of the clinical pipeline, in process, on the femur phantom and its
 * twin (stance + fall, as fe-upload.bench.ts), for finding what is alive at the peak (decision
 * 128). VmHWM is reset at each boundary (proc(5) clear_refs 5), so each row's "peak" is the peak
 * RSS of the stage named on it; the CTs exist before "the runtime" is read. With --expose-gc a
 * full collection runs at every boundary. Usage:
 * node [--expose-gc] --import tsx test/bench/fe-memory-trace.ts [voxel_mm] [workers]
 * (workers: the solver's threads, default the pipeline's; 0 solves in the main thread, which
 * shows what the two worker isolates cost at the peak, decision 131).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { femurLesion, femurPhantom } from "../../server/fe/anatomicalPhantom";
import { enteredCalibration } from "../../server/fe/calibration";
import { runClinicalAnalysis } from "../../server/fe/pipeline";
import { shutdownWorkers } from "../../server/fe/solver";

const voxel_mm = Number(process.argv[2] ?? 1);
const workers = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const kb = (f: string) =>
  Number(readFileSync("/proc/self/status", "utf8").match(new RegExp(`${f}:\\s+(\\d+)`))?.[1]);
const mb = (b: number) => Math.round(b / 2 ** 20);
let ct: ReturnType<typeof femurPhantom>["ct"] | undefined = femurPhantom({
  spacing_mm: voxel_mm,
  lesions: [femurLesion("calcar", 10)],
}).ct;
let twin: typeof ct | undefined = femurPhantom({
  spacing_mm: voxel_mm,
  mirror: true,
  perturbation: { amplitude: 0.03, seed: 13 },
}).ct;
const runtime = kb("VmRSS");
writeFileSync("/proc/self/clear_refs", "5");
let label = "start";
const rows: string[] = [];
const gc = (globalThis as { gc?: () => void }).gc;
const mark = (next: string) => {
  gc?.();
  const m = process.memoryUsage();
  rows.push(
    `${label.padEnd(40)} peak ${Math.round((kb("VmHWM") - runtime) / 1024)} MB above runtime; now rss ${Math.round((kb("VmRSS") - runtime) / 1024)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} arrayBuffers ${mb(m.arrayBuffers)}`,
  );
  writeFileSync("/proc/self/clear_refs", "5");
  label = next;
};
const fields = new Map<string, unknown>();
const result = await runClinicalAnalysis(
  ct,
  { kind: "contralateral", ct: twin },
  {
    site: "proximal-femur",
    loadCases: ["femur-stance", "femur-fall"],
    calibration: enteredCalibration(0.8, -1.2),
    voxel_mm,
    workers,
    onProgress: (p) => mark(`${p.stage} ${p.bone} ${p.loadCase ?? ""}`),
    onStrainField: (f) => fields.set(f.load_case, f),
  },
  70,
);
mark("end");
ct = undefined;
twin = undefined;
console.log(rows.join("\n"));
console.log(
  JSON.stringify({
    dof: result.dof,
    failure: result.failure_load_N,
    loss: result.strength_loss_percent,
    per_case: result.load_cases.map((c) => [c.bone.failure_load_N, c.comparator.failure_load_N]),
    runtime_mb: Math.round(runtime / 1024),
  }),
);
await shutdownWorkers();
