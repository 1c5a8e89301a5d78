/**
 * NRRD volumes (teem's "nearly raw raster data", NRRD0001–0005): attached or detached data, raw,
 * gzip and ascii encodings, either byte order, voxel size and orientation from `space directions`
 * (or `spacings`). The solver needs an axis-aligned grid, so oblique volumes are refused with a
 * message asking for resampling; permuted or flipped axes are reordered to world x, y, z.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { VoxelGrid } from "./grid";

export type NrrdType =
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "float"
  | "double";
export type NrrdEncoding = "raw" | "gzip" | "ascii";

export interface NrrdVolume {
  sizes: [number, number, number];
  type: NrrdType;
  /** Voxel values in file order (first axis fastest). */
  data: Float32Array | Float64Array;
  /** Direction vector of each index axis in world coordinates (mm); null if the file has none. */
  spaceDirections: [number, number, number][] | null;
  /** Per-axis spacing when the file uses `spacings` instead of `space directions`. */
  spacings: [number, number, number] | null;
  origin: [number, number, number];
  space: string | null;
}

const TYPE_NAMES: Record<string, NrrdType> = {};
for (const [type, names] of Object.entries({
  int8: ["signed char", "int8", "int8_t"],
  uint8: ["uchar", "unsigned char", "uint8", "uint8_t"],
  int16: ["short", "short int", "signed short", "signed short int", "int16", "int16_t"],
  uint16: ["ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t"],
  int32: ["int", "signed int", "int32", "int32_t"],
  uint32: ["uint", "unsigned int", "uint32", "uint32_t"],
  float: ["float"],
  double: ["double"],
})) {
  for (const name of names) TYPE_NAMES[name] = type as NrrdType;
}

const BYTES: Record<NrrdType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float: 4,
  double: 8,
};

function fail(message: string): never {
  throw new Error(`NRRD: ${message}`);
}

function parseVector(text: string): [number, number, number] | null {
  const m = text.trim().match(/^\(([^)]*)\)$/);
  if (!m) return null;
  const parts = m[1].split(",").map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v))) fail(`bad vector "${text}"`);
  return [parts[0], parts[1], parts[2]];
}

function readValue(view: DataView, type: NrrdType, offset: number, little: boolean): number {
  switch (type) {
    case "int8":
      return view.getInt8(offset);
    case "uint8":
      return view.getUint8(offset);
    case "int16":
      return view.getInt16(offset, little);
    case "uint16":
      return view.getUint16(offset, little);
    case "int32":
      return view.getInt32(offset, little);
    case "uint32":
      return view.getUint32(offset, little);
    case "float":
      return view.getFloat32(offset, little);
    case "double":
      return view.getFloat64(offset, little);
  }
}

