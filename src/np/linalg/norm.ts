/**
 * `np.linalg.norm`: NumPy's vector and matrix norms, written as NumPy's `norm` writes them
 * (elementwise `abs`/square/power in the float dtype, NumPy's pairwise sums, max/min, and the SVD
 * for the 2, -2 and nuclear matrix norms). Integer and bool input is float64; float16 stays
 * float16 (except where the SVD is needed, which NumPy refuses for float16).
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import { type ArrayLike, asNDArray } from "../convert.ts";
import { alloc, kindOf } from "../dtypes.ts";
import { kernelUnary } from "../kernels.ts";
import { batchedProduct, castTo, permuted, reshaped } from "../linalg.ts";
import { max, min, sum } from "../reductions.ts";
import { singularValues } from "./decompositions.ts";

/** The order of a norm: a number (`Infinity` for NumPy's `inf`), "fro" (or "f"), "nuc", null. */
export type NormOrd = number | "fro" | "f" | "nuc" | null;

/** Options of `np.linalg.norm`. */
export interface NormOptions {
  /**
   * The norm: for vectors null or 2 (Euclidean), Infinity, -Infinity, 0 (count of nonzeros),
   * or any p (sum(|x|^p)^(1/p)); for matrices null or "fro" (Frobenius), "nuc" (nuclear), 1,
   * -1, 2, -2, Infinity, -Infinity. Default null.
   */
  ord?: NormOrd;
  /**
   * One axis (vector norms), two axes (matrix norms), or null (default): the whole array as a
   * vector (1-D) or a matrix (2-D).
   */
  axis?: number | readonly number[] | null;
  /** Keep the normed axes with length 1 (default false). */
  keepdims?: boolean;
}

const NORM_KEYS = keysOf<NormOptions>({ ord: true, axis: true, keepdims: true });
const OP = "np.linalg.norm";

/** An elementwise step of a norm. */
type Step = "abs" | "square" | "sqrt" | "nonzero";

/**
 * `step` of every element of `x` into a new array of `x`'s float dtype, each result correctly
 * rounded to it (NumPy's `abs`, `x * x`, `sqrt`, `(x != 0).astype(dtype)`): on the tensor
 * kernels when they run it, else a loop here.
 */
function map(x: NDArray, step: Step): NDArray {
  if (step !== "nonzero") {
    const k = kernelUnary(step, x, x.dtype);
    if (k !== null) return k;
  }
  const src = x.contiguousData() as Float64Array;
  const out = alloc(x.dtype, src.length) as Float64Array;
  const n = src.length;
  if (step === "abs") { for (let i = 0; i < n; i++) out[i] = Math.abs(src[i]); }
  else if (step === "square") { for (let i = 0; i < n; i++) out[i] = src[i] * src[i]; }
  else if (step === "sqrt") { for (let i = 0; i < n; i++) out[i] = Math.sqrt(src[i]); }
  else for (let i = 0; i < n; i++) out[i] = src[i] !== 0 ? 1 : 0;
  return new NDArray(out, x.shape, x.dtype);
}

/** `|x| ** p`, then (after the sum) `s ** r`: powers in x's dtype (libm's, within tolerance). */
function power(x: NDArray, p: number, abs: boolean): NDArray {
  const src = x.contiguousData() as Float64Array;
  const out = alloc(x.dtype, src.length) as Float64Array;
  for (let i = 0; i < src.length; i++) out[i] = (abs ? Math.abs(src[i]) : src[i]) ** p;
  return new NDArray(out, x.shape, x.dtype);
}

