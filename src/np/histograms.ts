/**
 * `np.bincount`, `np.histogram` and `np.digitize`, ported from NumPy's own code so that the
 * results are NumPy's to the bit: `histogram` builds its edges as `np.linspace` does, in the
 * dtype NumPy picks (NEP 50: JS numbers in `range` are weak scalars, the data's min and max are
 * strong), finds each value's bin with NumPy's formula and its one-off corrections against the
 * edges, and sums weights in blocks of 65536 as NumPy's `bincount` calls do. With explicit edges
 * it counts through a sort and `searchsorted`, as NumPy.
 *
 * @module
 */
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, floatToInt, isBig, kindOf } from "./dtypes.ts";
import { npPromote, resultType } from "./promote.ts";
import { sum } from "./reduce.ts";
import { bigToFloat64, binsearch, comparable, indexDoubles, stableOrder } from "./sorting.ts";

/** Options of `np.bincount`. */
export interface BincountOptions {
  /** A weight per element of `x` (summed per bin, as float64) instead of counting ones. */
  weights?: ArrayLike | null;
  /** The least number of bins of the result (default 0). */
  minlength?: number;
}

/** Options of `np.histogram`. */
export interface HistogramOptions {
  /** The number of equal-width bins (default 10), or the bin edges (increasing). */
  bins?: number | ArrayLike;
  /** The lower and upper edge of the equal-width bins (default: the data's min and max). */
  range?: readonly [number, number] | null;
  /** Return the probability density (the integral over the range is 1) instead of counts. */
  density?: boolean | null;
  /** A weight per element of `a`, summed per bin (the result takes the weights' dtype). */
  weights?: ArrayLike | null;
}

/** Options of `np.digitize`. */
export interface DigitizeOptions {
  /** Bins include their right edge instead of their left one (default false). */
  right?: boolean;
}

const BINCOUNT_KEYS = keysOf<BincountOptions>({ weights: true, minlength: true });
const HISTOGRAM_KEYS = keysOf<HistogramOptions>({
  bins: true,
  range: true,
  density: true,
  weights: true,
});
const DIGITIZE_KEYS = keysOf<DigitizeOptions>({ right: true });
const TWO32 = 4294967296;
/** NumPy's histogram block: its data is binned this many elements at a time. */
const BLOCK = 65536;

/** Rounding of a float dtype's arithmetic (a double result rounded once). */
type Round = (x: number) => number;
const ROUND: Record<string, Round> = {
  float64: (x) => x,
  float32: Math.fround,
  float16: Math.f16round,
};

/** `x` rounded to `dtype` (floats) or as it is (integers, held exactly as doubles). */
function roundTo(x: number, dtype: NpDType): number {
  return kindOf(dtype) === "f" ? ROUND[dtype](x) : x;
}

function int64Words(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, 2 * a.length);
}

/** The elements as doubles (64-bit integers rounded as NumPy's cast to float64). */
function doubles(x: NDArray): Float64Array {
  const d = x.contiguousData();
  if (x.dtype === "float64") return d as Float64Array;
  return isBig(x.dtype) ? bigToFloat64(d, x.dtype) : new Float64Array(d as Float32Array);
}

// ---------------------------------------------------------------------------------------------
// bincount

/**
 * The number of occurrences of each value of the non-negative integers `x` (1-d): bin `i` counts
 * the `i`s (int64), or sums their `weights` (float64). The result has `max(x) + 1` bins, at
 * least `minlength`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.bincount([0, 1, 1, 3]).toString()); // [1 2 0 1]
 * console.log(np.bincount([0, 1, 1], { weights: [0.5, 1, 2], minlength: 4 }).toString()); // [0.5 3.  0.  0. ]
 * ```
 */
