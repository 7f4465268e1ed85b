/**
 * NumPy's nan-ignoring reductions: `nansum`, `nanprod`, `nanmean`, `nanvar`, `nanstd`, `nanmin`,
 * `nanmax`, `nanargmin`, `nanargmax`, `nanmedian`, `nanpercentile` and `nanquantile`, each as
 * NumPy's nanfunctions compute it (NaN replaced by the identity in a copy laid out as NumPy lays
 * it out, then the plain reduction; `nanmin`/`nanmax` as `fmin`/`fmax.reduce`; `nanmedian` with
 * NumPy's two code paths), so the results are NumPy's bit for bit. Integer and bool inputs have
 * no NaN: they give the plain reductions.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { checkOptions } from "../options.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, kindOf } from "./dtypes.ts";
import { AS_F32, floatReduce } from "./float_sums.ts";
import { isWholeC, type Loops, reducedShape, reduceWith } from "./nditer.ts";
import { npPromote } from "./promote.ts";
import {
  argExtremum,
  ARGMAX_KEYS,
  type ArgmaxOptions,
  extremum,
  floatDtype,
  meanWith,
  npAxis,
  prepare,
  prodOf,
  REDUCE_KEYS,
  type ReduceOptions,
  SUM_KEYS,
  sumOf,
  type SumOptions,
  zeroSize,
} from "./reduce.ts";
import {
  checkMethod,
  kOrderMap,
  lerpType,
  MEDIAN_KEYS,
  medianOf,
  medianOfRow,
  type MedianOptions,
  QUANTILE_KEYS,
  quantileOfRow,
  type QuantileOptions,
  quantilesOf,
  roundTo,
  Rows,
  sqrtInPlace,
  toFloat,
  VAR_KEYS,
  variance,
  type VarOptions,
} from "./statistics.ts";
/** A float array with NaN replaced by `value`, laid out as NumPy copies it; others as they are. */
function replaceNaN(x: NDArray, value: number): NDArray {
  if (kindOf(x.dtype) !== "f") return x;
  if ((x.dtype === "float64" || x.dtype === "float32") && isWholeC(x)) {
    const d = (x.data as Float64Array).slice();
    for (let i = 0; i < d.length; i++) if (d[i] !== d[i]) d[i] = value;
    return new NDArray(d, x.shape, x.dtype);
  }
  return kOrderMap(x, null, x.dtype, (s, p, st, n, _b, _q, _bs, out, k) => {
    for (let i = 0; i < n; i++) {
      const v = s[p + i * st];
      out[k + i] = v !== v ? value : v;
    }
  });
}

/** Counts of the non-NaN elements over `axes`. */
const NOT_NAN_LOOPS: Loops = {
  fold(src, p, n, st, out, o) {
    const s = src as Float64Array;
    let c = 0;
    for (let i = 0; i < n; i++) if (s[p + i * st] === s[p + i * st]) c++;
    out[o] = (out[o] as number) + c;
  },
  each(src, p, n, st, out, o, os) {
    const s = src as Float64Array, d = out as Float64Array;
    for (let j = 0; j < n; j++) if (s[p + j * st] === s[p + j * st]) d[o + j * os]++;
  },
};

function notNaNCounts(x: NDArray, axes: readonly number[], keepdims: boolean): Float64Array {
  return reduceWith(x, axes, keepdims, "float64", 0, NOT_NAN_LOOPS, false).data as Float64Array;
}

/**
 * The sum over `axis` (all by default) treating NaN as zero; otherwise `np.sum`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nansum(np.array([[1, NaN], [3, 4]]), { axis: 0 }).toString()); // [4. 4.]
 * ```
 */
export function nansum(a: ArrayLike, options?: SumOptions): NDArray {
  const op = "np.nansum";
  checkOptions(options, SUM_KEYS, `${op} options`);
  const [x] = prepare(a, options, op, true);
  return sumOf(replaceNaN(x, 0), options, op);
}

/**
 * The product over `axis` (all by default) treating NaN as one; otherwise `np.prod`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanprod(np.array([2, NaN, 3])).toString()); // 6.0
 * ```
 */
