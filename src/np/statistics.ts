/**
 * NumPy's statistics: `var`, `std`, `median`, `percentile`, `quantile` and `average`, computed
 * with NumPy's own sequence of operations (`_methods._var`, `_median`, `_quantile` and `_lerp`,
 * `average`) on the reductions of ./reduce.ts, so the results are NumPy's bit for bit: the same
 * sums in the same order, the same roundings to each intermediate dtype.
 *
 * Order statistics are selected with a quickselect (NumPy uses introselect; the selected values
 * are the same, only the sign of a zero picked among equal -0/+0 may differ).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { contiguousStrides } from "../shape.ts";
import { type ArrayLike, asNDArray, isScalar } from "./convert.ts";
import { alloc, castData, isBig, kindOf } from "./dtypes.ts";
import { npPromote } from "./promote.ts";
import { floatReduce } from "./float_sums.ts";
import { npOrder, reducedShape } from "./nditer.ts";
import {
  checkKeepdims,
  floatDtype,
  meanOf,
  meanType,
  npAxes,
  offsets,
  prepare,
  type SumOptions,
} from "./reduce.ts";

/** Options of `np.var`, `np.std`, `np.nanvar` and `np.nanstd`. */
export interface VarOptions extends SumOptions {
  /** Delta degrees of freedom: the divisor is `n - ddof` (default 0). */
  ddof?: number;
}

/** Options of `np.median` and `np.nanmedian`. */
export interface MedianOptions {
  /** The axis or axes to reduce (negative counts from the end); all when omitted or null. */
  axis?: number | readonly number[] | null;
  /** Keep the reduced axes with length 1 (default false). */
  keepdims?: boolean;
}

/** Options of `np.percentile`, `np.quantile` and their nan variants. */
export interface QuantileOptions extends MedianOptions {
  /** The estimation method; only NumPy's default, "linear", is implemented. */
  method?: "linear";
}

/** Options of `np.average`. */
export interface AverageOptions extends MedianOptions {
  /** The weight of each element: the shape of the input, or (with `axis`) of the reduced axes. */
  weights?: ArrayLike | null;
}

/** The keys of `VarOptions`. */
export const VAR_KEYS: readonly string[] = keysOf<VarOptions>({
  axis: true,
  keepdims: true,
  dtype: true,
  ddof: true,
});
/** The keys of `MedianOptions`. */
export const MEDIAN_KEYS: readonly string[] = keysOf<MedianOptions>({ axis: true, keepdims: true });
/** The keys of `QuantileOptions`. */
export const QUANTILE_KEYS: readonly string[] = keysOf<QuantileOptions>({
  axis: true,
  keepdims: true,
  method: true,
});
const AVERAGE_KEYS = keysOf<AverageOptions>({ axis: true, keepdims: true, weights: true });

// ---------------------------------------------------------------------------------------------
// Rounding to a dtype.

/** Rounds a double to a float dtype (the identity for float64). */
export type Round = (v: number) => number;

/** The rounding of each float dtype. */
export function roundTo(d: NpDType): Round {
  return d === "float32" ? Math.fround : d === "float16" ? Math.f16round : (v) => v;
}

/** An element as a double rounded to the float dtype `d` (astype's conversion). */
export function toFloat(d: NpDType): (v: number | bigint) => number {
  const r = roundTo(d);
  return (v) => r(Number(v));
}

/**
 * One run of an elementwise map: `n` elements of `src` from `p` by `st`, the matching elements of
 * the second operand `b` from `q` by `bs`, written to `out` from `k` on.
 */
export type MapRun = (
  src: Float64Array,
  p: number,
  st: number,
  n: number,
  b: Float64Array,
  q: number,
  bs: number,
  out: Float64Array,
  k: number,
) => void;

/** The largest scratch kept between calls, in bytes. */
const SCRATCH_LIMIT = 2 ** 27;
let scratchBuffer = new ArrayBuffer(0);

/**
 * A float array of `n` elements for an intermediate that is consumed before the next call (its
 * memory is reused, which spares large arrays the page faults of fresh memory).
 */
