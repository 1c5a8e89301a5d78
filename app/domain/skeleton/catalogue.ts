import * as z from "zod";
import type { Label } from "../common";
import { DomainInputError } from "../errors";
import {
  type Ellipse,
  ellipseContains,
  mirror,
  type SiteShape,
  type SkeletonView,
  toShape,
} from "./geometry";
import {
  type SinsLocationGroup,
  SPINAL_LEVELS,
  type SpinalLevel,
  sinsLocationGroup,
} from "./spine";

export const SideSchema = z.enum(["left", "right", "midline"]);
export type Side = z.infer<typeof SideSchema>;

export const SIDE_LABELS: Record<Side, Label> = {
  left: { fr: "gauche", en: "left" },
  right: { fr: "droite", en: "right" },
  midline: { fr: "médian", en: "midline" },
};

export type Bone =
  | "skull"
  | "mandible"
  | "vertebra"
  | "sacrum"
  | "coccyx"
  | "rib"
  | "sternum"
  | "clavicle"
  | "scapula"
  | "humerus"
  | "radius"
  | "ulna"
  | "pelvis"
  | "femur"
  | "tibia"
  | "fibula";

/** Mirels 1989 site item (clinical.md §1.1). */
export type MirelsSiteCategory = "upperLimb" | "lowerLimb" | "peritrochanteric";

/** Geometry of one view: 'left' and 'right' for paired sites, 'midline' for the others. */
export type ViewGeometry = Partial<Record<Side, SiteShape>>;

export interface SkeletonSite {
  /** Stable id stored in board documents: 'femur.neck', 'spine.T12', 'rib.7', 'pelvis.acetabulum'. */
  id: string;
  label: Label;
  bone: Bone;
  /** Paired sites need a side (left/right); midline sites take 'midline'. */
  paired: boolean;
  region: "axial" | "appendicular";
  longBone: boolean;
  weightBearing: boolean;
  spinalLevel: SpinalLevel | null;
  sinsLocation: SinsLocationGroup | null;
  mirelsSite: MirelsSiteCategory | null;
  geometry: Record<SkeletonView, ViewGeometry>;
}

interface SiteSpec {
  id: string;
  label: Label;
  bone: Bone;
  paired: boolean;
  region: "axial" | "appendicular";
  longBone?: boolean;
  weightBearing: boolean;
  spinalLevel?: SpinalLevel;
  mirelsSite?: MirelsSiteCategory;
  /** Ellipse in the anterior view; for paired sites, the patient's right side. */
  shape: Ellipse;
  occludedIn?: SkeletonView;
}

function ellipse(cx: number, cy: number, rx: number, ry: number, rotationDeg = 0): Ellipse {
  return { cx, cy, rx, ry, rotationDeg };
}

function build(spec: SiteSpec): SkeletonSite {
  const anteriorOccluded = spec.occludedIn === "anterior";
  const posteriorOccluded = spec.occludedIn === "posterior";
  // Posterior view: the patient's right moves to the viewer's right, hence the mirror.
  const geometry: Record<SkeletonView, ViewGeometry> = spec.paired
    ? {
        anterior: {
          right: toShape(spec.shape, anteriorOccluded),
          left: toShape(mirror(spec.shape), anteriorOccluded),
        },
        posterior: {
          right: toShape(mirror(spec.shape), posteriorOccluded),
          left: toShape(spec.shape, posteriorOccluded),
        },
      }
    : {
        anterior: { midline: toShape(spec.shape, anteriorOccluded) },
        posterior: { midline: toShape(mirror(spec.shape), posteriorOccluded) },
      };
  const spinalLevel = spec.spinalLevel ?? null;
  return {
    id: spec.id,
    label: spec.label,
    bone: spec.bone,
    paired: spec.paired,
    region: spec.region,
    longBone: spec.longBone ?? false,
    weightBearing: spec.weightBearing,
    spinalLevel,
    sinsLocation: spinalLevel ? sinsLocationGroup(spinalLevel) : null,
    mirelsSite: spec.mirelsSite ?? null,
    geometry,
  };
}

// ---------------------------------------------------------------------------------------------
// Spine: occiput to coccyx, midline.

/** Vertebral body outline: cervical small, lumbar large, sacrum narrowing caudally. */
function spineEllipse(level: SpinalLevel): Ellipse {
  const letter = level.charAt(0);
  const n = Number(level.slice(1));
  if (level === "occiput") return ellipse(200, 114, 14, 5);
  if (level === "coccyx") return ellipse(200, 572, 5, 5);
  if (letter === "C") return ellipse(200, 126 + (n - 1) * 9, 9, 4);
  if (letter === "T") return ellipse(200, 192 + (n - 1) * 17, 11, 7.5);
  if (letter === "L") return ellipse(200, 400 + (n - 1) * 21, 14, 9.5);
  return ellipse(200, 508 + (n - 1) * 12, 18 - n * 2, 5.5);
}