/** Parses an NRRD file's bytes; `baseDir` resolves a detached `data file`. */
export function parseNrrd(bytes: Uint8Array, baseDir = "."): NrrdVolume {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (text.subarray(0, 4).toString("latin1") !== "NRRD") fail("missing NRRD magic line");
  const fields = new Map<string, string>();
  let pos = text.indexOf(0x0a) + 1;
  for (;;) {
    if (pos <= 0 || pos >= text.length) {
      pos = text.length;
      break;
    }
    const end = text.indexOf(0x0a, pos);
    const line = text
      .subarray(pos, end < 0 ? text.length : end)
      .toString("latin1")
      .replace(/\r$/, "");
    pos = end < 0 ? text.length : end + 1;
    if (line === "") break;
    if (line.startsWith("#")) continue;
    const kv = line.indexOf(":=");
    if (kv >= 0) continue; // key/value pairs carry no geometry
    const colon = line.indexOf(": ");
    if (colon < 0) fail(`malformed header line "${line}"`);
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 2).trim());
  }
  const typeName = fields.get("type");
  const type = typeName ? TYPE_NAMES[typeName.toLowerCase()] : undefined;
  if (!type) fail(`unsupported type "${typeName}"`);
  const dimension = Number(fields.get("dimension"));
  const sizes = (fields.get("sizes") ?? "").split(/\s+/).map(Number);
  if (sizes.length !== dimension) fail("sizes do not match dimension");
  if (dimension !== 3) fail(`a 3-D volume is required, got dimension ${dimension}`);
  const count = sizes[0] * sizes[1] * sizes[2];
  const encoding = (fields.get("encoding") ?? "raw").toLowerCase();
  const little = (fields.get("endian") ?? "little").toLowerCase() !== "big";

  let payload: Uint8Array;
  const dataFile = fields.get("data file") ?? fields.get("datafile");
  if (dataFile) {
    if (dataFile.startsWith("LIST") || dataFile.includes("%"))
      fail("multi-file data is not supported");
    payload = readFileSync(path.resolve(baseDir, dataFile));
  } else {
    payload = text.subarray(pos);
  }
  const lineSkip = Number(fields.get("line skip") ?? fields.get("lineskip") ?? 0);
  for (let i = 0; i < lineSkip; i++) {
    const nl = payload.indexOf(0x0a);
    payload = payload.subarray(nl + 1);
  }
  const byteSkip = Number(fields.get("byte skip") ?? fields.get("byteskip") ?? 0);
  if (encoding !== "raw" && byteSkip !== 0) payload = payload.subarray(byteSkip);

  const data = type === "double" ? new Float64Array(count) : new Float32Array(count);
  if (encoding === "ascii" || encoding === "text" || encoding === "txt") {
    const values = Buffer.from(payload).toString("latin1").trim().split(/\s+/).map(Number);
    if (values.length < count) fail(`expected ${count} ascii values, found ${values.length}`);
    for (let i = 0; i < count; i++) data[i] = values[i];
  } else {
    let raw: Uint8Array;
    if (encoding === "raw") raw = payload;
    else if (encoding === "gzip" || encoding === "gz") raw = gunzipSync(payload);
    else fail(`unsupported encoding "${encoding}" (raw, gzip or ascii)`);
    const bytesNeeded = count * BYTES[type];
    // byte skip −1 means "the data are the last bytes of the file" (raw only).
    if (encoding === "raw") {
      raw = byteSkip === -1 ? raw.subarray(raw.length - bytesNeeded) : raw.subarray(byteSkip);
    }
    if (raw.length < bytesNeeded) fail(`expected ${bytesNeeded} data bytes, found ${raw.length}`);
    const view = new DataView(raw.buffer, raw.byteOffset, bytesNeeded);
    const size = BYTES[type];
    for (let i = 0; i < count; i++) data[i] = readValue(view, type, i * size, little);
  }

  let spaceDirections: [number, number, number][] | null = null;
  const dirText = fields.get("space directions");
  if (dirText) {
    const vectors = dirText.match(/\([^)]*\)|none/g) ?? [];
    if (vectors.length !== 3 || vectors.includes("none"))
      fail("space directions must give 3 vectors");
    spaceDirections = vectors.map((v) => parseVector(v) ?? fail(`bad direction "${v}"`));
  }
  let spacings: [number, number, number] | null = null;
  const spacingText = fields.get("spacings");
  if (spacingText) {
    const s = spacingText.split(/\s+/).map(Number);
    if (s.length !== 3 || s.some((v) => !(v > 0))) fail(`bad spacings "${spacingText}"`);
    spacings = [s[0], s[1], s[2]];
  }
  const originText = fields.get("space origin");
  const origin = (originText ? parseVector(originText) : null) ?? [0, 0, 0];
  return {
    sizes: [sizes[0], sizes[1], sizes[2]],
    type,
    data,
    spaceDirections,
    spacings,
    origin,
    space: fields.get("space") ?? null,
  };
}

export function readNrrd(file: string): NrrdVolume {
  return parseNrrd(readFileSync(file), path.dirname(file));
}

function writeValue(view: DataView, type: NrrdType, offset: number, value: number): void {
  switch (type) {
    case "int8":
      view.setInt8(offset, value);
      return;
    case "uint8":
      view.setUint8(offset, value);
      return;
    case "int16":
      view.setInt16(offset, value, true);
      return;
    case "uint16":
      view.setUint16(offset, value, true);
      return;
    case "int32":
      view.setInt32(offset, value, true);
      return;
    case "uint32":
      view.setUint32(offset, value, true);
      return;
    case "float":
      view.setFloat32(offset, value, true);
      return;
    case "double":
      view.setFloat64(offset, value, true);
      return;
  }
}