function scratch(dtype: NpDType, n: number): Float64Array {
  const bytes = n * (dtype === "float64" ? 8 : dtype === "float32" ? 4 : 2);
  if (bytes > SCRATCH_LIMIT) return alloc(dtype, n) as Float64Array;
  if (scratchBuffer.byteLength < bytes) scratchBuffer = new ArrayBuffer(Math.max(bytes, 2 ** 16));
  const C = dtype === "float64" ? Float64Array : dtype === "float32" ? Float32Array : Float16Array;
  return new C(scratchBuffer, 0, n) as unknown as Float64Array;
}

/**
 * An array of `dtype` holding `run` over every element of `a` with the matching element of `b`
 * (`b` has `a`'s rank, broadcast along its length-1 axes; C-contiguous), laid out as NumPy
 * allocates an elementwise result: compact, its axes in NumPy's iteration order of the operands
 * (`b`'s strides count there only when `bOrders`). 64-bit integer input is read as float64. With
 * `temporary`, a float result lives in reused memory: it must be consumed before the next call.
 */
export function kOrderMap(
  a: NDArray,
  b: NDArray | null,
  dtype: NpDType,
  run: MapRun,
  bOrders = false,
  temporary = false,
): NDArray {
  if (isBig(a.dtype)) {
    a = new NDArray(castData(a.data, a.dtype, "float64"), a.shape, "float64", {
      strides: a.strides,
      offset: a.offset,
    });
  }
  const bStrides = b === null ? null : contiguousStrides(b.shape);
  const order = npOrder(
    a.shape,
    bOrders && bStrides !== null ? [a.strides, bStrides] : [a.strides],
  );
  const ks = new Array<number>(a.ndim);
  for (let i = order.length - 1, s = 1; i >= 0; i--) {
    ks[order[i]] = s;
    s *= a.shape[order[i]];
  }
  const out = temporary && kindOf(dtype) === "f"
    ? scratch(dtype, a.size)
    : alloc(dtype, a.size) as Float64Array;
  if (a.size === 0) return new NDArray(out, a.shape, dtype, { strides: ks });
  const bs = a.shape.map((_, i) => (b === null || b.shape[i] === 1 ? 0 : bStrides![i]));
  const src = a.data as Float64Array, bd = (b?.data ?? out) as Float64Array;
  const inner = order[order.length - 1];
  const n = inner === undefined ? 1 : a.shape[inner];
  const st = inner === undefined ? 0 : a.strides[inner], bst = inner === undefined ? 0 : bs[inner];
  const outer = order.slice(0, -1), m = outer.length;
  const idx = new Array<number>(m).fill(0);
  let p = a.offset, q = 0;
  for (let k = 0; k < out.length; k += n) {
    run(src, p, st, n, bd, q, bst, out, k);
    for (let d = m - 1; d >= 0; d--) {
      const ax = outer[d];
      p += a.strides[ax], q += bs[ax];
      if (++idx[d] < a.shape[ax]) break;
      idx[d] = 0;
      p -= a.strides[ax] * a.shape[ax], q -= bs[ax] * a.shape[ax];
    }
  }
  return new NDArray(out, a.shape, dtype, { strides: ks });
}

/**
 * Squared deviations `r(e * e)` with `e = r(r(x) - m)` (NumPy's `subtract` then `square`), `r`
 * rounding to the dtype they are computed in.
 */
export function squaredDeviations(d: NpDType): MapRun {
  return d === "float64" ? SQ_DEV_64 : d === "float32" ? SQ_DEV_32 : SQ_DEV_16;
}