/** A reduction with NumPy's `initial=0` (an empty reduction gives 0). */
function maxOrZero(x: NDArray, axis: number[], keepdims: boolean): NDArray {
  if (axis.some((a) => x.shape[a] === 0)) {
    const shape = keepdims
      ? x.shape.map((d, i) => (axis.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axis.includes(i));
    return new NDArray(alloc(x.dtype, shape.reduce((p, d) => p * d, 1)), shape, x.dtype);
  }
  return max(x, { axis, keepdims });
}

function normAxis(a: unknown, ndim: number): number {
  if (typeof a !== "number" || !Number.isInteger(a)) {
    throw new InvalidArgumentError(
      `${OP}: 'axis' must be null, an integer or an array of integers, got ${String(a)}`,
    );
  }
  if (a < -ndim || a >= ndim) {
    throw new InvalidArgumentError(
      `${OP}: axis ${a} is out of bounds for array of dimension ${ndim}`,
    );
  }
  return a < 0 ? a + ndim : a;
}

/** The vector norm of order `ord` along `axis`. */
function vectorNorm(x: NDArray, ord: NormOrd, axis: number, keepdims: boolean): NDArray {
  const o = { axis: [axis], keepdims };
  if (ord === Infinity) return maxOrZero(map(x, "abs"), [axis], keepdims);
  if (ord === -Infinity) return min(map(x, "abs"), o);
  if (ord === 0) return sum(map(x, "nonzero"), o);
  if (ord === 1) return sum(map(x, "abs"), o);
  if (ord === null || ord === 2) return map(sum(map(x, "square"), o), "sqrt");
  if (typeof ord === "string") {
    throw new InvalidArgumentError(`${OP}: invalid norm order '${ord}' for vectors`);
  }
  // NumPy: the power and the reciprocal of ord are computed in x's dtype.
  const round = x.dtype === "float32" ? Math.fround : x.dtype === "float16" ? Math.f16round : null;
  const p = round ? round(ord) : ord;
  const s = sum(power(x, p, true), o);
  return power(s, round ? round(1 / p) : 1 / p, false);
}

/** The matrix norm of order `ord` over the axes `row` and `col`. */
function matrixNorm(x: NDArray, ord: NormOrd, row: number, col: number): NDArray {
  if (ord === 2 || ord === -2 || ord === "nuc") {
    const rest = x.shape.map((_, i) => i).filter((i) => i !== row && i !== col);
    const s = singularValues(permuted(x, [...rest, row, col]), OP);
    const last = [s.ndim - 1];
    if (ord === 2) return maxOrZero(s, last, false);
    if (ord === -2) return min(s, { axis: last });
    return sum(s, { axis: last });
  }
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    // 1: max over columns of the column sums; Infinity: max over rows of the row sums.
    const [sumAxis, other] = ord === 1 || ord === -1 ? [row, col] : [col, row];
    const sums = sum(map(x, "abs"), { axis: [sumAxis] });
    const rest = other > sumAxis ? other - 1 : other;
    return ord > 0 ? maxOrZero(sums, [rest], false) : min(sums, { axis: [rest] });
  }
  if (ord === null || ord === "fro" || ord === "f") {
    return map(sum(map(x, "square"), { axis: [row, col].sort((p, q) => p - q) }), "sqrt");
  }
  throw new InvalidArgumentError(`${OP}: invalid norm order ${JSON.stringify(ord)} for matrices`);
}

/**
 * A vector or matrix norm, as NumPy's `linalg.norm`: without `axis`, the 2-norm of the flattened
 * array (ord null), or the norm `ord` of a 1-D (vector) or 2-D (matrix) array; with one axis,
 * vector norms along it; with two, matrix norms over them (batched over the others).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.norm([3, 4]).toString()); // 5.0
 * console.log(np.linalg.norm([[1, 2], [3, 4]], { ord: 1 }).toString()); // 6.0
 * console.log(np.linalg.norm([[3, 4], [6, 8]], { axis: 1 }).toString()); // [ 5. 10.]
 * ```
 */
export function norm(x: ArrayLike, options?: NormOptions): NDArray {
  const o = checkOptions(options, NORM_KEYS, `${OP} options`) ?? {};
  let a = asNDArray(x, OP, true);
  if (kindOf(a.dtype) !== "f") a = castTo(a, "float64");
  const ord = o.ord ?? null;
  if (
    ord !== null && typeof ord !== "number" && ord !== "fro" && ord !== "f" && ord !== "nuc"
  ) {
    throw new InvalidArgumentError(
      `${OP}: ord must be a number, "fro", "f", "nuc" or null, got ${JSON.stringify(ord)}`,
    );
  }
  const keepdims = o.keepdims ?? false;
  if (typeof keepdims !== "boolean") {
    throw new InvalidArgumentError(`${OP}: keepdims must be a boolean, got ${String(keepdims)}`);
  }
  const nd = a.ndim;
  if (o.axis === undefined || o.axis === null) {
    if (ord === null || ((ord === "fro" || ord === "f") && nd === 2) || (ord === 2 && nd === 1)) {
      // sqrt(dot(x, x)) of the flattened array.
      const sq = batchedProduct(reshaped(a, [1, a.size]), reshaped(a, [a.size, 1]), a.dtype, OP);
      return map(new NDArray(sq.data, keepdims ? new Array(nd).fill(1) : [], a.dtype), "sqrt");
    }
  }
  const axes = o.axis === undefined || o.axis === null
    ? a.shape.map((_, i) => i)
    : typeof o.axis === "number"
    ? [normAxis(o.axis, nd)]
    : Array.isArray(o.axis)
    ? o.axis.map((v) => normAxis(v, nd))
    : [normAxis(o.axis, nd)];
  if (axes.length === 1) return vectorNorm(a, ord, axes[0], keepdims);
  if (axes.length !== 2) {
    throw new InvalidArgumentError(`${OP}: improper number of dimensions to norm`);
  }
  const [row, col] = axes;
  if (row === col) throw new InvalidArgumentError(`${OP}: duplicate axes given`);
  const ret = matrixNorm(a, ord, row, col);
  if (!keepdims) return ret;
  return reshaped(ret, a.shape.map((d, i) => (i === row || i === col ? 1 : d)));
}