export function nanprod(a: ArrayLike, options?: SumOptions): NDArray {
  const op = "np.nanprod";
  checkOptions(options, SUM_KEYS, `${op} options`);
  const [x] = prepare(a, options, op, true);
  return prodOf(replaceNaN(x, 1), options, op);
}

/**
 * The mean over `axis` (all by default) of the non-NaN elements: their sum (in the input's float
 * dtype, or `dtype`) divided by their count; NaN where there are none. Integer input gives
 * `np.mean`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanmean(np.array([[1, NaN], [3, 4]]), { axis: 1 }).toString()); // [1.  3.5]
 * ```
 */
export function nanmean(a: ArrayLike, options?: SumOptions): NDArray {
  const op = "np.nanmean";
  checkOptions(options, SUM_KEYS, `${op} options`);
  const input = asNDArray(a, op, true);
  const [x, axes, keepdims] = prepare(input, options, op, kindOf(input.dtype) === "f");
  if (kindOf(x.dtype) !== "f") return meanWith(x, options, op);
  const d = floatDtype(options?.dtype, op) ?? x.dtype;
  const tot = floatReduce(replaceNaN(x, 0), axes, keepdims, d, "sum");
  const cnt = notNaNCounts(x, axes, keepdims);
  const t = tot.data as Float64Array;
  for (let i = 0; i < t.length; i++) t[i] = t[i] / cnt[i];
  return tot;
}

/** NumPy's `nanvar` of float data; integers go to `np.var`. */
function nanVariance(a: ArrayLike, options: VarOptions | undefined, op: string): NDArray {
  checkOptions(options, VAR_KEYS, `${op} options`);
  const input = asNDArray(a, op, true);
  const [x, axes, keepdims] = prepare(input, options, op, kindOf(input.dtype) === "f");
  const ddof = options?.ddof ?? 0;
  if (typeof ddof !== "number" || !Number.isFinite(ddof)) {
    throw new InvalidArgumentError(`${op}: ddof must be a finite number, got ${String(ddof)}`);
  }
  const dtype = floatDtype(options?.dtype, op);
  if (kindOf(x.dtype) !== "f") return variance(x, axes, keepdims, dtype, ddof);
  const d = dtype ?? x.dtype;
  const cnt = notNaNCounts(x, axes, true);
  const avg = floatReduce(replaceNaN(x, 0), axes, true, d, "sum");
  const m = avg.data as Float64Array;
  for (let i = 0; i < m.length; i++) m[i] = m[i] / cnt[i];
  // np.subtract(arr, avg, out=arr): in the promoted dtype, stored in the input's; NaN places 0.
  const rp = roundTo(npPromote(x.dtype, d)), rx = roundTo(x.dtype);
  const sq = kOrderMap(
    x,
    avg,
    x.dtype,
    (s, p, st, n, b, q, bs, out, k) => {
      for (let i = 0; i < n; i++) {
        const v = s[p + i * st];
        const e = rx(rp(v - b[q + i * bs]));
        out[k + i] = v !== v ? 0 : rx(e * e);
      }
    },
    false,
    true,
  );
  const ret = floatReduce(sq, axes, keepdims, d, "sum");
  const out = ret.data as Float64Array;
  for (let i = 0; i < out.length; i++) {
    const dof = cnt[i] - ddof;
    out[i] = dof <= 0 ? NaN : out[i] / dof;
  }
  return ret;
}

/**
 * The variance over `axis` (all by default) of the non-NaN elements, divided by `count - ddof`
 * (NaN where that is not positive); integer input gives `np.var`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanvar(np.array([1, NaN, 3])).toString()); // 1.0
 * ```
 */
export function nanvar(a: ArrayLike, options?: VarOptions): NDArray {
  return nanVariance(a, options, "np.nanvar");
}

/**
 * The standard deviation over `axis` (all by default) of the non-NaN elements: the square root
 * of `np.nanvar`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanstd(np.array([1, NaN, 3])).toString()); // 1.0
 * ```
 */
export function nanstd(a: ArrayLike, options?: VarOptions): NDArray {
  return sqrtInPlace(nanVariance(a, options, "np.nanstd"));
}

