/**
 * A CT upload (files already on disk, streamed there by the route) read into a CtVolume and the
 * metadata kept (issue 13 §1, decision 083): one zip of a DICOM series, several DICOM files, or
 * one NRRD. Zips are read with yauzl, entry by entry, with caps on the entry count and the total
 * uncompressed size counted as bytes arrive (a zip bomb stops at the cap, whatever its header
 * claims); an absolute path or `..` in an entry name refuses the whole zip.
 */
import { open, readFile } from "node:fs/promises";
import yauzl from "yauzl";
import type { CtVolume } from "./ctVolume";
import { type CtSeriesMetadata, ctSha256, DicomError, readDicomSeries } from "./dicom";
import { nrrdToGrid, parseNrrd } from "./nrrd";

/** What the user can act on: which field, in French and English (the route's 400). */
export class CtImportError extends Error {
  constructor(
    readonly field: string,
    readonly fr: string,
    readonly en: string,
  ) {
    super(`${fr} / ${en}`);
    this.name = "CtImportError";
  }
}

export interface CtImportLimits {
  /** Most entries read from a zip (a CT series is a few hundred to ~2000 slices). */
  maxZipEntries: number;
  /** Most bytes inflated from a zip in total. */
  maxUncompressedBytes: number;
}

export const DEFAULT_CT_IMPORT_LIMITS: CtImportLimits = {
  maxZipEntries: 4000,
  // 2000 slices of 512 × 512 × 2 bytes ≈ 1 GB, plus headers.
  maxUncompressedBytes: 1.2e9,
};

/** NRRD series have no study or series UID; the DICOM ones keep theirs. */
export type CtImportMetadata = Omit<CtSeriesMetadata, "studyUid" | "seriesUid" | "modality"> & {
  studyUid: string | null;
  seriesUid: string | null;
  modality: string | null;
};

export interface CtImport {
  volume: CtVolume;
  metadata: CtImportMetadata;
}

