/**
 * `np.sum`, `np.mean`, `np.max`, `np.min` and `np.argmax` with NumPy 2's axis rules and result
 * dtypes (on Linux: the sum of small signed ints is int64, of small unsigned ints uint64; the mean
 * of ints and bools is float64). Float sums follow NumPy's summation order (pairwise over the
 * innermost reduced run of the row-major data, sequential across the others), so results match
 * NumPy's to the last bit for row-major inputs.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { contiguousStrides } from "../shape.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, kindOf } from "./dtypes.ts";

/** Options of `np.sum`, `np.mean`, `np.max` and `np.min`. */
export interface ReduceOptions {
  /** The axis or axes to reduce (negative counts from the end); all when omitted or null. */
  axis?: number | readonly number[] | null;
  /** Keep the reduced axes with length 1 (default false). */
  keepdims?: boolean;
}

/** Options of `np.argmax`. */
export interface ArgmaxOptions {
  /** The axis to search; the flattened array when omitted or null. */
  axis?: number | null;
  /** Keep the reduced axis with length 1 (default false). */
  keepdims?: boolean;
}

const REDUCE_KEYS = keysOf<ReduceOptions>({ axis: true, keepdims: true });
const ARGMAX_KEYS = keysOf<ArgmaxOptions>({ axis: true, keepdims: true });

/** Normalises NumPy's `axis` argument: sorted distinct axes, NumPy's errors otherwise. */
export function npAxes(
  axis: number | readonly number[] | null | undefined,
  ndim: number,
  op: string,
): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(
      `${op}: axis must be an integer, an array of integers or null, got ${String(axis)}`,
    );
  }
  const out = list.map((a) => {
    if (typeof a !== "number" || !Number.isInteger(a)) {
      throw new InvalidArgumentError(`${op}: axis must be an integer, got ${String(a)}`);
    }
    if (a < -ndim || a >= ndim) {
      throw new InvalidArgumentError(
        `${op}: axis ${a} is out of bounds for array of dimension ${ndim}`,
      );
    }
    return a < 0 ? a + ndim : a;
  });
  if (new Set(out).size !== out.length) {
    throw new InvalidArgumentError(`${op}: duplicate value in 'axis': [${list.join(", ")}]`);
  }
  return out.sort((x, y) => x - y);
}

function checkKeepdims(keepdims: unknown, op: string): boolean {
  if (keepdims === undefined) return false;
  if (typeof keepdims !== "boolean") {
    throw new InvalidArgumentError(`${op}: keepdims must be a boolean, got ${String(keepdims)}`);
  }
  return keepdims;
}

/** The row-major offsets of every element of a strided index space, in C order. */
function offsets(shape: readonly number[], strides: readonly number[]): Float64Array {
  const n = shape.reduce((p, d) => p * d, 1);
  const out = new Float64Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  let p = 0;
  for (let k = 0; k < n; k++) {
    out[k] = p;
    for (let d = shape.length - 1; d >= 0; d--) {
      p += strides[d];
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
      p -= strides[d] * shape[d];
    }
  }
  return out;
}

/** How a reduction walks a row-major input: the output and the reduced element offsets. */
interface Plan {
  /** The output shape with keepdims applied. */
  shape: number[];
  /** Offset in the input of the first element of each output element. */
  bases: Float64Array;
  /** Offsets of the reduced elements, relative to a base, in C order. */
  reduced: Float64Array;
}

function plan(inShape: readonly number[], axes: readonly number[], keepdims: boolean): Plan {
  const strides = contiguousStrides(inShape);
  const isRed = (i: number): boolean => axes.includes(i);
  const keptDims = inShape.map((_, i) => i).filter((i) => !isRed(i));
  return {
    shape: keepdims ? inShape.map((d, i) => (isRed(i) ? 1 : d)) : keptDims.map((i) => inShape[i]),
    bases: offsets(keptDims.map((i) => inShape[i]), keptDims.map((i) => strides[i])),
    reduced: offsets(axes.map((i) => inShape[i]), axes.map((i) => strides[i])),
  };
}

