/**
 * A CT volume in Hounsfield units on an axis-aligned voxel grid (issue 13 item 1): what the
 * clinical pipeline starts from. Read from and written to NRRD (nrrd.ts); DICOM import is a later
 * step (docs/fe-pipeline.md).
 */
import { gridToNrrd, type NrrdVolume, nrrdToGrid, readNrrd, writeNrrd } from "./nrrd";

export interface CtVolume {
  nx: number;
  ny: number;
  nz: number;
  /** Voxel size in mm along x, y, z. */
  spacing: [number, number, number];
  /** Index i + nx·(j + ny·k); HU, or any scalar for label maps. */
  hu: Float32Array;
}

/** Reads a NRRD volume (axes reordered to world x, y, z, as nrrd.ts does for moduli). */
export function readCtVolume(file: string): CtVolume {
  const grid = nrrdToGrid(readNrrd(file));
  return {
    nx: grid.nx,
    ny: grid.ny,
    nz: grid.nz,
    spacing: [grid.spacing[0], grid.spacing[1], grid.spacing[2]],
    hu: grid.modulus,
  };
}

export function ctToNrrd(ct: CtVolume): NrrdVolume {
  return gridToNrrd({ nx: ct.nx, ny: ct.ny, nz: ct.nz, spacing: ct.spacing, modulus: ct.hu });
}

export function writeCtVolume(file: string, ct: CtVolume): void {
  writeNrrd(file, ctToNrrd(ct));
}

/** A label map (lesion mask) as a CT-shaped volume of 0/1. */
export function maskToCt(mask: Uint8Array, like: CtVolume): CtVolume {
  return { ...like, hu: Float32Array.from(mask) };
}
