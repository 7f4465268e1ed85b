/**
 * Diagonals and triangles: `diagonal` and `diag` of a matrix (views), `diag` of a vector, `tril`
 * and `triu` (copies with block moves, then the zeroed runs filled), and `trace` (NumPy's sum of
 * the diagonal, in NumPy's sum dtype).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, checkNpDType } from "./dtypes.ts";
import { sum } from "./reduce.ts";
import { broadcastView } from "./shape.ts";
import { castTo, copyInto, copyOf, integer, normalizeAxis, view, words } from "./strided.ts";

/** The k-th diagonal of the axes `i`, `j` of `x` as a view, its axis last. */
function diagonalView(x: NDArray, k: number, i: number, j: number): NDArray {
  const ni = x.shape[i], nj = x.shape[j];
  const len = Math.max(0, k >= 0 ? Math.min(ni, nj - k) : Math.min(ni + k, nj));
  const keep = x.shape.map((_, d) => d).filter((d) => d !== i && d !== j);
  const offset = len === 0 ? x.offset : x.offset + (k >= 0 ? k * x.strides[j] : -k * x.strides[i]);
  return view(
    x,
    [...keep.map((d) => x.shape[d]), len],
    [...keep.map((d) => x.strides[d]), x.strides[i] + x.strides[j]],
    offset,
  );
}

/** Options of `np.diagonal` and `np.trace`. */
export interface DiagonalOptions {
  /** The diagonal: 0 the main one, positive above, negative below. */
  offset?: number;
  /** The first axis of the 2-d sub-arrays (default 0). */
  axis1?: number;
  /** The second axis of the 2-d sub-arrays (default 1). */
  axis2?: number;
}

const DIAGONAL_KEYS = keysOf<DiagonalOptions>({ offset: true, axis1: true, axis2: true });

/** The diagonal view that `diagonal` and `trace` share. */
function diagonalOf(a: ArrayLike, options: DiagonalOptions | undefined, op: string): NDArray {
  const x = asNDArray(a, op, true);
  if (x.ndim < 2) {
    throw new InvalidArgumentError(
      `${op}: diag requires an array of at least two dimensions, got ${x.ndim}`,
    );
  }
  const i = normalizeAxis(options?.axis1 ?? 0, x.ndim, op);
  const j = normalizeAxis(options?.axis2 ?? 1, x.ndim, op);
  if (i === j) {
    throw new InvalidArgumentError(`${op}: axis1 and axis2 cannot be the same, got ${i} twice`);
  }
  return diagonalView(x, integer(options?.offset ?? 0, "offset", op), i, j);
}

/**
 * The diagonal `offset` of the 2-d sub-arrays spanned by `axis1` and `axis2`: a view with those
 * axes removed and the diagonal as the last axis.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.arange(9, undefined, 1, "int32").reshape(3, 3);
 * console.log(np.diagonal(a).toString(), np.diagonal(a, { offset: 1 }).toString()); // [0 4 8] [1 5]
 * ```
 */
export function diagonal(a: ArrayLike, options?: DiagonalOptions): NDArray {
  const op = "np.diagonal";
  checkOptions(options, DIAGONAL_KEYS, `${op} options`);
  return diagonalOf(a, options, op);
}

/** Options of `np.trace`. */
export interface TraceOptions extends DiagonalOptions {
  /** The dtype to sum in (default: NumPy's sum dtype of the input). */
  dtype?: NpDType;
}

const TRACE_KEYS = keysOf<TraceOptions>({ offset: true, axis1: true, axis2: true, dtype: true });

/**
 * The sum along the diagonal (`diagonal(a, options)` summed over its last axis), with NumPy's
 * sum dtype (small ints give int64, unsigned uint64) or `dtype`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.trace(np.array([[1, 2], [3, 4]], "int8")).toString()); // 5
 * ```
 */
