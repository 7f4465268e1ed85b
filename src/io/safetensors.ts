/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
 * header `{name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}`, then the raw
 * little-endian data. Reading applies the reference implementation's checks: header at most
 * 100 MB and starting with `{`, offsets sorted, contiguous, non-overlapping, matching each
 * tensor's size and covering the whole data. BF16 is read as float32.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { setOwn } from "./files.ts";
import { NDArray, NP_ARRAY_TYPES, type NpDType, type NpTypedArray } from "../ndarray.ts";

/** The reference implementation's limit on the header length. */
export const MAX_HEADER_BYTES = 100_000_000;

/** safetensors dtype names of the NDArray dtypes (BF16 is read-only: it becomes float32). */
export const ST_DTYPES: Record<NpDType, string> = {
  bool: "BOOL",
  int8: "I8",
  int16: "I16",
  int32: "I32",
  int64: "I64",
  uint8: "U8",
  uint16: "U16",
  uint32: "U32",
  uint64: "U64",
  float16: "F16",
  float32: "F32",
  float64: "F64",
};
const FROM_ST: Record<string, NpDType> = Object.fromEntries(
  Object.entries(ST_DTYPES).map(([d, s]) => [s, d as NpDType]),
);

/** Tensors and metadata of a safetensors file. */
export interface SafetensorsContent {
  /** The arrays, by name, in the order of their data. */
  arrays: Record<string, NDArray>;
  /** The `__metadata__` string map (empty when absent). */
  metadata: Record<string, string>;
}

function checkMetadata(metadata: unknown, bad: (what: string) => Error): Record<string, string> {
  if (metadata === undefined) return {};
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) {
    throw bad(`has __metadata__ that is not a map of strings: ${JSON.stringify(metadata)}`);
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string") {
      throw bad(`has __metadata__ entry '${k}' that is not a string: ${JSON.stringify(v)}`);
    }
  }
  return { ...(metadata as Record<string, string>) };
}

/** Arrays as safetensors chunks: the header, then each array's bytes (views, not copies). */
export function encodeSafetensors(
  arrays: Readonly<Record<string, NDArray>>,
  metadata: Readonly<Record<string, string>> | undefined,
  op: string,
): Uint8Array[] {
  const meta = checkMetadata(
    metadata,
    (what) => new InvalidArgumentError(`${op}: metadata ${what.replace(/^has __metadata__ /, "")}`),
  );
  // Largest elements first keeps every tensor aligned to its element size (HF's writer order).
  const names = Object.keys(arrays).sort((a, b) =>
    NP_ARRAY_TYPES[arrays[b].dtype].BYTES_PER_ELEMENT -
      NP_ARRAY_TYPES[arrays[a].dtype].BYTES_PER_ELEMENT || (a < b ? -1 : a > b ? 1 : 0)
  );
  const header: Record<string, unknown> = {};
  if (Object.keys(meta).length > 0) header.__metadata__ = meta;
  const data: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    if (name === "__metadata__") {
      throw new InvalidArgumentError(`${op}: '__metadata__' cannot be a tensor name`);
    }
    const a = arrays[name];
    const flat = a.contiguousData();
    const bytes = new Uint8Array(flat.buffer, flat.byteOffset, flat.byteLength);
    header[name] = {
      dtype: ST_DTYPES[a.dtype],
      shape: a.shape,
      data_offsets: [offset, offset + bytes.length],
    };
    data.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const n = Math.ceil(json.length / 8) * 8; // padded with spaces, as HF pads to 8
  const head = new Uint8Array(8 + n).fill(0x20, 8);
  new DataView(head.buffer).setBigUint64(0, BigInt(n), true);
  head.set(json, 8);
  return [head, ...data];
}

/** A parsed and checked safetensors header. */
export interface SafetensorsHeader {
  /** The header length (the data starts at 8 + this). */
  length: number;
  /** The tensors' entries, in file order of their data. */
  entries: SafetensorsEntry[];
  /** The `__metadata__` map. */
  metadata: Record<string, string>;
}

/** One tensor's header entry. */
export interface SafetensorsEntry {
  /** Its name. */
  name: string;
  /** Its safetensors dtype name (F32, BF16, ...). */
  dtype: string;
  /** Its shape. */
  shape: number[];
  /** Start of its data, relative to the data section. */
  begin: number;
  /** End of its data (exclusive). */
  end: number;
}

