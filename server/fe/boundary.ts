/**
 * Boundary conditions on the voxel mesh: node sets of the grid faces, the rigid-body pins and the
 * axial-compression verification load case of issue 4 (fe.md §2.3, §6.1: endplate-to-endplate
 * compression, lowest face fixed axially, highest face displaced, lateral motion free).
 */
import type { Level } from "./grid";
import type { BoundaryConditions } from "./hierarchy";

export interface DofValue {
  dof: number;
  value: number;
}

/**
 * Sorts, merges duplicates (the last value wins) and packs constraint and load lists. Pins are
 * kept apart from the prescribed dofs: see `BoundaryConditions.pinDofs`.
 */
export function makeBoundaryConditions(input: {
  prescribed: DofValue[];
  pins?: number[];
  forces?: DofValue[];
}): BoundaryConditions {
  const prescribed = new Map<number, number>();
  for (const { dof, value } of input.prescribed) prescribed.set(dof, value);
  const pDofs = Int32Array.from([...prescribed.keys()].sort((a, b) => a - b));
  const forces = new Map<number, number>();
  for (const { dof, value } of input.forces ?? []) forces.set(dof, (forces.get(dof) ?? 0) + value);
  const fDofs = Int32Array.from([...forces.keys()].sort((a, b) => a - b));
  return {
    prescribedDofs: pDofs,
    prescribedValues: Float64Array.from(pDofs, (d) => prescribed.get(d) ?? 0),
    pinDofs: Int32Array.from(input.pins ?? []),
    forceDofs: fDofs,
    forceValues: Float64Array.from(fDofs, (d) => forces.get(d) ?? 0),
  };
}

export type Axis = 0 | 1 | 2;

/** Nodes on the lowest (side 0) or highest (side 1) grid plane normal to an axis. */
export function faceNodes(mesh: Level, axis: Axis, side: 0 | 1): Int32Array {
  const n = [mesh.nx, mesh.ny, mesh.nz];
  const s = [1, mesh.nx + 1, (mesh.nx + 1) * (mesh.ny + 1)];
  const plane = side === 0 ? 0 : n[axis];
  const a = axis === 0 ? 1 : 0;
  const b = axis === 2 ? 1 : 2;
  const nodes: number[] = [];
  for (let jb = 0; jb <= n[b]; jb++) {
    for (let ja = 0; ja <= n[a]; ja++) {
      const node = mesh.gridMap[plane * s[axis] + ja * s[a] + jb * s[b]];
      if (node >= 0) nodes.push(node);
    }
  }
  return Int32Array.from(nodes);
}

/**
 * Minimal pins on the bottom plane (k = 0) removing the three rigid-body motions left by axial
 * constraints: node A fixed in x and y, node B (same row, as far from A as possible) fixed
 * across AB. Statically determinate, so they carry no force and change no stress.
 */
export function rigidBodyPins(mesh: Level): number[] {
  const sx = mesh.nx + 1;
  const rowNodes = (j: number) => {
    const nodes: { i: number; node: number }[] = [];
    for (let i = 0; i <= mesh.nx; i++) {
      const node = mesh.gridMap[i + sx * j];
      if (node >= 0) nodes.push({ i, node });
    }
    return nodes;
  };
  let best: { i: number; node: number }[] = [];
  for (let j = 0; j <= mesh.ny; j++) {
    const row = rowNodes(j);
    const span = row.length > 0 ? row[row.length - 1].i - row[0].i : -1;
    const bestSpan = best.length > 0 ? best[best.length - 1].i - best[0].i : -1;
    if (span > bestSpan) best = row;
  }
  if (best.length >= 2 && best[best.length - 1].i > best[0].i) {
    const a = best[0].node;
    const b = best[best.length - 1].node;
    return [3 * a, 3 * a + 1, 3 * b + 1];
  }
  // A bottom face one node wide in x: pin along a column instead.
  const column: number[] = [];
  for (let j = 0; j <= mesh.ny; j++) {
    const row = rowNodes(j);
    if (row.length > 0) column.push(row[0].node);
  }
  if (column.length < 2) throw new Error("The bottom face needs at least two nodes to be pinned.");
  const a = column[0];
  const b = column[column.length - 1];
  return [3 * a, 3 * a + 1, 3 * b];
}

/**
 * Issue 4's verification load case along z: every node of the lowest face fixed in z, every node
 * of the highest face moved by `displacementMm` in z, x and y free except the pins.
 */
export function axialCompression(
  mesh: Level,
  displacementMm: number,
): { bc: BoundaryConditions; bottom: Int32Array; top: Int32Array } {
  const bottom = faceNodes(mesh, 2, 0);
  const top = faceNodes(mesh, 2, 1);
  const prescribed: DofValue[] = [];
  for (const n of bottom) prescribed.push({ dof: 3 * n + 2, value: 0 });
  for (const n of top) prescribed.push({ dof: 3 * n + 2, value: displacementMm });
  return { bc: makeBoundaryConditions({ prescribed, pins: rigidBodyPins(mesh) }), bottom, top };
}

/** Sum of one component of a nodal vector over a node set (e.g. the reaction on a face). */
export function sumOverNodes(nodal: Float64Array, nodes: Int32Array, direction: Axis): number {
  let sum = 0;
  for (const n of nodes) sum += nodal[3 * n + direction];
  return sum;
}
