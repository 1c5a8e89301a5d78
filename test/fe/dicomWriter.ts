/**
 * A tiny DICOM Part 10 writer for tests (PS3.10 §7.1: 128-byte preamble, "DICM", the file meta
 * group in explicit VR little endian, then the data set in the transfer syntax). Writes only what
 * a CT slice needs; built by hand so the reader is tested against bytes it did not produce.
 */

export interface SyntheticSlice {
  rows: number;
  columns: number;
  /** Stored values, row by row. */
  stored: number[];
  position: [number, number, number];
  orientation?: [number, number, number, number, number, number];
  pixelSpacing?: [number, number];
  slope?: number;
  intercept?: number;
  signed?: boolean;
  modality?: string;
  seriesUid?: string;
  studyUid?: string;
  transferSyntax?: string;
  bitsAllocated?: number;
  patientName?: string;
  acquisitionDate?: string;
}

export const EXPLICIT_LE = "1.2.840.10008.1.2.1";
export const IMPLICIT_LE = "1.2.840.10008.1.2";

// PS3.5 §7.1.2: these VRs have a 2-byte reserved field and a 4-byte length.
const LONG_VRS = new Set(["OB", "OW", "OF", "SQ", "UT", "UN"]);

function pad(value: Buffer, vr: string): Buffer {
  if (value.length % 2 === 0) return value;
  const filler = vr === "UI" || vr === "OB" ? 0 : 0x20;
  return Buffer.concat([value, Buffer.from([filler])]);
}

function element(group: number, el: number, vr: string, raw: Buffer, explicit: boolean): Buffer {
  const value = pad(raw, vr);
  const tag = Buffer.alloc(4);
  tag.writeUInt16LE(group, 0);
  tag.writeUInt16LE(el, 2);
  if (!explicit) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(value.length, 0);
    return Buffer.concat([tag, len, value]);
  }
  if (LONG_VRS.has(vr)) {
    const head = Buffer.alloc(8);
    head.write(vr, 0, "latin1");
    head.writeUInt32LE(value.length, 4);
    return Buffer.concat([tag, head, value]);
  }
  const head = Buffer.alloc(4);
  head.write(vr, 0, "latin1");
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([tag, head, value]);
}

const text = (s: string) => Buffer.from(s, "latin1");
const us = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return b;
};