function spineLabel(level: SpinalLevel): Label {
  if (level === "occiput") {
    return { fr: "Occiput (charnière crânio-cervicale)", en: "Occiput (craniocervical junction)" };
  }
  if (level === "coccyx") return { fr: "Coccyx", en: "Coccyx" };
  if (level.startsWith("S")) return { fr: `Sacrum ${level}`, en: `Sacrum ${level}` };
  return { fr: `Vertèbre ${level}`, en: `${level} vertebra` };
}

function spineBone(level: SpinalLevel): Bone {
  if (level === "coccyx") return "coccyx";
  if (level.startsWith("S")) return "sacrum";
  return "vertebra";
}

// In the anterior view the occiput hides behind the face and T3–T9 behind the sternum.
const ANTERIOR_OCCLUDED_LEVELS: ReadonlySet<SpinalLevel> = new Set<SpinalLevel>([
  "occiput",
  "T3",
  "T4",
  "T5",
  "T6",
  "T7",
  "T8",
  "T9",
]);

const spineSites: SiteSpec[] = SPINAL_LEVELS.map((level) => {
  return {
    id: `spine.${level}`,
    label: spineLabel(level),
    bone: spineBone(level),
    paired: false,
    region: "axial",
    // The column carries axial load from C1 to the sacrum; occiput and coccyx do not.
    weightBearing: level !== "occiput" && level !== "coccyx",
    spinalLevel: level,
    shape: spineEllipse(level),
    occludedIn: ANTERIOR_OCCLUDED_LEVELS.has(level) ? "anterior" : undefined,
  };
});

// ---------------------------------------------------------------------------------------------
// Ribs 1–12, paired. Each rib leaves its thoracic vertebra and runs laterally and down.

const RIB_HALF_LENGTH = [20, 28, 34, 38, 41, 42, 42, 41, 39, 35, 26, 19];

const ribSites: SiteSpec[] = RIB_HALF_LENGTH.map((rx, index) => {
  const n = index + 1;
  const tY = 192 + (n - 1) * 17; // level of the thoracic vertebra T<n>
  return {
    id: `rib.${n}`,
    label: { fr: `Côte ${n}`, en: `Rib ${n}` },
    bone: "rib",
    paired: true,
    region: "axial",
    weightBearing: false,
    shape: ellipse(200 - 12 - rx, tY + 0.31 * rx, rx, 3.5, -18),
  };
});

// ---------------------------------------------------------------------------------------------
// Head, shoulder girdle, sternum.

const axialSites: SiteSpec[] = [
  {
    id: "skull",
    label: { fr: "Crâne", en: "Skull" },
    bone: "skull",
    paired: false,
    region: "axial",
    weightBearing: false,
    shape: ellipse(200, 60, 42, 48),
  },
  {
    id: "mandible",
    label: { fr: "Mandibule", en: "Mandible" },
    bone: "mandible",
    paired: false,
    region: "axial",
    weightBearing: false,
    shape: ellipse(200, 104, 24, 8),
    occludedIn: "posterior",
  },
  {
    id: "sternum",
    label: { fr: "Sternum", en: "Sternum" },
    bone: "sternum",
    paired: false,
    region: "axial",
    weightBearing: false,
    shape: ellipse(200, 262, 9, 54),
    occludedIn: "posterior",
  },
  {
    id: "clavicle",
    label: { fr: "Clavicule", en: "Clavicle" },
    bone: "clavicle",
    paired: true,
    region: "appendicular",
    weightBearing: false,
    shape: ellipse(152, 182, 34, 4.5, 10),
  },
  {
    id: "scapula",
    label: { fr: "Scapula", en: "Scapula" },
    bone: "scapula",
    paired: true,
    region: "appendicular",
    weightBearing: false,
    shape: ellipse(140, 250, 22, 36, -6),
    occludedIn: "anterior",
  },
];

// ---------------------------------------------------------------------------------------------
// Limbs: long bones by segment.

interface SegmentSpec {
  key: string;
  label: Label;
  shape: Ellipse;
  mirelsSite: MirelsSiteCategory;
  weightBearing: boolean;
}

