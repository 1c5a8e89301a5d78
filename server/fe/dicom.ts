/**
 * A DICOM CT series (one buffer per Part 10 file) read into a CtVolume (issue 13 item 1,
 * decision 083). Parsing is dicom-parser's (Cornerstone); this module checks that the files make
 * one regular volume and turns stored values into Hounsfield units. Only the uncompressed
 * little-endian syntaxes are read: every other transfer syntax is refused by name, so a user
 * knows to export the series uncompressed rather than getting wrong voxels.
 *
 * What is kept is the geometry and the identifiers of the study and series: never the patient's
 * name, id or birth date from the header (the user matches the series to the OsteoBoard patient).
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as DicomParser from "dicom-parser";
import type { CtVolume } from "./ctVolume";

export type DicomErrorCode =
  | "not-dicom"
  | "truncated"
  | "transfer-syntax"
  | "modality"
  | "bits-allocated"
  | "missing-tag"
  | "mixed-series"
  | "inconsistent-geometry"
  | "slice-spacing"
  | "too-large"
  | "empty";

/** A refusal the user can act on: which field, and what to do, in French and English. */
export class DicomError extends Error {
  constructor(
    readonly code: DicomErrorCode,
    readonly field: string,
    readonly fr: string,
    readonly en: string,
  ) {
    super(`${fr} / ${en}`);
    this.name = "DicomError";
  }
}

/** What the database keeps of a series (decision 083): no patient identity. */
export interface CtSeriesMetadata {
  studyUid: string;
  seriesUid: string;
  modality: string;
  spacing: [number, number, number];
  size: [number, number, number];
  /** ISO date (YYYY-MM-DD) from AcquisitionDate, else SeriesDate, else StudyDate; null if none. */
  acquisitionDate: string | null;
  /** SHA-256 (hex) of the HU voxels as little-endian float32, index order of CtVolume. */
  sha256: string;
}

export interface DicomSeries {
  volume: CtVolume;
  metadata: CtSeriesMetadata;
}

// DICOM PS3.5 §10 and PS3.6 Annex A: the two syntaxes read here.
const IMPLICIT_LE = "1.2.840.10008.1.2";
const EXPLICIT_LE = "1.2.840.10008.1.2.1";

// PS3.6 Table A-1: names of the syntaxes refused, so the message names what the file uses.
const REFUSED_SYNTAXES: Record<string, string> = {
  "1.2.840.10008.1.2.2": "Explicit VR Big Endian (retired)",
  "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian",
  "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
  "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
  "1.2.840.10008.1.2.4.57": "JPEG Lossless, Non-Hierarchical (Process 14)",
  "1.2.840.10008.1.2.4.70": "JPEG Lossless, First-Order Prediction (Process 14 SV1)",
  "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
  "1.2.840.10008.1.2.4.81": "JPEG-LS Near-Lossless",
  "1.2.840.10008.1.2.4.90": "JPEG 2000 (Lossless Only)",
  "1.2.840.10008.1.2.4.91": "JPEG 2000",
  "1.2.840.10008.1.2.5": "RLE Lossless",
};

/**
 * Slice positions may differ from a uniform step by this fraction of the step: scanners write
 * positions as decimal strings (DS, 16 characters) rounded to about 1e-3 mm, and reconstruction
 * intervals are ≥ 0.5 mm, so 1 % (≥ 5 µm) absorbs rounding but catches a missing slice (100 %)
 * or a mixed reconstruction interval.
 */
export const SLICE_SPACING_TOLERANCE = 0.01;
/** Row/column direction cosines of two slices may differ by this much (same rounding). */
const ORIENTATION_TOLERANCE = 1e-4;
/** Most voxels read from one series (≈ 512 × 512 × 2000): a larger header is refused unread. */
export const MAX_SERIES_VOXELS = 512 * 512 * 2000;

interface Slice {
  file: number;
  rows: number;
  columns: number;
  pixelSpacing: [number, number];
  rowCosines: [number, number, number];
  columnCosines: [number, number, number];
  position: [number, number, number];
  slope: number;
  intercept: number;
  signed: boolean;
  pixels: Uint8Array;
  studyUid: string;
  seriesUid: string;
  modality: string;
  date: string | null;
}

