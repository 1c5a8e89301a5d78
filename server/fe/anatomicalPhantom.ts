/**
 * Synthetic CT phantoms of a proximal femur and a vertebral body, written in Hounsfield units
 * (issue 13 item 8; fe.md §7 "A good parametric phantom": no npm package ships a bone CT, so CI
 * uses deterministic parametric phantoms with known ground truth). Dimensions and densities
 * follow fe.md §7; the ones fe.md marks "typical, UNVERIFIED" are marked so here too.
 *
 * Frame of the femur phantom (mm): shaft axis along +z (proximal up), medial towards −x (the head
 * side), lateral towards +x (the greater trochanter), anterior +y. The contralateral twin is the
 * same bone mirrored in x with a small seeded density perturbation (fe.md §7 "Contralateral").
 */
import type { CtVolume } from "./ctVolume";

/** mg/cm³ (K₂HPO₄-equivalent) → HU through the phantom's own scanner calibration. */
export interface PhantomCalibration {
  slope_mg_per_HU: number;
  intercept_mg: number;
}

/** The calibration the phantoms are "scanned" with: the example of issue 13's case file. */
export const PHANTOM_CALIBRATION: PhantomCalibration = { slope_mg_per_HU: 0.8, intercept_mg: -1.2 };

/** fe.md §7 (typical, UNVERIFIED): cortex 1000–1200, trabecular 150–300, marrow 0–50, lesion 0–60. */
export const PHANTOM_DENSITY_MG = {
  cortical: 1100,
  femoralHeadTrabecular: 250,
  trabecular: 180,
  marrow: 20,
  lesion: 30,
  /** Skeletal muscle: VerSe sub-verse004 internal calibration, 24.6 HU (fe.md §1.1). */
  softTissue: 25,
  vertebralCore: 120,
  vertebralShell: 450,
} as const;

export interface Lesion {
  /** Centre in the phantom frame, mm. */
  centre_mm: [number, number, number];
  /** Semi-axes in mm (a sphere when all three are equal). */
  radii_mm: [number, number, number];
}

/** Named lesion sites of the femur phantom, same size at each (Rizvi 2026: medial vs lateral). */
export type FemurLesionSite = "trochanteric" | "calcar" | "lateral-cortex" | "neck-core";

export interface FemurGeometry {
  /** Height of the neck-axis/shaft-axis intersection above the distal cut, mm. */
  neckBaseZ_mm: number;
  /** fe.md §7: 125–130°. */
  neckShaftAngle_deg: number;
  /** Head centre to neck base, mm (femoral offset ≈ neckLength·sin(180° − angle)). */
  neckLength_mm: number;
  headRadius_mm: number;
  neckRadius_mm: number;
  shaftRadius_mm: number;
  /** Diaphyseal cortex, mm (fe.md §7: 4–6). */
  shaftCortex_mm: number;
}

/** fe.md §7 typical anatomy (UNVERIFIED): head r 22–25, neck r ≈ 15, shaft r 13–15, cortex 4–6. */
export const FEMUR_GEOMETRY: FemurGeometry = {
  neckBaseZ_mm: 95,
  neckShaftAngle_deg: 127,
  neckLength_mm: 50,
  headRadius_mm: 23,
  neckRadius_mm: 15,
  shaftRadius_mm: 14,
  shaftCortex_mm: 5,
};

export interface PhantomOptions {
  /** Voxel size of the written CT, mm. */
  spacing_mm: number;
  lesions?: Lesion[];
  /** Mirror in x (the contralateral side). */
  mirror?: boolean;
  /** Relative per-voxel density noise amplitude (uniform in ±amplitude) and its seed. */
  perturbation?: { amplitude: number; seed: number };
  /** Uniform density factor on bone (a side-to-side BMC difference, fe.md §4: 15 ± 13 %). */
  densityFactor?: number;
}

export interface Phantom {
  ct: CtVolume;
  /** 1 where a lesion was placed (inside the bone envelope), else 0; same grid as ct. */
  lesionMask: Uint8Array;
}

type Vec3 = [number, number, number];

/** mulberry32: a tiny seeded generator, so that every phantom is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The centre and size of a named femur lesion site, for a sphere of `radius_mm`. */
export function femurLesion(site: FemurLesionSite, radius_mm: number): Lesion {
  const g = FEMUR_GEOMETRY;
  const r = g.shaftRadius_mm;
  const centre: Record<FemurLesionSite, Vec3> = {
    // Intertrochanteric/trochanteric region, below the greater trochanter's top.
    trochanteric: [10, 0, g.neckBaseZ_mm + 5],
    // Medial (calcar) cortex just below the neck, breaching it; lateral: its mirror image.
    calcar: [-(r - 1), 0, g.neckBaseZ_mm - 28],
    "lateral-cortex": [r - 1, 0, g.neckBaseZ_mm - 28],
    "neck-core": neckPoint(0.45),
  };
  return { centre_mm: centre[site], radii_mm: [radius_mm, radius_mm, radius_mm] };
}