/** NumPy's sum dtype on Linux: small ints widen to int64/uint64, bool gives int64. */
export function sumType(d: NpDType): NpDType {
  const k = kindOf(d);
  return k === "f" ? d : k === "u" ? "uint64" : "int64";
}

/** `fround` or the identity: the precision of a float accumulator. */
type Round = (x: number) => number;
const ident: Round = (x) => x;

/** NumPy's pairwise summation (loops_utils.h.src), in the accumulator's precision. */
function pairwise(a: globalThis.ArrayLike<number>, start: number, n: number, r: Round): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res = r(res + a[start + i]);
    return res;
  }
  if (n <= 128) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 = r(r0 + a[p]), r1 = r(r1 + a[p + 1]), r2 = r(r2 + a[p + 2]), r3 = r(r3 + a[p + 3]);
      r4 = r(r4 + a[p + 4]), r5 = r(r5 + a[p + 5]), r6 = r(r6 + a[p + 6]), r7 = r(r7 + a[p + 7]);
    }
    let res = r(r(r(r0 + r1) + r(r2 + r3)) + r(r(r4 + r5) + r(r6 + r7)));
    for (; i < n; i++) res = r(res + a[start + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwise(a, start, n2, r) + pairwise(a, start + n2, n - n2, r));
}

/** The elements of the buffer NumPy's iterator fills when a reduction casts (8192). */
const BUFSIZE = 8192;

/**
 * A float sum in NumPy's order into `out` (initialised to 0, NumPy's identity). `src` holds the
 * input in the accumulation dtype; `r` rounds to the accumulator precision; `chunk` splits the
 * innermost reduced run into buffer-sized pieces (NumPy buffers when the reduction casts).
 */
function floatSum(
  src: globalThis.ArrayLike<number>,
  shape: readonly number[],
  axes: readonly number[],
  out: Float64Array | Float32Array | Float16Array,
  r: Round,
  chunk: number,
): void {
  // Coalesce runs of reduced and of kept axes (length-1 axes drop out), as NumPy's iterator does.
  const groups: { n: number; red: boolean }[] = [];
  shape.forEach((d, i) => {
    if (d === 1) return;
    const red = axes.includes(i);
    const last = groups[groups.length - 1];
    if (last !== undefined && last.red === red) last.n *= d;
    else groups.push({ n: d, red });
  });
  if (shape.some((d) => d === 0)) return;
  if (groups.length === 0) {
    out[0] = r(out[0] + src[0]);
    return;
  }
  const inner = groups[groups.length - 1];
  const outer = groups.slice(0, -1);
  const outerSize = outer.reduce((p, g) => p * g.n, 1);
  // Output stride of each outer group (0 for reduced ones).
  const ostr = new Array<number>(outer.length);
  let s = inner.red ? 1 : inner.n;
  for (let g = outer.length - 1; g >= 0; g--) {
    ostr[g] = outer[g].red ? 0 : s;
    if (!outer[g].red) s *= outer[g].n;
  }
  const idx = new Array<number>(outer.length).fill(0);
  let o = 0;
  for (let k = 0; k < outerSize; k++) {
    const p = k * inner.n;
    if (inner.red) {
      const step = chunk > 0 ? chunk : inner.n;
      for (let c = 0; c < inner.n; c += step) {
        out[o] = r(out[o] + pairwise(src, p + c, Math.min(step, inner.n - c), r));
      }
    } else {
      for (let j = 0; j < inner.n; j++) out[o + j] = out[o + j] + src[p + j];
    }
    for (let g = outer.length - 1; g >= 0; g--) {
      o += ostr[g];
      if (++idx[g] < outer[g].n) break;
      idx[g] = 0;
      o -= ostr[g] * outer[g].n;
    }
  }
}

