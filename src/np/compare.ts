/**
 * Whole-array comparisons: `isclose`, `allclose`, `array_equal` (also `arrayEqual`) and
 * `array_equiv`, with NumPy 2's arithmetic. `isclose` follows numpy/_core/numeric.py: `b` is made
 * a float array (`result_type(b, 1.0)`), then `|a - b| <= atol + rtol * |b|` where `b` is finite,
 * or `a == b`, each operation in NEP 50's dtype (the tolerances are weak floats). Equality
 * compares in the promoted dtype (integers of any signedness compare exactly).
 *
 * @module
 */
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { broadcastShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray, type Operand, operand } from "./convert.ts";
import { kindOf } from "./dtypes.ts";
import { npPromote, resultType } from "./promote.ts";
import { broadcastView } from "./shape.ts";
import { castTo, describe, rowMajor, words } from "./strided.ts";

/** Options of `np.isclose` and `np.allclose`. */
export interface AllcloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Count NaNs in the same place as equal (default false). */
  equalNan?: boolean;
}

const ALLCLOSE_KEYS = keysOf<AllcloseOptions>({ rtol: true, atol: true, equalNan: true });

const ROUND: Record<string, (x: number) => number> = {
  float16: Math.f16round,
  float32: Math.fround,
  float64: (x) => x,
};

/** An operand broadcast to `shape` as flat row-major data of `dtype`. */
function flat(x: Operand, dtype: NpDType, shape: readonly number[]): Float64Array {
  if (!(x instanceof NDArray)) {
    const v = typeof x === "boolean" ? (x ? 1 : 0) : Number(x);
    return new Float64Array([ROUND[dtype](v)]);
  }
  const c = castTo(x, dtype);
  const same = c.ndim === shape.length && c.shape.every((d, i) => d === shape[i]);
  return rowMajor(c.size === 1 || same ? c : broadcastView(c, shape)!).data as Float64Array;
}

/**
 * The elementwise isclose of two operands, one byte per element; with `all`, stops at the first
 * element that is not close (the bytes after it stay 0).
 */
function closeness(
  a: ArrayLike,
  b: ArrayLike,
  options: AllcloseOptions | undefined,
  op: string,
  all = false,
): [Uint8Array, number[]] {
  checkOptions(options, ALLCLOSE_KEYS, `${op} options`);
  const rtol = options?.rtol ?? 1e-5, atol = options?.atol ?? 1e-8;
  for (const [v, name] of [[rtol, "rtol"], [atol, "atol"]] as const) {
    if (typeof v !== "number") {
      throw new InvalidArgumentError(`${op}: ${name} must be a number, got ${describe(v)}`);
    }
  }
  const equalNan = options?.equalNan ?? false;
  const x = operand(a, op), y0 = operand(b, op);
  for (const v of [x, y0]) {
    if (typeof v === "bigint" && (v < -(2n ** 63n) || v >= 2n ** 64n)) {
      throw new InvalidArgumentError(`${op}: integer ${v} is too large for a 64-bit integer`);
    }
  }
  // NumPy: y = asanyarray(y, dtype=result_type(y, 1.)); a Python int y becomes a float.
  const yd: NpDType | Scalar = y0 instanceof NDArray ? resultType(y0.dtype, 1.5) : 0.5;
  const xd: NpDType | Scalar = x instanceof NDArray ? x.dtype : x;
  const y: Operand = y0 instanceof NDArray ? castTo(y0, yd as NpDType) : Number(y0);
  // The dtypes of x - y and of x == y (the same: NEP 50's promotion of x and y).
  const diff = resultType(xd, yd);
  const ydt: NpDType = typeof yd === "string" ? yd : "float64";
  const shape = broadcastShape([
    x instanceof NDArray ? x.shape : [],
    y instanceof NDArray ? y.shape : [],
  ], op);
  const n = shape.reduce((p, d) => p * d, 1);
  const X = flat(x, diff, shape), Y = flat(y, diff, shape), W = flat(y, ydt, shape);
  const rd = ROUND[diff], ry = ROUND[ydt];
  // The tolerances are weak floats: cast to y's dtype before the arithmetic.
  const rt = ry(rtol), at = ry(atol);
  const out = new Uint8Array(n);
  const sx = X.length === 1 ? 0 : 1, sy = Y.length === 1 ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const u = X[i * sx], v = Y[i * sy], w = W[i * sy];
    const close = (Math.abs(rd(u - v)) <= ry(at + ry(rt * Math.abs(w))) && w - w === 0) ||
      u === v || (equalNan && u !== u && v !== v);
    out[i] = close ? 1 : 0;
    if (all && !close) break;
  }
  return [out, shape];
}

/**
 * Elementwise whether `a` is close to `b` (broadcast): `|a - b| <= atol + rtol * |b|` where `b`
 * is finite, or `a == b`, computed as NumPy 2 computes it (`b` made a float array first; the
 * tolerances are weak floats in its dtype). NaNs are close only with `equalNan`. A bool array
 * (0-d for two scalars).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.isclose([1, 2, NaN], [1 + 1e-9, 2.1, NaN]).toString()); // [ True False False]
 * console.log(np.isclose([NaN], [NaN], { equalNan: true }).toString()); // [ True]
 * ```
 */
