/**
 * The `.npy` format (NumPy's `numpy/lib/format.py`): versions 1.0, 2.0 and 3.0; the twelve numeric
 * dtypes in either byte order; C and Fortran order; 0-d and empty shapes. Headers are parsed by a
 * strict literal parser, never evaluated. Native-endian data is viewed or copied as bytes, never
 * converted element by element.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, NP_ARRAY_TYPES, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { parsePyLiteral, PyLiteralError, PyTuple, type PyValue } from "./pyliteral.ts";
import { MAX_SIZE } from "../shape.ts";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** The `.npy` magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/** NumPy's default `max_header_size` for reading: longer headers are refused. */
export const MAX_HEADER_SIZE = 10000;

/** The little-endian `descr` of each dtype, as NumPy writes it. */
export const NPY_DESCR: Record<NpDType, string> = {
  bool: "|b1",
  int8: "|i1",
  int16: "<i2",
  int32: "<i4",
  int64: "<i8",
  uint8: "|u1",
  uint16: "<u2",
  uint32: "<u4",
  uint64: "<u8",
  float16: "<f2",
  float32: "<f4",
  float64: "<f8",
};

const BY_CODE: Record<string, NpDType> = Object.fromEntries(
  Object.entries(NPY_DESCR).map(([d, s]) => [s.slice(1), d as NpDType]),
);

/** Options of the `.npy` writers. */
export interface NpyWriteOptions {
  /**
   * Write the data in Fortran (column-major) order, with `fortran_order: True`. By default, as
   * `np.save`, an array whose strides are column-major (and not also row-major) is written in
   * Fortran order and any other in C order.
   */
  fortranOrder?: boolean;
}

/** Options of the `.npy` readers. */
export interface NpyReadOptions {
  /** The longest header accepted, in bytes (default 10000, NumPy's `max_header_size`). */
  maxHeaderSize?: number;
  /**
   * For `.npz` archives: the most bytes all members may inflate to (default 2^32, 4 GiB), checked
   * against the archive's directory before anything is inflated.
   */
  maxBytes?: number;
}

/** NumPy's most axes (NPY_MAXDIMS). */
const NPY_MAXDIMS = 64;

// NumPy pads the header so the shape can grow in place (format.py GROWTH_AXIS_MAX_DIGITS).
const GROWTH_AXIS_MAX_DIGITS = 21;
const ARRAY_ALIGN = 64;

function shapeRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** The header bytes (magic, version, length, dict, padding) of an array. */
function header(dtype: NpDType, shape: readonly number[], fortran: boolean): Uint8Array {
  let dict = `{'descr': '${NPY_DESCR[dtype]}', 'fortran_order': ${
    fortran ? "True" : "False"
  }, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) {
    const axis = String(shape[fortran ? shape.length - 1 : 0]);
    dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - axis.length));
  }
  // As format.py's _wrap_header: the padding is 1 to 64 spaces (never 0), and version 2.0 is used
  // only when the length does not fit version 1.0's 16 bits.
  const padFor = (pre: number): number => ARRAY_ALIGN - ((pre + dict.length + 1) % ARRAY_ALIGN);
  let version = 1, pre = 10, pad = padFor(10);
  if (dict.length + 1 + pad > 65535) version = 2, pre = 12, pad = padFor(12);
  const text = dict + " ".repeat(pad) + "\n";
  const out = new Uint8Array(pre + text.length);
  out.set(MAGIC);
  out[6] = version;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, text.length, true);
  else dv.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[pre + i] = text.charCodeAt(i);
  return out;
}

function bytesOf(data: NpTypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * An array as `.npy` bytes, in two chunks (header, data) so that a writer need not join them;
 * the data chunk is a view of the array's own memory when its layout already matches.
 */
export function encodeNpy(a: NDArray, options?: NpyWriteOptions): Uint8Array[] {
  if (!(a instanceof NDArray)) {
    throw new InvalidArgumentError(`np.save: expected an NDArray, got ${String(a)}`);
  }
  const fortran = options?.fortranOrder ?? isFortran(a);
  if (typeof fortran !== "boolean") {
    throw new InvalidArgumentError(
      `np.save: fortranOrder must be a boolean, got ${String(fortran)}`,
    );
  }
  // As np.save: Fortran order only when it differs from C order (two or more axes longer than 1).
  const columns = fortran && a.size > 0 && a.shape.filter((d) => d > 1).length > 1;
  let data: NpTypedArray;
  if (columns) {
    // Column-major order is the row-major order of the reversed-axes view.
    const t = new NDArray(a.data, a.shape.toReversed(), a.dtype, {
      strides: a.strides.toReversed(),
      offset: a.offset,
    });
    data = t.contiguousData();
  } else data = a.contiguousData();
  return [header(a.dtype, a.shape, columns), bytesOf(data)];
}

/** True when the array's strides are column-major (NumPy's F_CONTIGUOUS flag). */
function isFortran(a: NDArray): boolean {
  let s = 1;
  for (let i = 0; i < a.ndim; i++) {
    if (a.shape[i] !== 1 && a.strides[i] !== s) return false;
    s *= a.shape[i];
  }
  return true;
}

/** What a `.npy` header says, checked. */
export interface NpyHeader {
  /** The dtype. */
  dtype: NpDType;
  /** The shape. */
  shape: number[];
  /** Whether the data is in Fortran order. */
  fortran: boolean;
  /** Whether the data is big-endian (bytes need swapping). */
  swap: boolean;
  /** Offset of the data (the header's total length). */
  start: number;
  /** Bytes of data the shape needs. */
  nbytes: number;
}

/** The header length fields: [offset of the dict, its length], after checking magic and version. */
function lengthField(
  bytes: Uint8Array,
  bad: (what: string) => InvalidArgumentError,
  options?: NpyReadOptions,
): [number, number] {
  if (bytes.length < 10 || !isNpy(bytes)) {
    if (!MAGIC.slice(0, Math.min(6, bytes.length)).every((b, i) => bytes[i] === b)) {
      const hex = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, "0"));
      throw bad(`is not a .npy file: it starts with bytes ${hex.join(" ")}, not "\\x93NUMPY"`);
    }
    throw bad(`is truncated: ${bytes.length} bytes, shorter than a .npy header`);
  }
  const major = bytes[6], minor = bytes[7];
  if (![1, 2, 3].includes(major) || minor !== 0) {
    throw bad(`has .npy format version ${major}.${minor}: only 1.0, 2.0 and 3.0 are supported`);
  }
  const pre = major === 1 ? 10 : 12;
  if (bytes.length < pre) throw bad(`is truncated inside the header length field`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const limit = options?.maxHeaderSize ?? MAX_HEADER_SIZE;
  if (hlen > limit) {
    throw bad(
      `has a header of ${hlen} bytes, longer than the limit of ${limit} (NumPy's ` +
        `max_header_size): pass { maxHeaderSize } to read it`,
    );
  }
  return [pre, hlen];
}

