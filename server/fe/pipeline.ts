/**
 * The clinical FE pipeline of issue 13: CT (HU) → segmentation → principal-axes frame →
 * resampling and material mapping → load case with caps → linear solve → failure load, and the
 * strength loss against a comparator run through the identical pipeline (the contralateral bone,
 * or the same bone digitally repaired). Research use only: see docs/fe-pipeline.md.
 */

import { type AxisTilt, mirrorTiltInX, NO_TILT, tiltVector } from "../../app/domain/fe/axisTilt";
import { mirrorBoxInX, type RegionBox } from "../../app/domain/fe/regionBox";
import {
  BONE_POISSON,
  boneModulus,
  type Calibration,
  type LawRecord,
  lawsUsed,
  MODULUS_FLOOR_MPA,
  type Site,
} from "./calibration";
import { collectGarbage } from "./collectGarbage";
import { cropCt, type FaceCut, facesCut } from "./crop";
import type { CtVolume } from "./ctVolume";
import {
  ACTIVITY_LOADS_BW,
  AVERAGING_MM,
  centroidFields,
  EXCLUSION_MM,
  estimateFailure,
  GRAVITY,
  HEALTHY_PAIR_BAND_PERCENT,
  PISTOIA,
  STRAIN_LIMITS,
} from "./failure";
import {
  CAP_DEPTH_MM,
  CAP_THICKNESS_MM,
  LOAD_CASE_SITE,
  type LoadCaseName,
  PLATE_DISPLACEMENT_MM,
  PMMA_MODULUS_MPA,
  POT_DEPTH_MM,
  ROLE,
  setUpLoadCase,
  type VoxelModel,
} from "./loadCases";
import {
  type FrameRule,
  type FrameVolume,
  frameGrid,
  frameToCt,
  keepLargestComponent,
  principalFrame,
  resample,
  segmentBone,
  type Vec3,
} from "./region";
import { solveElasticity } from "./solver";

export type Stage = "segment" | "calibrate" | "mesh" | "solve" | "postprocess";

/**
 * A CT as read, or a function that reads it when the pipeline needs it (the job runner, decision
 * 128): the pipeline then holds each CT only until its analysis grid is built, and reads the
 * contralateral one only when the comparator starts.
 */
export type CtSource = CtVolume | (() => CtVolume);

export function readSource(source: CtSource): CtVolume {
  return typeof source === "function" ? source() : source;
}

export interface Thresholds {
  /** Bone envelope: HU at or above it, largest piece, cavities filled. */
  segmentation_HU: number;
  /** Inside the envelope, voxels below it are marrow or lytic lesion and get the modulus floor. */
  tissue_HU: number;
}

/**
 * Site defaults (decision 080), in HU so that the bone's shape does not move with the
 * calibration. With the default calibration (0.8 mg/cm³ per HU) the femur values are ≈ 119 and
 * ≈ 79 mg/cm³: above marrow and soft tissue (0–60 mg/cm³, fe.md §7) and below trabecular bone
 * (150–300); the vertebral ones (≈ 79 and ≈ 47 mg/cm³) keep an osteoporotic trabecular core
 * (< 80 mg/cm³, fe.md §4 QCT categories) inside the envelope.
 */
export const DEFAULT_THRESHOLDS: Record<Site, Thresholds> = {
  "proximal-femur": { segmentation_HU: 150, tissue_HU: 100 },
  vertebra: { segmentation_HU: 100, tissue_HU: 60 },
};

export interface PipelineSettings {
  site: Site;
  loadCases: LoadCaseName[];
  calibration: Calibration;
  /** Analysis voxel size, mm (issue 13: 1 mm default). */
  voxel_mm: number;
  thresholds?: Thresholds;
  /** Load-cap modulus, MPa; default PMMA 2500 (for sensitivity studies and tests). */
  capModulus_MPa?: number;
  /** The analysed bone's region of interest (crop.ts, decision 121); absent: the whole volume. */
  region?: RegionBox;
  /** Tilt of the principal frame about its origin (decision 127); absent: 0° and 0°. */
  tilt?: AxisTilt;
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { stage: Stage; bone: string; loadCase?: LoadCaseName }) => void;
  /**
   * Called after each load case of the analysed bone (never the comparator) with its strain-ratio
   * field at the failure load, for the strain images (decision 122, server/fe/strainImages.ts), and
   * that load case's failure load in N: the lowest governs, so a caller may keep only that field.
   */
  onStrainField?: (field: StrainRatioField, failure_load_N: number) => void;
}

