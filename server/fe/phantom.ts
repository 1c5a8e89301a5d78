/**
 * Synthetic bone phantoms generated in code (fe.md §7: no npm package ships a bone CT; CI uses
 * deterministic parametric phantoms). A cylinder along z with a cortical shell, a trabecular core
 * graded by radius and an optional spherical lytic lesion (void or soft tissue).
 */
import { buildLevel, cropToBone, type VoxelGrid } from "./grid";

export interface CylinderPhantomSpec {
  /** Outer radius in voxels. */
  radius: number;
  /** Length along z in voxels. */
  length: number;
  /** Voxel size in mm (isotropic unless given per axis). */
  spacing?: number | [number, number, number];
  /** Cortical shell thickness in voxels. */
  shell: number;
  /** Cortical modulus, MPa (fe.md §4 own run: 17 GPa cortex). */
  corticalMPa?: number;
  /** Trabecular modulus at the axis and at the shell, MPa, in `trabecularSteps` steps. */
  trabecularCentreMPa?: number;
  trabecularRimMPa?: number;
  trabecularSteps?: number;
  /** Spherical lesion; modulus 0 removes the voxels (lytic void). */
  lesion?: { centre: [number, number, number]; radius: number; modulusMPa: number };
}

export function cylinderPhantom(spec: CylinderPhantomSpec): VoxelGrid {
  const r = spec.radius;
  const nx = 2 * Math.ceil(r);
  const ny = nx;
  const nz = spec.length;
  const spacing: [number, number, number] =
    typeof spec.spacing === "number"
      ? [spec.spacing, spec.spacing, spec.spacing]
      : (spec.spacing ?? [1, 1, 1]);
  const cortical = spec.corticalMPa ?? 17000;
  const centreE = spec.trabecularCentreMPa ?? 300;
  const rimE = spec.trabecularRimMPa ?? 900;
  const steps = spec.trabecularSteps ?? 4;
  const modulus = new Float32Array(nx * ny * nz);
  const cx = nx / 2;
  const cy = ny / 2;
  const inner = r - spec.shell;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const dx = i + 0.5 - cx;
        const dy = j + 0.5 - cy;
        const rho = Math.sqrt(dx * dx + dy * dy);
        if (rho > r) continue;
        let e: number;
        if (rho > inner) {
          e = cortical;
        } else {
          // Quantised radial gradient: few distinct moduli keep CalculiX decks small.
          const level = Math.min(steps - 1, Math.floor((rho / Math.max(inner, 1e-9)) * steps));
          e = centreE + ((rimE - centreE) * level) / Math.max(1, steps - 1);
        }
        const lesion = spec.lesion;
        if (lesion) {
          const lx = i + 0.5 - lesion.centre[0];
          const ly = j + 0.5 - lesion.centre[1];
          const lz = k + 0.5 - lesion.centre[2];
          if (lx * lx + ly * ly + lz * lz <= lesion.radius * lesion.radius) e = lesion.modulusMPa;
        }
        modulus[i + nx * (j + ny * k)] = e;
      }
    }
  }
  return { nx, ny, nz, spacing, modulus };
}

/**
 * The benchmark phantom of one radius (issue 4: cortical shell + trabecular core + lytic void):
 * length 3.2 × radius, the void touching the cortex.
 */
export function benchmarkPhantomSpec(radius: number): CylinderPhantomSpec {
  const length = Math.round(3.2 * radius);
  return {
    radius,
    length,
    shell: Math.max(2, Math.round(radius / 7)),
    lesion: {
      centre: [radius + radius * 0.35, radius, length * 0.55],
      radius: radius * 0.45,
      modulusMPa: 0,
    },
  };
}

/** The benchmark phantom of the smallest radius giving at least `targetDof` degrees of freedom. */
export function benchmarkPhantom(targetDof: number): {
  grid: VoxelGrid;
  spec: CylinderPhantomSpec;
} {
  // A solid cylinder of nodes, dof ≈ 3·π·(r + 0.5)²·(3.2 r + 1), overestimates: start there.
  let radius = 4;
  while (3 * Math.PI * (radius + 1.5) ** 2 * (3.2 * (radius + 1) + 1) < targetDof) radius++;
  for (;;) {
    const spec = benchmarkPhantomSpec(radius);
    const grid = cylinderPhantom(spec);
    if (3 * buildLevel(cropToBone(grid).grid).nodeCount >= targetDof) return { grid, spec };
    radius++;
  }
}

/** A solid box of one modulus. */
export function blockPhantom(
  nx: number,
  ny: number,
  nz: number,
  modulusMPa: number,
  spacing: [number, number, number] = [1, 1, 1],
): VoxelGrid {
  return { nx, ny, nz, spacing, modulus: new Float32Array(nx * ny * nz).fill(modulusMPa) };
}