export function isclose(a: ArrayLike, b: ArrayLike, options?: AllcloseOptions): NDArray {
  const [out, shape] = closeness(a, b, options, "np.isclose");
  return new NDArray(out, shape, "bool");
}

/**
 * True when every element of `a` is close to the matching element of `b` (broadcast), as
 * `isclose`. Infinities are close only to themselves; NaNs never, unless `equalNan`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.allclose([1, 2], [1, 2 + 1e-9]), np.allclose([1], [1.1])); // true false
 * ```
 */
export function allclose(a: ArrayLike, b: ArrayLike, options?: AllcloseOptions): boolean {
  const [out] = closeness(a, b, options, "np.allclose", true);
  for (let i = 0; i < out.length; i++) if (out[i] === 0) return false;
  return true;
}

/** Options of `np.array_equal`. */
export interface ArrayEqualOptions {
  /** Count NaNs in the same place as equal (default false). */
  equalNan?: boolean;
}

const ARRAY_EQUAL_KEYS = keysOf<ArrayEqualOptions>({ equalNan: true });

/** Element equality of two row-major arrays of one dtype (`==`; NaNs equal with `equalNan`). */
function sameDtypeEqual(x: NDArray, y: NDArray, equalNan: boolean): boolean {
  if (kindOf(x.dtype) !== "f") {
    // Integers and bools: equal values have equal bits.
    const X = words(x.data), Y = words(y.data);
    for (let i = 0; i < X.length; i++) if (X[i] !== Y[i]) return false;
    return true;
  }
  const P = x.data as Float64Array, Q = y.data as Float64Array;
  if (!equalNan) {
    for (let i = 0; i < P.length; i++) if (P[i] !== Q[i]) return false;
    return true;
  }
  for (let i = 0; i < P.length; i++) {
    if (P[i] !== Q[i] && (P[i] === P[i] || Q[i] === Q[i])) return false;
  }
  return true;
}

/**
 * True when every element of `x` equals the matching element of `y` (same shapes), compared as
 * NumPy's `==` compares: in the promoted dtype, integers exactly whatever their signedness.
 */
function allEqual(x: NDArray, y: NDArray, equalNan: boolean): boolean {
  const d = npPromote(x.dtype, y.dtype);
  const ints = kindOf(x.dtype) !== "f" && kindOf(y.dtype) !== "f";
  if (!ints || kindOf(d) !== "f") {
    return sameDtypeEqual(rowMajor(castTo(x, d)), rowMajor(castTo(y, d)), equalNan);
  }
  // A 64-bit integer with one of the other signedness (NumPy 2 compares them exactly): `==`
  // between bigints and numbers is exact.
  const p = rowMajor(x).data as unknown as (number | bigint)[];
  const q = rowMajor(y).data as unknown as (number | bigint)[];
  for (let i = 0; i < p.length; i++) if (p[i] != q[i]) return false;
  return true;
}

/**
 * True when `a1` and `a2` have the same shape and equal elements (NumPy's `array_equal`).
 * Elements compare in the promoted dtype (an int64 and a float64 compare as float64, as in
 * NumPy); integers compare exactly whatever their signedness.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.array_equal([1, 2], np.array([1, 2], "int8")), np.array_equal([1], [1, 1])); // true false
 * console.log(np.array_equal([NaN], [NaN], { equalNan: true })); // true
 * ```
 */
export function array_equal(a1: ArrayLike, a2: ArrayLike, options?: ArrayEqualOptions): boolean {
  return equal(a1, a2, options, "np.array_equal");
}

/**
 * `array_equal` under its earlier name.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arrayEqual([1, 2], [1, 2])); // true
 * ```
 */
export function arrayEqual(a: ArrayLike, b: ArrayLike, options?: ArrayEqualOptions): boolean {
  return equal(a, b, options, "np.arrayEqual");
}

function equal(
  a: ArrayLike,
  b: ArrayLike,
  options: ArrayEqualOptions | undefined,
  op: string,
): boolean {
  checkOptions(options, ARRAY_EQUAL_KEYS, `${op} options`);
  const x = asNDArray(a, op, true), y = asNDArray(b, op, true);
  const sx = x.shape, sy = y.shape;
  if (sx.length !== sy.length || sx.some((d, i) => d !== sy[i])) return false;
  return allEqual(x, y, options?.equalNan ?? false);
}

/**
 * True when `a1` and `a2` broadcast to one shape and are equal there (NumPy's `array_equiv`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.array_equiv([1, 2], [[1, 2], [1, 2]]), np.array_equiv([1, 2], [1, 2, 3])); // true false
 * ```
 */
export function array_equiv(a1: ArrayLike, a2: ArrayLike): boolean {
  const op = "np.array_equiv";
  const x = asNDArray(a1, op, true), y = asNDArray(a2, op, true);
  let shape: number[];
  try {
    shape = broadcastShape([x.shape, y.shape], op);
  } catch {
    return false;
  }
  return allEqual(broadcastView(x, shape)!, broadcastView(y, shape)!, false);
}