/** The header's total length (magic to newline), from its first 12 bytes, checked. */
export function npyHeaderLength(
  head: Uint8Array,
  where: string,
  op: string,
  options?: NpyReadOptions,
): number {
  const [pre, hlen] = lengthField(
    head,
    (what) => new InvalidArgumentError(`${op}: ${where} ${what}`),
    options,
  );
  return pre + hlen;
}

/**
 * Parses and checks a `.npy` header; `bytes` must hold at least the whole header. `where` names
 * the file in messages, quoted (`'a.npy'`, or `'a.npz' member 'x.npy'`).
 */
export function parseNpyHeader(
  bytes: Uint8Array,
  where: string,
  op: string,
  options?: NpyReadOptions,
): NpyHeader {
  const bad = (what: string): InvalidArgumentError =>
    new InvalidArgumentError(`${op}: ${where} ${what}`);
  const [pre, hlen] = lengthField(bytes, bad, options);
  if (pre + hlen > bytes.length) {
    throw bad(
      `is truncated: the header says it is ${hlen} bytes, but only ${bytes.length - pre} follow`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder(bytes[6] === 3 ? "utf-8" : "latin1", { fatal: true })
      .decode(bytes.subarray(pre, pre + hlen));
  } catch {
    throw bad("has a header that is not valid UTF-8");
  }
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (e) {
    if (e instanceof PyLiteralError) throw bad(`has a malformed header: ${e.message}`);
    throw e;
  }
  if (!(dict instanceof Map)) throw bad(`has a header that is not a dict: ${text.trim()}`);
  const keys = [...dict.keys()].sort();
  if (keys.join() !== "descr,fortran_order,shape") {
    throw bad(
      `has header keys [${keys.map((k) => `'${k}'`).join(", ")}]: expected 'descr', ` +
        `'fortran_order' and 'shape'`,
    );
  }
  const [dtype, swap] = parseDescr(dict.get("descr") ?? null, bad);
  const fortran = dict.get("fortran_order");
  if (typeof fortran !== "boolean") {
    throw bad(`has fortran_order ${String(fortran)}: expected True or False`);
  }
  const shapeV = dict.get("shape");
  if (
    !(shapeV instanceof PyTuple) || !shapeV.items.every((d) => typeof d === "bigint" && d >= 0n)
  ) {
    throw bad(`has shape ${describe(shapeV ?? null)}: expected a tuple of non-negative integers`);
  }
  if (shapeV.items.some((d) => (d as bigint) > BigInt(MAX_SIZE))) {
    throw bad(`has shape ${describe(shapeV)}: too many elements for one array`);
  }
  const shape = shapeV.items.map(Number);
  if (shape.length > NPY_MAXDIMS) {
    throw bad(`has a shape of ${shape.length} axes: more than NumPy's limit of ${NPY_MAXDIMS}`);
  }
  const size = shape.reduce((p, d) => p * d, 1);
  const nbytes = size * NP_ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
  if (!Number.isSafeInteger(nbytes) || size > MAX_SIZE) {
    throw bad(
      `has shape ${shapeRepr(shape)}: too many elements (${size}) or bytes (${nbytes}) for one ` +
        `array`,
    );
  }
  return { dtype, shape, fortran, swap, start: pre + hlen, nbytes };
}

/** Throws unless `available` bytes of data cover what the header needs. */
export function checkNpyData(h: NpyHeader, available: number, where: string, op: string): void {
  if (available < h.nbytes) {
    throw new InvalidArgumentError(
      `${op}: ${where} is truncated: shape ${shapeRepr(h.shape)} of ${h.dtype} needs ` +
        `${h.nbytes} bytes of data, but ${available} follow the header`,
    );
  }
}

/** The NDArray of a header and its data bytes (`data` holds exactly `h.nbytes` bytes). */
export function npyArray(h: NpyHeader, data: Uint8Array, copy: boolean): NDArray {
  const size = h.nbytes / NP_ARRAY_TYPES[h.dtype].BYTES_PER_ELEMENT;
  const elems = elements(data, 0, size, h.dtype, h.swap, copy);
  return new NDArray(elems, h.shape, h.dtype, {
    strides: h.fortran ? fortranStrides(h.shape) : undefined,
  });
}

/**
 * Reads a `.npy` image; `where` names it in messages, quoted (`'a.npy'`, or `'a.npz' member
 * 'x.npy'`). With `copy: false` the result may view `bytes` (when the data is aligned and native).
 */
export function decodeNpy(
  bytes: Uint8Array,
  where: string,
  op: string,
  options?: NpyReadOptions & { copy?: boolean },
): NDArray {
  const h = parseNpyHeader(bytes, where, op, options);
  checkNpyData(h, bytes.length - h.start, where, op);
  return npyArray(h, bytes.subarray(h.start, h.start + h.nbytes), options?.copy ?? true);
}

function describe(v: PyValue): string {
  if (v instanceof PyTuple) return `(${v.items.map(describe).join(", ")})`;
  if (v instanceof Map) return "a dict";
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (typeof v === "string") return `'${v}'`;
  return v === null ? "None" : String(v);
}

/** The dtype of a `descr`, and whether its bytes need swapping. */
function parseDescr(v: PyValue, bad: (what: string) => Error): [NpDType, boolean] {
  if (Array.isArray(v)) {
    throw bad(`holds a structured dtype ${describe(v)}: only plain numeric dtypes are supported`);
  }
  if (typeof v !== "string") throw bad(`has descr ${describe(v)}: expected a dtype string`);
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(v);
  if (m !== null && (m[2] === "O")) {
    throw bad(
      `holds an object array (descr '${v}'): its elements are Python pickles, which are never ` +
        `loaded`,
    );
  }
  const dtype = m === null ? undefined : BY_CODE[m[2] + m[3]];
  if (m === null || dtype === undefined) {
    throw bad(
      `has unsupported dtype '${v}': supported are b1, i1-i8, u1-u8, f2, f4 and f8 in either ` +
        `byte order`,
    );
  }
  return [dtype, m[1] === ">" && NP_ARRAY_TYPES[dtype].BYTES_PER_ELEMENT > 1];
}

function fortranStrides(shape: readonly number[]): number[] {
  const out: number[] = [];
  let s = 1;
  for (const d of shape) {
    out.push(s);
    s *= d;
  }
  return out;
}

/** The elements at `bytes[start...]`: a view when aligned and allowed, else one byte copy. */
function elements(
  bytes: Uint8Array,
  start: number,
  size: number,
  dtype: NpDType,
  swap: boolean,
  copy: boolean,
): NpTypedArray {
  const Ctor = NP_ARRAY_TYPES[dtype];
  const k = Ctor.BYTES_PER_ELEMENT;
  const at = bytes.byteOffset + start;
  if (!swap && !copy && at % k === 0) {
    return new (Ctor as unknown as Float64ArrayConstructor)(
      bytes.buffer as ArrayBuffer,
      at,
      size,
    ) as NpTypedArray;
  }
  const out = new Ctor(size);
  const dst = new Uint8Array(out.buffer);
  const src = bytes.subarray(start, start + size * k);
  if (!swap) dst.set(src);
  else {
    for (let i = 0; i < src.length; i += k) {
      for (let j = 0; j < k; j++) dst[i + j] = src[i + k - 1 - j];
    }
  }
  return out;
}