export interface UploadedFile {
  /** The name the browser sent (only used in messages). */
  name: string;
  path: string;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isNrrd = (b: Uint8Array) => Buffer.from(b.subarray(0, 4)).toString("latin1") === "NRRD";

/** Reads an upload; throws CtImportError on anything malformed (nothing has been stored yet). */
export async function readCtUpload(
  files: readonly UploadedFile[],
  limits: CtImportLimits = DEFAULT_CT_IMPORT_LIMITS,
): Promise<CtImport> {
  if (files.length === 0) {
    throw new CtImportError("file", "aucun fichier reçu", "no file received");
  }
  const magic = await firstBytes(files[0].path);
  if (files.length === 1 && isZip(magic)) return dicomImport(await readZip(files[0].path, limits));
  if (files.length === 1 && isNrrd(magic)) return nrrdImport(await readFile(files[0].path));
  if (files.length > 1 && isZip(magic)) {
    throw new CtImportError("file", "un seul zip par import", "one zip per import");
  }
  const buffers: Buffer[] = [];
  for (const f of files) buffers.push(await readFile(f.path));
  return dicomImport(buffers);
}

async function firstBytes(file: string): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(4);
    await handle.read(buffer, 0, 4, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

function dicomImport(buffers: Uint8Array[]): CtImport {
  try {
    return readDicomSeries(buffers);
  } catch (error) {
    if (error instanceof DicomError) throw new CtImportError(error.field, error.fr, error.en);
    throw error;
  }
}

function nrrdImport(bytes: Buffer): CtImport {
  // The header ends at the first empty line; a detached `data file` would make the server read a
  // path named by the uploader: refused (an upload is one self-contained file).
  const headerEnd = bytes.indexOf("\n\n");
  const header = bytes.subarray(0, headerEnd < 0 ? Math.min(bytes.length, 4096) : headerEnd);
  if (/^data ?file:/im.test(header.toString("latin1"))) {
    throw new CtImportError(
      "file",
      "NRRD à données détachées (« data file ») refusé : envoyez un NRRD à données intégrées",
      'NRRD with detached data ("data file") refused: upload a NRRD with attached data',
    );
  }
  let volume: CtVolume;
  try {
    const grid = nrrdToGrid(parseNrrd(bytes));
    volume = {
      nx: grid.nx,
      ny: grid.ny,
      nz: grid.nz,
      spacing: [grid.spacing[0], grid.spacing[1], grid.spacing[2]],
      hu: grid.modulus,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CtImportError("file", `NRRD illisible (${message})`, `unreadable NRRD (${message})`);
  }
  if (volume.nx * volume.ny * volume.nz === 0) {
    throw new CtImportError("file", "NRRD vide", "empty NRRD");
  }
  return {
    volume,
    metadata: {
      studyUid: null,
      seriesUid: null,
      modality: null,
      spacing: volume.spacing,
      size: [volume.nx, volume.ny, volume.nz],
      acquisitionDate: null,
      sha256: ctSha256(volume),
    },
  };
}

const zipError = (fr: string, en: string) => new CtImportError("file", `zip : ${fr}`, `zip: ${en}`);

/** Entries to skip: folders, macOS resource forks, hidden files, the DICOMDIR index. */
function skipped(name: string): boolean {
  const base = name.split("/").pop() ?? "";
  return (
    name.endsWith("/") ||
    name.startsWith("__MACOSX/") ||
    base.startsWith(".") ||
    base.toUpperCase() === "DICOMDIR"
  );
}

/** The files of a zip, in memory, within the limits; refuses unsafe names. */
export function readZip(file: string, limits: CtImportLimits): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    // strictFileNames: yauzl refuses names with `\`; validateEntrySizes: an entry whose inflated
    // size differs from its header's is an error, not silently longer (yauzl README).
    yauzl.open(
      file,
      { lazyEntries: true, strictFileNames: true, validateEntrySizes: true },
      (openError, zip) => {
        if (openError || !zip) {
          reject(zipError("archive illisible", "unreadable archive"));
          return;
        }
        const out: Buffer[] = [];
        let entries = 0;
        let total = 0;
        let failed = false;
        const fail = (error: CtImportError) => {
          if (failed) return;
          failed = true;
          zip.close();
          reject(error);
        };
        // yauzl refuses absolute paths and `..` before emitting the entry (validateFileName).
        zip.on("error", (error: Error) =>
          fail(
            /relative path|absolute path|invalid characters/.test(error.message)
              ? zipError(
                  `nom d'entrée dangereux (${error.message})`,
                  `unsafe entry name (${error.message})`,
                )
              : zipError("archive illisible", "unreadable archive"),
          ),
        );
        zip.on("end", () => {
          if (!failed) resolve(out);
        });
        zip.on("entry", (entry: yauzl.Entry) => {
          const name = entry.fileName;
          // yauzl already refuses absolute paths and `..` in names (validateFileName); checked
          // here too so the rule does not depend on a library default.
          if (name.startsWith("/") || /^[a-z]:/i.test(name) || name.split("/").includes("..")) {
            fail(zipError(`nom d'entrée dangereux « ${name} »`, `unsafe entry name "${name}"`));
            return;
          }
          entries++;
          if (entries > limits.maxZipEntries) {
            fail(
              zipError(
                `plus de ${limits.maxZipEntries} fichiers`,
                `more than ${limits.maxZipEntries} files`,
              ),
            );
            return;
          }
          if (skipped(name)) {
            zip.readEntry();
            return;
          }
          if (total + entry.uncompressedSize > limits.maxUncompressedBytes) {
            fail(tooLarge(limits));
            return;
          }
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) {
              fail(zipError(`entrée illisible « ${name} »`, `unreadable entry "${name}"`));
              return;
            }
            const chunks: Buffer[] = [];
            stream.on("data", (chunk: Buffer) => {
              total += chunk.length;
              if (total > limits.maxUncompressedBytes) {
                stream.destroy();
                fail(tooLarge(limits));
                return;
              }
              chunks.push(chunk);
            });
            stream.on("error", () =>
              fail(zipError(`entrée illisible « ${name} »`, `unreadable entry "${name}"`)),
            );
            stream.on("end", () => {
              if (failed) return;
              out.push(Buffer.concat(chunks));
              zip.readEntry();
            });
          });
        });
        zip.readEntry();
      },
    );
  });
}

const tooLarge = (limits: CtImportLimits) =>
  zipError(
    `contenu décompressé au-delà de ${limits.maxUncompressedBytes} octets`,
    `uncompressed content over ${limits.maxUncompressedBytes} bytes`,
  );
