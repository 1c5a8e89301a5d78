/**
 * Clinical load cases on the voxel model in its analysis frame (issue 13 item 4; fe.md §2, §8
 * "Boundary conditions"). Load is applied through 3 mm PMMA-like caps (E 2500 MPa: parosol-py
 * profiles, fe.md §1.3, §2.3) that fill the gap between the bone surface and a flat loading plate
 * over the part of the bone within `CAP_DEPTH_MM` of its extreme point (parosol-py: caps
 * "intruding 6 mm").
 *
 * Frame (region.ts): femur z along the long axis pointing proximally, x lateral (head at −x);
 * vertebra z along the body height.
 * - femur-stance ("vertical", as in the MEKANOS seed article and the Nijmegen/Leuven set-up, fe.md
 *   §2.1): head cap displaced along −z, distal end potted (all dofs fixed).
 * - femur-fall (Bonelab/Ogo sideways fall, fe.md §2.2): head cap fixed along the load direction x,
 *   greater-trochanter cap displaced along −x (and held in y, as in the MITK-GEM demo), distal end
 *   a roller (fixed along z only).
 * - vertebra-compression (parosol-py vertebra profile, fe.md §2.3): endplate caps, lower plate
 *   fixed axially, upper plate displaced along −z, minimal rigid-body pins.
 */
import { type DofValue, makeBoundaryConditions } from "./boundary";
import { buildLevel, type Level } from "./grid";
import type { BoundaryConditions } from "./hierarchy";

export type LoadCaseName = "femur-stance" | "femur-fall" | "vertebra-compression";

export const LOAD_CASE_SITE: Record<LoadCaseName, "proximal-femur" | "vertebra"> = {
  "femur-stance": "proximal-femur",
  "femur-fall": "proximal-femur",
  "vertebra-compression": "vertebra",
};

/** fe.md §1.3 / §2.3: PMMA caps E 2500 MPa (ν 0.3 as the bone, parosol-py). */
export const PMMA_MODULUS_MPA = 2500;
export const CAP_THICKNESS_MM = 3;
/** parosol-py vertebra profile: caps intrude 6 mm (fe.md §2.3). */
export const CAP_DEPTH_MM = 6;
/**
 * Distal femur fixation: the lowest 10 mm of bone potted (the Nijmegen/Leuven set-up fixes the
 * distal femur in a block, fe.md §2.1); deep enough that a shaft cut obliquely by a frame tilted
 * by the proximal mass is held over its whole section.
 */
export const POT_DEPTH_MM = 10;
/** Imposed displacement of the loading plate, mm. Linear analysis: the failure load scales it out. */
export const PLATE_DISPLACEMENT_MM = 1;

/** Voxel roles in the analysis model. */
export const ROLE = { empty: 0, tissue: 1, floor: 2, cap: 3 } as const;

/** The voxel model in its frame: modulus (MPa, 0 = empty) and role per voxel. */
export interface VoxelModel {
  nx: number;
  ny: number;
  nz: number;
  voxel_mm: number;
  modulus: Float32Array;
  role: Uint8Array;
}

export interface LoadCaseSetup {
  mesh: Level;
  bc: BoundaryConditions;
  /** Nodes of the displaced plate, whose reaction along `loadAxis` is the applied force. */
  loadNodes: Int32Array;
  loadAxis: 0 | 1 | 2;
  /** Voxels at which the failure criterion is not evaluated (caps, pot and their surroundings). */
  boundaryVoxels: Uint8Array;
}

type Filter = (i: number, j: number, k: number) => boolean;

function isBody(role: number): boolean {
  return role === ROLE.tissue || role === ROLE.floor;
}

/**
 * Adds a cap on one side of the model along an axis (in place) and returns the node-grid indices
 * of its outer face. Only columns whose first body voxel lies within `CAP_DEPTH_MM` of the
 * extreme point (among voxels passing `filter`) are capped.
 */
