/**
 * Turning JS values into tensor data: numbers, booleans, bigints, nested arrays (rectangular,
 * checked), typed arrays and NDArrays. Produces a host typed array and a shape; the engine
 * uploads it to the current device.
 *
 * @module
 */
import {
  ARRAY_TYPES,
  checkDType,
  type DType,
  scalarType,
  scalarValue,
  type TypedArray,
  typedArrayDType,
} from "./dtype.ts";
import { InvalidArgumentError } from "./errors.ts";
import { checkShape } from "./shape.ts";
import { NDArray, NP_TO_TENSOR } from "./ndarray.ts";

/** Nested arrays of JS values, as `tf.constant` takes them. */
export type NestedArray = ReadonlyArray<number | bigint | boolean | NestedArray>;

/** Host data and shape of a value. */
export interface HostData {
  /** The elements, row-major, in `dtype`'s typed array. */
  data: TypedArray;
  /** The shape. */
  shape: number[];
  /** The dtype. */
  dtype: DType;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "an object";
  if (typeof value === "string") return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function shapeOf(value: NestedArray): number[] {
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/** The constructor of a float typed array. */
type FloatArray = new (n: number) => Float64Array | Float32Array | Float16Array;

/**
 * The leaves of a rectangular nested array of JS numbers in row-major order, stored in `Out` (one
 * pass, no per-leaf closure), or null when it is ragged or holds anything else: `walk` then finds the
 * exact error or the mixed kinds.
 */
function numbersOf(
  value: NestedArray,
  shape: readonly number[],
  Out: FloatArray,
): Float64Array | Float32Array | Float16Array | null {
  const out = new Out(shape.reduce((p, d) => p * d, 1));
  const last = shape.length - 1;
  let k = 0;
  const fill = (v: unknown, depth: number): boolean => {
    if (!Array.isArray(v) || v.length !== shape[depth]) return false;
    if (depth === last) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x !== "number") return false;
        out[k++] = x;
      }
      return true;
    }
    for (let i = 0; i < v.length; i++) if (!fill(v[i], depth + 1)) return false;
    return true;
  };
  return fill(value, 0) ? out : null;
}

/** Walks a nested array, checks that it is rectangular, and calls `put` for every leaf. */
function walk(
  value: unknown,
  shape: number[],
  depth: number,
  path: number[],
  op: string,
  put: (v: unknown, path: number[]) => void,
): void {
  if (depth === shape.length) {
    if (Array.isArray(value)) {
      throw new InvalidArgumentError(
        `${op}: ragged nested array: element at [${path.join(", ")}] is an array, expected a ` +
          `scalar (the first element at this depth is a scalar)`,
      );
    }
    put(value, path);
    return;
  }
  if (!Array.isArray(value) || value.length !== shape[depth]) {
    throw new InvalidArgumentError(
      `${op}: ragged nested array: element at [${path.join(", ")}] has ${
        Array.isArray(value) ? `length ${value.length}` : "no length (a scalar)"
      }, expected length ${shape[depth]}`,
    );
  }
  for (let i = 0; i < value.length; i++) {
    path.push(i);
    walk(value[i], shape, depth + 1, path, op, put);
    path.pop();
  }
}

/**
 * Host data for a JS value. `dtype`, when given, is the dtype of the result (numbers must then
 * fit it: a non-integer or out-of-range number for an integer dtype is an error).
 */
export function hostData(value: unknown, dtype: DType | undefined, op: string): HostData {
  if (dtype !== undefined) dtype = checkDType(dtype, op);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    const dt = dtype ?? scalarType(value);
    const data = new ARRAY_TYPES[dt](1);
    data[0] = scalarValue(value, dt, op);
    return { data, shape: [], dtype: dt };
  }
  if (value instanceof NDArray) {
    const dt = dtype ?? NP_TO_TENSOR[value.dtype];
    return fromFlat(value.contiguousData(), value.shape.slice(), dt, op);
  }
  if (ArrayBuffer.isView(value)) {
    const dt = dtype ?? typedArrayDType(value);
    if (dt === null) {
      throw new InvalidArgumentError(`${op}: cannot make a tensor from a ${describe(value)}`);
    }
    const flat = value as unknown as TypedArray;
    return fromFlat(flat, [flat.length], dt, op);
  }
  if (Array.isArray(value)) {
    const shape = shapeOf(value);
    checkShape(shape, op);
    const want = dtype ?? "float32";
    const float = want === "float32" || want === "float64" || want === "float16";
    const fast = want === "bool" || want === "int64"
      ? null
      : numbersOf(value, shape, float ? ARRAY_TYPES[want] as FloatArray : Float64Array);
    if (fast !== null) {
      return float ? { data: fast, shape, dtype: want } : fromFlat(fast, shape, want, op);
    }
    let kind: "bool" | "int64" | "number" | null = null;
    const leaves: unknown[] = [];
    walk(value, shape, 0, [], op, (v, path) => {
      const t = typeof v;
      if (t !== "number" && t !== "boolean" && t !== "bigint") {
        throw new InvalidArgumentError(
          `${op}: element at [${path.join(", ")}] is ${describe(v)}, expected a number, ` +
            `boolean or bigint`,
        );
      }
      const k = t === "boolean" ? "bool" : t === "bigint" ? "int64" : "number";
      kind = kind === null || kind === k ? k : kind === "bool" ? k : k === "bool" ? kind : "number";
      leaves.push(v);
    });
    const dt = dtype ?? (kind === "bool" ? "bool" : kind === "int64" ? "int64" : "float32");
    const data = new ARRAY_TYPES[dt](leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      data[i] = scalarValue(leaves[i] as number, dt, op) as number;
    }
    return { data, shape, dtype: dt };
  }
  throw new InvalidArgumentError(
    `${op}: cannot make a tensor from ${describe(value)}: expected a number, boolean, bigint, ` +
      `nested array, typed array, NDArray or tensor`,
  );
}