/** An integer sum into the int64/uint64 `out`, exact (wrapping). */
function intSum(src: NpTypedArray, p: Plan, out: BigInt64Array | BigUint64Array): void {
  const { bases, reduced } = p;
  const m = reduced.length;
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let o = 0; o < bases.length; o++) {
      let acc = 0n;
      for (let j = 0; j < m; j++) acc += src[bases[o] + reduced[j]];
      out[o] = acc;
    }
    return;
  }
  const s = src as Float64Array;
  // Sums of up to 2^20 elements of at most 2^32 stay exact as doubles.
  const block = 1 << 20;
  for (let o = 0; o < bases.length; o++) {
    let acc = 0n;
    for (let j0 = 0; j0 < m; j0 += block) {
      let part = 0;
      for (let j = j0, end = Math.min(m, j0 + block); j < end; j++) {
        part += s[bases[o] + reduced[j]];
      }
      acc += BigInt(part);
    }
    out[o] = acc;
  }
}

function prepare(
  a: ArrayLike,
  options: ReduceOptions | ArgmaxOptions | undefined,
  op: string,
): [NDArray, number[], boolean] {
  const x = asNDArray(a, op, true);
  return [x, npAxes(options?.axis, x.ndim, op), checkKeepdims(options?.keepdims, op)];
}

const ROUND: Record<string, Round> = { float64: ident, float32: Math.fround, float16: Math.fround };

/**
 * The sum of the elements over `axis` (all by default), in NumPy's dtype: small ints widen to
 * int64 (signed) or uint64 (unsigned), bool counts into int64, floats keep their dtype (float16
 * accumulates in float32, as NumPy). Integer sums wrap.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.sum(a).toString(), np.sum(a).dtype); // 10 int64
 * console.log(np.sum(a, { axis: 0 }).toString()); // [4 6]
 * console.log(np.sum(a, { axis: 1, keepdims: true }).toString()); // [[3]\n [7]]
 * ```
 */
export function sum(a: ArrayLike, options?: ReduceOptions): NDArray {
  checkOptions(options, REDUCE_KEYS, "np.sum options");
  const [x, axes, keepdims] = prepare(a, options, "np.sum");
  const dtype = sumType(x.dtype);
  const p = plan(x.shape, axes, keepdims);
  const out = alloc(dtype, p.bases.length);
  if (kindOf(dtype) === "f") {
    floatSum(
      x.contiguousData() as Float64Array,
      x.shape,
      axes,
      out as Float64Array,
      ROUND[dtype],
      0,
    );
  } else {
    intSum(x.contiguousData(), p, out as BigInt64Array);
  }
  return new NDArray(out, p.shape, dtype);
}

/**
 * The arithmetic mean over `axis` (all by default): ints and bools give float64, float16 is
 * summed in float32 and rounded back, float32 and float64 keep their dtype. An empty reduction
 * gives NaN (NumPy warns).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.mean(a).toString(), np.mean(a).dtype); // 2.5 float64
 * console.log(np.mean(a, { axis: 1 }).toString()); // [1.5 3.5]
 * ```
 */
export function mean(a: ArrayLike, options?: ReduceOptions): NDArray {
  checkOptions(options, REDUCE_KEYS, "np.mean options");
  const [x, axes, keepdims] = prepare(a, options, "np.mean");
  const k = kindOf(x.dtype);
  const dtype: NpDType = k === "f" ? x.dtype : "float64";
  const acc: NpDType = x.dtype === "float16" ? "float32" : dtype;
  const p = plan(x.shape, axes, keepdims);
  const count = axes.reduce((n, i) => n * x.shape[i], 1);
  const sums = alloc(acc, p.bases.length) as Float64Array;
  const casts = acc !== x.dtype;
  floatSum(
    castData(x.contiguousData(), x.dtype, acc) as Float64Array,
    x.shape,
    axes,
    sums,
    ROUND[acc],
    casts ? BUFSIZE : 0,
  );
  const out = alloc(dtype, sums.length) as Float64Array;
  const r = ROUND[acc];
  for (let i = 0; i < sums.length; i++) out[i] = r(sums[i] / count);
  return new NDArray(out, p.shape, dtype);
}