/** A load case's strain ratio per analysis voxel at its failure load (1.0 = criterion met). */
export interface StrainRatioField {
  load_case: LoadCaseName;
  /** The analysis grid in the bone's frame (voxel v = i + nx·(j + ny·k)). */
  grid: FrameVolume;
  /** NaN where the criterion is not evaluated (failure.ts `ratio`). */
  ratio: Float32Array;
}

export interface LoadCaseOutcome {
  load_case: LoadCaseName;
  failure_load_N: number;
  pistoia_failure_load_N: number;
  /** Reaction on the loading plate for the imposed plate displacement, N. */
  applied_force_N: number;
  stiffness_N_per_mm: number;
  weakest_region: {
    mode: "tension" | "compression";
    /** Position in the CT's own coordinates, mm from the corner of voxel (0, 0, 0). */
    position_mm: Vec3;
    max_principal_strain_at_failure: number;
    min_principal_strain_at_failure: number;
  };
  dof: number;
  elements: number;
  iterations: number;
  converged: boolean;
  solver_bytes: number;
  /** Solver set-up (hierarchy, coarse factor) and iteration time of this solve, s. */
  solver_setup_s: number;
  solver_iterations_s: number;
}

/** Which part of the CT was analysed (decision 121), stated with every result. */
export interface RegionReport {
  /** The box in CT mm, or null for the whole volume. */
  box_mm: RegionBox | null;
  /** First and last CT voxel kept along i, j, k (inclusive). */
  voxels: { lo: Vec3; hi: Vec3 };
  /** True when the segmented bone crosses a face of the box (flagged, not refused: decision 121). */
  cuts_bone: boolean;
  faces_cut: FaceCut[];
}

/** The analysis frame stated with every result: the bone's principal axes, the tilt, the axes used. */
export interface AnalysisFrame {
  origin_mm: Vec3;
  axes: [Vec3, Vec3, Vec3];
  tilt_deg: AxisTilt;
  principal_axes: [Vec3, Vec3, Vec3];
}

export interface BoneOutcome {
  load_cases: LoadCaseOutcome[];
  bone_voxels: number;
  /** The frame analysed: the principal axes turned by `tilt_deg` (decision 127). */
  frame: AnalysisFrame;
  region: RegionReport;
}

/** Seconds per stage, summed over every bone and load case of a run. */
export type StageTimes = Record<Stage, number>;

export function emptyStageTimes(): StageTimes {
  return { segment: 0, calibrate: 0, mesh: 0, solve: 0, postprocess: 0 };
}

export function frameRule(site: Site): FrameRule {
  return site === "vertebra" ? "short-axis" : "long-axis";
}

/**
 * Announces a stage, then lets the event loop run before it starts (the stages are synchronous
 * loops of seconds at 1 mm: without this the job runner's server answers no request, and reads no
 * cancel, until the next solve), and stops there when the analysis was cancelled meanwhile. Every
 * stage boundary is thus a point where a cancel is honoured (decision 123).
 */
async function enterStage(
  settings: PipelineSettings,
  progress: { stage: Stage; bone: string; loadCase?: LoadCaseName },
): Promise<void> {
  settings.onProgress?.(progress);
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (settings.signal?.aborted)
    throw new DOMException("The FE analysis was cancelled.", "AbortError");
}

/**
 * The material model on the analysis grid: modulus and role per voxel. The resampled HU and bone
 * mask are temporaries of this function, so they are garbage before the first load case is meshed
 * (decision 123: they are not alive at the solver's peak).
 */
