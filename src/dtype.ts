/**
 * Tensor dtypes, their typed arrays and the promotion rules of API.md ("Numeric rules").
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.ts";

/** The tensor dtypes, in promotion-lattice order (each promotes to any later one). */
export const DTYPES = ["bool", "uint8", "int32", "int64", "float16", "float32", "float64"] as const;

/** A tensor dtype. */
export type DType = typeof DTYPES[number];

/** A typed array that holds tensor data (bool is stored as 0/1 in a Uint8Array). */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Float16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array;

/** A typed array whose elements are JS numbers (every dtype but int64). */
export type NumberArray = Exclude<TypedArray, BigInt64Array>;

/** A JS value that an op takes by value, as a weak scalar. */
export type Scalar = number | bigint | boolean;

type ArrayCtor = {
  new (n: number): TypedArray;
  new (src: ArrayLike<number> | ArrayLike<bigint>): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

/** What the library knows about one dtype. */
export interface DTypeInfo {
  /** The dtype code: its index in DTYPES (the native libraries' dtype numbers). */
  readonly code: number;
  /** The typed array that holds its elements. */
  readonly array: ArrayCtor;
  /** Bytes per element. */
  readonly itemsize: number;
  /** How it computes: a float, an integer, or bool. */
  readonly kind: "float" | "int" | "bool";
  /** The suffix of its native kernel functions (`dt_unary_f32`), or null: it has none. */
  readonly suffix: "b8" | "u8" | "i32" | "i64" | "f32" | "f64" | null;
  /** The inclusive value range of the dtypes that hold JS numbers exactly (ints and bool). */
  readonly range: readonly [number, number] | null;
}

/** Every dtype fact, one row per dtype: the maps below derive from it. */
export const DTYPE_INFO: { readonly [D in DType]: DTypeInfo } = {
  bool: { code: 0, array: Uint8Array, itemsize: 1, kind: "bool", suffix: "b8", range: [0, 1] },
  uint8: { code: 1, array: Uint8Array, itemsize: 1, kind: "int", suffix: "u8", range: [0, 255] },
  int32: {
    code: 2,
    array: Int32Array,
    itemsize: 4,
    kind: "int",
    suffix: "i32",
    range: [-2147483648, 2147483647],
  },
  int64: {
    code: 3,
    array: BigInt64Array as unknown as ArrayCtor,
    itemsize: 8,
    kind: "int",
    suffix: "i64",
    range: null,
  },
  float16: {
    code: 4,
    array: Float16Array,
    itemsize: 2,
    kind: "float",
    suffix: null,
    range: null,
  },
  float32: {
    code: 5,
    array: Float32Array,
    itemsize: 4,
    kind: "float",
    suffix: "f32",
    range: null,
  },
  float64: {
    code: 6,
    array: Float64Array,
    itemsize: 8,
    kind: "float",
    suffix: "f64",
    range: null,
  },
};

function derive<T>(f: (info: DTypeInfo) => T): Record<DType, T> {
  return Object.fromEntries(DTYPES.map((d) => [d, f(DTYPE_INFO[d])])) as Record<DType, T>;
}

/** The typed-array constructor of each dtype. */
export const ARRAY_TYPES: Record<DType, ArrayCtor> = derive((i) => i.array);

/** Bytes per element of each dtype. */
export const ITEMSIZE: Record<DType, number> = derive((i) => i.itemsize);

/** Each dtype's code: its index in DTYPES (the native libraries' dtype numbers). */
export const DTYPE_CODE: Record<DType, number> = derive((i) => i.code);

/** The dtypes that have native kernels (every dtype but float16), in code order. */
export const KERNEL_DTYPES: readonly DType[] = DTYPES.filter((d) => DTYPE_INFO[d].suffix !== null);

/** The inclusive value range of the integer dtypes that hold JS numbers. */
export const INT_RANGE: Record<"bool" | "uint8" | "int32", readonly [number, number]> = {
  bool: DTYPE_INFO.bool.range as [number, number],
  uint8: DTYPE_INFO.uint8.range as [number, number],
  int32: DTYPE_INFO.int32.range as [number, number],
};

/** True for float16, float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return DTYPE_INFO[dtype].kind === "float";
}

/** True for uint8, int32 and int64 (not bool). */
export function isInt(dtype: DType): boolean {
  return dtype === "int32" || dtype === "uint8" || dtype === "int64";
}

/** Checks that a string names a dtype, and returns it. */
export function checkDType(dtype: unknown, op: string): DType {
  if (typeof dtype === "string" && dtype in DTYPE_CODE) return dtype as DType;
  throw new InvalidArgumentError(
    `${op}: unknown dtype ${JSON.stringify(dtype)}: expected one of ${DTYPES.join(", ")}`,
  );
}

/** Tensor promotion: the smallest dtype on the lattice that holds both. */
export function promoteTypes(a: DType, b: DType): DType {
  return DTYPE_CODE[a] >= DTYPE_CODE[b] ? a : b;
}

/** The float dtype that a float function of `dtype` gives: float32 for int and bool. */
export function floatOf(dtype: DType): DType {
  return DTYPE_CODE[dtype] >= 4 ? dtype : "float32";
}

/**
 * The dtype a JS value takes next to a tensor of `dtype` (weak scalar rule): it takes the tensor's
 * dtype, except that a non-integer number with an integer or bool tensor gives float32 and an
 * integer (number or bigint) with a bool tensor gives int32 (int64 for a bigint).
 */
export function weakType(dtype: DType, value: Scalar): DType {
  if (typeof value === "boolean" || DTYPE_CODE[dtype] >= 4) return dtype;
  if (typeof value === "bigint") return dtype === "bool" ? "int64" : dtype;
  if (!Number.isInteger(value)) return "float32";
  return dtype === "bool" ? "int32" : dtype;
}

/** The dtype of a JS value on its own (a strong scalar): float32, int64 or bool. */
export function scalarType(value: Scalar): DType {
  return typeof value === "boolean" ? "bool" : typeof value === "bigint" ? "int64" : "float32";
}

/**
 * Converts a JS value to the element value of `dtype`, as a typed array of that dtype would
 * store it, after checking that integers are in range.
 */
export function scalarValue(value: Scalar, dtype: DType, op: string): number | bigint {
  if (dtype === "int64") {
    if (typeof value === "bigint") {
      if (value !== BigInt.asIntN(64, value)) throw outOfRange(value, dtype, op);
      return value;
    }
    if (typeof value === "boolean") return value ? 1n : 0n;
    if (!Number.isInteger(value)) throw outOfRange(value, dtype, op);
    if (value < -(2 ** 63) || value >= 2 ** 63) throw outOfRange(value, dtype, op);
    return BigInt(value);
  }
  const v = typeof value === "boolean" ? (value ? 1 : 0) : Number(value);
  if (dtype === "float32") {
    return typeof value === "bigint" ? bigintToFloat32(value) : Math.fround(v);
  }
  if (dtype === "float64") return v;
  if (dtype === "float16") return Math.f16round(v);
  if (dtype === "bool") return v !== 0 ? 1 : 0;
  const [lo, hi] = INT_RANGE[dtype];
  if (!Number.isInteger(v) || v < lo || v > hi) throw outOfRange(value, dtype, op);
  return v;
}

const EXACT = 2n ** 53n;

/**
 * The float32 nearest to a bigint, rounded once. `Math.fround(Number(v))` rounds twice above 2^53
 * (to float64, then to float32) and can land one float32 ulp off, e.g. for 2^53 + 2^29 + 1.
 * Rounding to odd at float64 precision first makes the second rounding exact.
 */
export function bigintToFloat32(v: bigint): number {
  if (v <= EXACT && v >= -EXACT) return Math.fround(Number(v));
  const a = v < 0n ? -v : v;
  const shift = BigInt(a.toString(2).length - 53);
  let r = a >> shift;
  if (r << shift !== a) r |= 1n;
  const x = Math.fround(Number(r) * 2 ** Number(shift));
  return v < 0n ? -x : x;
}

function outOfRange(value: Scalar, dtype: DType, op: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `${op}: value ${String(value)} is out of range for dtype ${dtype}`,
  );
}

/** The dtype a typed array's type implies (API.md "Creation"), or null for other objects. */
export function typedArrayDType(a: ArrayBufferView): DType | null {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Float16Array) return "float16";
  if (a instanceof Int32Array || a instanceof Int16Array || a instanceof Int8Array) return "int32";
  if (a instanceof Uint16Array) return "int32";
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return "uint8";
  if (a instanceof BigInt64Array || a instanceof Uint32Array) return "int64";
  return null;
}
