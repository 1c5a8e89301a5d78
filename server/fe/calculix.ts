/**
 * Export of a voxel mesh and its axial-compression load case to a CalculiX (ccx 2.20) input deck,
 * and reading of the reaction CalculiX prints, so that an independent FE code can solve the very
 * same mesh (fe.md §6.5: "export the voxel mesh as C3D8 to CalculiX 2.20").
 *
 * C3D8 is the fully integrated 8-node brick (2×2×2 Gauss points), the same element as ours; its
 * node order is the bottom face counter-clockwise, then the top face. Elements are grouped into
 * one element set and material per distinct modulus.
 */
import { cornerOffsets, type Level } from "./grid";

export type CalculixSolver = "SPOOLES" | "ITERATIVE CHOLESKY" | "ITERATIVE SCALING";

/** Our local corner order is a + 2b + 4c; C3D8 wants (000, 100, 110, 010, 001, 101, 111, 011). */
const C3D8_ORDER = [0, 1, 3, 2, 4, 5, 7, 6];

function lines(values: number[], perLine: number): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; i += perLine)
    out.push(values.slice(i, i + perLine).join(", "));
  return out.join("\n");
}

/** Writes the deck; node n of the mesh is CalculiX node n + 1. */
export function calculixDeck(input: {
  mesh: Level;
  poisson: number;
  bottom: Int32Array;
  top: Int32Array;
  /** Rigid-body pins as dofs 3·node + direction (see boundary.ts). */
  pins: number[];
  displacementMm: number;
  solver: CalculixSolver;
}): string {
  const { mesh } = input;
  const out: string[] = ["*HEADING", "OsteoBoard voxel model, axial compression (issue 4)"];
  out.push("*NODE, NSET=NALL");
  const [hx, hy, hz] = mesh.spacing;
  const sx = mesh.nx + 1;
  const sxy = sx * (mesh.ny + 1);
  const nodeLines: string[] = new Array(mesh.nodeCount);
  for (let g = 0; g < mesh.gridMap.length; g++) {
    const n = mesh.gridMap[g];
    if (n < 0) continue;
    const k = Math.floor(g / sxy);
    const j = Math.floor((g - k * sxy) / sx);
    const i = g - k * sxy - j * sx;
    nodeLines[n] = `${n + 1}, ${i * hx}, ${j * hy}, ${k * hz}`;
  }
  out.push(nodeLines.join("\n"));

  // One element set per distinct modulus (Float32 values print exactly as doubles).
  const groups = new Map<number, number[]>();
  for (let e = 0; e < mesh.elementCount; e++) {
    const E = mesh.modulus[e];
    const list = groups.get(E);
    if (list) list.push(e);
    else groups.set(E, [e]);
  }
  const offsets = cornerOffsets(mesh);
  const moduli = [...groups.keys()].sort((a, b) => a - b);
  moduli.forEach((E, m) => {
    out.push(`*ELEMENT, TYPE=C3D8, ELSET=E${m + 1}`);
    const rows: string[] = [];
    for (const e of groups.get(E) ?? []) {
      const c = mesh.elementCorner[e];
      const nodes = C3D8_ORDER.map((a) => mesh.gridMap[c + offsets[a]] + 1);
      rows.push(`${e + 1}, ${nodes.join(", ")}`);
    }
    out.push(rows.join("\n"));
  });
  moduli.forEach((E, m) => {
    out.push(`*MATERIAL, NAME=M${m + 1}`, "*ELASTIC", `${E}, ${input.poisson}`);
    out.push(`*SOLID SECTION, ELSET=E${m + 1}, MATERIAL=M${m + 1}`);
  });
  out.push(
    "*NSET, NSET=NBOTTOM",
    lines(
      Array.from(input.bottom, (n) => n + 1),
      16,
    ),
  );
  out.push(
    "*NSET, NSET=NTOP",
    lines(
      Array.from(input.top, (n) => n + 1),
      16,
    ),
  );
  out.push("*STEP", `*STATIC, SOLVER=${input.solver}`, "*BOUNDARY");
  out.push(`NBOTTOM, 3, 3, 0.`, `NTOP, 3, 3, ${input.displacementMm}`);
  for (const dof of input.pins) {
    const d = (dof % 3) + 1;
    out.push(`${Math.floor(dof / 3) + 1}, ${d}, ${d}, 0.`);
  }
  out.push("*NODE PRINT, NSET=NTOP, TOTALS=ONLY", "RF", "*END STEP", "");
  return out.join("\n");
}

/** Total reaction force (fx, fy, fz) on NTOP from a CalculiX .dat file. */
export function parseTotalReaction(dat: string): [number, number, number] {
  const at = dat.lastIndexOf("total force (fx,fy,fz) for set NTOP");
  if (at < 0) throw new Error("CalculiX .dat file has no total force for set NTOP");
  const after = dat.slice(at).split("\n").slice(1);
  for (const line of after) {
    const values = line.trim().split(/\s+/).map(Number);
    if (values.length === 3 && values.every(Number.isFinite))
      return [values[0], values[1], values[2]];
  }
  throw new Error("CalculiX .dat file: could not read the total force values");
}
