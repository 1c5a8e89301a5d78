/**
 * The region of interest (issue 13 item 3, decision 121): a box in CT millimetres cut out of the
 * CT before segmentation. On the femur phantom (CT 2 mm, analysis 3 mm, as pipeline.test.ts), a
 * box around the proximal femur gives the whole volume's failure load, a box through the femoral
 * head is flagged with the face it cuts, and the contralateral twin gets the mirrored box.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  boxOutsideVolume,
  MIN_REGION_SIDE_MM,
  mirrorBoxInX,
  RegionBoxSchema,
} from "../../app/domain/fe/regionBox";
import { femurPhantom, PHANTOM_DENSITY_MG } from "../../server/fe/anatomicalPhantom";
import { enteredCalibration } from "../../server/fe/calibration";
import { cropCt } from "../../server/fe/crop";
import type { CtVolume } from "../../server/fe/ctVolume";
import {
  analyseBone,
  emptyStageTimes,
  type PipelineSettings,
  runClinicalAnalysis,
  type StrainRatioField,
} from "../../server/fe/pipeline";
import { shutdownWorkers } from "../../server/fe/solver";
import { ratioAt } from "../../server/fe/strainImages";

afterAll(shutdownWorkers);

const CT_MM = 2;
const STANCE: PipelineSettings = {
  site: "proximal-femur",
  loadCases: ["femur-stance"],
  calibration: enteredCalibration(0.8, -1.2),
  voxel_mm: 3,
  workers: 0,
};
/** The phantom's HU for a density, through its calibration (0.8 mg/cm³ per HU − 1.2). */
const hu = (mg: number) => (mg + 1.2) / 0.8;

type Vec3 = [number, number, number];

/**
 * The femur CT inside a larger scan: `before` voxels of soft tissue added below each axis, 20
 * more along +x holding another bone (a 10-voxel cortical block, smaller than the femur, apart
 * from it, like the other side's bone in a pelvic CT).
 */
function femurInLargerScan(ct: CtVolume, before: Vec3): CtVolume {
  const after: Vec3 = [20, 4, 4];
  const n = [0, 1, 2].map((a) => [ct.nx, ct.ny, ct.nz][a] + before[a] + after[a]);
  const out = new Float32Array(n[0] * n[1] * n[2]).fill(hu(PHANTOM_DENSITY_MG.softTissue));
  for (let k = 0; k < ct.nz; k++) {
    for (let j = 0; j < ct.ny; j++) {
      for (let i = 0; i < ct.nx; i++) {
        const w = i + before[0] + n[0] * (j + before[1] + n[1] * (k + before[2]));
        out[w] = ct.hu[i + ct.nx * (j + ct.ny * k)];
      }
    }
  }
  const block = hu(PHANTOM_DENSITY_MG.cortical);
  for (let k = before[2] + 10; k < before[2] + 20; k++) {
    for (let j = before[1] + 5; j < before[1] + 15; j++) {
      for (let i = n[0] - 14; i < n[0] - 4; i++) out[i + n[0] * (j + n[1] * k)] = block;
    }
  }
  return { nx: n[0], ny: n[1], nz: n[2], spacing: ct.spacing, hu: out };
}

describe("region of interest: the box", () => {
  it("refuses a box thinner than 10 mm or inverted, naming the corner and axis", () => {
    const thin = RegionBoxSchema.safeParse({ min_mm: [0, 0, 0], max_mm: [50, 9.5, 50] });
    expect(thin.success).toBe(false);
    expect(thin.error?.issues.map((i) => i.path)).toEqual([["max_mm", 1]]);
    const inverted = RegionBoxSchema.safeParse({ min_mm: [40, 0, 0], max_mm: [20, 50, 50] });
    expect(inverted.error?.issues.map((i) => i.path)).toEqual([["max_mm", 0]]);
    expect(MIN_REGION_SIDE_MM).toBe(10);
  });

  it("refuses corners outside the volume (0 to n × spacing mm)", () => {
    const box = { min_mm: [-1, 0, 0] as Vec3, max_mm: [20, 31, 20] as Vec3 };
    // 10 × 10 × 10 voxels of 3 mm: 0 to 30 mm per axis.
    expect(boxOutsideVolume(box, [10, 10, 10], [3, 3, 3]).map((i) => i.path)).toEqual([
      ["min_mm", 0],
      ["max_mm", 1],
    ]);
    expect(
      boxOutsideVolume({ min_mm: [0, 0, 0], max_mm: [30, 30, 30] }, [10, 10, 10], [3, 3, 3]),
    ).toEqual([]);
  });

  it("keeps the voxels whose centre is in the box, with their values and the offset in mm", () => {
    // 4 × 3 × 2 voxels of 2 × 3 × 5 mm; value = its index.
    const ct: CtVolume = {
      nx: 4,
      ny: 3,
      nz: 2,
      spacing: [2, 3, 5],
      hu: Float32Array.from({ length: 24 }, (_, v) => v),
    };
    // x 2.5..8 mm holds the centres 3, 5, 7 (i = 1..3); y 4..9 mm holds 4.5, 7.5 (j = 1, 2);
    // z 0..10 mm both slices.
    const crop = cropCt(ct, { min_mm: [2.5, 4, 0], max_mm: [8, 9, 10] });
    expect([crop.ct.nx, crop.ct.ny, crop.ct.nz]).toEqual([3, 2, 2]);
    expect(crop.offset_mm).toEqual([2, 3, 0]);
    expect(Array.from(crop.ct.hu)).toEqual([5, 6, 7, 9, 10, 11, 17, 18, 19, 21, 22, 23]);
    expect(crop.onVolumeBorder).toEqual({ min: [false, false, true], max: [true, true, true] });
  });

  it("mirrors a box in x across the middle of the volume", () => {
    const box = { min_mm: [4, 1, 2] as Vec3, max_mm: [30, 20, 40] as Vec3 };
    expect(mirrorBoxInX(box, { nx: 50, spacing: [2, 1, 1] })).toEqual({
      min_mm: [70, 1, 2],
      max_mm: [96, 20, 40],
    });
  });
});