function materialModel(
  ct: CtVolume,
  mask: Uint8Array,
  target: ReturnType<typeof frameGrid>,
  settings: PipelineSettings,
  thresholds: Thresholds,
): { modulus: Float32Array; role: Uint8Array; boneVoxels: number } {
  // Outside the CT: air (−1000 HU).
  const hu = resample(ct, ct.hu, target, -1000);
  const inside = resample(ct, mask, target, 0);
  const body = new Uint8Array(inside.length);
  for (let v = 0; v < body.length; v++) body[v] = inside[v] >= 0.5 ? 1 : 0;
  keepLargestComponent(body, target.nx, target.ny, target.nz);
  let boneVoxels = 0;
  const modulus = new Float32Array(body.length);
  const role = new Uint8Array(body.length);
  for (let v = 0; v < body.length; v++) {
    if (!body[v]) continue;
    boneVoxels++;
    if (hu[v] >= thresholds.tissue_HU) {
      role[v] = ROLE.tissue;
      modulus[v] = boneModulus(hu[v], settings.calibration, settings.site);
    } else {
      role[v] = ROLE.floor;
      modulus[v] = MODULUS_FLOOR_MPA;
    }
  }
  return { modulus, role, boneVoxels };
}

/** What a bone's analysis keeps of its CT once segmented and calibrated (the CT itself is dropped). */
interface PreparedBone {
  target: ReturnType<typeof frameGrid>;
  /** The analysis frame: the principal frame turned by the tilt (decision 127). */
  frame: ReturnType<typeof principalFrame>;
  /** The bone's principal frame, before the tilt. */
  principal: ReturnType<typeof principalFrame>;
  tilt: AxisTilt;
  base: ReturnType<typeof materialModel>;
  /** The crop's offset in CT mm, [0, 0, 0] without a region box. */
  offset: Vec3;
  cropped: boolean;
  cuts: FaceCut[];
  voxels: { lo: Vec3; hi: Vec3 };
  /** The region box used, CT mm. */
  region: RegionBox | undefined;
}

/** A bone's region box, or how to find it from its CT once read (the mirrored box, decision 121). */
type BoneRegion = RegionBox | ((ct: CtVolume) => RegionBox | undefined) | undefined;

/**
 * Segment and calibrate stages: CT → analysis grid and material model. The CT (and its crop) are
 * locals of this function, so they are garbage once it returns, before the first load case is
 * meshed (decision 128: no CT is alive at the solver's peak unless the caller keeps it).
 */
async function prepareBone(
  source: CtSource,
  settings: PipelineSettings,
  thresholds: Thresholds,
  clock: { restart: () => void; lap: (stage: Stage) => void },
  bone: string,
  regionOf: BoneRegion,
): Promise<PreparedBone> {
  await enterStage(settings, { stage: "segment", bone });
  // Reading the CT is not a pipeline stage (it was the caller's before decision 128).
  const volume = readSource(source);
  const region = typeof regionOf === "function" ? regionOf(volume) : regionOf;
  clock.restart();
  // The region is cut out BEFORE segmentation (issue 13 item 3), so the largest bone piece is the
  // one in the box; positions found in the cut volume are moved back by its offset.
  const crop = region ? cropCt(volume, region) : null;
  const ct = crop ? crop.ct : volume;
  const offset: Vec3 = crop ? crop.offset_mm : [0, 0, 0];
  const mask = segmentBone(ct, thresholds.segmentation_HU);
  const cuts = crop ? facesCut(crop, mask) : [];
  const principal = principalFrame(ct, mask, frameRule(settings.site));
  // The user's tilt turns the whole frame about its origin (decision 127): loads, caps and grid
  // follow it, and the axes stay orthonormal (a rotation).
  const tilt = settings.tilt ?? NO_TILT;
  const frame = {
    origin: principal.origin,
    axes: principal.axes.map((a) => tiltVector(a, tilt)) as [Vec3, Vec3, Vec3],
  };
  const h = settings.voxel_mm;
  const target = frameGrid(ct, mask, frame, h, CAP_THICKNESS_MM + 2 * h);
  clock.lap("segment");
  await enterStage(settings, { stage: "calibrate", bone });
  clock.restart();
  const base = materialModel(ct, mask, target, settings, thresholds);
  clock.lap("calibrate");
  const voxels: { lo: Vec3; hi: Vec3 } = crop
    ? { lo: crop.lo, hi: crop.hi }
    : { lo: [0, 0, 0], hi: [volume.nx - 1, volume.ny - 1, volume.nz - 1] };
  return {
    target,
    frame,
    principal,
    tilt,
    base,
    offset,
    cropped: crop !== null,
    cuts,
    voxels,
    region,
  };
}