export function bincount(x: ArrayLike, options?: BincountOptions): NDArray {
  const op = "np.bincount";
  checkOptions(options, BINCOUNT_KEYS, `${op} options`);
  const minlength = options?.minlength ?? 0;
  if (typeof minlength !== "number" || !Number.isInteger(minlength)) {
    throw new InvalidArgumentError(`${op}: minlength must be an integer, got ${String(minlength)}`);
  }
  if (minlength < 0) throw new InvalidArgumentError(`${op}: 'minlength' must not be negative`);
  const arr = asNDArray(x, op, true);
  if (arr.ndim !== 1) {
    throw new InvalidArgumentError(
      `${op}: ${arr.ndim === 0 ? "object of too small depth" : "object too deep"} for desired ` +
        `array: x must be 1-d, got shape ${npShape(arr.shape)}`,
    );
  }
  const values = binIndices(arr, x, op);
  let top = -1;
  for (let i = 0; i < values.length; i++) if (values[i] > top) top = values[i];
  const bins = Math.max(top + 1, minlength);
  const w = options?.weights;
  if (w === undefined || w === null) {
    // Counts below 2^31 live in the low words of the int64 result.
    const out = new BigInt64Array(bins);
    countInto(values, int64Words(out));
    return new NDArray(out, [bins], "int64");
  }
  const weights = asNDArray(w, op, true);
  if (weights.ndim !== 1 || weights.size !== arr.size) {
    throw new InvalidArgumentError(
      `${op}: the weights and list don't have the same length (${weights.size} and ${arr.size})`,
    );
  }
  const wd = doubles(weights);
  const out = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) out[values[i]] += wd[i];
  return new NDArray(out, [bins], "float64");
}

/** The bin of each element of `bincount`'s `x` as int32, or NumPy's error for a negative one. */
function binIndices(arr: NDArray, raw: unknown, op: string): Int32Array {
  const n = arr.size;
  const out = new Int32Array(n);
  const negative = () =>
    new InvalidArgumentError(`${op}: 'list' argument must have no negative elements`);
  if (isBig(arr.dtype)) {
    // int64/uint64: a high word of 0 is a value below 2^32; any other is negative (as intp) or
    // far beyond what can be allocated.
    const d = arr.contiguousData();
    const w = new Int32Array(d.buffer, d.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const lo = w[2 * i];
      if (w[2 * i + 1] !== 0 || lo < 0) {
        if (w[2 * i + 1] < 0) throw negative();
        throw new InvalidArgumentError(`${op}: value ${d[i]} is too large for a bin count`);
      }
      out[i] = lo;
    }
    return out;
  }
  const values = indexDoubles(arr, raw, op, "x values");
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < 0) throw negative();
    if (v >= 2 ** 31) {
      throw new InvalidArgumentError(`${op}: value ${v} is too large for a bin count`);
    }
    out[i] = v;
  }
  return out;
}

function countInto(values: Int32Array, words: Int32Array): void {
  for (let i = 0; i < values.length; i++) words[2 * values[i]]++;
}

// ---------------------------------------------------------------------------------------------
// histogram

/** A histogram edge as NumPy holds it: a weak JS number, or a strong scalar of a dtype. */
interface Edge {
  value: number;
  /** The dtype of a strong scalar; null for a weak JS number. */
  dtype: NpDType | null;
  /** The exact value of an int64/uint64 scalar (`value` is it rounded to a double). */
  exact?: bigint;
}

function operandOf(e: Edge): NpDType | Scalar {
  return e.dtype ?? e.value;
}