/** Encodes a volume as an attached-data NRRD0004 file, little-endian. */
export function encodeNrrd(volume: NrrdVolume, encoding: NrrdEncoding = "gzip"): Buffer {
  const [nx, ny, nz] = volume.sizes;
  const lines = ["NRRD0004", `type: ${volume.type}`, "dimension: 3", `sizes: ${nx} ${ny} ${nz}`];
  if (volume.spaceDirections) {
    lines.push(`space: ${volume.space ?? "left-posterior-superior"}`);
    lines.push(
      `space directions: ${volume.spaceDirections.map((v) => `(${v.join(",")})`).join(" ")}`,
    );
    lines.push(`space origin: (${volume.origin.join(",")})`);
  } else if (volume.spacings) {
    lines.push(`spacings: ${volume.spacings.join(" ")}`);
  }
  lines.push("kinds: domain domain domain", "endian: little", `encoding: ${encoding}`);
  const header = Buffer.from(`${lines.join("\n")}\n\n`, "latin1");
  let body: Buffer;
  if (encoding === "ascii") {
    body = Buffer.from(`${Array.from(volume.data).join("\n")}\n`, "latin1");
  } else {
    const size = BYTES[volume.type];
    const raw = Buffer.alloc(volume.data.length * size);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < volume.data.length; i++)
      writeValue(view, volume.type, i * size, volume.data[i]);
    body = encoding === "gzip" ? gzipSync(raw) : raw;
  }
  return Buffer.concat([header, body]);
}

export function writeNrrd(file: string, volume: NrrdVolume, encoding: NrrdEncoding = "gzip"): void {
  writeFileSync(file, encodeNrrd(volume, encoding));
}

/** A volume of moduli for a voxel grid, axis-aligned in LPS with the grid's spacing. */
export function gridToNrrd(
  grid: VoxelGrid,
  origin: [number, number, number] = [0, 0, 0],
): NrrdVolume {
  const [hx, hy, hz] = grid.spacing;
  return {
    sizes: [grid.nx, grid.ny, grid.nz],
    type: "float",
    data: grid.modulus,
    spaceDirections: [
      [hx, 0, 0],
      [0, hy, 0],
      [0, 0, hz],
    ],
    spacings: null,
    origin,
    space: "left-posterior-superior",
  };
}

/**
 * The voxel grid of a volume with index axes reordered and flipped so that grid x, y, z run along
 * world +x, +y, +z (then "lowest face along z" means lowest in the patient's superior axis).
 */
export function nrrdToGrid(volume: NrrdVolume): VoxelGrid {
  const [n0, n1, n2] = volume.sizes;
  // For each index axis: which world axis, which sign, what spacing.
  const worldAxis = [0, 1, 2];
  const sign = [1, 1, 1];
  const spacing = [1, 1, 1];
  if (volume.spaceDirections) {
    const used = new Set<number>();
    volume.spaceDirections.forEach((v, a) => {
      const norm = Math.hypot(v[0], v[1], v[2]);
      if (!(norm > 0)) fail(`index axis ${a} has a zero space direction`);
      let best = 0;
      for (let w = 1; w < 3; w++) if (Math.abs(v[w]) > Math.abs(v[best])) best = w;
      if (Math.abs(v[best]) < norm * (1 - 1e-6)) {
        fail("the volume is oblique to the world axes; resample it to an axis-aligned grid first");
      }
      if (used.has(best)) fail("two index axes point along the same world axis");
      used.add(best);
      worldAxis[a] = best;
      sign[a] = v[best] > 0 ? 1 : -1;
      spacing[a] = norm;
    });
  } else if (volume.spacings) {
    spacing.splice(0, 3, ...volume.spacings);
  }
  const sizes = [n0, n1, n2];
  const out = [0, 0, 0];
  const outSpacing: [number, number, number] = [1, 1, 1];
  for (let a = 0; a < 3; a++) {
    out[worldAxis[a]] = sizes[a];
    outSpacing[worldAxis[a]] = spacing[a];
  }
  const [nx, ny, nz] = out;
  const modulus = new Float32Array(nx * ny * nz);
  const strides = [1, nx, nx * ny];
  const idx = [0, 0, 0];
  let v = 0;
  for (idx[2] = 0; idx[2] < n2; idx[2]++) {
    for (idx[1] = 0; idx[1] < n1; idx[1]++) {
      for (idx[0] = 0; idx[0] < n0; idx[0]++, v++) {
        let target = 0;
        for (let a = 0; a < 3; a++) {
          const i = sign[a] > 0 ? idx[a] : sizes[a] - 1 - idx[a];
          target += i * strides[worldAxis[a]];
        }
        const value = volume.data[v];
        modulus[target] = Number.isFinite(value) ? value : 0;
      }
    }
  }
  return { nx, ny, nz, spacing: outSpacing, modulus };
}
