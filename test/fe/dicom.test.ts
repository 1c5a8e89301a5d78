import { describe, expect, it } from "vitest";
import { DicomError, readDicomSeries } from "../../server/fe/dicom";
import { IMPLICIT_LE, storedValue, syntheticSeries } from "./dicomWriter";

function refusal(files: Buffer[]): DicomError {
  try {
    readDicomSeries(files);
  } catch (error) {
    if (error instanceof DicomError) return error;
    throw error;
  }
  throw new Error("the series was accepted");
}

describe("DICOM CT series import", () => {
  it("sorts a shuffled 3-slice series along the normal and applies slope and intercept", () => {
    const { volume, metadata } = readDicomSeries(
      syntheticSeries([2, 0, 1], { pixelSpacing: [0.8, 0.6] }),
    );
    expect([volume.nx, volume.ny, volume.nz]).toEqual([8, 8, 3]);
    // PixelSpacing is row spacing \ column spacing: x (columns) 0.6, y (rows) 0.8, z the step.
    expect(volume.spacing[0]).toBeCloseTo(0.6, 9);
    expect(volume.spacing[1]).toBeCloseTo(0.8, 9);
    expect(volume.spacing[2]).toBeCloseTo(2.5, 9);
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 8; j++) {
        for (let i = 0; i < 8; i++) {
          // slope 2, intercept −1024 as written by syntheticSeries
          expect(volume.hu[i + 8 * (j + 8 * k)]).toBe(2 * storedValue(i, j, k) - 1024);
        }
      }
    }
    expect(metadata).toMatchObject({
      studyUid: "1.2.826.0.1.1",
      seriesUid: "1.2.826.0.1.1.2",
      modality: "CT",
      size: [8, 8, 3],
      acquisitionDate: "2026-11-15",
    });
    expect(metadata.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The header's patient name and id are never part of what is kept.
    expect(JSON.stringify(metadata)).not.toMatch(/DUPONT|IPP-123456/);
  });

  it("reads signed pixels and the implicit VR syntax, and the same voxels give the same checksum", () => {
    const a = readDicomSeries(
      syntheticSeries([0, 1, 2], { signed: true, slope: 1, intercept: -1 }),
    );
    const b = readDicomSeries(
      syntheticSeries([1, 2, 0], {
        signed: true,
        slope: 1,
        intercept: -1,
        transferSyntax: IMPLICIT_LE,
      }),
    );
    expect(a.volume.hu[5]).toBe(storedValue(5, 0, 0) - 1);
    expect(Array.from(b.volume.hu)).toEqual(Array.from(a.volume.hu));
    expect(b.metadata.sha256).toBe(a.metadata.sha256);
    const shifted = readDicomSeries(
      syntheticSeries([0, 1, 2], { signed: true, slope: 1, intercept: 0 }),
    );
    expect(shifted.metadata.sha256).not.toBe(a.metadata.sha256);
  });

  it("sorts by position along the normal, not along z, for a sagittal series", () => {
    // Rows along y, columns along z: the normal is x; slices placed along x, given in reverse.
    const files = syntheticSeries([2, 1, 0], { orientation: [0, 1, 0, 0, 0, 1] }, (k) => [
      3 * k,
      0,
      0,
    ]);
    const { volume } = readDicomSeries(files);
    expect(volume.spacing[2]).toBeCloseTo(3, 9);
    expect(volume.hu[8 * 8 * 2]).toBe(2 * storedValue(0, 0, 2) - 1024);
  });

  it("refuses a mixed series", () => {
    const files = [...syntheticSeries([0, 1]), ...syntheticSeries([2], { seriesUid: "9.9.9" })];
    const error = refusal(files);
    expect(error.code).toBe("mixed-series");
    expect(error.fr).toContain("importez une seule série");
    expect(error.en).toContain("9.9.9");
  });

  it("refuses a series with a missing slice (uneven spacing)", () => {
    const error = refusal(syntheticSeries([0, 1, 2], {}, (k) => [0, 0, [0, 2.5, 7.5][k]]));
    expect(error.code).toBe("slice-spacing");
    expect(error.field).toBe("ImagePositionPatient");
    expect(error.fr).toContain("coupe manquante");
  });

  it("refuses a compressed transfer syntax by naming it", () => {
    const error = refusal(syntheticSeries([0, 1, 2], { transferSyntax: "1.2.840.10008.1.2.4.90" }));
    expect(error.code).toBe("transfer-syntax");
    expect(error.en).toContain(
      "1.2.840.10008.1.2.4.90 (JPEG 2000 (Lossless Only)) is not supported",
    );
    expect(error.fr).toContain("exportez la série non compressée");
  });

  it("refuses big endian", () => {
    const error = refusal(syntheticSeries([0], { transferSyntax: "1.2.840.10008.1.2.2" }));
    expect(error.en).toContain("Explicit VR Big Endian");
  });

  it("refuses a modality other than CT", () => {
    const error = refusal(syntheticSeries([0, 1, 2], { modality: "MR" }));
    expect(error.code).toBe("modality");
    expect(error.fr).toContain("modalité « MR »");
  });

  it("refuses 8-bit pixels", () => {
    expect(refusal(syntheticSeries([0], { bitsAllocated: 8 })).code).toBe("bits-allocated");
  });

  it("refuses a truncated file and names it", () => {
    const files = syntheticSeries([0, 1, 2]);
    const error = refusal([files[0], files[1].subarray(0, files[1].length - 40), files[2]]);
    expect(error.code).toBe("truncated");
    expect(error.en).toMatch(/^file 2: /);
    expect(refusal([files[0].subarray(0, 200)]).code).toBe("truncated");
  });

  it("refuses a file that is not DICOM", () => {
    expect(refusal([Buffer.from("NRRD0004\n")]).code).toBe("not-dicom");
  });
});
