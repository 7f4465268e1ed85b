/**
 * `np.allclose` and `np.arrayEqual` (NumPy's `array_equal`), with NumPy 2's arithmetic: isclose
 * computes `|a - b| <= atol + rtol * |b|` in `b`'s float dtype, and equality compares in the
 * promoted dtype (integers of any signedness compare exactly).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { broadcastShape, indexMap } from "./broadcast.ts";
import { type ArrayLike, asNDArray, operand } from "./convert.ts";
import { castData, kindOf } from "./dtypes.ts";
import { dtypeOrScalar, flatIn } from "./elementwise.ts";
import { npPromote, resultType } from "./promote.ts";

/** Options of `np.allclose`. */
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

/**
 * True when every element of `a` is close to the matching element of `b` (broadcast):
 * `|a - b| <= atol + rtol * |b|`, as NumPy computes it (`b` is made a float array first; the
 * tolerances are weak scalars in its dtype). Infinities are close only to themselves; NaNs never,
 * unless `equalNan`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.allclose([1, 2], [1, 2 + 1e-9]), np.allclose([1], [1.1])); // true false
 * ```
 */
export function allclose(a: ArrayLike, b: ArrayLike, options?: AllcloseOptions): boolean {
  const op = "np.allclose";
  checkOptions(options, ALLCLOSE_KEYS, `${op} options`);
  const rtol = options?.rtol ?? 1e-5, atol = options?.atol ?? 1e-8;
  for (const [v, name] of [[rtol, "rtol"], [atol, "atol"]] as const) {
    if (typeof v !== "number" || !(v >= 0)) {
      throw new InvalidArgumentError(`${op}: ${name} must be a non-negative number, got ${v}`);
    }
  }
  const equalNan = options?.equalNan ?? false;
  const x = operand(a, op);
  let y = operand(b, op);
  // NumPy: y = asanyarray(y, dtype=result_type(y, 1.)); a Python int y becomes a float.
  const yd: NpDType = y instanceof NDArray ? resultType(y.dtype, 1.5) : "float64";
  if (y instanceof NDArray) {
    y = new NDArray(castData(y.contiguousData(), y.dtype, yd), y.shape, yd);
  } else y = Number(y);
  // A scalar `b` is a Python float there: a weak float.
  const diff = resultType(dtypeOrScalar(x), y instanceof NDArray ? y.dtype : 0.5);
  const [xa, xs] = flatIn(x, diff, op);
  const [ya, ys] = flatIn(y, diff, op);
  const [yb] = flatIn(y, yd, op);
  const rd = ROUND[diff], ry = ROUND[yd];
  const shape = broadcastShape([xs, ys], op);
  const n = shape.reduce((p, d) => p * d, 1);
  const mx = indexMap(xs, shape), my = indexMap(ys, shape);
  const X = xa as Float64Array, Y = ya as Float64Array, YB = yb as Float64Array;
  for (let i = 0; i < n; i++) {
    const ix = mx !== null ? mx[i] : X.length === 1 ? 0 : i;
    const iy = my !== null ? my[i] : Y.length === 1 ? 0 : i;
    const u = X[ix], v = Y[iy], w = YB[iy];
    const close =
      (Math.abs(rd(u - v)) <= ry(atol + ry(rtol * Math.abs(w))) && Number.isFinite(w)) ||
      u === v || (equalNan && u !== u && v !== v);
    if (!close) return false;
  }
  return true;
}

/** Options of `np.arrayEqual`. */
export interface ArrayEqualOptions {
  /** Count NaNs in the same place as equal (default false). */
  equalNan?: boolean;
}

const ARRAY_EQUAL_KEYS = keysOf<ArrayEqualOptions>({ equalNan: true });

/**
 * True when `a` and `b` have the same shape and equal elements (NumPy's `array_equal`). Elements
 * compare in the promoted dtype (an int64 and a float64 compare as float64, as in NumPy);
 * integers compare exactly whatever their signedness.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arrayEqual([1, 2], np.array([1, 2], "int8")), np.arrayEqual([1], [1, 1])); // true false
 * ```
 */
export function arrayEqual(a: ArrayLike, b: ArrayLike, options?: ArrayEqualOptions): boolean {
  const op = "np.arrayEqual";
  checkOptions(options, ARRAY_EQUAL_KEYS, `${op} options`);
  const x = asNDArray(a, op, true), y = asNDArray(b, op, true);
  const sx = x.shape, sy = y.shape;
  if (sx.length !== sy.length || sx.some((d, i) => d !== sy[i])) return false;
  const equalNan = options?.equalNan ?? false;
  const kx = kindOf(x.dtype), ky = kindOf(y.dtype);
  const ints = (kx === "i" || kx === "u" || kx === "b") && (ky === "i" || ky === "u" || ky === "b");
  const dtype = ints ? "int64" : npPromote(x.dtype, y.dtype);
  const xd = x.contiguousData(), yd = y.contiguousData();
  if (ints) {
    // Exact comparison of any two integer dtypes (NumPy 2 compares int64 with uint64 exactly).
    for (let i = 0; i < xd.length; i++) if (BigInt(xd[i]) !== BigInt(yd[i])) return false;
    return true;
  }
  const u = castData(xd, x.dtype, dtype) as Float64Array;
  const v = castData(yd, y.dtype, dtype) as Float64Array;
  for (let i = 0; i < u.length; i++) {
    if (u[i] !== v[i] && !(equalNan && u[i] !== u[i] && v[i] !== v[i])) return false;
  }
  return true;
}