/** The bytes of one Part 10 CT slice. */
export function writeDicomSlice(s: SyntheticSlice): Buffer {
  const syntax = s.transferSyntax ?? EXPLICIT_LE;
  const explicit = syntax !== IMPLICIT_LE;
  const metaBody = Buffer.concat([
    element(0x0002, 0x0001, "OB", Buffer.from([0, 1]), true),
    element(0x0002, 0x0002, "UI", text("1.2.840.10008.5.1.4.1.1.2"), true),
    element(0x0002, 0x0003, "UI", text(`1.2.3.${Math.round(s.position[2] * 1000)}`), true),
    element(0x0002, 0x0010, "UI", text(syntax), true),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length, 0);
  const meta = Buffer.concat([element(0x0002, 0x0000, "UL", groupLength, true), metaBody]);
  const orientation = s.orientation ?? [1, 0, 0, 0, 1, 0];
  const spacing = s.pixelSpacing ?? [0.5, 0.5];
  const pixels = Buffer.alloc(s.rows * s.columns * 2);
  s.stored.forEach((v, i) => {
    if (s.signed) pixels.writeInt16LE(v, i * 2);
    else pixels.writeUInt16LE(v, i * 2);
  });
  // Data set elements in ascending tag order (PS3.5 §7.1).
  const body = Buffer.concat([
    element(0x0008, 0x0022, "DA", text(s.acquisitionDate ?? "20261115"), explicit),
    element(0x0008, 0x0060, "CS", text(s.modality ?? "CT"), explicit),
    element(0x0010, 0x0010, "PN", text(s.patientName ?? "DUPONT^JEAN"), explicit),
    element(0x0010, 0x0020, "LO", text("IPP-123456"), explicit),
    element(0x0020, 0x000d, "UI", text(s.studyUid ?? "1.2.826.0.1.1"), explicit),
    element(0x0020, 0x000e, "UI", text(s.seriesUid ?? "1.2.826.0.1.1.2"), explicit),
    element(0x0020, 0x0032, "DS", text(s.position.join("\\")), explicit),
    element(0x0020, 0x0037, "DS", text(orientation.join("\\")), explicit),
    element(0x0028, 0x0002, "US", us(1), explicit),
    element(0x0028, 0x0004, "CS", text("MONOCHROME2"), explicit),
    element(0x0028, 0x0010, "US", us(s.rows), explicit),
    element(0x0028, 0x0011, "US", us(s.columns), explicit),
    element(0x0028, 0x0030, "DS", text(spacing.join("\\")), explicit),
    element(0x0028, 0x0100, "US", us(s.bitsAllocated ?? 16), explicit),
    element(0x0028, 0x0101, "US", us(12), explicit),
    element(0x0028, 0x0102, "US", us(11), explicit),
    element(0x0028, 0x0103, "US", us(s.signed ? 1 : 0), explicit),
    element(0x0028, 0x1052, "DS", text(String(s.intercept ?? -1024)), explicit),
    element(0x0028, 0x1053, "DS", text(String(s.slope ?? 1)), explicit),
    element(0x7fe0, 0x0010, "OW", pixels, explicit),
  ]);
  return Buffer.concat([Buffer.alloc(128), text("DICM"), meta, body]);
}

/** The stored value of voxel (i, j) of slice k in the test series: distinct for every voxel. */
export const storedValue = (i: number, j: number, k: number) => 100 * k + 10 * j + i;

/** A 3-slice 8×8 axial series, 2.5 mm apart, slices in the order given by `order`. */
export function syntheticSeries(
  order: number[] = [0, 1, 2],
  options: Partial<SyntheticSlice> = {},
  positionOf: (k: number) => [number, number, number] = (k) => [-10, -20, -50 + 2.5 * k],
): Buffer[] {
  const n = 8;
  return order.map((k) => {
    const stored: number[] = [];
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) stored.push(storedValue(i, j, k));
    return writeDicomSlice({
      rows: n,
      columns: n,
      stored,
      position: positionOf(k),
      slope: 2,
      intercept: -1024,
      ...options,
    });
  });
}

/**
 * A whole CT volume (a phantom) as an axial DICOM series: slice k at z = k · slice step, rows along
 * j, columns along i (dicom.ts reads them back onto the same grid), HU stored as HU + 1024
 * (rescale slope 1, intercept −1024), rounded to whole HU as a scanner stores them.
 */
export function dicomSeriesOf(ct: {
  nx: number;
  ny: number;
  nz: number;
  spacing: [number, number, number];
  hu: Float32Array;
}): Buffer[] {
  const [sx, sy, sz] = ct.spacing;
  const slices: Buffer[] = [];
  for (let k = 0; k < ct.nz; k++) {
    const stored: number[] = [];
    for (let j = 0; j < ct.ny; j++) {
      for (let i = 0; i < ct.nx; i++) {
        const hu = Math.round(ct.hu[i + ct.nx * (j + ct.ny * k)]);
        if (hu < -1024 || hu > 64511) throw new RangeError(`HU ${hu} does not fit the series`);
        stored.push(hu + 1024);
      }
    }
    slices.push(
      writeDicomSlice({
        rows: ct.ny,
        columns: ct.nx,
        stored,
        position: [0, 0, k * sz],
        // PS3.3 C.7.6.2.1.1: Pixel Spacing is row spacing (between rows, along j), then column.
        pixelSpacing: [sy, sx],
        slope: 1,
        intercept: -1024,
        seriesUid: "1.2.826.0.1.1.13",
      }),
    );
  }
  return slices;
}
