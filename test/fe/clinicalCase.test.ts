/**
 * The clinical case file of issue 13 item 7: `npm run fe -- CASE.json` from a CT in HU to the
 * failure load and strength loss, and a clear, field-named error for every malformed input.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { femurLesion, femurPhantom } from "../../server/fe/anatomicalPhantom";
import { runClinicalCase } from "../../server/fe/clinicalCase";
import { maskToCt, writeCtVolume } from "../../server/fe/ctVolume";
import { shutdownWorkers } from "../../server/fe/solver";

afterAll(shutdownWorkers);

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const CLI = "build/server/fe-cli.js";

/** A folder with a lesioned femur CT, its lesion mask and the mirrored twin, at 2.5 mm. */
function writeVolumes(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fe-clinical-"));
  const lesioned = femurPhantom({ spacing_mm: 2.5, lesions: [femurLesion("calcar", 8)] });
  writeCtVolume(path.join(dir, "ct.nrrd"), lesioned.ct);
  writeCtVolume(path.join(dir, "mask.nrrd"), maskToCt(lesioned.lesionMask, lesioned.ct));
  const twin = femurPhantom({ spacing_mm: 2.5, mirror: true });
  writeCtVolume(path.join(dir, "contralateral.nrrd"), twin.ct);
  return dir;
}

const dir = writeVolumes();

function clinicalCase(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    volume: "ct.nrrd",
    quantity: "hounsfield",
    calibration: { slope_mg_per_HU: 0.8, intercept_mg: -1.2 },
    site: "proximal-femur",
    side: "left",
    load_case: "femur-stance",
    body_weight_kg: 70,
    compare_with: { volume: "contralateral.nrrd" },
    voxel_mm: 3,
    workers: 0,
    ...extra,
  };
}

async function errorOf(json: Record<string, unknown>): Promise<string> {
  const error = await runClinicalCase(json, dir).then(
    () => null,
    (e: Error) => e,
  );
  if (!error) throw new Error("the case was accepted");
  return error.message;
}

