/**
 * CalculiX reference results stored in the repository (issue 9), so that the agreement with
 * CalculiX is checked in every test run whether or not `ccx` is installed. Per benchmark phantom:
 * its spec (the test rebuilds the very same voxel grid), the mesh sizes and a fingerprint of the
 * voxels, the issue-4 load case, and the total reaction of CalculiX 2.20's direct solver (SPOOLES),
 * with provenance. Written by `node --import tsx test/bench/fe-calculix.bench.ts
 * --write-reference` (needs ccx), read by test/fe/calculix-reference.test.ts.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { cropToBone, type VoxelGrid } from "../../server/fe/grid";
import type { CylinderPhantomSpec } from "../../server/fe/phantom";

export const REFERENCE_DIR = path.resolve(import.meta.dirname, "reference");

/**
 * The stored phantoms, by `benchmarkPhantomSpec` radius: the two `--quick` benchmark phantoms and
 * the smallest default one (issue 4's 57 k dof row), all solved by our CLI in about a second.
 */
export const REFERENCE_PHANTOMS = [
  { name: "phantom-5k", radius: 5 },
  { name: "phantom-13k", radius: 7 },
  { name: "phantom-57k", radius: 12 },
] as const;

/** Issue 4: within 0.1 % of CalculiX's direct solution. */
export const AGREEMENT_TOLERANCE = 1e-3;

export function referencePath(name: string): string {
  return path.join(REFERENCE_DIR, `calculix-${name}.json`);
}

const positive = z.number().positive();
const triple = z.tuple([z.number(), z.number(), z.number()]);

const CylinderPhantomSpecSchema = z.strictObject({
  radius: positive,
  length: z.number().int().positive(),
  spacing: z.union([positive, z.tuple([positive, positive, positive])]).optional(),
  shell: positive,
  corticalMPa: positive.optional(),
  trabecularCentreMPa: positive.optional(),
  trabecularRimMPa: positive.optional(),
  trabecularSteps: z.number().int().positive().optional(),
  lesion: z
    .strictObject({ centre: triple, radius: positive, modulusMPa: z.number().min(0) })
    .optional(),
}) satisfies z.ZodType<CylinderPhantomSpec>;

export const CalculixReferenceSchema = z.strictObject({
  name: z.string().regex(/^phantom-\d+k$/),
  phantom: CylinderPhantomSpecSchema,
  /** The fields of the issue-4 case file, as given to both codes. */
  load_case: z.strictObject({
    quantity: z.literal("youngs-modulus-MPa"),
    load_case: z.literal("axial-compression"),
    axis: z.literal("z"),
    poisson: z.number().gt(-1).lt(0.5),
    displacement_mm: z.number().refine((v) => v !== 0, "must be a non-zero displacement"),
  }),
  boundary_conditions: z.string().min(1),
  mesh: z.strictObject({
    dof: z.number().int().positive(),
    nodes: z.number().int().positive(),
    elements: z.number().int().positive(),
    bottom_nodes: z.number().int().positive(),
    top_nodes: z.number().int().positive(),
    /** See `voxelFingerprint`. */
    voxels_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  calculix: z.strictObject({
    version: z.string().min(1),
    solver: z.literal("SPOOLES"),
    threads: z.number().int().positive(),
    /** The "total force (fx,fy,fz) for set NTOP" line of the .dat file, N (7 digits). */
    total_force_N: triple,
    /** |fz|, N. */
    reaction_force_N: positive,
  }),
  provenance: z.strictObject({
    generated_at: z.iso.datetime(),
    command: z.string().min(1),
    ccx_command: z.string().min(1),
    source_commit: z.string().min(1),
    machine: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
});
export type CalculixReference = z.infer<typeof CalculixReferenceSchema>;

/** Reads and parses one stored reference; the error names the file and every wrong field. */
export function readReference(file: string): CalculixReference {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(
      `CalculiX reference ${file} is missing or not JSON (${(error as Error).message}); ` +
        "regenerate it with `node --import tsx test/bench/fe-calculix.bench.ts --write-reference`",
    );
  }
  const parsed = CalculixReferenceSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues
      .map((issue) => `"${issue.path.join(".") || "(root)"}": ${issue.message}`)
      .join("; ");
    throw new Error(`CalculiX reference ${file} is malformed: ${fields}`);
  }
  return parsed.data;
}

/**
 * SHA-256 of the bone-cropped voxel grid (sizes, spacing, Float32 moduli): equal fingerprints
 * mean the test meshes exactly the voxels CalculiX was given, not merely as many dof.
 */
export function voxelFingerprint(grid: VoxelGrid): string {
  const cropped = cropToBone(grid).grid;
  const hash = createHash("sha256");
  hash.update(JSON.stringify([cropped.nx, cropped.ny, cropped.nz, cropped.spacing]));
  const moduli = cropped.modulus;
  hash.update(new Uint8Array(moduli.buffer, moduli.byteOffset, moduli.byteLength));
  return hash.digest("hex");
}