/** NumPy's `_get_outer_edges`: the range, from `range` or the data's min and max. */
function outerEdges(a: NDArray, data: Float64Array, range: unknown, op: string): [Edge, Edge] {
  let first: Edge, last: Edge;
  if (range !== undefined && range !== null) {
    if (
      !Array.isArray(range) || range.length !== 2 ||
      !range.every((v) => typeof v === "number")
    ) {
      throw new InvalidArgumentError(
        `${op}: range must be a pair of numbers [min, max], got ${String(range)}`,
      );
    }
    first = { value: range[0], dtype: null };
    last = { value: range[1], dtype: null };
    if (first.value > last.value) {
      throw new InvalidArgumentError(`${op}: max must be larger than min in range parameter`);
    }
    if (!Number.isFinite(first.value) || !Number.isFinite(last.value)) {
      throw new InvalidArgumentError(
        `${op}: supplied range of [${first.value}, ${last.value}] is not finite`,
      );
    }
  } else if (data.length === 0) {
    first = { value: 0, dtype: null };
    last = { value: 1, dtype: null };
  } else {
    let mn = data[0], mx = data[0], nan = false;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v !== v) nan = true;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    if (nan || !Number.isFinite(mn) || !Number.isFinite(mx)) {
      const show = (v: number) => (nan ? "nan" : String(v));
      throw new InvalidArgumentError(
        `${op}: autodetected range of [${show(mn)}, ${show(mx)}] is not finite`,
      );
    }
    first = { value: mn, dtype: a.dtype };
    last = { value: mx, dtype: a.dtype };
    if (isBig(a.dtype)) [first.exact, last.exact] = exactExtremes(a);
  }
  if (first.value === last.value) {
    // `first - 0.5`: a weak number stays weak; a strong int becomes float64, a float keeps its.
    const shift = (e: Edge, d: number): Edge => {
      if (e.dtype === null) return { value: e.value + d, dtype: null };
      const t = kindOf(e.dtype) === "f" ? e.dtype : "float64";
      return { value: roundTo(e.value + d, t), dtype: t };
    };
    first = shift(first, -0.5);
    last = shift(last, 0.5);
  }
  return [first, last];
}

/** The exact least and greatest elements of an int64/uint64 array (compared as word pairs). */
function exactExtremes(a: NDArray): [bigint, bigint] {
  const d = a.contiguousData();
  const w = new Uint32Array(d.buffer, d.byteOffset, 2 * d.length);
  const flip = a.dtype === "int64" ? 0x80000000 : 0;
  let lo = 0, hi = 0;
  const key = (i: number, word: number) => (word === 1 ? (w[2 * i + 1] ^ flip) >>> 0 : w[2 * i]);
  for (let i = 1; i < d.length; i++) {
    if (key(i, 1) < key(lo, 1) || (key(i, 1) === key(lo, 1) && key(i, 0) < key(lo, 0))) lo = i;
    if (key(i, 1) > key(hi, 1) || (key(i, 1) === key(hi, 1) && key(i, 0) > key(hi, 0))) hi = i;
  }
  return [(d as BigInt64Array)[lo], (d as BigInt64Array)[hi]];
}

/** `edge` as a value of `dtype` (weak integers and floats rounded into a float dtype). */
function edgeIn(e: Edge, dtype: NpDType): number {
  return roundTo(e.value, dtype);
}

/**
 * NumPy's `np.linspace(first, last, num, dtype=binType)`: computed in the start and stop's own
 * inexact dtype (each operation rounded to it), then cast to `binType`.
 */
function linspaceEdges(first: Edge, last: Edge, num: number, binType: NpDType): Float64Array {
  let dt = resultType(operandOf(first), operandOf(last));
  if (kindOf(dt) !== "f") dt = "float64";
  const r = ROUND[dt];
  const start = edgeIn(first, dt), stop = edgeIn(last, dt);
  const div = num - 1;
  const delta = r(stop - start);
  const y = new Float64Array(num);
  const step = div > 0 ? r(delta / div) : NaN;
  for (let i = 0; i < num; i++) {
    const v = div > 0 ? (step === 0 ? r(r(i / div) * delta) : r(i * step)) : r(i * delta);
    y[i] = r(v + start);
  }
  if (num > 1) y[num - 1] = stop;
  return binType === dt ? y : new Float64Array(castData(y, "float64", binType) as Float64Array);
}

/** NumPy's `_unsigned_subtract(last, first)` of two edges: the value and its (strong) dtype. */
function edgeSpan(first: Edge, last: Edge): [number, NpDType] {
  const dt = resultType(operandOf(last), operandOf(first));
  if (kindOf(dt) === "f") return [roundTo(edgeIn(last, dt) - edgeIn(first, dt), dt), dt];
  // Integers: the difference wraps into the unsigned dtype of the same size.
  const unsigned = (dt.startsWith("u") ? dt : "u" + dt) as NpDType;
  const bits = unsigned === "uint64" ? 64 : Number(unsigned.slice(4));
  const exact = (e: Edge): bigint => e.exact ?? BigInt(e.value);
  const span = BigInt.asUintN(bits, exact(last) - exact(first));
  return [Number(span), unsigned];
}