/** NumPy's `fmax`/`fmin` reduction: NaN is skipped, of equal values the first stays. */
function fLoops(max: boolean): Loops {
  const keep = (acc: number, v: number): boolean => (max ? acc >= v : acc <= v) || v !== v;
  return {
    fold(src, p, n, st, out, o) {
      const s = src as Float64Array, d = out as Float64Array;
      let m = max ? -Infinity : Infinity, seen = false;
      for (let i = 0; i < n; i++) {
        const v = s[p + i * st];
        if (max ? v >= m : v <= m) {
          if (v !== m) m = v;
          seen = true;
        }
      }
      if (seen && !keep(d[o], m)) d[o] = m;
    },
    each(src, p, n, st, out, o, os) {
      const s = src as Float64Array, d = out as Float64Array;
      for (let j = 0; j < n; j++) {
        const v = s[p + j * st];
        if (!keep(d[o + j * os], v)) d[o + j * os] = v;
      }
    },
  };
}

function nanExtremum(a: ArrayLike, options: ReduceOptions | undefined, max: boolean): NDArray {
  const op = max ? "np.nanmax" : "np.nanmin";
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  if (axes.some((ax) => x.shape[ax] === 0)) throw zeroSize(op, max ? "fmax" : "fmin");
  if (kindOf(x.dtype) !== "f") return extremum(x, axes, keepdims, max, op);
  const load = x.dtype === "float16" ? AS_F32 : undefined;
  return reduceWith(x, axes, keepdims, x.dtype, NaN, fLoops(max), false, load);
}

/**
 * The largest element over `axis` (all by default) ignoring NaN (NaN where all are NaN), as
 * NumPy's `fmax.reduce`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanmax(np.array([[1, NaN], [3, NaN]]), { axis: 0 }).toString()); // [ 3. nan]
 * ```
 */
export function nanmax(a: ArrayLike, options?: ReduceOptions): NDArray {
  return nanExtremum(a, options, true);
}

/**
 * The smallest element over `axis` (all by default) ignoring NaN (NaN where all are NaN), as
 * NumPy's `fmin.reduce`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanmin(np.array([4, NaN, 2])).toString()); // 2.0
 * ```
 */
export function nanmin(a: ArrayLike, options?: ReduceOptions): NDArray {
  return nanExtremum(a, options, false);
}

function nanArg(a: ArrayLike, options: ArgmaxOptions | undefined, max: boolean): NDArray {
  const op = max ? "np.nanargmax" : "np.nanargmin";
  checkOptions(options, ARGMAX_KEYS, `${op} options`);
  const x = asNDArray(a, op, true);
  if (kindOf(x.dtype) !== "f" || x.size === 0) return argExtremum(x, options, max, op);
  const axis = npAxis(options?.axis, x.ndim, op);
  const axes = axis === null ? x.shape.map((_, i) => i) : [axis];
  if (notNaNCounts(x, axes, false).some((c) => c === 0)) {
    throw new InvalidArgumentError(`${op}: All-NaN slice encountered`);
  }
  return argExtremum(replaceNaN(x, max ? -Infinity : Infinity), options, max, op);
}

/**
 * The index of the first largest non-NaN element along `axis` (of the flattened array by
 * default), as int64; a slice of NaN only is an error.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanargmax(np.array([[NaN, 4], [2, 3]]), { axis: 1 }).toString()); // [1 1]
 * ```
 */
export function nanargmax(a: ArrayLike, options?: ArgmaxOptions): NDArray {
  return nanArg(a, options, true);
}

/**
 * The index of the first smallest non-NaN element along `axis` (of the flattened array by
 * default), as int64; a slice of NaN only is an error.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanargmin(np.array([NaN, 4, 2])).toString()); // 2
 * ```
 */
export function nanargmin(a: ArrayLike, options?: ArgmaxOptions): NDArray {
  return nanArg(a, options, false);
}

/** The non-NaN elements of a row moved to its front: that part of it. */
function dropNaN<T extends Float64Array | BigInt64Array | BigUint64Array>(row: T): T {
  if (!(row instanceof Float64Array)) return row;
  let k = 0;
  for (let i = 0; i < row.length; i++) if (row[i] === row[i]) row[k++] = row[i];
  return row.subarray(0, k) as T;
}

/**
 * NumPy's `_nanmedian_small` of one row (the masked-array median used along an axis shorter than
 * 600): the two middle valid values (the middle one twice) summed in the dtype, then halved.
 */