function longBone(bone: Bone, boneLabel: Label, segments: SegmentSpec[]): SiteSpec[] {
  return segments.map((segment) => ({
    id: `${bone}.${segment.key}`,
    label: {
      fr: `${boneLabel.fr} – ${segment.label.fr}`,
      en: `${boneLabel.en} – ${segment.label.en}`,
    },
    bone,
    paired: true,
    region: "appendicular",
    longBone: true,
    weightBearing: segment.weightBearing,
    mirelsSite: segment.mirelsSite,
    shape: segment.shape,
  }));
}

const PROXIMAL: Label = { fr: "extrémité proximale", en: "proximal end" };
const DIAPHYSIS: Label = { fr: "diaphyse", en: "diaphysis" };
const DISTAL: Label = { fr: "extrémité distale", en: "distal end" };

function threeSegments(
  shapes: [Ellipse, Ellipse, Ellipse],
  mirelsSite: MirelsSiteCategory,
  weightBearing: boolean,
): SegmentSpec[] {
  return [
    { key: "proximal", label: PROXIMAL, shape: shapes[0], mirelsSite, weightBearing },
    { key: "diaphysis", label: DIAPHYSIS, shape: shapes[1], mirelsSite, weightBearing },
    { key: "distal", label: DISTAL, shape: shapes[2], mirelsSite, weightBearing },
  ];
}

// Mirels 1989 (clinical.md §1.1): site 3 points for the peritrochanteric proximal femur; we count
// head, neck, trochanteric and subtrochanteric regions as proximal femur, the rest of the femur,
// tibia and fibula as lower limb (2 points), humerus, radius and ulna as upper limb (1 point).
const femurSegments: SegmentSpec[] = [
  {
    key: "head",
    label: { fr: "tête fémorale", en: "femoral head" },
    shape: ellipse(136, 570, 8, 8),
    mirelsSite: "peritrochanteric",
    weightBearing: true,
  },
  {
    key: "neck",
    label: { fr: "col fémoral", en: "femoral neck" },
    shape: ellipse(122, 583, 8, 5, -35),
    mirelsSite: "peritrochanteric",
    weightBearing: true,
  },
  {
    key: "trochanteric",
    label: { fr: "massif trochantérien", en: "trochanteric region" },
    shape: ellipse(107, 597, 10, 11),
    mirelsSite: "peritrochanteric",
    weightBearing: true,
  },
  {
    key: "subtrochanteric",
    label: { fr: "région sous-trochantérienne", en: "subtrochanteric region" },
    shape: ellipse(112, 628, 8, 18),
    mirelsSite: "peritrochanteric",
    weightBearing: true,
  },
  {
    key: "diaphysis",
    label: DIAPHYSIS,
    shape: ellipse(118, 706, 8, 58, -5),
    mirelsSite: "lowerLimb",
    weightBearing: true,
  },
  {
    key: "distal",
    label: DISTAL,
    shape: ellipse(126, 782, 14, 16),
    mirelsSite: "lowerLimb",
    weightBearing: true,
  },
];

const limbSites: SiteSpec[] = [
  ...longBone(
    "humerus",
    { fr: "Humérus", en: "Humerus" },
    threeSegments(
      [ellipse(96, 215, 10, 20), ellipse(96, 295, 7, 57), ellipse(96, 371, 11, 17)],
      "upperLimb",
      false,
    ),
  ),
  ...longBone(
    "radius",
    { fr: "Radius", en: "Radius" },
    threeSegments(
      [ellipse(85, 410, 5, 15), ellipse(84, 470, 4.5, 42), ellipse(83, 530, 6, 15)],
      "upperLimb",
      false,
    ),
  ),
  ...longBone(
    "ulna",
    { fr: "Ulna", en: "Ulna" },
    threeSegments(
      [ellipse(104, 410, 6, 15), ellipse(104, 470, 4.5, 42), ellipse(104, 530, 5, 15)],
      "upperLimb",
      false,
    ),
  ),
  ...longBone("femur", { fr: "Fémur", en: "Femur" }, femurSegments),
  ...longBone(
    "tibia",
    { fr: "Tibia", en: "Tibia" },
    threeSegments(
      [ellipse(131, 820, 12, 14), ellipse(131, 890, 7.5, 51), ellipse(132, 958, 9, 12)],
      "lowerLimb",
      true,
    ),
  ),
  ...longBone(
    "fibula",
    { fr: "Fibula", en: "Fibula" },
    // The fibula carries little of the body weight; it is lower limb for Mirels all the same.
    threeSegments(
      [ellipse(111, 824, 5, 10), ellipse(112, 890, 3.5, 51), ellipse(114, 958, 5, 12)],
      "lowerLimb",
      false,
    ),
  ),
];

// ---------------------------------------------------------------------------------------------
// Pelvis (the sacrum is recorded by level: spine.S1 … spine.S5).