/** The dtype of a weights array's bins and how a sum of it is stored. */
interface Accumulator {
  dtype: NpDType;
  /** `n + x` in the dtype (floats rounded, integers wrapped, bool or-ed). */
  add(n: number, x: number): number;
  /** A double (a float64 block sum) cast to the dtype, as `astype`. */
  cast(x: number): number;
}

function accumulator(dtype: NpDType): Accumulator {
  const k = kindOf(dtype);
  if (k === "f") {
    const r = ROUND[dtype];
    return { dtype, add: (n, x) => r(n + x), cast: r };
  }
  if (k === "b") return { dtype, add: (n, x) => +(n !== 0 || x !== 0), cast: (x) => +(x !== 0) };
  const cell = alloc(dtype, 1) as Int32Array;
  const wrap = (x: number): number => {
    cell[0] = x;
    return cell[0];
  };
  return {
    dtype,
    add: (n, x) => wrap(n + x),
    cast: (x) => wrap(Number(floatToInt(x, dtype))),
  };
}

/** Bin sums per NumPy's uniform-bins loop: `indices` and weights of one block into `n`. */
function histogramUniform(
  a: Float64Array,
  aDtype: NpDType,
  w: Float64Array | null,
  acc: Accumulator | null,
  first: Edge,
  last: Edge,
  edges: Float64Array,
  binType: NpDType,
  bins: number,
): Float64Array {
  // Which values are kept: compared with each edge in their promoted dtype.
  const keepType1 = resultType(aDtype, operandOf(first)),
    keepType2 = resultType(aDtype, operandOf(last));
  const lo = edgeIn(first, keepType1), hi = edgeIn(last, keepType2);
  const r1 = kindOf(keepType1) === "f" ? ROUND[keepType1] : null;
  const r2 = kindOf(keepType2) === "f" ? ROUND[keepType2] : null;
  // f = ((x - first) / span) * bins in NumPy's dtypes.
  const subType = resultType(binType, operandOf(first));
  const rs = ROUND[subType];
  const f0 = edgeIn(first, subType);
  const [span, spanType] = edgeSpan(first, last);
  const divType = npPromote(subType, spanType);
  const rd = ROUND[divType];
  const denom = roundTo(span, divType);
  const rb = ROUND[binType];
  const n = new Float64Array(bins);
  const plain = r1 === null && r2 === null && binType === "float64" && subType === "float64" &&
    divType === "float64";
  if (plain && w === null) {
    // float64 throughout (no roundings): NumPy's formula and corrections, counts only.
    countFloat64(a, lo, hi, f0, denom, bins, edges, n);
    return n;
  }
  const block = new Float64Array(acc === null ? 0 : bins);
  for (let start = 0; start < a.length; start += BLOCK) {
    const end = Math.min(a.length, start + BLOCK);
    for (let i = start; i < end; i++) {
      const raw = a[i];
      const x1 = r1 === null ? raw : r1(raw), x2 = r2 === null ? raw : r2(raw);
      if (!(x1 >= lo && x2 <= hi)) continue;
      const x = rb(raw);
      let idx = rd(rd(rs(x - f0) / denom) * bins) | 0;
      if (idx === bins) idx--;
      if (x < edges[idx]) idx--;
      if (x >= edges[idx + 1] && idx !== bins - 1) idx++;
      if (w === null) n[idx]++;
      else block[idx] += w[i];
    }
    if (acc !== null) {
      for (let b = 0; b < bins; b++) n[b] = acc.add(n[b], acc.cast(block[b]));
      block.fill(0);
    }
  }
  return n;
}

/** `histogramUniform`'s loop when every step is float64 and nothing is weighted. */
function countFloat64(
  a: Float64Array,
  lo: number,
  hi: number,
  f0: number,
  denom: number,
  bins: number,
  edges: Float64Array,
  n: Float64Array,
): void {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (!(x >= lo && x <= hi)) continue;
    // NumPy's cast to intp truncates; the quotient lies in [0, bins].
    let idx = (((x - f0) / denom) * bins) | 0;
    if (idx === bins) idx--;
    if (x < edges[idx]) idx--;
    if (x >= edges[idx + 1] && idx !== bins - 1) idx++;
    n[idx]++;
  }
}