function neckDirection(): Vec3 {
  // Angle between the neck (towards the head) and the distal shaft axis is the neck-shaft angle.
  const a = ((180 - FEMUR_GEOMETRY.neckShaftAngle_deg) * Math.PI) / 180;
  return [-Math.sin(a), 0, Math.cos(a)];
}

/** A point a fraction t of the way from the neck base to the head centre. */
function neckPoint(t: number): Vec3 {
  const d = neckDirection();
  const L = FEMUR_GEOMETRY.neckLength_mm * t;
  return [d[0] * L, d[1] * L, FEMUR_GEOMETRY.neckBaseZ_mm + d[2] * L];
}

/** Signed distance (mm, negative inside) of the femur envelope and the local cortex thickness. */
function femurShape(p: Vec3): { sdf: number; cortex_mm: number; trabecular_mg: number } {
  const g = FEMUR_GEOMETRY;
  const [x, y, z] = p;
  const head = neckPoint(1);
  const d = neckDirection();
  // Shaft: a cylinder up to the neck base.
  const shaft = Math.max(Math.hypot(x, y) - g.shaftRadius_mm, z - g.neckBaseZ_mm, -z);
  // Neck: a capped cylinder from the neck base to the head centre.
  const rel: Vec3 = [x, y, z - g.neckBaseZ_mm];
  const along = rel[0] * d[0] + rel[1] * d[1] + rel[2] * d[2];
  const radial = Math.hypot(rel[0] - along * d[0], rel[1] - along * d[1], rel[2] - along * d[2]);
  const neck = Math.max(radial - g.neckRadius_mm, -along, along - g.neckLength_mm);
  const headSdf = Math.hypot(x - head[0], y - head[1], z - head[2]) - g.headRadius_mm;
  // Greater trochanter and metaphysis: an ellipsoid on the lateral side (approximate distance).
  const troch = ellipsoidSdf(p, [8, 0, g.neckBaseZ_mm], [24, 19, 26]);
  // Lesser trochanter: posteromedial bump.
  const lesser = ellipsoidSdf(p, [-9, -9, g.neckBaseZ_mm - 30], [8, 8, 10]);
  const sdf = Math.min(shaft, neck, headSdf, troch, lesser);
  // Cortex: thick in the diaphysis, thin proximally; thicker inferomedially in the neck and calcar
  // than superolaterally (fe.md §7, after Benca 2019: 0.5–1 mm superolateral, 2–3 mm inferomedial).
  const diaphysis = z < g.neckBaseZ_mm - 40;
  let cortex = diaphysis ? g.shaftCortex_mm : 2;
  if (!diaphysis && x < 0) cortex = 3;
  if (neck <= 0 && rel[2] - along * d[2] > 0) cortex = 1;
  const trabecular_mg =
    headSdf < 0 ? PHANTOM_DENSITY_MG.femoralHeadTrabecular : PHANTOM_DENSITY_MG.trabecular;
  return { sdf, cortex_mm: cortex, trabecular_mg };
}

function ellipsoidSdf(p: Vec3, c: Vec3, r: Vec3): number {
  const q = Math.hypot((p[0] - c[0]) / r[0], (p[1] - c[1]) / r[1], (p[2] - c[2]) / r[2]);
  return (q - 1) * Math.min(r[0], r[1], r[2]);
}

function inLesion(p: Vec3, lesions: readonly Lesion[]): boolean {
  for (const l of lesions) {
    const q =
      ((p[0] - l.centre_mm[0]) / l.radii_mm[0]) ** 2 +
      ((p[1] - l.centre_mm[1]) / l.radii_mm[1]) ** 2 +
      ((p[2] - l.centre_mm[2]) / l.radii_mm[2]) ** 2;
    if (q <= 1) return true;
  }
  return false;
}

function femurDensity(p: Vec3, lesions: readonly Lesion[]): { mg: number; lesion: boolean } {
  const g = FEMUR_GEOMETRY;
  const shape = femurShape(p);
  if (shape.sdf > 0) return { mg: PHANTOM_DENSITY_MG.softTissue, lesion: false };
  if (inLesion(p, lesions)) return { mg: PHANTOM_DENSITY_MG.lesion, lesion: true };
  if (shape.sdf > -shape.cortex_mm) return { mg: PHANTOM_DENSITY_MG.cortical, lesion: false };
  const canal = p[2] < g.neckBaseZ_mm - 40 && Math.hypot(p[0], p[1]) < g.shaftRadius_mm - 5;
  return { mg: canal ? PHANTOM_DENSITY_MG.marrow : shape.trabecular_mg, lesion: false };
}

/** fe.md §7 vertebra (typical, UNVERIFIED): elliptic body 45 × 35 mm, 26 mm high, 1 mm rim. */
export const VERTEBRA_GEOMETRY = {
  semiAxisX_mm: 22.5,
  semiAxisY_mm: 17.5,
  height_mm: 26,
  shell_mm: 1,
};