describe("region of interest on the femur phantom", () => {
  const femur = femurPhantom({ spacing_mm: CT_MM }).ct;
  const before: Vec3 = [8, 6, 5];
  const scan = femurInLargerScan(femur, before);
  /** The femur's own phantom volume inside the larger scan: it holds the whole femur. */
  const aroundFemur = {
    min_mm: before.map((b) => b * CT_MM) as Vec3,
    max_mm: [0, 1, 2].map((a) => (before[a] + [femur.nx, femur.ny, femur.nz][a]) * CT_MM) as Vec3,
  };

  it("gives the whole scan's failure load within 2 % with a box around the proximal femur", async () => {
    const fields: StrainRatioField[] = [];
    const onStrainField = (f: StrainRatioField) => fields.push(f);
    const whole = await analyseBone(scan, { ...STANCE, onStrainField }, emptyStageTimes());
    const boxed = await analyseBone(
      scan,
      { ...STANCE, region: aroundFemur, onStrainField },
      emptyStageTimes(),
    );
    const [w] = whole.load_cases;
    const [b] = boxed.load_cases;
    expect(w.converged && b.converged).toBe(true);
    expect(Math.abs(b.failure_load_N / w.failure_load_N - 1)).toBeLessThan(0.02);
    // Positions stay in the scan's millimetres: the weakest region is found at the same place.
    for (let a = 0; a < 3; a++) {
      expect(
        Math.abs(b.weakest_region.position_mm[a] - w.weakest_region.position_mm[a]),
      ).toBeLessThan(CT_MM);
    }
    expect(whole.region.box_mm).toBeNull();
    expect(boxed.region).toMatchObject({ box_mm: aroundFemur, cuts_bone: false, faces_cut: [] });
    expect(boxed.region.voxels.lo).toEqual(before);
    // The strain field handed to the images (decision 122) is placed in the scan's millimetres
    // too: at each run's weakest point it reads the failure ratio, 1.0, not the value of a
    // point shifted by the crop's offset.
    expect(fields).toHaveLength(2);
    expect(ratioAt(fields[0], w.weakest_region.position_mm)).toBeCloseTo(1, 3);
    expect(ratioAt(fields[1], b.weakest_region.position_mm)).toBeCloseTo(1, 3);
  });

  it("flags a box through the femoral head with the face it cuts", async () => {
    // The head's top is near the phantom's z max (head centre + 23 mm + 6 mm of margin): 30 mm
    // lower cuts through the head.
    const throughHead = {
      min_mm: aroundFemur.min_mm,
      max_mm: [aroundFemur.max_mm[0], aroundFemur.max_mm[1], aroundFemur.max_mm[2] - 30] as Vec3,
    };
    const cut = await analyseBone(scan, { ...STANCE, region: throughHead }, emptyStageTimes());
    expect(cut.region.cuts_bone).toBe(true);
    expect(cut.region.faces_cut.map((f) => f.face)).toEqual(["z_max"]);
    expect(cut.region.faces_cut[0].area_mm2).toBeGreaterThan(100);
  });

  it("analyses the contralateral twin in the mirrored box", async () => {
    const twin = femurPhantom({
      spacing_mm: CT_MM,
      mirror: true,
      perturbation: { amplitude: 0.03, seed: 13 },
    }).ct;
    // The whole femur, trimmed by 4 mm of soft tissue on the head side (x min).
    const box = { min_mm: [4, 0, 0] as Vec3, max_mm: [femur.nx * CT_MM, 52, 158] as Vec3 };
    const result = await runClinicalAnalysis(
      femur,
      { kind: "contralateral", ct: twin },
      { ...STANCE, region: box },
      70,
    );
    expect(result.region.box_mm).toEqual(box);
    expect(result.comparator_region.box_mm).toEqual({
      min_mm: [0, 0, 0],
      max_mm: [twin.nx * CT_MM - 4, 52, 158],
    });
    expect(result.comparator_region.cuts_bone).toBe(false);
    expect(Math.abs(result.strength_loss_percent)).toBeLessThan(5);
  });
});