function smallMedianOfRow(row: Float64Array, dtype: NpDType): number {
  const k = row.length;
  if (k === 0) return NaN;
  row.sort();
  const h = k >> 1, r = roundTo(dtype);
  const lo = k % 2 === 1 ? row[h] : row[h - 1], hi = row[h];
  // np.ma.sum over the two: from NumPy's identity 0, in the dtype; then halved in the dtype.
  return r(r(r(0 + lo) + hi) / 2);
}

/**
 * The median over `axis` (all by default) of the non-NaN elements (NaN where there are none), as
 * NumPy's `nanmedian` computes it; integer input gives `np.median`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanmedian(np.array([[1, NaN, 3], [4, 5, 6]]), { axis: 1 }).toString()); // [2. 5.]
 * ```
 */
export function nanmedian(a: ArrayLike, options?: MedianOptions): NDArray {
  const op = "np.nanmedian";
  checkOptions(options, MEDIAN_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op);
  if (kindOf(x.dtype) !== "f") return medianOf(x, axes, keepdims);
  const rows = new Rows(x, axes);
  const out = alloc(x.dtype, rows.count) as Float64Array;
  const shape = reducedShape(x.shape, axes, keepdims);
  if (x.size === 0) return new NDArray(out.fill(NaN), shape, x.dtype);
  // NumPy's paths: 1-d data (or no axis) goes through np.median of the valid values; along an
  // axis of an n-d array, shorter than 600, through the masked-array median.
  const axis = options?.axis;
  const kept = x.ndim - axes.length;
  const oneD = axis === undefined || axis === null ||
    (typeof axis === "number" ? x.ndim === 1 : kept === 0);
  const small = !oneD && rows.n < 600;
  const acc = x.dtype === "float16" ? "float32" : x.dtype;
  const row = rows.scratch() as Float64Array;
  for (let i = 0; i < rows.count; i++) {
    rows.fill(i, row);
    const valid = dropNaN(row);
    out[i] = small ? smallMedianOfRow(valid, x.dtype) : medianOfRow(valid, acc, x.dtype);
  }
  return new NDArray(out, shape, x.dtype);
}

function nanQuantileWith(
  a: ArrayLike,
  q: ArrayLike,
  options: QuantileOptions | undefined,
  op: string,
  percent: boolean,
): NDArray {
  checkOptions(options, QUANTILE_KEYS, `${op} options`);
  checkMethod(options?.method, op);
  const [x, axes, keepdims] = prepare(a, options, op);
  const qs = quantilesOf(q, percent, op);
  const res = lerpType(x.dtype, qs);
  const rows = new Rows(x, axes);
  const out: NpTypedArray = alloc(res, qs.values.length * rows.count);
  const row = rows.scratch();
  const nan = toFloat(res)(NaN);
  for (let i = 0; i < rows.count; i++) {
    rows.fill(i, row);
    const valid = dropNaN(row);
    if (valid.length === 0) {
      for (let j = 0; j < qs.values.length; j++) (out as Float64Array)[i + j * rows.count] = nan;
    } else quantileOfRow(valid, x.dtype, qs, res, out, i, rows.count, op);
  }
  return new NDArray(out, [...qs.shape, ...reducedShape(x.shape, axes, keepdims)], res);
}

/**
 * The `q`-th quantiles (`q` in [0, 1]) over `axis` (all by default) of the non-NaN elements (NaN
 * where there are none), as `np.quantile`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanquantile(np.array([1, NaN, 3, 4]), 0.5).toString()); // 3.0
 * ```
 */
export function nanquantile(a: ArrayLike, q: ArrayLike, options?: QuantileOptions): NDArray {
  return nanQuantileWith(a, q, options, "np.nanquantile", false);
}

/**
 * The `q`-th percentiles (`q` in [0, 100]) over `axis` (all by default) of the non-NaN elements
 * (NaN where there are none), as `np.percentile`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nanpercentile(np.array([[1, NaN], [3, 5]]), 50, { axis: 0 }).toString()); // [2. 5.]
 * ```
 */
export function nanpercentile(a: ArrayLike, q: ArrayLike, options?: QuantileOptions): NDArray {
  return nanQuantileWith(a, q, options, "np.nanpercentile", true);
}