/** True when a typed array's values all fit `dt` exactly (or round, float to float). */
function fitsExactly(src: ArrayLike<number | bigint>, dt: DType): boolean {
  const own = typedArrayDType(src as unknown as ArrayBufferView);
  if (own === dt && !(src instanceof Uint32Array) && !(src instanceof BigUint64Array)) return true;
  const float = dt === "float16" || dt === "float32" || dt === "float64";
  const srcBig = src instanceof BigInt64Array || src instanceof BigUint64Array;
  if (float) return !srcBig;
  return dt === "int32" && (src instanceof Int8Array || src instanceof Int16Array ||
    src instanceof Uint16Array || src instanceof Uint8Array);
}

/**
 * Copies flat data into the typed array of `dtype`. Conversions that can lose a value (float to
 * int, a narrower int, uint64 to int64) check every element as `tf.constant` checks numbers.
 */
function fromFlat(
  src: ArrayLike<number | bigint>,
  shape: number[],
  dt: DType,
  op: string,
): HostData {
  const Ctor = ARRAY_TYPES[dt];
  if (fitsExactly(src, dt)) {
    return { data: new Ctor(src as ArrayLike<number>), shape, dtype: dt };
  }
  const data = new Ctor(src.length);
  if (src instanceof Float64Array && (dt === "int32" || dt === "uint8")) {
    // Numbers into a small int dtype: one check per element, inline; scalarValue names a bad one.
    const [lo, hi] = dt === "int32" ? [-2147483648, 2147483647] : [0, 255];
    const out = data as Int32Array | Uint8Array;
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      if (!(v >= lo && v <= hi && Math.trunc(v) === v)) scalarValue(v, dt, op);
      out[i] = v;
    }
    return { data, shape, dtype: dt };
  }
  for (let i = 0; i < src.length; i++) {
    data[i] = scalarValue(src[i], dt, op) as number;
  }
  return { data, shape, dtype: dt };
}

/**
 * An integer given as a JS number or bigint, or as a 0-d integer tensor or NDArray (TensorFlow
 * and NumPy take those for indices and shape entries). A tensor is read on the host.
 */
export type IntLike = number | bigint | {
  readonly shape: readonly number[];
  readonly dtype: string;
};

/** The integer `v` stands for (see IntLike); `what` and `op` name it in errors. */
export function intOf(v: IntLike, what: string, op: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InvalidArgumentError(`${op}: ${what} ${v} is too large`);
    }
    return Number(v);
  }
  if (typeof v === "object" && v !== null && Array.isArray(v.shape) && "dtype" in v) {
    if (
      v.shape.length !== 0 ||
      !["uint8", "int32", "int64", "int8", "int16", "uint16", "uint32", "uint64"].includes(v.dtype)
    ) {
      throw new InvalidArgumentError(
        `${op}: ${what} must be an integer or a 0-d integer tensor, got a ${v.dtype} of shape ` +
          `[${v.shape.join(", ")}]`,
      );
    }
    const value = "dataSync" in v && typeof v.dataSync === "function"
      ? (v.dataSync() as ArrayLike<number | bigint>)[0]
      : v instanceof NDArray
      ? v.data[v.offset]
      : undefined;
    if (value === undefined) {
      throw new InvalidArgumentError(`${op}: cannot read ${what} from ${String(v)}`);
    }
    return intOf(value as number | bigint, what, op);
  }
  throw new InvalidArgumentError(
    `${op}: ${what} must be an integer or a 0-d integer tensor, got ${typeof v} ${String(v)}`,
  );
}