describe("clinical case file", () => {
  it("runs the issue's case file through the compiled CLI and prints the promised fields", async () => {
    const casePath = path.join(dir, "case.json");
    writeFileSync(casePath, JSON.stringify(clinicalCase()));
    const { stdout } = await run(process.execPath, [CLI, casePath], { cwd: root });
    const result = JSON.parse(stdout);
    for (const key of [
      "failure_load_N",
      "failure_load_BW",
      "strength_loss_percent",
      "comparator_failure_load_N",
      "dof",
      "iterations",
      "stages_s",
      "wall_s",
      "peak_rss_mb",
    ]) {
      expect(result).toHaveProperty(key);
    }
    expect(result.research_use_only).toBe(true);
    expect(result.comparator).toBe("contralateral");
    expect(result.failure_load_BW).toBeCloseTo(result.failure_load_N / (70 * 9.80665), 6);
    expect(result.strength_loss_percent).toBeCloseTo(
      100 * (1 - result.failure_load_N / result.comparator_failure_load_N),
      6,
    );
    // A calcar lesion of 16 mm costs more than the healthy left/right band (fe.md §0.3).
    expect(result.strength_loss_percent).toBeGreaterThan(15);
    expect(Object.keys(result.stages_s)).toEqual(
      expect.arrayContaining(["read", "segment", "calibrate", "mesh", "solve", "postprocess"]),
    );
    expect(result.calibration).toMatchObject({ source: "entered", isDefault: false });
  });

  it("compares with the digitally repaired bone from a lesion mask", async () => {
    const result = await runClinicalCase(
      clinicalCase({ compare_with: undefined, repair: { lesion_mask: "mask.nrrd" } }),
      dir,
    );
    expect(result.comparator).toBe("digitally-repaired");
    expect(result.strength_loss_percent).toBeGreaterThan(15);
  });

  it("fits the calibration from phantom rods and stores it with the result", async () => {
    const rods = [0, 200, 600].map((hu) => ({ mean_HU: hu, density_mg_per_cm3: 0.8 * hu - 1.2 }));
    const result = await runClinicalCase(clinicalCase({ calibration: { rods } }), dir);
    expect(result.calibration.source).toBe("phantom-rods");
    expect(result.calibration.slope_mg_per_HU).toBeCloseTo(0.8, 9);
  });

  it("calibrates from the scan's own air, fat and muscle and stores the energy and R²", async () => {
    // VerSe sub-verse004's reference regions (Bonelab/spineFE-benchmark, fe.md §1.1): Ogo found
    // 97 keV, max R² 0.998965 for them.
    const internal = {
      air_HU: -956.834,
      adipose_HU: -82.579,
      muscle_HU: 24.561,
      blood_HU: 39.249,
      cortical_HU: 1226.214,
    };
    const result = await runClinicalCase(clinicalCase({ calibration: { internal } }), dir);
    expect(result.calibration).toMatchObject({
      source: "internal",
      isDefault: false,
      energy_keV: 97,
    });
    expect(result.calibration.r2).toBeCloseTo(0.998965, 6);
    expect(result.failure_load_N).toBeGreaterThan(0);
    expect(
      await errorOf(clinicalCase({ calibration: { internal: { ...internal, adipose_HU: 50 } } })),
    ).toMatch(/muscle_HU \(24\.561 HU\) must be above adipose_HU \(50 HU\)/);
    expect(
      await errorOf(clinicalCase({ calibration: { internal: { air_HU: -1000, muscle_HU: 40 } } })),
    ).toMatch(/"calibration/);
  });

  it("says which field is wrong and why", async () => {
    expect(await errorOf(clinicalCase({ compare_with: undefined }))).toMatch(
      /"compare_with": give exactly one comparator/,
    );
    expect(await errorOf(clinicalCase({ repair: { lesion_mask: "mask.nrrd" } }))).toMatch(
      /exactly one comparator/,
    );
    expect(await errorOf(clinicalCase({ load_case: "vertebra-compression" }))).toMatch(
      /"load_case": vertebra-compression does not apply to site proximal-femur/,
    );
    expect(await errorOf(clinicalCase({ body_weight_kg: 5 }))).toMatch(
      /"body_weight_kg": must be at least 20 kg/,
    );
    expect(
      await errorOf(clinicalCase({ calibration: { slope_mg_per_HU: -1, intercept_mg: 0 } })),
    ).toMatch(/"calibration/);
    expect(await errorOf(clinicalCase({ side: undefined }))).toMatch(/"side"/);
    const badRods = [
      { mean_HU: 0, density_mg_per_cm3: 0 },
      { mean_HU: 300, density_mg_per_cm3: 30 },
      { mean_HU: 600, density_mg_per_cm3: 450 },
      { mean_HU: 900, density_mg_per_cm3: 100 },
    ];
    expect(await errorOf(clinicalCase({ calibration: { rods: badRods } }))).toMatch(
      /calibration refused: R² = .* below 0\.98/,
    );
  });

  it("takes a region of interest, mirrored for the contralateral, and names a bad box's field", async () => {
    const { ct } = femurPhantom({ spacing_mm: 2.5 });
    const extent = [ct.nx, ct.ny, ct.nz].map((n) => n * 2.5);
    // The whole femur, 5 mm of soft tissue trimmed on the head side (x min).
    const region = { min_mm: [5, 0, 0], max_mm: extent };
    const result = await runClinicalCase(clinicalCase({ region }), dir);
    expect(result.region).toMatchObject({ box_mm: region, cuts_bone: false });
    // The twin has the same extent: the mirrored box trims its x max instead.
    expect(result.comparator_region.box_mm).toEqual({
      min_mm: [0, 0, 0],
      max_mm: [extent[0] - 5, extent[1], extent[2]],
    });
    expect(
      await errorOf(clinicalCase({ region: { min_mm: [0, 0, 0], max_mm: [5, 40, 40] } })),
    ).toMatch(/"region.max_mm.0": x max must exceed x min by at least 10 mm/);
    expect(
      await errorOf(clinicalCase({ region: { min_mm: [0, 0, 0], max_mm: [40, 40, 1000] } })),
    ).toMatch(/"region.max_mm.2": z must lie inside the volume, 0 to \d+(\.\d+)? mm/);
    expect(
      await errorOf(
        clinicalCase({
          compare_with: {
            volume: "contralateral.nrrd",
            region: { min_mm: [0, -3, 0], max_mm: [40, 40, 40] },
          },
        }),
      ),
    ).toMatch(/"compare_with.region.min_mm.1": y must lie inside the volume/);
  });

  it("refuses a NRRD of the wrong size, a mask on another grid and a folder, naming the field", async () => {
    // Header claims 40×40×40 float voxels, the body holds far fewer.
    const short = Buffer.concat([
      Buffer.from(
        "NRRD0004\ntype: float\ndimension: 3\nsizes: 40 40 40\nspacings: 1 1 1\nencoding: raw\nendian: little\n\n",
        "latin1",
      ),
      Buffer.alloc(4 * 1000),
    ]);
    writeFileSync(path.join(dir, "short.nrrd"), short);
    expect(await errorOf(clinicalCase({ volume: "short.nrrd" }))).toMatch(
      /^case file field "volume": NRRD/,
    );
    const other = femurPhantom({ spacing_mm: 4 });
    writeCtVolume(path.join(dir, "other-mask.nrrd"), other.ct);
    expect(
      await errorOf(
        clinicalCase({ compare_with: undefined, repair: { lesion_mask: "other-mask.nrrd" } }),
      ),
    ).toMatch(/"repair.lesion_mask": the mask is .* voxels, the CT .*; they must share one grid/);
    mkdirSync(path.join(dir, "dicom"), { recursive: true });
    expect(await errorOf(clinicalCase({ compare_with: { volume: "dicom" } }))).toMatch(
      /"compare_with.volume": .* is a folder; DICOM series are not read yet/,
    );
    expect(await errorOf(clinicalCase({ volume: "missing.nrrd" }))).toMatch(
      /"volume": cannot read/,
    );
  });
});