/** Back to the material model: the cap voxels a load case added were empty (addCap). */
function clearCaps(model: VoxelModel): void {
  for (let v = 0; v < model.role.length; v++) {
    if (model.role[v] !== ROLE.cap) continue;
    model.role[v] = ROLE.empty;
    model.modulus[v] = 0;
  }
}

/**
 * Analysis grids from this many voxels have the main thread's garbage collected before each mesh
 * and each solve (collectGarbage.ts, decision 128): a 1 mm femur's grid has 0.9 M voxels, the 2–3
 * mm grids of the tests a few tens of thousands, whose garbage is a few MB and not worth a full
 * collection.
 */
export const COLLECT_GARBAGE_MIN_VOXELS = 250_000;

/** Runs one bone through every load case of the settings. */
export async function analyseBone(
  volume: CtSource,
  settings: PipelineSettings,
  times: StageTimes,
  bone = "bone",
  regionOf: BoneRegion = settings.region,
): Promise<BoneOutcome> {
  const thresholds = settings.thresholds ?? DEFAULT_THRESHOLDS[settings.site];
  for (const name of settings.loadCases) {
    if (LOAD_CASE_SITE[name] !== settings.site) {
      throw new Error(`load case ${name} does not apply to site ${settings.site}`);
    }
  }
  let t = performance.now();
  const lap = (stage: Stage) => {
    const now = performance.now();
    times[stage] += (now - t) / 1000;
    t = now;
  };
  const restart = () => {
    t = performance.now();
  };
  const { target, frame, principal, tilt, base, offset, cropped, cuts, voxels, region } =
    await prepareBone(volume, settings, thresholds, { restart, lap }, bone, regionOf);
  const h = settings.voxel_mm;
  const toCt = (p: Vec3): Vec3 => [p[0] + offset[0], p[1] + offset[1], p[2] + offset[2]];
  // One model for every load case of this grid: the base model itself. A load case only adds cap
  // voxels on empty voxels (loadCases.ts addCap), so clearing the caps after each case restores
  // the base exactly, without a second copy of the grid (decision 128).
  const model: VoxelModel = {
    nx: target.nx,
    ny: target.ny,
    nz: target.nz,
    voxel_mm: h,
    modulus: base.modulus,
    role: base.role,
  };
  const outcomes: LoadCaseOutcome[] = [];
  const large = target.nx * target.ny * target.nz >= COLLECT_GARBAGE_MIN_VOXELS;
  // One load case, in a function of its own: a suspended async function keeps its locals, so in
  // the loop's body the previous case's mesh, displacement and fields (about 27 MB at 1 mm) stayed
  // reachable across the next case's collections, up to its solve (decision 131, measured).
  const analyseLoadCase = async (name: LoadCaseName): Promise<LoadCaseOutcome> => {
    await enterStage(settings, { stage: "mesh", bone, loadCase: name });
    // The previous load case's meshes and fields, the CT and its temporaries: gone before this
    // case allocates its own (decision 128).
    if (large) collectGarbage();
    t = performance.now();
    const setup = setUpLoadCase(model, name, settings.capModulus_MPa);
    lap("mesh");
    await enterStage(settings, { stage: "solve", bone, loadCase: name });
    // The mesh stage's temporaries, before the solver's hierarchy is built.
    if (large) collectGarbage();
    t = performance.now();
    const solve = await solveElasticity(setup.mesh, BONE_POISSON, setup.bc, {
      workers: settings.workers,
      signal: settings.signal,
    });
    lap("solve");
    await enterStage(settings, { stage: "postprocess", bone, loadCase: name });
    // The solver's hierarchy and work vectors (all but the displacement and forces read below),
    // before the fields are allocated: otherwise they wait for V8 until the next mesh (decision
    // 131), and post-processing, with them, peaked as high as the solve.
    if (large) collectGarbage();
    t = performance.now();
    let reaction = 0;
    for (const n of setup.loadNodes) reaction += solve.nodalForce[3 * n + setup.loadAxis];
    const applied = Math.abs(reaction);
    const fields = centroidFields(setup.mesh, BONE_POISSON, solve.displacement);
    const failure = estimateFailure(
      model,
      setup.mesh,
      fields,
      setup.boundaryVoxels,
      EXCLUSION_MM[settings.site],
    );
    const [i, j, k] = failure.weakest.voxel;
    const q: Vec3 = [
      target.lo[0] + (i + 0.5) * h,
      target.lo[1] + (j + 0.5) * h,
      target.lo[2] + (k + 0.5) * h,
    ];
    const outcome: LoadCaseOutcome = {
      load_case: name,
      failure_load_N: applied * failure.strainFactor,
      pistoia_failure_load_N: applied * failure.pistoiaFactor,
      applied_force_N: applied,
      stiffness_N_per_mm: applied / PLATE_DISPLACEMENT_MM,
      weakest_region: {
        mode: failure.weakest.mode,
        position_mm: toCt(frameToCt(frame, q)),
        max_principal_strain_at_failure: failure.weakest.maxPrincipalStrain * failure.strainFactor,
        min_principal_strain_at_failure: failure.weakest.minPrincipalStrain * failure.strainFactor,
      },
      dof: 3 * setup.mesh.nodeCount,
      elements: setup.mesh.elementCount,
      iterations: solve.iterations,
      converged: solve.converged,
      solver_bytes: solve.solverBytes,
      solver_setup_s: solve.setupSeconds,
      solver_iterations_s: solve.solveSeconds,
    };
    if (settings.onStrainField) {
      // Linear analysis: strains scale with the load, so the field at the failure load is the
      // solved one times the load-to-failure factor (failure.ts).
      for (let v = 0; v < failure.ratio.length; v++) failure.ratio[v] *= failure.strainFactor;
      // The field's grid in the whole CT's mm (the crop's offset added), where the images are cut.
      const grid = cropped
        ? { ...target, frame: { ...target.frame, origin: toCt(target.frame.origin) } }
        : target;
      settings.onStrainField(
        { load_case: name, grid, ratio: failure.ratio },
        applied * failure.strainFactor,
      );
    }
    clearCaps(model);
    lap("postprocess");
    return outcome;
  };
  for (const name of settings.loadCases) outcomes.push(await analyseLoadCase(name));
  return {
    load_cases: outcomes,
    bone_voxels: base.boneVoxels,
    frame: {
      origin_mm: toCt(frame.origin),
      axes: frame.axes,
      tilt_deg: tilt,
      principal_axes: principal.axes,
    },
    region: {
      box_mm: region ?? null,
      voxels,
      cuts_bone: cuts.length > 0,
      faces_cut: cuts,
    },
  };
}