const pelvisSites: SiteSpec[] = [
  {
    id: "pelvis.ilium",
    label: { fr: "Bassin – ilion", en: "Pelvis – ilium" },
    bone: "pelvis",
    paired: true,
    region: "axial",
    weightBearing: true,
    shape: ellipse(154, 505, 26, 22, -20),
  },
  {
    id: "pelvis.acetabulum",
    label: { fr: "Bassin – acétabulum (cotyle)", en: "Pelvis – acetabulum" },
    bone: "pelvis",
    paired: true,
    region: "axial",
    weightBearing: true,
    shape: ellipse(150, 551, 10, 10),
  },
  {
    id: "pelvis.ischium",
    label: { fr: "Bassin – ischion", en: "Pelvis – ischium" },
    bone: "pelvis",
    paired: true,
    region: "axial",
    // Weight-bearing when sitting.
    weightBearing: true,
    shape: ellipse(158, 597, 9, 9),
  },
  {
    id: "pelvis.pubis",
    label: { fr: "Bassin – pubis", en: "Pelvis – pubis" },
    bone: "pelvis",
    paired: true,
    region: "axial",
    // Part of the pelvic ring that transmits load between the two hips.
    weightBearing: true,
    shape: ellipse(180, 580, 13, 6),
  },
];

/** Every site a bone lesion can be recorded on, cranial to caudal by region. */
export const SKELETON_SITES: readonly SkeletonSite[] = [
  ...axialSites,
  ...spineSites,
  ...ribSites,
  ...pelvisSites,
  ...limbSites,
].map(build);

const SITE_BY_ID: ReadonlyMap<string, SkeletonSite> = new Map(SKELETON_SITES.map((s) => [s.id, s]));

export const SITE_IDS: readonly string[] = SKELETON_SITES.map((s) => s.id);

export const SiteIdSchema = z.string().refine((id) => SITE_BY_ID.has(id), {
  message: "unknown skeleton site id",
  params: { reason: "unknownSite" },
});

export function findSite(id: string): SkeletonSite | undefined {
  return SITE_BY_ID.get(id);
}

/** The site with this id; throws a DomainInputError naming the id when it is not in the catalogue. */
export function getSite(id: string): SkeletonSite {
  const site = SITE_BY_ID.get(id);
  if (!site) {
    throw new DomainInputError(
      "skeleton",
      "unknownSite",
      { fr: `Site osseux inconnu : « ${id} »`, en: `Unknown skeleton site: "${id}"` },
      "siteId",
    );
  }
  return site;
}

export function siteForSpinalLevel(level: SpinalLevel): SkeletonSite {
  return getSite(`spine.${level}`);
}

/** Sides a lesion on this site may take: ['left','right'] for paired sites, ['midline'] otherwise. */
export function allowedSides(site: SkeletonSite): Side[] {
  return site.paired ? ["left", "right"] : ["midline"];
}

export function isSideAllowed(site: SkeletonSite, side: Side): boolean {
  return allowedSides(site).includes(side);
}

/** Label with its side, e.g. "Fémur – col fémoral, côté droit" / "Femur – femoral neck, right". */
export function siteLabel(site: SkeletonSite, side: Side): Label {
  if (!site.paired) return site.label;
  // "côté" is masculine: "côté droit", whereas SIDE_LABELS.right is the feminine "droite".
  const cote = side === "right" ? "droit" : "gauche";
  return { fr: `${site.label.fr}, côté ${cote}`, en: `${site.label.en}, ${SIDE_LABELS[side].en}` };
}

export function siteShape(
  site: SkeletonSite,
  view: SkeletonView,
  side: Side,
): SiteShape | undefined {
  return site.geometry[view][side];
}

/**
 * The site and side under a point of a view, or null. Visible bones win over occluded ones, then
 * the smallest shape wins (a femoral neck inside a larger outline).
 */
export function hitTestSkeleton(
  view: SkeletonView,
  x: number,
  y: number,
): { site: SkeletonSite; side: Side } | null {
  let best: { site: SkeletonSite; side: Side; occluded: boolean; area: number } | null = null;
  for (const site of SKELETON_SITES) {
    for (const side of allowedSides(site)) {
      const shape = site.geometry[view][side];
      if (!shape || !ellipseContains(shape, x, y)) continue;
      const area = shape.rx * shape.ry;
      const better =
        !best ||
        (best.occluded && !shape.occluded) ||
        (best.occluded === shape.occluded && area < best.area);
      if (better) best = { site, side, occluded: shape.occluded, area };
    }
  }
  return best ? { site: best.site, side: best.side } : null;
}