/** Reads and checks the header of a safetensors image (`bytes` may hold only the header). */
export function decodeSafetensorsHeader(
  bytes: Uint8Array,
  file: string,
  op: string,
): SafetensorsHeader {
  const bad = (what: string): InvalidArgumentError =>
    new InvalidArgumentError(`${op}: '${file}' ${what}`);
  if (bytes.length < 8) {
    throw bad(`is truncated: ${bytes.length} bytes, shorter than the 8-byte header length`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = dv.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) {
    throw bad(
      `has a header length of ${n64} bytes, over the 100 MB limit: not a safetensors file?`,
    );
  }
  const n = Number(n64);
  if (8 + n > bytes.length) {
    throw bad(
      `is truncated: its header length is ${n} bytes, but the file has ${bytes.length - 8} ` +
        `after the length field`,
    );
  }
  if (bytes[8] !== 0x7b) throw bad("has a header that does not start with '{'");
  let header: unknown;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n));
    header = JSON.parse(text);
  } catch (e) {
    throw bad(`has a header that is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw bad("has a header that is not a JSON object");
  }
  // JSON.parse keeps the last of two equal keys: a second tensor of one name would be lost.
  const seen = new Set<string>();
  for (const key of topLevelKeys(text)) {
    if (seen.has(key)) throw bad(`has the key ${JSON.stringify(key)} twice in its header`);
    seen.add(key);
  }
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") metadata = checkMetadata(info, bad);
    else entries.push(checkEntry(name, info, bad));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  return { length: n, entries, metadata };
}

/**
 * Reads a safetensors image; `file` names it in messages. With `copy: false` arrays may view
 * `bytes` where aligned.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  file: string,
  op: string,
  copy = true,
): SafetensorsContent {
  const bad = (what: string): InvalidArgumentError =>
    new InvalidArgumentError(`${op}: '${file}' ${what}`);
  const { length: n, entries, metadata } = decodeSafetensorsHeader(bytes, file, op);
  // The reference validation: sorted by offsets, each tensor starts where the last ended.
  let at = 0;
  for (const e of entries) {
    if (e.begin !== at || e.end < e.begin) {
      throw bad(
        `has invalid data_offsets [${e.begin}, ${e.end}] for tensor '${e.name}': tensors must be ` +
          `contiguous and not overlap (expected it to start at ${at})`,
      );
    }
    const size = e.shape.reduce((p, d) => p * d, 1);
    const itemsize = e.dtype === "BF16" ? 2 : NP_ARRAY_TYPES[FROM_ST[e.dtype]].BYTES_PER_ELEMENT;
    if (!Number.isSafeInteger(size * itemsize) || size * itemsize !== e.end - e.begin) {
      throw bad(
        `has tensor '${e.name}' of ${e.dtype} shape [${e.shape.join(", ")}] that needs ` +
          `${size * itemsize} bytes, but its data_offsets span ${e.end - e.begin}`,
      );
    }
    at = e.end;
  }
  const dataLen = bytes.length - 8 - n;
  if (at !== dataLen) {
    throw bad(
      `has ${dataLen} bytes of data, but its tensors cover ${at}: the file is ${
        at > dataLen ? "truncated" : "padded or corrupt"
      }`,
    );
  }
  const arrays: Record<string, NDArray> = {};
  for (const e of entries) {
    setOwn(arrays, e.name, toArray(bytes, 8 + n + e.begin, e, copy));
  }
  return { arrays, metadata };
}

function checkEntry(name: string, info: unknown, bad: (what: string) => Error): SafetensorsEntry {
  const o = info as Record<string, unknown>;
  if (info === null || typeof info !== "object" || Array.isArray(info)) {
    throw bad(`has tensor '${name}' whose entry is not an object: ${JSON.stringify(info)}`);
  }
  const dtype = o.dtype;
  if (typeof dtype !== "string" || (dtype !== "BF16" && !(dtype in FROM_ST))) {
    throw bad(
      `has tensor '${name}' of unsupported dtype ${JSON.stringify(dtype)}: supported are ` +
        `F16, BF16, F32, F64, I8, I16, I32, I64, U8, U16, U32, U64 and BOOL`,
    );
  }
  const isCount = (v: unknown): v is number =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  if (!Array.isArray(o.shape) || !o.shape.every(isCount)) {
    throw bad(`has tensor '${name}' with a bad shape: ${JSON.stringify(o.shape)}`);
  }
  const off = o.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every(isCount)) {
    throw bad(`has tensor '${name}' with bad data_offsets: ${JSON.stringify(off)}`);
  }
  return { name, dtype, shape: o.shape as number[], begin: off[0], end: off[1] };
}

function toArray(bytes: Uint8Array, start: number, e: SafetensorsEntry, copy: boolean): NDArray {
  const n = e.shape.reduce((p, d) => p * d, 1);
  if (e.dtype === "BF16") {
    // bfloat16 is the top half of a float32.
    const out = new Float32Array(n);
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      bits[i] = (bytes[start + 2 * i] | (bytes[start + 2 * i + 1] << 8)) << 16;
    }
    return new NDArray(out, e.shape, "float32");
  }
  const dtype = FROM_ST[e.dtype];
  const Ctor = NP_ARRAY_TYPES[dtype];
  const at = bytes.byteOffset + start;
  let data: NpTypedArray;
  if (!copy && at % Ctor.BYTES_PER_ELEMENT === 0) {
    data = new (Ctor as unknown as Float64ArrayConstructor)(bytes.buffer as ArrayBuffer, at, n);
  } else {
    data = new Ctor(n);
    new Uint8Array(data.buffer).set(bytes.subarray(start, start + n * Ctor.BYTES_PER_ELEMENT));
  }
  return new NDArray(data, e.shape, dtype);
}

/**
 * The keys of a JSON object's top level, in order, duplicates included (the text is valid JSON:
 * JSON.parse read it first). Strings are skipped whole, so braces inside them do not count.
 */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, j + 1)));
      expectKey = false;
      i = j;
    } else if (c === "{" || c === "[") {
      depth++;
      expectKey = depth === 1 && c === "{";
    } else if (c === "}" || c === "]") {
      depth--;
    } else if (c === "," && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}