/**
 * Digital repair (issue 13 item 5): lesion voxels are filled from the outside in, each with the
 * mean HU of its already-healthy or already-filled face neighbours inside bone tissue (HU at or
 * above the tissue threshold), so a lesion in trabecular bone gets trabecular density and one
 * next to the cortex is bridged by the densities around it. Voxels with no such neighbour at all
 * (a lesion isolated from any bone) are left as they are.
 */
export function repairLesion(ct: CtVolume, lesionMask: Uint8Array, tissue_HU: number): CtVolume {
  if (lesionMask.length !== ct.hu.length) {
    throw new Error(
      `the lesion mask has ${lesionMask.length} voxels, the CT ${ct.hu.length}: they must share one grid`,
    );
  }
  const hu = Float32Array.from(ct.hu);
  const known = new Uint8Array(hu.length);
  for (let v = 0; v < hu.length; v++) known[v] = !lesionMask[v] && hu[v] >= tissue_HU ? 1 : 0;
  let pending: number[] = [];
  for (let v = 0; v < hu.length; v++) if (lesionMask[v]) pending.push(v);
  const { nx, ny, nz } = ct;
  while (pending.length > 0) {
    const filled: { v: number; value: number }[] = [];
    const rest: number[] = [];
    for (const v of pending) {
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      let sum = 0;
      let count = 0;
      const take = (w: number) => {
        if (known[w]) {
          sum += hu[w];
          count++;
        }
      };
      if (i > 0) take(v - 1);
      if (i < nx - 1) take(v + 1);
      if (j > 0) take(v - nx);
      if (j < ny - 1) take(v + nx);
      if (k > 0) take(v - nx * ny);
      if (k < nz - 1) take(v + nx * ny);
      if (count > 0) filled.push({ v, value: sum / count });
      else rest.push(v);
    }
    if (filled.length === 0) break;
    for (const f of filled) {
      hu[f.v] = f.value;
      known[f.v] = 1;
    }
    pending = rest;
  }
  return { ...ct, hu };
}