function extremum(a: ArrayLike, options: ReduceOptions | undefined, max: boolean): NDArray {
  const op = max ? "np.max" : "np.min";
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op);
  const p = plan(x.shape, axes, keepdims);
  if (p.reduced.length === 0 && p.bases.length > 0) {
    throw new InvalidArgumentError(
      `${op}: zero-size array to reduction operation ${
        max ? "maximum" : "minimum"
      } which has no identity`,
    );
  }
  const src = x.contiguousData() as unknown as (number | bigint)[];
  const out = alloc(x.dtype, p.bases.length) as unknown as (number | bigint)[];
  const float = kindOf(x.dtype) === "f";
  const { bases, reduced } = p;
  for (let o = 0; o < bases.length; o++) {
    let best = src[bases[o]];
    for (let j = 1; j < reduced.length; j++) {
      const v = src[bases[o] + reduced[j]];
      if (float && v !== v) {
        best = v;
        break;
      }
      if (max ? v >= best : v <= best) best = v; // of equal values (-0, +0) the last, as NumPy
    }
    out[o] = best;
  }
  return new NDArray(out as unknown as NpTypedArray, p.shape, x.dtype);
}

/**
 * The largest element over `axis` (all by default), in the input's dtype; NaN propagates. An
 * empty reduction is an error, as in NumPy.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.max(np.array([[1, 5], [3, 2]]), { axis: 0 }).toString()); // [3. 5.]
 * ```
 */
export function max(a: ArrayLike, options?: ReduceOptions): NDArray {
  return extremum(a, options, true);
}

/**
 * The smallest element over `axis` (all by default), in the input's dtype; NaN propagates.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.min(np.array([[1, 5], [3, 2]], "int8")).toString()); // 1
 * ```
 */
export function min(a: ArrayLike, options?: ReduceOptions): NDArray {
  return extremum(a, options, false);
}

/**
 * The index of the first largest element along `axis` (of the flattened array by default), as
 * int64; a NaN counts as the largest.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 5, 5], [7, 2, 0]]);
 * console.log(np.argmax(a).toString(), np.argmax(a, { axis: 1 }).toString()); // 3 [1 0]
 * ```
 */
export function argmax(a: ArrayLike, options?: ArgmaxOptions): NDArray {
  const op = "np.argmax";
  checkOptions(options, ARGMAX_KEYS, `${op} options`);
  if (options?.axis !== undefined && options.axis !== null && typeof options.axis !== "number") {
    throw new InvalidArgumentError(`${op}: axis must be an integer or null, got ${options.axis}`);
  }
  const [input, inputAxes, keepdims] = prepare(a, options, op);
  let x = input, axes = inputAxes;
  const flat = options?.axis === undefined || options.axis === null;
  const ndim = x.ndim;
  if (flat) {
    x = new NDArray(x.contiguousData(), [x.size], x.dtype);
    axes = [0];
  }
  if (x.shape[axes[0]] === 0) {
    throw new InvalidArgumentError(`${op}: attempt to get argmax of an empty sequence`);
  }
  const p = plan(x.shape, axes, keepdims);
  const src = x.contiguousData() as unknown as (number | bigint)[];
  const out = new BigInt64Array(p.bases.length);
  const float = kindOf(x.dtype) === "f";
  const { bases, reduced } = p;
  for (let o = 0; o < bases.length; o++) {
    let best = src[bases[o]], at = 0;
    if (!(float && best !== best)) {
      for (let j = 1; j < reduced.length; j++) {
        const v = src[bases[o] + reduced[j]];
        if (v > best || (float && v !== v)) {
          best = v, at = j;
          if (v !== v) break;
        }
      }
    }
    out[o] = BigInt(at);
  }
  const shape = flat && keepdims ? new Array<number>(ndim).fill(1) : p.shape;
  return new NDArray(out, shape, "int64");
}