/**
 * Bin sums with explicit edges (NumPy's cumulative path): the counts of values below each edge
 * by a sort and `searchsorted` (the last edge inclusive), weights through cumulative sums in
 * blocks of 65536. The weights of equal values are summed in their input order (a stable sort);
 * NumPy's quicksort may sum them in another, which for float weights can change the last bit.
 */
function histogramEdges(
  x: NDArray,
  weights: NDArray | null,
  acc: Accumulator | null,
  edges: NDArray,
  op: string,
): Float64Array | BigInt64Array {
  const k = edges.size;
  const [keys, ek] = comparable([x, edges]);
  const cum = new Float64Array(k);
  const bigWeights = weights !== null && isBig(weights.dtype);
  const cumBig = bigWeights ? new BigInt64Array(k) : null;
  const w = weights === null || bigWeights ? null : doubles(weights);
  const wBig = bigWeights ? weights!.contiguousData() as BigInt64Array : null;
  const ret = new Int32Array(2 * k);
  for (let start = 0; start < keys.length; start += weights === null ? keys.length : BLOCK) {
    const end = weights === null ? keys.length : Math.min(keys.length, start + BLOCK);
    const m = end - start;
    const { order } = stableOrder(keys.subarray(start, end), "float64");
    const sorted = new Float64Array(m);
    for (let i = 0; i < m; i++) sorted[i] = keys[start + order[i]];
    binsearch(sorted, ek.subarray(0, k - 1), false, null, ret, op);
    binsearch(sorted, ek.subarray(k - 1), true, null, ret.subarray(2 * (k - 1)), op);
    if (weights === null) {
      for (let j = 0; j < k; j++) cum[j] += ret[2 * j];
      continue;
    }
    if (cumBig !== null) {
      // int64/uint64 weights: exact cumulative sums (wrapping), as NumPy's int64 cumsum.
      const cs = new BigInt64Array(m + 1);
      for (let i = 0; i < m; i++) cs[i + 1] = BigInt.asIntN(64, cs[i] + wBig![start + order[i]]);
      for (let j = 0; j < k; j++) cumBig[j] = BigInt.asIntN(64, cumBig[j] + cs[ret[2 * j]]);
      continue;
    }
    // cumsum in NumPy's dtype: the weights' own float dtype, else int64 (exact as doubles: a
    // block sums at most 2^16 values of at most 32 bits).
    const csum = new Float64Array(m + 1);
    const r = kindOf(acc!.dtype) === "f" ? ROUND[acc!.dtype] : (v: number) => v;
    for (let i = 0; i < m; i++) csum[i + 1] = r(csum[i] + w![start + order[i]]);
    for (let j = 0; j < k; j++) cum[j] = acc!.add(cum[j], csum[ret[2 * j]]);
  }
  if (cumBig !== null) {
    const out = new BigInt64Array(k - 1);
    for (let j = 0; j + 1 < k; j++) out[j] = cumBig[j + 1] - cumBig[j];
    return out;
  }
  const out = new Float64Array(k - 1);
  for (let j = 0; j + 1 < k; j++) {
    out[j] = acc === null ? cum[j + 1] - cum[j] : acc.add(cum[j + 1], -cum[j]);
  }
  return out;
}

/** The histogram of bool data is the histogram of its uint8 values, as NumPy (which warns). */
function histogramInput(a: ArrayLike, op: string): NDArray {
  const x = asNDArray(a, op, true);
  const flat = new NDArray(x.contiguousData(), [x.size], x.dtype);
  return x.dtype === "bool" ? new NDArray(flat.data, flat.shape, "uint8") : flat;
}