export function addCap(
  model: VoxelModel,
  axis: 0 | 1 | 2,
  side: -1 | 1,
  filter: Filter,
  capVoxels: Uint8Array,
  capModulusMPa = PMMA_MODULUS_MPA,
): number[] {
  const n = [model.nx, model.ny, model.nz];
  const stride = [1, model.nx, model.nx * model.ny];
  const a1 = axis === 0 ? 1 : 0;
  const a2 = axis === 2 ? 1 : 2;
  const h = model.voxel_mm;
  const depth = Math.max(1, Math.round(CAP_DEPTH_MM / h));
  const thick = Math.max(1, Math.round(CAP_THICKNESS_MM / h));
  const idx = [0, 0, 0];
  const at = (c: number) => {
    idx[axis] = c;
    return idx[0] * stride[0] + idx[1] * stride[1] + idx[2] * stride[2];
  };
  // First body voxel of each column seen from outside.
  const first = new Int32Array(n[a1] * n[a2]).fill(-1);
  let extreme = side > 0 ? -1 : n[axis];
  for (let u = 0; u < n[a1]; u++) {
    for (let w = 0; w < n[a2]; w++) {
      idx[a1] = u;
      idx[a2] = w;
      for (let s = 0; s < n[axis]; s++) {
        const c = side > 0 ? n[axis] - 1 - s : s;
        const v = at(c);
        if (!isBody(model.role[v]) || !filter(idx[0], idx[1], idx[2])) continue;
        first[u + n[a1] * w] = c;
        if (side > 0 ? c > extreme : c < extreme) extreme = c;
        break;
      }
    }
  }
  const outer = extreme + side * thick;
  if (extreme < 0 || extreme >= n[axis] || outer < 0 || outer >= n[axis]) {
    throw new Error("no room for a load cap: the analysis grid margin is too small");
  }
  const sx = model.nx + 1;
  const sxy = sx * (model.ny + 1);
  const faceNodes: number[] = [];
  for (let u = 0; u < n[a1]; u++) {
    for (let w = 0; w < n[a2]; w++) {
      const f = first[u + n[a1] * w];
      if (f < 0 || Math.abs(extreme - f) > depth) continue;
      idx[a1] = u;
      idx[a2] = w;
      for (let c = f + side; side > 0 ? c <= outer : c >= outer; c += side) {
        const v = at(c);
        if (model.role[v] !== ROLE.empty) continue;
        model.role[v] = ROLE.cap;
        model.modulus[v] = capModulusMPa;
        capVoxels[v] = 1;
      }
      // The outer face of the outermost cap voxel: node plane outer+1 (high side) or outer.
      idx[axis] = side > 0 ? outer + 1 : outer;
      const node = [idx[0], idx[1], idx[2]];
      for (const [d1, d2] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const g = [...node];
        g[a1] += d1;
        g[a2] += d2;
        faceNodes.push(g[0] + sx * g[1] + sxy * g[2]);
      }
    }
  }
  return faceNodes;
}

/**
 * Minimal pins on the fixed plate removing the rigid motions the axial constraints leave (as
 * boundary.ts `rigidBodyPins`, on a plate that need not be the grid's lowest plane): node A held
 * in x and y, node B on the same grid row as far from A as possible held in y.
 */
function platePins(mesh: Level, model: VoxelModel, plate: number[]): number[] {
  const sx = model.nx + 1;
  const rows = new Map<number, number[]>();
  for (const g of plate) {
    if (mesh.gridMap[g] < 0) continue;
    const row = Math.floor(g / sx);
    const list = rows.get(row) ?? [];
    list.push(g);
    rows.set(row, list);
  }
  let best: number[] = [];
  for (const list of rows.values()) {
    list.sort((a, b) => a - b);
    const span = list[list.length - 1] - list[0];
    if (best.length === 0 || span > best[best.length - 1] - best[0]) best = list;
  }
  if (best.length < 2 || best[best.length - 1] === best[0]) {
    throw new Error("the fixed plate is too small to be pinned");
  }
  const a = mesh.gridMap[best[0]];
  const b = mesh.gridMap[best[best.length - 1]];
  return [3 * a, 3 * a + 1, 3 * b + 1];
}