export type Comparator =
  /** `region`: the contralateral's own box; absent, the bone's box mirrored in x (decision 121). */
  | { kind: "contralateral"; ct: CtSource; region?: RegionBox }
  | { kind: "repaired"; lesionMask: Uint8Array };

export interface ClinicalAnalysis {
  research_use_only: true;
  site: Site;
  body_weight_kg: number;
  comparator: "contralateral" | "digitally-repaired";
  /** The load case with the lowest failure load, whose figures are the headline. */
  governing_load_case: LoadCaseName;
  failure_load_N: number;
  failure_load_BW: number;
  pistoia_failure_load_N: number;
  comparator_failure_load_N: number;
  strength_loss_percent: number;
  /** The part of the CT analysed for the bone and for its comparator (decision 121). */
  region: RegionReport;
  comparator_region: RegionReport;
  /** The frames analysed, each with its tilt (the contralateral's mirrored, decision 127). */
  frame: AnalysisFrame;
  comparator_frame: AnalysisFrame;
  healthy_pair_band_percent: typeof HEALTHY_PAIR_BAND_PERCENT;
  within_healthy_side_difference: boolean;
  activities: { activity: string; bw: number; source: string; margin: number }[];
  load_cases: {
    load_case: LoadCaseName;
    failure_load_N: number;
    failure_load_BW: number;
    comparator_failure_load_N: number;
    strength_loss_percent: number;
    bone: LoadCaseOutcome;
    comparator: LoadCaseOutcome;
  }[];
  calibration: Calibration;
  laws: LawRecord[];
  parameters: Record<string, number | string>;
  dof: number;
  iterations: number;
  stages_s: StageTimes;
}

