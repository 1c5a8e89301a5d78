import * as z from "zod";
import type { Label } from "../common";

/** Every level a spinal lesion can sit at, cranial to caudal. */
export const SPINAL_LEVELS = [
  "occiput",
  "C1",
  "C2",
  "C3",
  "C4",
  "C5",
  "C6",
  "C7",
  "T1",
  "T2",
  "T3",
  "T4",
  "T5",
  "T6",
  "T7",
  "T8",
  "T9",
  "T10",
  "T11",
  "T12",
  "L1",
  "L2",
  "L3",
  "L4",
  "L5",
  "S1",
  "S2",
  "S3",
  "S4",
  "S5",
  "coccyx",
] as const;

export const SpinalLevelSchema = z.enum(SPINAL_LEVELS);
export type SpinalLevel = z.infer<typeof SpinalLevelSchema>;

export const SinsLocationGroupSchema = z.enum(["junctional", "mobile", "semiRigid", "rigid"]);
export type SinsLocationGroup = z.infer<typeof SinsLocationGroupSchema>;

export const SINS_LOCATION_LABELS: Record<SinsLocationGroup, Label> = {
  junctional: {
    fr: "jonctionnel (O–C2, C7–T2, T11–L1, L5–S1)",
    en: "junctional (O–C2, C7–T2, T11–L1, L5–S1)",
  },
  mobile: { fr: "rachis mobile (C3–C6, L2–L4)", en: "mobile spine (C3–C6, L2–L4)" },
  semiRigid: { fr: "semi-rigide (T3–T10)", en: "semi-rigid (T3–T10)" },
  rigid: { fr: "rigide (S2–S5)", en: "rigid (S2–S5)" },
};

/**
 * SINS location ranges, inclusive, as printed in Fisher 2010 (clinical.md §2.1 and its DEV NOTE).
 * The coccyx is in no range: SINS does not cover it.
 */
export const SINS_LOCATION_RANGES: ReadonlyArray<{
  from: SpinalLevel;
  to: SpinalLevel;
  group: SinsLocationGroup;
}> = [
  { from: "occiput", to: "C2", group: "junctional" },
  { from: "C3", to: "C6", group: "mobile" },
  { from: "C7", to: "T2", group: "junctional" },
  { from: "T3", to: "T10", group: "semiRigid" },
  { from: "T11", to: "L1", group: "junctional" },
  { from: "L2", to: "L4", group: "mobile" },
  { from: "L5", to: "S1", group: "junctional" },
  { from: "S2", to: "S5", group: "rigid" },
];

export function spinalLevelIndex(level: SpinalLevel): number {
  return SPINAL_LEVELS.indexOf(level);
}

/** SINS location group of a level (Fisher 2010); null for the coccyx, which SINS does not score. */
export function sinsLocationGroup(level: SpinalLevel): SinsLocationGroup | null {
  const index = spinalLevelIndex(level);
  const range = SINS_LOCATION_RANGES.find(
    (r) => spinalLevelIndex(r.from) <= index && index <= spinalLevelIndex(r.to),
  );
  return range ? range.group : null;
}

export type SpinalSegment =
  | "craniocervical"
  | "cervical"
  | "thoracic"
  | "lumbar"
  | "sacral"
  | "coccygeal";

export function spinalSegment(level: SpinalLevel): SpinalSegment {
  if (level === "occiput") return "craniocervical";
  if (level === "coccyx") return "coccygeal";
  const letter = level.charAt(0);
  if (letter === "C") return "cervical";
  if (letter === "T") return "thoracic";
  if (letter === "L") return "lumbar";
  return "sacral";
}

// ---- Spinal cord or cauda equina ----

export type NeuralElement = "spinalCord" | "caudaEquina";

/**
 * The conus medullaris ends at about L1–L2 in adults, so an epidural lesion at L2 or below
 * compresses the cauda equina, not the cord (Saifuddin A et al., Spine 1998;23:1452-6: conus
 * at the lower third of L1 on average — citation not in clinical.md, UNVERIFIED there; clinical.md
 * §7.1 already speaks of "cord/cauda compression"). T12 and L1 stay "cord" (conus level).
 */
export const CONUS_LAST_LEVEL: SpinalLevel = "L1";
export const CONUS_SOURCE = "Saifuddin 1998 (Spine 23:1452)";

export function neuralElementAt(level: SpinalLevel): NeuralElement {
  return spinalLevelIndex(level) > spinalLevelIndex(CONUS_LAST_LEVEL)
    ? "caudaEquina"
    : "spinalCord";
}