function nodesOf(mesh: Level, gridNodes: number[]): Int32Array {
  const set = new Set<number>();
  for (const g of gridNodes) {
    const node = mesh.gridMap[g];
    if (node >= 0) set.add(node);
  }
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/** Lowest z-layer holding body voxels. */
function lowestLayer(model: VoxelModel): number {
  const layer = model.nx * model.ny;
  for (let k = 0; k < model.nz; k++) {
    for (let p = 0; p < layer; p++) if (isBody(model.role[k * layer + p])) return k;
  }
  throw new Error("the model holds no bone");
}

/** Nodes of every element in z-layers [k0, k1) and marks those voxels. */
function potNodes(
  mesh: Level,
  model: VoxelModel,
  k0: number,
  k1: number,
  mark: Uint8Array,
): Int32Array {
  const sx = model.nx + 1;
  const sxy = sx * (model.ny + 1);
  const set = new Set<number>();
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < model.ny; j++) {
      for (let i = 0; i < model.nx; i++) {
        const v = i + model.nx * (j + model.ny * k);
        if (!isBody(model.role[v])) continue;
        mark[v] = 1;
        for (const [di, dj, dk] of [
          [0, 0, 0],
          [1, 0, 0],
          [0, 1, 0],
          [1, 1, 0],
          [0, 0, 1],
          [1, 0, 1],
          [0, 1, 1],
          [1, 1, 1],
        ]) {
          const node = mesh.gridMap[i + di + sx * (j + dj) + sxy * (k + dk)];
          if (node >= 0) set.add(node);
        }
      }
    }
  }
  return Int32Array.from(set);
}

function modelGrid(model: VoxelModel) {
  const h = model.voxel_mm;
  return {
    nx: model.nx,
    ny: model.ny,
    nz: model.nz,
    spacing: [h, h, h] as [number, number, number],
    modulus: model.modulus,
  };
}

/** Builds caps, mesh and boundary conditions of one load case (the model is changed in place). */
export function setUpLoadCase(
  model: VoxelModel,
  name: LoadCaseName,
  capModulusMPa = PMMA_MODULUS_MPA,
): LoadCaseSetup {
  const boundary = new Uint8Array(model.role.length);
  const d = PLATE_DISPLACEMENT_MM;
  if (name === "vertebra-compression") {
    const all: Filter = () => true;
    const top = addCap(model, 2, 1, all, boundary, capModulusMPa);
    const bottom = addCap(model, 2, -1, all, boundary, capModulusMPa);
    const mesh = buildLevel(modelGrid(model));
    const topNodes = nodesOf(mesh, top);
    const bottomNodes = nodesOf(mesh, bottom);
    const prescribed: DofValue[] = [];
    for (const n of bottomNodes) prescribed.push({ dof: 3 * n + 2, value: 0 });
    for (const n of topNodes) prescribed.push({ dof: 3 * n + 2, value: -d });
    const bc = makeBoundaryConditions({ prescribed, pins: platePins(mesh, model, bottom) });
    return { mesh, bc, loadNodes: topNodes, loadAxis: 2, boundaryVoxels: boundary };
  }
  const kLow = lowestLayer(model);
  const pot = Math.max(1, Math.round(POT_DEPTH_MM / model.voxel_mm));
  // Head and trochanter caps only in the upper part of the model (the proximal end).
  const kMid = Math.floor((kLow + model.nz) / 2);
  const proximal: Filter = (_i, _j, k) => k >= kMid;
  if (name === "femur-stance") {
    const head = addCap(model, 2, 1, proximal, boundary, capModulusMPa);
    const mesh = buildLevel(modelGrid(model));
    const headNodes = nodesOf(mesh, head);
    const potted = potNodes(mesh, model, kLow, kLow + pot, boundary);
    const prescribed: DofValue[] = [];
    for (const n of potted)
      for (let c = 0; c < 3; c++) prescribed.push({ dof: 3 * n + c, value: 0 });
    for (const n of headNodes) prescribed.push({ dof: 3 * n + 2, value: -d });
    const bc = makeBoundaryConditions({ prescribed });
    return { mesh, bc, loadNodes: headNodes, loadAxis: 2, boundaryVoxels: boundary };
  }
  const head = addCap(model, 0, -1, proximal, boundary, capModulusMPa);
  const trochanter = addCap(model, 0, 1, proximal, boundary, capModulusMPa);
  const mesh = buildLevel(modelGrid(model));
  const headNodes = nodesOf(mesh, head);
  const trochanterNodes = nodesOf(mesh, trochanter);
  const potted = potNodes(mesh, model, kLow, kLow + pot, boundary);
  const prescribed: DofValue[] = [];
  for (const n of potted) prescribed.push({ dof: 3 * n + 2, value: 0 });
  for (const n of headNodes) prescribed.push({ dof: 3 * n, value: 0 });
  for (const n of trochanterNodes) {
    prescribed.push({ dof: 3 * n, value: -d });
    prescribed.push({ dof: 3 * n + 1, value: 0 });
  }
  const bc = makeBoundaryConditions({ prescribed });
  return { mesh, bc, loadNodes: trochanterNodes, loadAxis: 0, boundaryVoxels: boundary };
}
