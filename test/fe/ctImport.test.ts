import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CtImportError, readCtUpload } from "../../server/fe/ctImport";
import { ctToNrrd } from "../../server/fe/ctVolume";
import { encodeNrrd } from "../../server/fe/nrrd";
import { storedValue, syntheticSeries } from "./dicomWriter";
import { writeZip } from "./zipWriter";

const dir = mkdtempSync(path.join(tmpdir(), "ct-import-test-"));
let n = 0;
function onDisk(bytes: Buffer, name = "upload") {
  const file = path.join(dir, String(n++));
  writeFileSync(file, bytes);
  return { name, path: file };
}

async function refusal(run: Promise<unknown>): Promise<CtImportError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CtImportError) return error;
    throw error;
  }
  throw new Error("the upload was accepted");
}

const series = () => syntheticSeries([1, 2, 0]).map((data, i) => ({ name: `CT/IM${i}.dcm`, data }));

describe("CT upload import", () => {
  it("reads a zipped DICOM series, skipping folders, DICOMDIR and macOS forks", async () => {
    const zip = writeZip([
      ...series(),
      { name: "DICOMDIR", data: Buffer.from("index") },
      { name: "__MACOSX/CT/._IM0.dcm", data: Buffer.from("fork") },
    ]);
    const { volume, metadata } = await readCtUpload([onDisk(zip, "scan.zip")]);
    expect(metadata.size).toEqual([8, 8, 3]);
    expect(volume.hu[3 + 8 * (4 + 8 * 2)]).toBe(2 * storedValue(3, 4, 2) - 1024);
  });

  it("reads several DICOM files sent one by one", async () => {
    const files = syntheticSeries([2, 0, 1]).map((b, i) => onDisk(b, `IM${i}`));
    expect((await readCtUpload(files)).metadata.seriesUid).toBe("1.2.826.0.1.1.2");
  });

  it("refuses a path-traversal name in the zip", async () => {
    const zip = writeZip([...series(), { name: "../evil", data: Buffer.from("x") }]);
    const error = await refusal(readCtUpload([onDisk(zip)]));
    expect(error.en).toContain("unsafe entry name");
    expect(error.fr).toContain("nom d'entrée dangereux");
  });

  it("stops a zip bomb at the uncompressed-size cap, whatever its header claims", async () => {
    // 5 MB of zeros deflates to ~5 KB; the header lies that it is 10 bytes.
    const zip = writeZip([{ name: "bomb.dcm", data: Buffer.alloc(5e6), claimedSize: 10 }]);
    const error = await refusal(
      readCtUpload([onDisk(zip)], { maxZipEntries: 10, maxUncompressedBytes: 1e6 }),
    );
    expect(error.field).toBe("file");
    expect(error.en).toMatch(/^zip: /);
    const honest = writeZip([{ name: "big.dcm", data: Buffer.alloc(5e6) }]);
    const tooBig = await refusal(
      readCtUpload([onDisk(honest)], { maxZipEntries: 10, maxUncompressedBytes: 1e6 }),
    );
    expect(tooBig.en).toContain("uncompressed content over 1000000 bytes");
  });

  it("caps the number of entries", async () => {
    const error = await refusal(
      readCtUpload([onDisk(writeZip(series()))], { maxZipEntries: 2, maxUncompressedBytes: 1e9 }),
    );
    expect(error.en).toContain("more than 2 files");
  });

  it("reads a NRRD and refuses one of the wrong size or with detached data", async () => {
    const hu = Float32Array.from({ length: 24 }, (_, i) => i * 10 - 100);
    const nrrd = encodeNrrd(ctToNrrd({ nx: 2, ny: 3, nz: 4, spacing: [0.5, 0.7, 1.25], hu }));
    const { volume, metadata } = await readCtUpload([onDisk(nrrd, "ct.nrrd")]);
    expect(Array.from(volume.hu)).toEqual(Array.from(hu));
    expect(metadata).toMatchObject({ size: [2, 3, 4], seriesUid: null, modality: null });
    expect(metadata.spacing).toEqual([0.5, 0.7, 1.25]);
    const short = await refusal(readCtUpload([onDisk(nrrd.subarray(0, nrrd.length - 20))]));
    expect(short.en).toContain("unreadable NRRD");
    const detached = Buffer.from(
      "NRRD0004\ntype: float\ndimension: 3\nsizes: 1 1 1\ndata file: /etc/passwd\n\n",
    );
    expect((await refusal(readCtUpload([onDisk(detached)]))).en).toContain("detached data");
  });
});