function checkWeights(
  w: ArrayLike | null | undefined,
  a: NDArray,
  shape: readonly number[],
  op: string,
): NDArray | null {
  if (w === undefined || w === null) return null;
  const weights = asNDArray(w, op, true);
  if (weights.shape.length !== shape.length || weights.shape.some((d, i) => d !== shape[i])) {
    throw new InvalidArgumentError(
      `${op}: weights should have the same shape as a (${npShape(shape)}), got ${
        npShape(weights.shape)
      }`,
    );
  }
  return new NDArray(weights.contiguousData(), [a.size], weights.dtype);
}

/**
 * The histogram of `a` (flattened): `[hist, bin_edges]`. `bins` is a number of equal-width bins
 * over `range` (default 10 over the data's min and max), or the edges themselves; every bin
 * holds `edge[i] <= x < edge[i + 1]` except the last, which includes its right edge. `hist` is
 * int64 counts, the sums of `weights` in the weights' dtype, or with `density` the float64
 * density. Edges and bins are computed as NumPy does, bit for bit.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const [hist, edges] = np.histogram([1, 2, 1], { bins: 2 });
 * console.log(hist.toString(), edges.toString()); // [2 1] [1.  1.5 2. ]
 * const [h] = np.histogram([0.5, 1.5, 2.5, 3], { bins: [0, 1, 2, 3] });
 * console.log(h.toString()); // [1 1 2]
 * ```
 */
export function histogram(a: ArrayLike, options?: HistogramOptions): [NDArray, NDArray] {
  const op = "np.histogram";
  checkOptions(options, HISTOGRAM_KEYS, `${op} options`);
  const x = histogramInput(a, op);
  const shape = asNDArray(a, op, true).shape;
  const weights = checkWeights(options?.weights, x, shape, op);
  const density = options?.density ?? false;
  if (typeof density !== "boolean") {
    throw new InvalidArgumentError(`${op}: density must be a boolean, got ${String(density)}`);
  }
  const bins = options?.bins ?? 10;
  const data = doubles(x);
  const acc = weights === null ? null : accumulator(weights.dtype);
  let hist: Float64Array | BigInt64Array, edges: NDArray;
  if (typeof bins === "number") {
    if (!Number.isInteger(bins)) {
      throw new InvalidArgumentError(
        `${op}: \`bins\` must be an integer or an array, got ${bins}`,
      );
    }
    if (bins < 1) {
      throw new InvalidArgumentError(`${op}: \`bins\` must be positive, when an integer`);
    }
    const [first, last] = outerEdges(x, data, options?.range, op);
    let binType = resultType(operandOf(first), operandOf(last), x.dtype);
    if (kindOf(binType) !== "f") binType = "float64";
    const e = linspaceEdges(first, last, bins + 1, binType);
    for (let i = 0; i < bins; i++) {
      if (!(e[i] < e[i + 1])) {
        throw new InvalidArgumentError(
          `${op}: too many bins for data range: cannot create ${bins} finite-sized bins`,
        );
      }
    }
    edges = new NDArray(castData(e, "float64", binType), [bins + 1], binType);
    const simple = weights === null || !isBig(weights.dtype);
    if (simple) {
      const w = weights === null ? null : doubles(weights);
      hist = histogramUniform(data, x.dtype, w, acc, first, last, e, binType, bins);
    } else hist = histogramEdges(x, weights, acc, edges, op);
  } else {
    edges = asNDArray(bins, op, true);
    if (edges.ndim !== 1) {
      throw new InvalidArgumentError(
        `${op}: \`bins\` must be 1d, when an array, got shape ${npShape(edges.shape)}`,
      );
    }
    const ed = doubles(edges);
    for (let i = 0; i + 1 < ed.length; i++) {
      if (ed[i] > ed[i + 1]) {
        throw new InvalidArgumentError(
          `${op}: \`bins\` must increase monotonically, when an array`,
        );
      }
    }
    if (edges.size < 1) {
      throw new InvalidArgumentError(`${op}: \`bins\` must have at least one edge`);
    }
    if (weights !== null && weights.dtype === "bool") {
      throw new InvalidArgumentError(
        `${op}: cannot cast ufunc 'add' output from dtype('int64') to dtype('bool') with ` +
          `casting rule 'same_kind' (bool weights with explicit bins)`,
      );
    }
    hist = histogramEdges(x, weights, acc, edges, op);
  }
  const nbins = edges.size - 1;
  const histDtype: NpDType = weights === null ? "int64" : weights.dtype;
  const histArray = hist instanceof BigInt64Array
    ? new NDArray(hist, [nbins], histDtype)
    : histogramOut(hist, histDtype);
  if (!density) return [histArray, edges];
  // n / db / n.sum(), with db the edge differences in the edges' dtype, then float64.
  const ed = doubles(edges), r = kindOf(edges.dtype) === "f" ? ROUND[edges.dtype] : null;
  const total = doubles(sum(histArray))[0];
  const hd = doubles(histArray);
  const out = new Float64Array(nbins);
  for (let i = 0; i < nbins; i++) {
    const db = r === null ? ed[i + 1] - ed[i] : r(ed[i + 1] - ed[i]);
    out[i] = hd[i] / db / total;
  }
  return [new NDArray(out, [nbins], "float64"), edges];
}

