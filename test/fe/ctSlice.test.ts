// The slice views of the FE form (decision 088): the PNG cut from a CT series and the geometry the
// browser uses to turn a click into millimetres and draw the lesion sphere on each view.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  sphereOnView,
  type Vec3,
  voxelCentre_mm,
  voxelOf_mm,
  voxelOfPixel,
} from "../../app/domain/fe/sliceViews";
import { BONE_WINDOW, ctSlice, ctSlicePng, windowGrey } from "../../server/fe/ctSlice";
import type { CtVolume } from "../../server/fe/ctVolume";

const size: Vec3 = [3, 4, 5];
const spacing: Vec3 = [0.5, 0.8, 2];
/** Voxel (i, j, k) holds 100k + 10j + i: every voxel tells where it is. */
const ct: CtVolume = {
  nx: 3,
  ny: 4,
  nz: 5,
  spacing,
  hu: Float32Array.from({ length: 60 }, (_, n) => {
    const i = n % 3;
    const j = Math.floor(n / 3) % 4;
    const k = Math.floor(n / 12);
    return 100 * k + 10 * j + i;
  }),
};

describe("CT slices", () => {
  it("cuts an axial slice with x along i and y along j", () => {
    const s = ctSlice(ct, "axial", 2);
    expect([s.width, s.height]).toEqual([3, 4]);
    expect(s.hu[1 + 3 * 2]).toBe(221);
  });

  it("puts the last slice at the top of coronal and sagittal views (head up)", () => {
    const coronal = ctSlice(ct, "coronal", 3);
    expect([coronal.width, coronal.height]).toEqual([3, 5]);
    expect(coronal.hu[2]).toBe(432); // x = 2, y = 0: i 2, j 3, k 4
    expect(coronal.hu[2 + 3 * 4]).toBe(32); // bottom row: k 0
    const sagittal = ctSlice(ct, "sagittal", 1);
    expect([sagittal.width, sagittal.height]).toEqual([4, 5]);
    expect(sagittal.hu[3 + 4 * 1]).toBe(331); // x = j 3, y = 1: k 3, i 1
  });

  it("refuses a slice outside the series", () => {
    expect(() => ctSlice(ct, "axial", 5)).toThrow(/outside 0..4/);
    expect(() => ctSlice(ct, "sagittal", -1)).toThrow(RangeError);
  });

  it("maps the bone window −500..1300 HU onto black..white", () => {
    expect(windowGrey(-500, BONE_WINDOW)).toBe(0);
    expect(windowGrey(-1000, BONE_WINDOW)).toBe(0);
    expect(windowGrey(400, BONE_WINDOW)).toBe(128); // 127.5 rounded
    expect(windowGrey(1300, BONE_WINDOW)).toBe(255);
    expect(windowGrey(3000, BONE_WINDOW)).toBe(255);
  });

  it("writes a PNG of the slice's size with the windowed greys", () => {
    const png = PNG.sync.read(ctSlicePng(ct, "axial", 4));
    expect([png.width, png.height]).toEqual([3, 4]);
    // Voxel (2, 3, 4) = 432 HU: (432 + 500) / 1800 · 255 = 132.03 → 132, opaque.
    const p = 4 * (2 + 3 * 3);
    expect([...png.data.subarray(p, p + 4)]).toEqual([132, 132, 132, 255]);
  });
});

describe("slice view geometry", () => {
  it("turns a click on each view into the centre of the voxel under it", () => {
    expect(voxelOfPixel(size, "axial", 3, 1, 2)).toEqual([1, 2, 3]);
    expect(voxelOfPixel(size, "coronal", 2, 1, 0)).toEqual([1, 2, 4]);
    expect(voxelOfPixel(size, "sagittal", 0, 3, 4)).toEqual([0, 3, 0]);
    expect(voxelCentre_mm([1, 2, 3], spacing)).toEqual([0.75, 2, 7]);
    expect(voxelOf_mm([0.75, 2, 7], size, spacing)).toEqual([1, 2, 3]);
    expect(voxelOf_mm([-4, 99, 7], size, spacing)).toEqual([0, 3, 3]);
  });

  it("draws the sphere through its centre with its radius in pixels of each axis", () => {
    const sphere = { centre_mm: [0.75, 2, 7] as Vec3, radius_mm: 2 };
    // The clicked pixel's centre is the circle's centre (pixel p spans [p, p + 1]).
    expect(sphereOnView(sphere, size, spacing, "axial", 3)).toEqual({
      cx: 1.5,
      cy: 2.5,
      rx: 4,
      ry: 2.5,
    });
    // Coronal slice j = 2 (plane at 2 mm, through the centre); k 3 is row 5 − 1 − 3 = 1.
    expect(sphereOnView(sphere, size, spacing, "coronal", 2)).toEqual({
      cx: 1.5,
      cy: 1.5,
      rx: 4,
      ry: 1,
    });
    // Sagittal slice i = 2: plane at 1.25 mm, 0.5 mm off the centre: radius √(4 − 0.25) mm.
    const off = sphereOnView(sphere, size, spacing, "sagittal", 2);
    expect(off?.cx).toBeCloseTo(2.5, 12);
    expect(off?.rx).toBeCloseTo(Math.sqrt(3.75) / 0.8, 12);
    expect(off?.ry).toBeCloseTo(Math.sqrt(3.75) / 2, 12);
    // Axial slice k = 0: plane at 1 mm, 6 mm from the centre: missed.
    expect(sphereOnView(sphere, size, spacing, "axial", 0)).toBeNull();
  });
});
