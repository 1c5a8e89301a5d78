// The FE strain images (decision 122): the colour of a strain ratio on viridis, the colour bar,
// and the PNG of a slice painted from a strain-ratio field. Expected colours are viridis's
// published quartiles (matplotlib 1.5 viridis: #440154 at 0, #3b528b at 0.25, #21918c at 0.5,
// #5ec962 at 0.75, #fde725 at 1), not values read back from our table.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  colourBarBands,
  hexOf,
  strainRatioColour,
  VIRIDIS,
} from "../../app/domain/fe/strainColour";
import { windowGrey } from "../../server/fe/ctSlice";
import type { CtVolume } from "../../server/fe/ctVolume";
import type { StrainRatioField } from "../../server/fe/pipeline";
import type { Vec3 } from "../../server/fe/region";
import { ratioAt, strainSlicePng, WEAKEST_MARKER } from "../../server/fe/strainImages";

const PURPLE = [0x44, 0x01, 0x54];
const TEAL = [0x21, 0x91, 0x8c];
const YELLOW = [0xfd, 0xe7, 0x25];

describe("strain ratio colours (viridis)", () => {
  it("has 256 entries from dark purple to yellow", () => {
    expect(VIRIDIS).toHaveLength(256);
    expect(VIRIDIS[0]).toEqual(PURPLE);
    expect(VIRIDIS[255]).toEqual(YELLOW);
  });

  it("paints 0, 0.25, 0.5, 0.75 and 1.0 (seuil) with viridis's quartile colours", () => {
    expect(strainRatioColour(0)).toEqual(PURPLE);
    expect(hexOf(strainRatioColour(0.25))).toBe("#3b528b");
    expect(strainRatioColour(0.5)).toEqual(TEAL);
    expect(hexOf(strainRatioColour(0.75))).toBe("#5ec962");
    expect(strainRatioColour(1)).toEqual(YELLOW);
  });

  it("keeps the top colour above the threshold and the bottom one below zero", () => {
    expect(strainRatioColour(1.7)).toEqual(YELLOW);
    expect(strainRatioColour(-0.2)).toEqual(PURPLE);
  });
});

describe("the colour bar", () => {
  it("is the table itself: band 0 at 0, band 128 from 0.5, band 255 up to 1.0 = seuil", () => {
    const bands = colourBarBands();
    expect(bands).toHaveLength(256);
    expect(bands[0]).toEqual({ from: 0, to: 1 / 256, colour: "#440154" });
    expect(bands[128].from).toBe(0.5);
    expect(bands[128].colour).toBe("#21918c");
    expect(bands[255].to).toBe(1);
    expect(bands[255].colour).toBe("#fde725");
  });

  it("paints each band with the colour of its lower edge when coarser", () => {
    const bands = colourBarBands(4);
    expect(bands.map((b) => b.colour)).toEqual(["#440154", "#3b528b", "#21918c", "#5ec962"]);
  });
});

/** A 20 mm cube CT of 1 mm voxels at 400 HU (grey 128 in the bone window: (400 + 500) / 1800). */
const N = 20;
const ct: CtVolume = {
  nx: N,
  ny: N,
  nz: N,
  spacing: [1, 1, 1],
  hu: new Float32Array(N ** 3).fill(400),
};

/** A field on the CT's own grid (frame = CT axes), NaN everywhere but the voxels given. */
function fieldWith(values: [Vec3, number][]): StrainRatioField {
  const ratio = new Float32Array(N ** 3).fill(Number.NaN);
  for (const [[i, j, k], r] of values) ratio[i + N * (j + N * k)] = r;
  return {
    load_case: "femur-stance",
    grid: {
      nx: N,
      ny: N,
      nz: N,
      voxel_mm: 1,
      lo: [0, 0, 0],
      frame: {
        origin: [0, 0, 0],
        axes: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      },
    },
    ratio,
  };
}

function pixel(png: PNG, x: number, y: number): number[] {
  const p = 4 * (x + png.width * y);
  return [png.data[p], png.data[p + 1], png.data[p + 2], png.data[p + 3]];
}

describe("a strain slice PNG", () => {
  const weakest: Vec3 = [15.5, 15.5, 10.5];
  const field = fieldWith([
    [[5, 5, 10], 0.5],
    [[6, 5, 10], 1],
    [[7, 5, 10], 0],
    [[8, 5, 10], 1.3],
    [[15, 15, 10], 1],
  ]);

  it("colours evaluated voxels, shows the CT grey elsewhere, and marks the weakest point", () => {
    const image = strainSlicePng(ct, field, weakest, "axial");
    expect(image.sliceIndex).toBe(10);
    const png = PNG.sync.read(image.png);
    expect([png.width, png.height]).toEqual([N, N]);
    expect(pixel(png, 5, 5)).toEqual([...TEAL, 255]);
    expect(pixel(png, 6, 5)).toEqual([...YELLOW, 255]);
    expect(pixel(png, 7, 5)).toEqual([...PURPLE, 255]);
    expect(pixel(png, 8, 5)).toEqual([...YELLOW, 255]);
    expect(windowGrey(400, { level_HU: 400, width_HU: 1800 })).toBe(128);
    expect(pixel(png, 0, 0)).toEqual([128, 128, 128, 255]);
    // The cross: arms 3 pixels long (8 % of 20, at least 3) after a 2-pixel gap; the weakest
    // voxel itself stays visible.
    expect(pixel(png, 15, 15)).toEqual([...YELLOW, 255]);
    for (const [x, y] of [
      [17, 15],
      [19, 15],
      [13, 15],
      [15, 17],
      [15, 13],
    ]) {
      expect(pixel(png, x, y)).toEqual([...WEAKEST_MARKER, 255]);
    }
    expect(pixel(png, 16, 15)).toEqual([128, 128, 128, 255]);
  });

  it("cuts the coronal view through the weakest point, head up", () => {
    const image = strainSlicePng(ct, field, weakest, "coronal");
    expect(image.sliceIndex).toBe(15);
    const png = PNG.sync.read(image.png);
    // Voxel (15, 15, 10): x = i = 15, y = nz − 1 − k = 9.
    expect(pixel(png, 15, 9)).toEqual([...YELLOW, 255]);
    expect(pixel(png, 15, 10)).toEqual([128, 128, 128, 255]);
  });
});

describe("the strain ratio under a CT point", () => {
  it("finds the analysis voxel in a frame turned 90° about z", () => {
    const field = fieldWith([]);
    field.grid.frame = {
      origin: [10, 10, 0],
      axes: [
        [0, 1, 0],
        [-1, 0, 0],
        [0, 0, 1],
      ],
    };
    field.grid.lo = [-10, -10, 0];
    // CT point (12.5, 10.5, 0.5) is (0.5, −2.5, 0.5) in the frame: voxel (10, 7, 0).
    field.ratio[10 + N * 7] = 0.42;
    expect(ratioAt(field, [12.5, 10.5, 0.5])).toBeCloseTo(0.42, 6);
    expect(ratioAt(field, [10.5, 12.5, 0.5])).toBeNaN();
    expect(ratioAt(field, [40, 10, 0.5])).toBeNaN();
  });
});
