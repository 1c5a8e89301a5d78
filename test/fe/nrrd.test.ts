import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  encodeNrrd,
  gridToNrrd,
  type NrrdVolume,
  nrrdToGrid,
  parseNrrd,
  readNrrd,
  writeNrrd,
} from "../../server/fe/nrrd";

const volume: NrrdVolume = {
  sizes: [3, 2, 4],
  type: "float",
  data: Float32Array.from({ length: 24 }, (_, i) => i * 10 + 0.5),
  spaceDirections: [
    [0.7, 0, 0],
    [0, 0.8, 0],
    [0, 0, 1.25],
  ],
  spacings: null,
  origin: [1, 2, 3],
  space: "left-posterior-superior",
};

describe("NRRD volumes", () => {
  for (const encoding of ["raw", "gzip", "ascii"] as const) {
    it(`round-trips values, spacing and origin with ${encoding} encoding`, () => {
      const back = parseNrrd(encodeNrrd(volume, encoding));
      expect(back.sizes).toEqual([3, 2, 4]);
      expect(Array.from(back.data)).toEqual(Array.from(volume.data));
      expect(back.spaceDirections).toEqual(volume.spaceDirections);
      expect(back.origin).toEqual([1, 2, 3]);
      expect(nrrdToGrid(back).spacing).toEqual([0.7, 0.8, 1.25]);
    });
  }

  it("reads big-endian int16 data written by other tools, with a spacings field", () => {
    const raw = Buffer.alloc(2 * 8);
    for (let i = 0; i < 8; i++) raw.writeInt16BE(i * 100 - 300, 2 * i);
    const header =
      "NRRD0004\n# written elsewhere\ntype: short\ndimension: 3\nsizes: 2 2 2\nspacings: 0.5 0.5 2\nendian: big\nencoding: gzip\nkey:=value\n\n";
    const parsed = parseNrrd(Buffer.concat([Buffer.from(header), gzipSync(raw)]));
    expect(Array.from(parsed.data)).toEqual([-300, -200, -100, 0, 100, 200, 300, 400]);
    expect(nrrdToGrid(parsed).spacing).toEqual([0.5, 0.5, 2]);
  });

  it("reads detached data relative to the header's folder", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fe-nrrd-"));
    writeFileSync(
      path.join(dir, "vol.raw"),
      Buffer.from(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]).buffer),
    );
    writeFileSync(
      path.join(dir, "vol.nhdr"),
      "NRRD0004\ntype: float\ndimension: 3\nsizes: 2 2 2\nencoding: raw\nendian: little\ndata file: vol.raw\n",
    );
    expect(Array.from(readNrrd(path.join(dir, "vol.nhdr")).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("honours orientation: flipped and permuted index axes are reordered to world x, y, z", () => {
    // Index axis 0 runs along world −z, axis 1 along +x, axis 2 along +y.
    const sizes: [number, number, number] = [4, 2, 3];
    const data = new Float32Array(24);
    for (let c = 0; c < 3; c++)
      for (let b = 0; b < 2; b++)
        for (let a = 0; a < 4; a++) data[a + 4 * (b + 2 * c)] = 100 * a + 10 * b + c;
    const grid = nrrdToGrid({
      ...volume,
      sizes,
      data,
      spaceDirections: [
        [0, 0, -2],
        [0.5, 0, 0],
        [0, 1, 0],
      ],
    });
    expect([grid.nx, grid.ny, grid.nz]).toEqual([2, 3, 4]);
    expect(grid.spacing).toEqual([0.5, 1, 2]);
    // World (x=b, y=c, z=3−a) holds the value written at index (a, b, c).
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 2; b++) {
        for (let c = 0; c < 3; c++)
          expect(grid.modulus[b + 2 * (c + 3 * (3 - a))]).toBe(100 * a + 10 * b + c);
      }
    }
  });

  it("refuses oblique volumes with an actionable message", () => {
    const oblique = {
      ...volume,
      spaceDirections: [
        [0.7, 0.7, 0],
        [-0.7, 0.7, 0],
        [0, 0, 1],
      ] as [number, number, number][],
    };
    expect(() => nrrdToGrid(oblique)).toThrow(/resample/);
  });

  it("writes a file that reads back as the same voxel grid", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fe-nrrd-"));
    const grid = {
      nx: 2,
      ny: 2,
      nz: 2,
      spacing: [1, 1, 1] as [number, number, number],
      modulus: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
    };
    writeNrrd(path.join(dir, "m.nrrd"), gridToNrrd(grid));
    expect(nrrdToGrid(readNrrd(path.join(dir, "m.nrrd")))).toEqual(grid);
  });
});