export function trace(a: ArrayLike, options?: TraceOptions): NDArray {
  const op = "np.trace";
  checkOptions(options, TRACE_KEYS, `${op} options`);
  const d = diagonalOf(a, options, op);
  if (options?.dtype === undefined) return sum(copyOf(d), { axis: -1 });
  const dtype = checkNpDType(options.dtype, op);
  const cast = castTo(d, dtype);
  const s = sum(cast, { axis: -1 });
  return s.dtype === dtype ? s : new NDArray(castData(s.data, s.dtype, dtype), s.shape, dtype);
}

/** Options of `np.diag`, `np.tril` and `np.triu`. */
export interface DiagOptions {
  /** The diagonal: 0 the main one, positive above, negative below. */
  k?: number;
}

const DIAG_KEYS = keysOf<DiagOptions>({ k: true });

/**
 * For a 1-d `v`, a square 2-d array with `v` on the k-th diagonal (a copy); for a 2-d `v`, its
 * k-th diagonal (a view).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.diag(np.array([1, 2], "int32")).toString()); // [[1 0]\n [0 2]]
 * console.log(np.diag(np.array([[1, 2], [3, 4]], "int32"), { k: -1 }).toString()); // [3]
 * ```
 */
export function diag(v: ArrayLike, options?: DiagOptions): NDArray {
  const op = "np.diag";
  checkOptions(options, DIAG_KEYS, `${op} options`);
  const x = asNDArray(v, op, true);
  const k = integer(options?.k ?? 0, "k", op);
  if (x.ndim === 2) return diagonalView(x, k, 0, 1);
  if (x.ndim !== 1) {
    throw new InvalidArgumentError(`${op}: input must be 1- or 2-d, got ${x.ndim}-d`);
  }
  const n = x.size + Math.abs(k);
  const out = new NDArray(alloc(x.dtype, n * n), [n, n], x.dtype);
  copyInto(x, diagonalView(out, k, 0, 1));
  return out;
}

/** `tril` (lower) or `triu` (upper) of `m`, broadcast as NumPy's `where(tri(...), ...)`. */
function triangle(m: ArrayLike, options: DiagOptions | undefined, lower: boolean): NDArray {
  const op = lower ? "np.tril" : "np.triu";
  checkOptions(options, DIAG_KEYS, `${op} options`);
  const x = asNDArray(m, op, true);
  const k = integer(options?.k ?? 0, "k", op);
  if (x.ndim === 0) {
    throw new InvalidArgumentError(`${op}: the input must be at least 1-d, got a 0-d array`);
  }
  // A 1-d input of length n is broadcast against the n x n mask.
  const shape = x.ndim === 1 ? [x.size, x.size] : x.shape.slice();
  const out = copyOf(broadcastView(x, shape)!);
  const rows = shape[shape.length - 2], cols = shape[shape.length - 1];
  const w = x.data.BYTES_PER_ELEMENT === 8 ? 2 : 1;
  const D = words(out.data);
  const mats = out.size / Math.max(1, rows * cols);
  for (let b = 0; b < mats; b++) {
    for (let i = 0; i < rows; i++) {
      const base = (b * rows + i) * cols;
      // Zero columns j > i + k (lower) or j < i + k (upper).
      const [from, to] = lower
        ? [Math.max(0, Math.min(cols, i + k + 1)), cols]
        : [0, Math.max(0, Math.min(cols, i + k))];
      if (to > from) D.fill(0, (base + from) * w, (base + to) * w);
    }
  }
  return out;
}

/**
 * The lower triangle of `m` (of each matrix in its last two axes): elements above the k-th
 * diagonal are zeroed. A 1-d input of length n gives an n x n result, as NumPy's.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.tril(np.ones([3, 3], "int32")).toString()); // [[1 0 0]\n [1 1 0]\n [1 1 1]]
 * ```
 */
export function tril(m: ArrayLike, options?: DiagOptions): NDArray {
  return triangle(m, options, true);
}

/**
 * The upper triangle of `m` (of each matrix in its last two axes): elements below the k-th
 * diagonal are zeroed.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.triu(np.ones([3, 3], "int32"), { k: 1 }).toString()); // [[0 1 1]\n [0 0 1]\n [0 0 0]]
 * ```
 */
export function triu(m: ArrayLike, options?: DiagOptions): NDArray {
  return triangle(m, options, false);
}