const SQ_DEV_64: MapRun = (s, p, st, n, b, q, bs, out, k) => {
  if (st === 1 && bs === 0) {
    const m = b[q];
    for (let i = 0; i < n; i++) {
      const e = s[p + i] - m;
      out[k + i] = e * e;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const e = s[p + i * st] - b[q + i * bs];
    out[k + i] = e * e;
  }
};

const SQ_DEV_32: MapRun = (s, p, st, n, b, q, bs, out, k) => {
  const f = Math.fround;
  for (let i = 0; i < n; i++) {
    const e = f(f(s[p + i * st]) - b[q + i * bs]);
    out[k + i] = f(e * e);
  }
};

const SQ_DEV_16: MapRun = (s, p, st, n, b, q, bs, out, k) => {
  const h = Math.f16round;
  for (let i = 0; i < n; i++) {
    const e = h(h(s[p + i * st]) - b[q + i * bs]);
    out[k + i] = h(e * e);
  }
};

// ---------------------------------------------------------------------------------------------
// var, std.

function checkDdof(ddof: unknown, op: string): number {
  if (ddof === undefined) return 0;
  if (typeof ddof !== "number" || !Number.isFinite(ddof)) {
    throw new InvalidArgumentError(`${op}: ddof must be a finite number, got ${String(ddof)}`);
  }
  return ddof;
}

/**
 * NumPy's `_var`: the mean (summed in the dtype, divided, rounded), the squared deviations in
 * the promoted dtype, laid out as NumPy allocates them, summed again and divided by
 * `max(n - ddof, 0)`.
 */
export function variance(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  dtype: NpDType | undefined,
  ddof: number,
): NDArray {
  const d = dtype ?? meanType(x.dtype);
  const count = axes.reduce((n, i) => n * x.shape[i], 1);
  const sums = floatReduce(x, axes, true, d, "sum");
  const mean = alloc(d, sums.size) as Float64Array;
  const s = sums.data as Float64Array;
  for (let i = 0; i < s.length; i++) mean[i] = s[i] / count;
  const means = new NDArray(mean, sums.shape, d);
  const dev = npPromote(x.dtype, d);
  const sq = kOrderMap(x, means, dev, squaredDeviations(dev), false, true);
  const ret = floatReduce(sq, axes, keepdims, d, "sum");
  const div = Math.max(count - ddof, 0);
  const out = ret.data as Float64Array;
  for (let i = 0; i < out.length; i++) out[i] = out[i] / div;
  return ret;
}

/** `np.var`, naming `op` in errors. */
export function varOf(a: ArrayLike, options: VarOptions | undefined, op: string): NDArray {
  checkOptions(options, VAR_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op);
  return variance(x, axes, keepdims, floatDtype(options?.dtype, op), checkDdof(options?.ddof, op));
}

/** Square roots in place, rounded to the array's float dtype. */
export function sqrtInPlace(v: NDArray): NDArray {
  const d = v.data as Float64Array;
  for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
  return v;
}

/** `np.std`, naming `op` in errors. */
export function stdOf(a: ArrayLike, options: VarOptions | undefined, op: string): NDArray {
  return sqrtInPlace(varOf(a, options, op));
}

export { varFn as var };

/**
 * The variance over `axis` (all by default): the mean of the squared deviations from the mean,
 * divided by `n - ddof`; ints and bools give float64, floats keep their dtype (`dtype`, a float
 * dtype, sets the accumulation dtype). NumPy's `_var` step for step, so bit for bit NumPy's.
 * Exported as `np.var`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.var(a).toString(), np.var(a, { axis: 0 }).toString()); // 1.25 [1. 1.]
 * console.log(np.var(a, { ddof: 1 }).toString()); // 1.6666666666666667
 * ```
 */
function varFn(a: ArrayLike, options?: VarOptions): NDArray {
  return varOf(a, options, "np.var");
}

/**
 * The standard deviation over `axis` (all by default): the square root of `np.var`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.std(np.array([1, 2, 3, 4])).toString()); // 1.118033988749895
 * ```
 */
export function std(a: ArrayLike, options?: VarOptions): NDArray {
  return stdOf(a, options, "np.std");
}

// ---------------------------------------------------------------------------------------------
// Selection.

type Sortable = Float64Array | BigInt64Array | BigUint64Array;

/** Partially sorts `a[lo..hi]` so that `a[k]` is the k-th smallest and nothing after it is less. */
export function select(a: Sortable, k: number, lo = 0, hi = a.length - 1): void {
  const v = a as unknown as number[];
  let depth = 2 * Math.ceil(Math.log2(hi - lo + 2));
  while (hi > lo) {
    if (depth-- === 0) {
      const part = a.subarray(lo, hi + 1);
      part.sort();
      return;
    }
    // Median of three as the pivot.
    const mid = lo + ((hi - lo) >> 1);
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[hi] < v[mid]) swap(v, hi, mid);
    const pivot = v[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        swap(v, i, j);
        i++, j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(v: unknown[], i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
}

/** After `select(a, k)`, the smallest element after position k. */
function minAfter(a: Sortable, k: number): number | bigint {
  const v = a as unknown as number[];
  let m = v[k + 1];
  for (let i = k + 2; i < v.length; i++) if (v[i] < m) m = v[i];
  return m;
}

/**
 * The rows of `x` over `axes` (the reduced elements of each output element, C order): their
 * count, their length, and a copy of one row into a scratch array (doubles, or bigints for the
 * 64-bit integer dtypes).
 */
export class Rows {
  /** The number of rows (output elements). */
  readonly count: number;
  /** The elements of a row. */
  readonly n: number;
  readonly #x: NDArray;
  readonly #bases: Float64Array;
  readonly #offsets: Float64Array | null;

  /** The rows of `x` over `axes`. */
  constructor(x: NDArray, axes: readonly number[]) {
    const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const sub = (list: readonly number[], offset: number): Float64Array =>
      offsets(list.map((i) => x.shape[i]), list.map((i) => x.strides[i]), offset);
    this.#x = x;
    this.n = axes.reduce((n, i) => n * x.shape[i], 1);
    this.count = kept.reduce((n, i) => n * x.shape[i], 1);
    this.#bases = x.size === 0 ? new Float64Array(this.count) : sub(kept, x.offset);
    // A row that is one contiguous run is copied directly.
    const run = collapsesToUnit(axes.map((i) => x.shape[i]), axes.map((i) => x.strides[i]));
    this.#offsets = run || x.size === 0 ? null : sub(axes, 0);
  }

  /** A scratch array for one row. */
  scratch(): Sortable {
    const d = this.#x.dtype;
    return d === "int64"
      ? new BigInt64Array(this.n)
      : d === "uint64"
      ? new BigUint64Array(this.n)
      : new Float64Array(this.n);
  }

  /** Copies row `r` into `dst`. */
  fill(r: number, dst: Sortable): void {
    const p = this.#bases[r], src = this.#x.data;
    if (this.#offsets === null) {
      (dst as Float64Array).set((src as Float64Array).subarray(p, p + this.n));
      return;
    }
    const o = this.#offsets, s = src as unknown as number[], t = dst as unknown as number[];
    for (let i = 0; i < o.length; i++) t[i] = s[p + o[i]];
  }
}

/** True when axes of these lengths and strides cover one run of stride 1. */
function collapsesToUnit(shape: readonly number[], strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== s) return false;
    s *= shape[i];
  }
  return true;
}

/** True when a row (doubles) holds a NaN. */
function hasNaN(row: Sortable): boolean {
  if (!(row instanceof Float64Array)) return false;
  for (let i = 0; i < row.length; i++) if (row[i] !== row[i]) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// median.

/**
 * NumPy's `_median` of one row: the middle one or two order statistics averaged as `np.mean`
 * averages them (summed from 0 in the accumulation dtype, divided, rounded), NaN when the row
 * has a NaN. `acc` is the mean's accumulation dtype, `res` its result dtype.
 */
export function medianOfRow(row: Sortable, acc: NpDType, res: NpDType): number {
  const n = row.length;
  if (n === 0 || hasNaN(row)) return NaN;
  const r = roundTo(acc), conv = toFloat(acc);
  const h = n >> 1;
  let s: number;
  if (n % 2 === 1) {
    select(row, h);
    s = r(0 + conv(row[h]));
  } else {
    select(row, h - 1);
    const lo = conv(row[h - 1]), hi = conv(minAfter(row, h - 1));
    s = r(r(0 + lo) + hi);
  }
  return roundTo(res)(r(s / (n % 2 === 1 ? 1 : 2)));
}

/** `np.median` of a prepared input. */
export function medianOf(x: NDArray, axes: readonly number[], keepdims: boolean): NDArray {
  const res = meanType(x.dtype);
  const acc = x.dtype === "float16" ? "float32" : res;
  const rows = new Rows(x, axes);
  const out = alloc(res, rows.count) as Float64Array;
  const row = rows.scratch();
  for (let i = 0; i < rows.count; i++) {
    rows.fill(i, row);
    out[i] = medianOfRow(row, acc, res);
  }
  return new NDArray(out, reducedShape(x.shape, axes, keepdims), res);
}

/**
 * The median over `axis` (all by default), as NumPy computes it: the middle element, or the mean
 * of the two middle elements, in `np.mean`'s dtype (float64 for ints); NaN where a NaN is
 * present.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[10, 7, 4], [3, 2, 1]], "int32");
 * console.log(np.median(a).toString(), np.median(a, { axis: 0 }).toString()); // 3.5 [6.5 4.5 2.5]
 * ```
 */
export function median(a: ArrayLike, options?: MedianOptions): NDArray {
  const op = "np.median";
  checkOptions(options, MEDIAN_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op);
  return medianOf(x, axes, keepdims);
}

// ---------------------------------------------------------------------------------------------
// quantile, percentile.

/**
 * The quantiles as NumPy holds them: a weak scalar (a JS number, as a Python int or float) or an
 * array, with their dtype (int64 for a weak integer) and values.
 */
export interface Quantiles {
  /** True for a JS number (NumPy's weak `q`: the result keeps the input's float dtype). */
  weak: boolean;
  /** The dtype of `q` (and of the virtual indexes). */
  dtype: NpDType;
  /** The shape of `q`. */
  shape: number[];
  /** The values of `q`. */
  values: number[];
}

/** `q` of `np.quantile` (`percent` false) or `np.percentile` (true), divided and checked. */
export function quantilesOf(q: ArrayLike, percent: boolean, op: string): Quantiles {
  let out: Quantiles;
  if (typeof q === "number") {
    const dtype = percent || !Number.isInteger(q) ? "float64" : "int64";
    out = { weak: true, dtype, shape: [], values: [percent ? q / 100 : q] };
  } else {
    if (isScalar(q)) {
      throw new InvalidArgumentError(
        `${op}: q must be a number or an array, got ${typeof q} ${String(q)}`,
      );
    }
    const arr = asNDArray(q, op, true);
    if (arr.dtype === "bool") throw new InvalidArgumentError(`${op}: q must not be a bool array`);
    let dtype = arr.dtype;
    let values = Array.from(arr.contiguousData() as Float64Array, Number);
    if (percent) {
      dtype = kindOf(dtype) === "f" ? dtype : "float64";
      const r = roundTo(dtype);
      values = values.map((v) => r(v / 100));
    }
    out = { weak: false, dtype, shape: arr.shape.slice(), values };
  }
  if (out.shape.length > 2) {
    throw new InvalidArgumentError(
      `${op}: q must be at most 2-d, got shape [${out.shape.join(", ")}]`,
    );
  }
  if (!out.values.every((v) => v >= 0 && v <= 1)) {
    throw new InvalidArgumentError(
      percent
        ? `${op}: percentiles must be in the range [0, 100], got ${String(q)}`
        : `${op}: quantiles must be in the range [0, 1], got ${String(q)}`,
    );
  }
  return out;
}

/** The `method` option: only "linear" (NumPy's default) is implemented. */
export function checkMethod(method: unknown, op: string): void {
  if (method === undefined || method === "linear") return;
  throw new InvalidArgumentError(
    `${op}: method ${
      JSON.stringify(method)
    } is not implemented; only "linear" (NumPy's default) is`,
  );
}

/** The result dtype of the linear interpolation (`_lerp`) of `dtype` data at `q`. */
export function lerpType(dtype: NpDType, q: Quantiles): NpDType {
  if (kindOf(q.dtype) !== "f") return dtype;
  if (q.weak) return kindOf(dtype) === "f" ? dtype : "float64";
  return npPromote(dtype, q.dtype);
}

/**
 * NumPy's `_quantile` (method "linear") of one row for every quantile, written to `out` at `o`,
 * `o + step`, ...: the virtual index `(n - 1) * q` in q's dtype, its neighbours, and `_lerp`'s
 * `a + (b - a) * t` (or `b - (b - a) * (1 - t)` where `t >= 0.5`) with every step in NumPy's
 * dtype; integer quantiles index directly. A row with a NaN gives NaN.
 */
export function quantileOfRow(
  row: Sortable,
  dtype: NpDType,
  q: Quantiles,
  res: NpDType,
  out: NpTypedArray,
  o: number,
  step: number,
  op: string,
): void {
  const n = row.length;
  const o8 = out as unknown as (number | bigint)[];
  if (n === 0) {
    throw new InvalidArgumentError(`${op}: index -1 is out of bounds for axis 0 with size 0`);
  }
  if (hasNaN(row)) {
    for (let j = 0; j < q.values.length; j++) o8[o + j * step] = NaN;
    return;
  }
  const sorted = q.values.length > 4;
  if (sorted) row.sort();
  const pick = (k: number): number | bigint => {
    if (!sorted) select(row, k);
    return row[k];
  };
  if (kindOf(q.dtype) !== "f") {
    // Integer virtual indexes: no interpolation, the element itself.
    for (let j = 0; j < q.values.length; j++) o8[o + j * step] = pick((n - 1) * q.values[j]);
    return;
  }
  const rq = roundTo(q.dtype), rr = roundTo(res), conv = toFloat(res);
  const diffOf = differ(dtype);
  for (let j = 0; j < q.values.length; j++) {
    const v = rq(rq(n - 1) * q.values[j]);
    let prev = Math.floor(v), next = prev + 1;
    if (v >= n - 1) prev = next = -1;
    else if (v < 0) prev = next = 0;
    const g = rq(v - prev);
    const pi = prev < 0 ? n - 1 : prev, ni = next < 0 ? n - 1 : next;
    const a = pick(pi);
    const b = ni === pi ? a : sorted ? row[ni] : minAfter(row, pi);
    const diff = conv(diffOf(b, a));
    // t is weak (a Python float, rounded to the result dtype where it meets an array) or an array
    // element of q's dtype, promoted to the result dtype.
    const t = rr(g);
    let val: number;
    if (g >= 0.5) {
      const u = q.weak ? rr(1 - g) : rr(rq(1 - g));
      val = rr(conv(b) - rr(diff * u));
    } else val = rr(conv(a) + rr(diff * t));
    o8[o + j * step] = val;
  }
}

/** `b - a` in `dtype` (integers wrap), as a number or bigint. */
function differ(dtype: NpDType): (b: number | bigint, a: number | bigint) => number | bigint {
  if (kindOf(dtype) === "f") {
    const r = roundTo(dtype);
    return (b, a) => r((b as number) - (a as number));
  }
  const one = alloc(dtype, 1) as unknown as (number | bigint)[];
  return (b, a) => {
    one[0] = isBig(dtype) ? (b as bigint) - (a as bigint) : (b as number) - (a as number);
    return one[0];
  };
}

/** `np.quantile`/`np.percentile` of a prepared input (the q dimensions come first). */
export function quantileOf(
  x: NDArray,
  q: Quantiles,
  axes: readonly number[],
  keepdims: boolean,
  op: string,
): NDArray {
  if (x.dtype === "bool" && kindOf(q.dtype) === "f") {
    throw new InvalidArgumentError(
      `${op}: numpy boolean subtract is not supported (the input is bool)`,
    );
  }
  const res = lerpType(x.dtype, q);
  const rows = new Rows(x, axes);
  const shape = [...q.shape, ...reducedShape(x.shape, axes, keepdims)];
  const out = alloc(res, q.values.length * rows.count);
  const row = rows.scratch();
  for (let i = 0; i < rows.count; i++) {
    rows.fill(i, row);
    quantileOfRow(row, x.dtype, q, res, out, i, rows.count, op);
  }
  return new NDArray(out, shape, res);
}

function quantileWith(
  a: ArrayLike,
  q: ArrayLike,
  options: QuantileOptions | undefined,
  op: string,
  percent: boolean,
): NDArray {
  checkOptions(options, QUANTILE_KEYS, `${op} options`);
  checkMethod(options?.method, op);
  const [x, axes, keepdims] = prepare(a, options, op);
  return quantileOf(x, quantilesOf(q, percent, op), axes, keepdims, op);
}

/**
 * The `q`-th quantiles (`q` in [0, 1], a number or an array) over `axis` (all by default), by
 * NumPy's default method ("linear"): the dimensions of `q` come first. A float `q` interpolates
 * in the input's float dtype (float64 for ints), an integer `q` (0 or 1) picks an element.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[10, 7, 4], [3, 2, 1]], "int32");
 * console.log(np.quantile(a, 0.5).toString(), np.quantile(a, 0.5, { axis: 1 }).toString()); // 3.5 [7. 2.]
 * console.log(np.quantile(a, [0.25, 0.75]).toString()); // [2.25 6.25]
 * ```
 */
export function quantile(a: ArrayLike, q: ArrayLike, options?: QuantileOptions): NDArray {
  return quantileWith(a, q, options, "np.quantile", false);
}

/**
 * The `q`-th percentiles (`q` in [0, 100], a number or an array) over `axis` (all by default):
 * `np.quantile` at `q / 100`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[10, 7, 4], [3, 2, 1]], "int32");
 * console.log(np.percentile(a, 50).toString(), np.percentile(a, 50, { axis: 0 }).toString()); // 3.5 [6.5 4.5 2.5]
 * ```
 */
export function percentile(a: ArrayLike, q: ArrayLike, options?: QuantileOptions): NDArray {
  return quantileWith(a, q, options, "np.percentile", true);
}

// ---------------------------------------------------------------------------------------------
// average.

/**
 * The (weighted) average over `axis` (all by default). Without `weights` it is `np.mean`; with
 * them it is `sum(a * w) / sum(w)` in the promoted dtype (at least float64 for ints), as NumPy's
 * `average` computes it. Weights summing to zero are an error.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.average(a, { weights: [[1, 1], [1, 5]] }).toString()); // 3.25
 * console.log(np.average(a, { axis: 1, weights: [3, 1] }).toString()); // [1.25 3.25]
 * ```
 */
export function average(a: ArrayLike, options?: AverageOptions): NDArray {
  const op = "np.average";
  checkOptions(options, AVERAGE_KEYS, `${op} options`);
  const x = asNDArray(a, op, true);
  const axes = npAxes(options?.axis, x.ndim, op);
  const keepdims = checkKeepdims(options?.keepdims, op);
  const weights = options?.weights;
  if (weights === undefined || weights === null) return meanOf(x, axes, keepdims, undefined);
  let w = asNDArray(weights, op, true);
  const same = w.ndim === x.ndim && w.shape.every((d, i) => d === x.shape[i]);
  if (!same) {
    if (options?.axis === undefined || options.axis === null) {
      throw new InvalidArgumentError(
        `${op}: axis must be specified when shapes of a and weights differ`,
      );
    }
    // NumPy's order of the given axes: weights of shape a.shape[axis] in that order.
    const given = (typeof options.axis === "number" ? [options.axis] : options.axis)
      .map((ax) => (ax < 0 ? ax + x.ndim : ax));
    const want = given.map((ax) => x.shape[ax]);
    if (w.ndim !== want.length || w.shape.some((d, i) => d !== want[i])) {
      throw new InvalidArgumentError(
        `${op}: shape of weights must be consistent with shape of a along specified axis: ` +
          `weights have shape [${w.shape.join(", ")}], a has [${want.join(", ")}] there`,
      );
    }
    const byAxis = given.map((_, i) => i).sort((p, q) => given[p] - given[q]);
    const t = new NDArray(w.data, byAxis.map((i) => w.shape[i]), w.dtype, {
      strides: byAxis.map((i) => w.strides[i]),
      offset: w.offset,
    });
    w = new NDArray(
      t.contiguousData(),
      x.shape.map((d, i) => (given.includes(i) ? d : 1)),
      w.dtype,
    );
  } else w = new NDArray(w.contiguousData(), w.shape, w.dtype);
  const res = kindOf(x.dtype) === "f"
    ? npPromote(x.dtype, w.dtype)
    : npPromote(npPromote(x.dtype, w.dtype), "float64");
  const scl = floatReduce(w, axes, keepdims, res, "sum");
  const sd = scl.data as Float64Array;
  if (sd.some((v) => v === 0)) {
    throw new InvalidArgumentError(`${op}: weights sum to zero, can't be normalized`);
  }
  const r = roundTo(res);
  const prod = kOrderMap(
    x,
    recast(w, "float64"),
    res,
    (s, p, st, n, b, q, bs, out, k) => {
      for (let i = 0; i < n; i++) out[k + i] = r(r(s[p + i * st]) * r(b[q + i * bs]));
    },
    true,
    true,
  );
  const tot = floatReduce(prod, axes, keepdims, res, "sum");
  const td = tot.data as Float64Array;
  const sShape = scl.shape;
  const bcast = sShape.length === tot.shape.length && sShape.every((d, i) => d === tot.shape[i]);
  for (let i = 0; i < td.length; i++) td[i] = td[i] / (bcast ? sd[i] : sd[0]);
  return tot;
}

/** `castData` of a float result to another float dtype (used by the nan variants). */
export function recast(v: NDArray, dtype: NpDType): NDArray {
  return v.dtype === dtype
    ? v
    : new NDArray(castData(v.contiguousData(), v.dtype, dtype), v.shape, dtype);
}