/** The lesioned bone and its comparator through the identical pipeline. */
export async function runClinicalAnalysis(
  ct: CtSource,
  comparator: Comparator,
  settings: PipelineSettings,
  body_weight_kg: number,
): Promise<ClinicalAnalysis> {
  if (!(body_weight_kg > 0)) throw new RangeError("body_weight_kg must be positive");
  const thresholds = settings.thresholds ?? DEFAULT_THRESHOLDS[settings.site];
  const times = emptyStageTimes();
  const bone = await analyseBone(ct, settings, times, "bone");
  let comparatorCt: CtSource;
  // The repaired bone is the same CT: the same box. The contralateral bone has its own box, or
  // the bone's mirrored in x (the other side of a symmetric acquisition, decision 121).
  let comparatorRegion: BoneRegion = settings.region;
  let comparatorTilt = settings.tilt;
  if (comparator.kind === "contralateral") {
    // The other side is the mirror image in x: the coronal tilt changes sign (axisTilt.ts).
    comparatorTilt = settings.tilt ? mirrorTiltInX(settings.tilt) : undefined;
    comparatorCt = comparator.ct;
    const box = settings.region;
    comparatorRegion =
      comparator.region ?? (box ? (other: CtVolume) => mirrorBoxInX(box, other) : undefined);
  } else {
    // Repaired when the comparator starts, so the repaired copy is not held during the bone's
    // load cases (decision 128); its time is the calibration's, as before.
    const lesionMask = comparator.lesionMask;
    comparatorCt = () => {
      const start = performance.now();
      const repaired = repairLesion(readSource(ct), lesionMask, thresholds.tissue_HU);
      times.calibrate += (performance.now() - start) / 1000;
      return repaired;
    };
  }
  const other = await analyseBone(
    comparatorCt,
    { ...settings, tilt: comparatorTilt, onStrainField: undefined },
    times,
    "comparator",
    comparatorRegion,
  );
  const weightN = body_weight_kg * GRAVITY;
  const perCase = bone.load_cases.map((b, n) => {
    const c = other.load_cases[n];
    return {
      load_case: b.load_case,
      failure_load_N: b.failure_load_N,
      failure_load_BW: b.failure_load_N / weightN,
      comparator_failure_load_N: c.failure_load_N,
      strength_loss_percent: 100 * (1 - b.failure_load_N / c.failure_load_N),
      bone: b,
      comparator: c,
    };
  });
  const governing = perCase.reduce((a, b) => (b.failure_load_N < a.failure_load_N ? b : a));
  const bw = governing.failure_load_BW;
  return {
    research_use_only: true,
    site: settings.site,
    body_weight_kg,
    comparator: comparator.kind === "contralateral" ? "contralateral" : "digitally-repaired",
    governing_load_case: governing.load_case,
    failure_load_N: governing.failure_load_N,
    failure_load_BW: bw,
    pistoia_failure_load_N: governing.bone.pistoia_failure_load_N,
    comparator_failure_load_N: governing.comparator_failure_load_N,
    strength_loss_percent: governing.strength_loss_percent,
    region: bone.region,
    comparator_region: other.region,
    frame: bone.frame,
    comparator_frame: other.frame,
    healthy_pair_band_percent: HEALTHY_PAIR_BAND_PERCENT,
    within_healthy_side_difference:
      Math.abs(governing.strength_loss_percent) < HEALTHY_PAIR_BAND_PERCENT.low,
    activities: ACTIVITY_LOADS_BW.map((a) => ({ ...a, margin: bw / a.bw })),
    load_cases: perCase,
    calibration: settings.calibration,
    laws: lawsUsed(settings.site),
    parameters: {
      voxel_mm: settings.voxel_mm,
      tilt_coronal_deg: settings.tilt?.coronal_deg ?? 0,
      tilt_sagittal_deg: settings.tilt?.sagittal_deg ?? 0,
      segmentation_threshold_HU: thresholds.segmentation_HU,
      tissue_threshold_HU: thresholds.tissue_HU,
      modulus_floor_MPa: MODULUS_FLOOR_MPA,
      cap_modulus_MPa: settings.capModulus_MPa ?? PMMA_MODULUS_MPA,
      cap_thickness_mm: CAP_THICKNESS_MM,
      cap_depth_mm: CAP_DEPTH_MM,
      pot_depth_mm: POT_DEPTH_MM,
      strain_limit_tension: STRAIN_LIMITS.tension,
      strain_limit_compression: STRAIN_LIMITS.compression,
      strain_averaging_mm: AVERAGING_MM,
      criterion_exclusion_mm: EXCLUSION_MM[settings.site],
      pistoia_critical_strain: PISTOIA.criticalStrain,
      pistoia_critical_volume_fraction: PISTOIA.criticalVolumeFraction,
      poisson: BONE_POISSON,
      criterion: "max principal strain (Schileo 2014, Bayraktar 2004 limits)",
    },
    dof: [...bone.load_cases, ...other.load_cases].reduce((m, o) => Math.max(m, o.dof), 0),
    iterations: [...bone.load_cases, ...other.load_cases].reduce((s, o) => s + o.iterations, 0),
    stages_s: times,
  };
}
