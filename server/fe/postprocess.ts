/**
 * Post-processing of a displacement field: element strains and stresses at the centroid,
 * principal strains (input to the Schileo/Bayraktar 0.73 %/1.04 % criterion, fe.md §3.1),
 * strain energy density (Pistoia's effective strain √(2·SED/E), fe.md §3.2) and reactions.
 */
import { constitutiveMatrix, elementStiffness, strainDisplacement } from "./element";
import { cornerOffsets, type Level } from "./grid";

export interface ElementFields {
  /** Centroid strain per element, Voigt xx, yy, zz, γxy, γyz, γxz (engineering shear). */
  strain: Float64Array;
  /** Centroid stress per element, MPa, same order (shear stresses τ). */
  stress: Float64Array;
  /** Principal strains per element, descending: ε₁ ≥ ε₂ ≥ ε₃. */
  principalStrain: Float64Array;
  /**
   * Strain energy density ½·ε:σ at the element centroid, MPa (= mJ/mm³): the convention of
   * Numerics88 and ParOSol, whose 3×3×3-cube reference values fe.md §6.1 quotes.
   */
  strainEnergyDensity: Float64Array;
  /** Exact element mean ½·uₑᵀKₑuₑ / Vₑ (includes the bending modes the centroid misses). */
  meanStrainEnergyDensity: Float64Array;
}

export function elementFields(
  mesh: Level,
  poisson: number,
  displacement: Float64Array,
): ElementFields {
  const n = mesh.elementCount;
  const b = strainDisplacement(mesh.spacing, 0, 0, 0);
  const d = constitutiveMatrix(1, poisson);
  const k0 = elementStiffness(mesh.spacing, poisson);
  const volume = mesh.spacing[0] * mesh.spacing[1] * mesh.spacing[2];
  const offsets = cornerOffsets(mesh);
  const strain = new Float64Array(6 * n);
  const stress = new Float64Array(6 * n);
  const principal = new Float64Array(3 * n);
  const sed = new Float64Array(n);
  const meanSed = new Float64Array(n);
  const ue = new Float64Array(24);
  const eps = new Float64Array(6);
  for (let e = 0; e < n; e++) {
    const c = mesh.elementCorner[e];
    for (let a = 0; a < 8; a++) {
      const node = mesh.gridMap[c + offsets[a]];
      ue[3 * a] = displacement[3 * node];
      ue[3 * a + 1] = displacement[3 * node + 1];
      ue[3 * a + 2] = displacement[3 * node + 2];
    }
    const E = mesh.modulus[e];
    for (let i = 0; i < 6; i++) {
      let s = 0;
      for (let j = 0; j < 24; j++) s += b[i * 24 + j] * ue[j];
      eps[i] = s;
      strain[6 * e + i] = s;
    }
    let centroidEnergy = 0;
    for (let i = 0; i < 6; i++) {
      let s = 0;
      for (let j = 0; j < 6; j++) s += d[i * 6 + j] * eps[j];
      stress[6 * e + i] = E * s;
      centroidEnergy += E * s * eps[i];
    }
    sed[e] = 0.5 * centroidEnergy;
    let energy = 0;
    for (let i = 0; i < 24; i++) {
      let s = 0;
      for (let j = 0; j < 24; j++) s += k0[i * 24 + j] * ue[j];
      energy += ue[i] * s;
    }
    meanSed[e] = (0.5 * E * energy) / volume;
    const [p1, p2, p3] = principalValues(
      eps[0],
      eps[1],
      eps[2],
      eps[3] / 2,
      eps[4] / 2,
      eps[5] / 2,
    );
    principal[3 * e] = p1;
    principal[3 * e + 1] = p2;
    principal[3 * e + 2] = p3;
  }
  return {
    strain,
    stress,
    principalStrain: principal,
    strainEnergyDensity: sed,
    meanStrainEnergyDensity: meanSed,
  };
}

/**
 * Eigenvalues of the symmetric tensor [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]], descending
 * (trigonometric solution of the characteristic cubic).
 */
export function principalValues(
  xx: number,
  yy: number,
  zz: number,
  xy: number,
  yz: number,
  xz: number,
): [number, number, number] {
  const p1 = xy * xy + yz * yz + xz * xz;
  const mean = (xx + yy + zz) / 3;
  if (p1 === 0) {
    const sorted = [xx, yy, zz].sort((a, b) => b - a);
    return [sorted[0], sorted[1], sorted[2]];
  }
  const a = xx - mean;
  const b = yy - mean;
  const c = zz - mean;
  const p2 = a * a + b * b + c * c + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  const det = a * (b * c - yz * yz) - xy * (xy * c - yz * xz) + xz * (xy * yz - b * xz);
  const r = Math.max(-1, Math.min(1, det / (2 * p * p * p)));
  const phi = Math.acos(r) / 3;
  const e1 = mean + 2 * p * Math.cos(phi);
  const e3 = mean + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [e1, 3 * mean - e1 - e3, e3];
}

/** Total strain energy ½·uᵀKu, mJ (N·mm). */
export function strainEnergy(fields: ElementFields, mesh: Level): number {
  const volume = mesh.spacing[0] * mesh.spacing[1] * mesh.spacing[2];
  let sum = 0;
  for (const s of fields.meanStrainEnergyDensity) sum += s;
  return sum * volume;
}