function vertebraDensity(p: Vec3, lesions: readonly Lesion[]): { mg: number; lesion: boolean } {
  const v = VERTEBRA_GEOMETRY;
  const [x, y, z] = p;
  const q = Math.hypot(x / v.semiAxisX_mm, y / v.semiAxisY_mm);
  if (q > 1 || z < 0 || z > v.height_mm)
    return { mg: PHANTOM_DENSITY_MG.softTissue, lesion: false };
  if (inLesion(p, lesions)) return { mg: PHANTOM_DENSITY_MG.lesion, lesion: true };
  // Silva 1994: the shell (≈0.35 mm) is below a voxel; fe.md §7 models it as a ~1 mm rim.
  const rim = (1 - q) * Math.min(v.semiAxisX_mm, v.semiAxisY_mm) < v.shell_mm;
  const endplate = z < v.shell_mm || z > v.height_mm - v.shell_mm;
  return {
    mg: rim || endplate ? PHANTOM_DENSITY_MG.vertebralShell : PHANTOM_DENSITY_MG.vertebralCore,
    lesion: false,
  };
}

/** Samples a density function on a grid (2×2×2 sub-samples per voxel give partial volumes). */
function sampleVolume(
  density: (p: Vec3, lesions: readonly Lesion[]) => { mg: number; lesion: boolean },
  lo: Vec3,
  hi: Vec3,
  options: PhantomOptions,
  calibration: PhantomCalibration,
): Phantom {
  const h = options.spacing_mm;
  if (!(h > 0)) throw new RangeError("spacing_mm must be a positive voxel size");
  // Box corners on whole multiples of the voxel size: the mirrored twin is then sampled at the
  // mirror images of the same points (a pure mirror, no sub-voxel shift).
  const start = lo.map((x) => Math.floor(x / h) * h);
  const n = [0, 1, 2].map((a) => Math.ceil((hi[a] - start[a]) / h));
  const [nx, ny, nz] = n;
  const hu = new Float32Array(nx * ny * nz);
  const lesionMask = new Uint8Array(nx * ny * nz);
  const lesions = options.lesions ?? [];
  const random = options.perturbation ? seededRandom(options.perturbation.seed) : null;
  const amplitude = options.perturbation?.amplitude ?? 0;
  const factor = options.densityFactor ?? 1;
  const sub = [0.25, 0.75];
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        let sum = 0;
        let lesionHits = 0;
        for (const a of sub) {
          for (const b of sub) {
            for (const c of sub) {
              const x = start[0] + (i + a) * h;
              const p: Vec3 = [
                options.mirror ? -x : x,
                start[1] + (j + b) * h,
                start[2] + (k + c) * h,
              ];
              const s = density(p, lesions);
              const isBoneTissue = s.mg > PHANTOM_DENSITY_MG.softTissue;
              sum += isBoneTissue ? s.mg * factor : s.mg;
              if (s.lesion) lesionHits++;
            }
          }
        }
        let mg = sum / 8;
        if (random) mg *= 1 + amplitude * (2 * random() - 1);
        hu[v] = (mg - calibration.intercept_mg) / calibration.slope_mg_per_HU;
        lesionMask[v] = lesionHits >= 4 ? 1 : 0;
      }
    }
  }
  return { ct: { nx, ny, nz, spacing: [h, h, h], hu }, lesionMask };
}

/** A proximal femur CT (soft tissue around it), distal cut at z = 0. */
export function femurPhantom(
  options: PhantomOptions,
  calibration: PhantomCalibration = PHANTOM_CALIBRATION,
): Phantom {
  const g = FEMUR_GEOMETRY;
  const head = neckPoint(1);
  const margin = 6;
  // Mirroring flips x: keep the box symmetric enough to contain both sides.
  const xLo = head[0] - g.headRadius_mm - margin;
  const xHi = 8 + 24 + margin;
  const lo: Vec3 = options.mirror ? [-xHi, -25, -2] : [xLo, -25, -2];
  const hi: Vec3 = options.mirror
    ? [-xLo, 25, head[2] + g.headRadius_mm + margin]
    : [xHi, 25, head[2] + g.headRadius_mm + margin];
  return sampleVolume(femurDensity, lo, hi, options, calibration);
}

/** A vertebral body CT, endplates at z = 0 and z = 26 mm. */
export function vertebraPhantom(
  options: PhantomOptions,
  calibration: PhantomCalibration = PHANTOM_CALIBRATION,
): Phantom {
  const v = VERTEBRA_GEOMETRY;
  const m = 5;
  return sampleVolume(
    vertebraDensity,
    [-v.semiAxisX_mm - m, -v.semiAxisY_mm - m, -m],
    [v.semiAxisX_mm + m, v.semiAxisY_mm + m, v.height_mm + m],
    options,
    calibration,
  );
}