// dicom-parser ships a minified UMD bundle: Node's ESM loader cannot see its named exports (the
// Remix server build keeps node_modules external), so it is loaded with require.
const dicomParser = createRequire(import.meta.url)("dicom-parser") as typeof DicomParser;

const where = (file: number) => ({ fr: `fichier ${file + 1}`, en: `file ${file + 1}` });

function refuse(
  code: DicomErrorCode,
  field: string,
  file: number | null,
  fr: string,
  en: string,
): never {
  const at = file === null ? null : where(file);
  throw new DicomError(code, field, at ? `${at.fr} : ${fr}` : fr, at ? `${at.en}: ${en}` : en);
}

function numbers(text: string | undefined, count: number): number[] | null {
  if (text === undefined) return null;
  const values = text.split("\\").map((s) => Number(s.trim()));
  if (values.length !== count || values.some((v) => !Number.isFinite(v))) return null;
  return values;
}

function required<T>(value: T | null | undefined, field: string, file: number): T {
  if (value === null || value === undefined) {
    refuse(
      "missing-tag",
      field,
      file,
      `l'attribut ${field} manque ou est illisible`,
      `the attribute ${field} is missing or unreadable`,
    );
  }
  return value;
}

/** DICOM DA (YYYYMMDD) → ISO date, or null when absent or malformed. */
function isoDate(da: string | undefined): string | null {
  const m = da?.trim().match(/^(\d{4})(\d{2})(\d{2})$/);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/**
 * One file; any failure of the parser on damaged bytes (an element length past the end of the
 * file, found by the fuzz test in test/integration/ct-import.test.ts) is a "truncated" refusal.
 */
function readSlice(bytes: Uint8Array, file: number): Slice {
  try {
    return readSliceUnchecked(bytes, file);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    refuse(
      "truncated",
      "file",
      file,
      "fichier DICOM tronqué ou illisible",
      "truncated or unreadable DICOM file",
    );
  }
}

function readSliceUnchecked(bytes: Uint8Array, file: number): Slice {
  if (bytes.length < 132 || Buffer.from(bytes.subarray(128, 132)).toString("latin1") !== "DICM") {
    refuse(
      "not-dicom",
      "file",
      file,
      "ce n'est pas un fichier DICOM (préambule « DICM » absent)",
      'not a DICOM file (no "DICM" preamble)',
    );
  }
  let meta: DicomParser.DataSet;
  try {
    meta = dicomParser.readPart10Header(bytes);
  } catch {
    refuse(
      "truncated",
      "file",
      file,
      "en-tête DICOM tronqué ou illisible",
      "truncated or unreadable DICOM header",
    );
  }
  const syntax = meta.string("x00020010")?.replace(/\0/g, "").trim() ?? "";
  if (syntax === "") {
    refuse(
      "truncated",
      "TransferSyntaxUID",
      file,
      "en-tête DICOM tronqué (syntaxe de transfert absente)",
      "truncated DICOM header (no transfer syntax)",
    );
  }
  if (syntax !== IMPLICIT_LE && syntax !== EXPLICIT_LE) {
    const name = REFUSED_SYNTAXES[syntax] ?? "inconnue / unknown";
    throw new DicomError(
      "transfer-syntax",
      "TransferSyntaxUID",
      `${where(file).fr} : syntaxe de transfert ${syntax} (${name}) non prise en charge ; exportez la série non compressée (Explicit ou Implicit VR Little Endian)`,
      `${where(file).en}: transfer syntax ${syntax} (${name}) is not supported; export the series uncompressed (Explicit or Implicit VR Little Endian)`,
    );
  }
  let data: DicomParser.DataSet;
  try {
    data = dicomParser.parseDicom(bytes);
  } catch {
    refuse(
      "truncated",
      "file",
      file,
      "fichier DICOM tronqué ou illisible",
      "truncated or unreadable DICOM file",
    );
  }
  const modality = data.string("x00080060")?.trim() ?? "";
  if (modality !== "CT") {
    refuse(
      "modality",
      "Modality",
      file,
      `modalité « ${modality || "absente"} » : seul un scanner (CT) est accepté`,
      `modality "${modality || "missing"}": only a CT is accepted`,
    );
  }
  const bits = data.uint16("x00280100");
  if (bits !== 16) {
    refuse(
      "bits-allocated",
      "BitsAllocated",
      file,
      `BitsAllocated ${bits ?? "absent"} : 16 attendu`,
      `BitsAllocated ${bits ?? "missing"}: 16 expected`,
    );
  }
  const samples = data.uint16("x00280002") ?? 1;
  const frames = data.intString("x00280008") ?? 1;
  if (samples !== 1 || frames !== 1) {
    refuse(
      "inconsistent-geometry",
      "SamplesPerPixel",
      file,
      "une seule image monochrome par fichier est attendue",
      "one monochrome frame per file is expected",
    );
  }
  const rows = required(data.uint16("x00280010"), "Rows", file);
  const columns = required(data.uint16("x00280011"), "Columns", file);
  const spacing = required(numbers(data.string("x00280030"), 2), "PixelSpacing", file);
  const orientation = required(
    numbers(data.string("x00200037"), 6),
    "ImageOrientationPatient",
    file,
  );
  const position = required(numbers(data.string("x00200032"), 3), "ImagePositionPatient", file);
  if (!(spacing[0] > 0 && spacing[1] > 0)) {
    refuse(
      "inconsistent-geometry",
      "PixelSpacing",
      file,
      "PixelSpacing doit être positif",
      "PixelSpacing must be positive",
    );
  }
  const pixelElement = required(data.elements.x7fe00010, "PixelData", file);
  const expected = rows * columns * 2;
  if (pixelElement.length < expected || pixelElement.dataOffset + expected > bytes.length) {
    refuse(
      "truncated",
      "PixelData",
      file,
      `données d'image tronquées (${expected} octets attendus)`,
      `truncated pixel data (${expected} bytes expected)`,
    );
  }
  const slope = data.floatString("x00281053") ?? 1;
  const intercept = data.floatString("x00281052") ?? 0;
  if (!Number.isFinite(slope) || slope === 0 || !Number.isFinite(intercept)) {
    refuse(
      "missing-tag",
      "RescaleSlope",
      file,
      "RescaleSlope ou RescaleIntercept invalide",
      "invalid RescaleSlope or RescaleIntercept",
    );
  }
  return {
    file,
    rows,
    columns,
    // PS3.3 C.7.6.2.1.1: PixelSpacing is row spacing (between rows, along y) \ column spacing.
    pixelSpacing: [spacing[0], spacing[1]],
    rowCosines: [orientation[0], orientation[1], orientation[2]],
    columnCosines: [orientation[3], orientation[4], orientation[5]],
    position: [position[0], position[1], position[2]],
    slope,
    intercept,
    signed: data.uint16("x00280103") === 1,
    pixels: bytes.subarray(pixelElement.dataOffset, pixelElement.dataOffset + expected),
    studyUid: data.string("x0020000d")?.trim() ?? "",
    seriesUid: required(data.string("x0020000e")?.trim() || null, "SeriesInstanceUID", file),
    modality,
    date: isoDate(data.string("x00080022") ?? data.string("x00080021") ?? data.string("x00080020")),
  };
}

const cross = (a: number[], b: number[]): [number, number, number] => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const close = (a: number[], b: number[], tol: number) =>
  a.every((v, i) => Math.abs(v - b[i]) <= tol);

function checkSameGeometry(first: Slice, s: Slice): void {
  if (s.seriesUid !== first.seriesUid) {
    refuse(
      "mixed-series",
      "SeriesInstanceUID",
      s.file,
      `série ${s.seriesUid} différente de celle du fichier ${first.file + 1} (${first.seriesUid}) : importez une seule série`,
      `series ${s.seriesUid} differs from file ${first.file + 1}'s (${first.seriesUid}): import one series`,
    );
  }
  const same =
    s.rows === first.rows &&
    s.columns === first.columns &&
    close(s.pixelSpacing, first.pixelSpacing, 1e-6) &&
    close(s.rowCosines, first.rowCosines, ORIENTATION_TOLERANCE) &&
    close(s.columnCosines, first.columnCosines, ORIENTATION_TOLERANCE);
  if (!same) {
    refuse(
      "inconsistent-geometry",
      "Rows/Columns/PixelSpacing/ImageOrientationPatient",
      s.file,
      "taille, espacement ou orientation différents des autres coupes",
      "size, pixel spacing or orientation differs from the other slices",
    );
  }
}

/**
 * Reads the slices, checks they are one regular series, sorts them along the slice normal
 * (row × column direction; PS3.3 C.7.6.2.1.1) and returns HU = slope × stored + intercept
 * (PS3.3 C.11.1.1.2). Index i runs along the rows' direction, j along the columns', k along the
 * normal; the CtVolume grid is not reoriented here (the pipeline finds the bone's own axes).
 */
export function readDicomSeries(files: readonly Uint8Array[]): DicomSeries {
  if (files.length === 0) refuse("empty", "files", null, "aucun fichier DICOM", "no DICOM file");
  const slices = files.map((bytes, i) => readSlice(bytes, i));
  const first = slices[0];
  const voxels = first.rows * first.columns * slices.length;
  if (voxels > MAX_SERIES_VOXELS) {
    refuse(
      "too-large",
      "Rows/Columns",
      null,
      `volume trop grand (${voxels} voxels)`,
      `volume too large (${voxels} voxels)`,
    );
  }
  for (const s of slices) checkSameGeometry(first, s);
  const normal = cross(first.rowCosines, first.columnCosines);
  const along = new Map(slices.map((s) => [s, dot(normal, s.position)]));
  const distance = (s: Slice) => along.get(s) ?? 0;
  slices.sort((a, b) => distance(a) - distance(b));
  let step = 1;
  if (slices.length > 1) {
    step = (distance(slices[slices.length - 1]) - distance(slices[0])) / (slices.length - 1);
    const uniform =
      step > 0 &&
      slices.every(
        (s, k) =>
          Math.abs(distance(s) - distance(slices[0]) - k * step) <= SLICE_SPACING_TOLERANCE * step,
      );
    if (!uniform) {
      refuse(
        "slice-spacing",
        "ImagePositionPatient",
        null,
        "espacement des coupes irrégulier (coupe manquante, doublon ou série mélangée)",
        "uneven slice spacing (missing or duplicate slice, or mixed series)",
      );
    }
  }
  const nx = first.columns;
  const ny = first.rows;
  const nz = slices.length;
  const hu = new Float32Array(nx * ny * nz);
  slices.forEach((s, k) => {
    const view = new DataView(s.pixels.buffer, s.pixels.byteOffset, s.pixels.byteLength);
    const base = k * nx * ny;
    for (let v = 0; v < nx * ny; v++) {
      const stored = s.signed ? view.getInt16(v * 2, true) : view.getUint16(v * 2, true);
      hu[base + v] = s.slope * stored + s.intercept;
    }
  });
  // Columns are spaced by PixelSpacing[1], rows by PixelSpacing[0].
  const spacing: [number, number, number] = [first.pixelSpacing[1], first.pixelSpacing[0], step];
  const volume: CtVolume = { nx, ny, nz, spacing, hu };
  return {
    volume,
    metadata: {
      studyUid: first.studyUid,
      seriesUid: first.seriesUid,
      modality: first.modality,
      spacing,
      size: [nx, ny, nz],
      acquisitionDate: first.date,
      sha256: ctSha256(volume),
    },
  };
}

/** SHA-256 of a volume's HU as little-endian float32 (the checksum stored with the series). */
export function ctSha256(ct: CtVolume): string {
  const bytes = Buffer.alloc(ct.hu.length * 4);
  for (let i = 0; i < ct.hu.length; i++) bytes.writeFloatLE(ct.hu[i], i * 4);
  return createHash("sha256").update(bytes).digest("hex");
}