/** Bin sums held as doubles, as an array of the histogram's dtype. */
function histogramOut(n: Float64Array, dtype: NpDType): NDArray {
  if (dtype === "int64") {
    const out = new BigInt64Array(n.length);
    const w = int64Words(out);
    for (let i = 0; i < n.length; i++) {
      const hi = Math.floor(n[i] / TWO32);
      w[2 * i] = n[i] - hi * TWO32;
      w[2 * i + 1] = hi;
    }
    return new NDArray(out, [n.length], dtype);
  }
  return new NDArray(castData(n, "float64", dtype), [n.length], dtype);
}

// ---------------------------------------------------------------------------------------------
// digitize

/** NumPy's `_monotonicity` of bins read as doubles: 1 increasing, -1 decreasing, 0 neither. */
function monotonicity(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return 1;
  let last = a[0], i = 1;
  while (i < n && a[i] === last) i++;
  if (i === n) return 1;
  let next = a[i];
  if (last < next) {
    for (i += 1; i < n; i++) {
      last = next;
      next = a[i];
      if (last > next) return 0;
    }
    return 1;
  }
  for (i += 1; i < n; i++) {
    last = next;
    next = a[i];
    if (last < next) return 0;
  }
  return -1;
}

/**
 * The index of the bin of each element of `x` (int64, `x`'s shape): `i` such that
 * `bins[i - 1] <= x < bins[i]` for increasing `bins` (`<` and `<=` swap with `right`), and the
 * mirror for decreasing ones; 0 and `bins.length` mean below and above.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.digitize([0.2, 6.4, 3.0, 1.6], [0, 1, 2.5, 4, 10]).toString()); // [1 4 3 2]
 * console.log(np.digitize([1, 2, 3], [1, 2, 3], { right: true }).toString()); // [0 1 2]
 * ```
 */
export function digitize(x: ArrayLike, bins: ArrayLike, options?: DigitizeOptions): NDArray {
  const op = "np.digitize";
  checkOptions(options, DIGITIZE_KEYS, `${op} options`);
  const right = options?.right ?? false;
  if (typeof right !== "boolean") {
    throw new InvalidArgumentError(`${op}: right must be a boolean, got ${String(right)}`);
  }
  const xs = asNDArray(x, op, true), b = asNDArray(bins, op, true);
  if (b.ndim !== 1) {
    throw new InvalidArgumentError(
      `${op}: object too deep for desired array: bins must be 1-d, got shape ${npShape(b.shape)}`,
    );
  }
  const mono = monotonicity(doubles(b));
  if (mono === 0) {
    throw new InvalidArgumentError(`${op}: bins must be monotonically increasing or decreasing`);
  }
  const [bk, xk] = comparable([b, xs]);
  const out = new BigInt64Array(xs.size);
  const words = int64Words(out);
  // NumPy searches with the opposite side: "right" bins search on the left, and vice versa.
  if (mono === 1) binsearch(bk, xk, !right, null, words, op);
  else {
    binsearch(bk.slice().reverse(), xk, !right, null, words, op);
    for (let i = 0; i < out.length; i++) words[2 * i] = b.size - words[2 * i];
  }
  return new NDArray(out, xs.shape, "int64");
}
