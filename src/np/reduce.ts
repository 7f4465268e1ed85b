/**
 * NumPy's reductions over axes (`sum`, `prod`, `mean`, `max`/`min`/`amax`/`amin`, `ptp`,
 * `argmax`/`argmin`, `all`/`any`, `count_nonzero`) with `axis`/`keepdims`/`dtype` and NumPy 2's
 * dtype rules, and the option handling the statistics share.
 *
 * Float results follow NumPy's iteration (./nditer.ts) and pairwise sums (./float_sums.ts), so
 * sums, means and products of any input (contiguous or not, cast or not) match NumPy's to the last
 * bit; max/min keep NumPy's NaN propagation and its choice among -0.0/+0.0. Integer results are
 * exact (wrapping), in any order: they run on the tensor kernels where the dtype has them (max,
 * min, all, any, argmax/argmin, products, int64 sums), else on typed-array loops.
 *
 * @module
 */
import { nativeKernels, nativeMinElements } from "../backends/cpu/native.ts";
import { cpuBackend } from "../device.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { ARG_REDUCE_OPS } from "../ops/op_ids.ts";
import { checkOptions, keysOf } from "../options.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, checkNpDType, intRange, isBig, kindOf } from "./dtypes.ts";
import { AS_F32, floatReduce } from "./float_sums.ts";
import { hasKernels, kernelCast, kernelReduce, output, viewOf } from "./kernels.ts";
import {
  isWholeC,
  type Loops,
  reducedShape,
  reduceInto,
  reduceWith,
  toCOrder,
  walk,
} from "./nditer.ts";

// ---------------------------------------------------------------------------------------------
// Options.

/** Options of `np.max`, `np.min`, `np.amax`, `np.amin`, `np.ptp`, `np.all`, `np.any`, ... */
export interface ReduceOptions {
  /** The axis or axes to reduce (negative counts from the end); all when omitted or null. */
  axis?: number | readonly number[] | null;
  /** Keep the reduced axes with length 1 (default false). */
  keepdims?: boolean;
}

/** Options of `np.sum`, `np.prod`, `np.mean` and their nan variants. */
export interface SumOptions extends ReduceOptions {
  /** The dtype to accumulate in and return (NumPy's `dtype`); NumPy's default when omitted. */
  dtype?: NpDType | null;
}

/** Options of `np.argmax`, `np.argmin`, `np.nanargmax` and `np.nanargmin`. */
export interface ArgmaxOptions {
  /** The axis to search; the flattened array when omitted or null. */
  axis?: number | null;
  /** Keep the reduced axis with length 1 (default false). */
  keepdims?: boolean;
}

/** The keys of `ReduceOptions`. */
export const REDUCE_KEYS: readonly string[] = keysOf<ReduceOptions>({ axis: true, keepdims: true });
/** The keys of `SumOptions`. */
export const SUM_KEYS: readonly string[] = keysOf<SumOptions>({
  axis: true,
  keepdims: true,
  dtype: true,
});
/** The keys of `ArgmaxOptions`. */
export const ARGMAX_KEYS: readonly string[] = keysOf<ArgmaxOptions>({ axis: true, keepdims: true });

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

/**
 * NumPy's single `axis` (an integer or null, as argmax and cumsum take), normalised; axis 0 (or
 * -1) of a 0-d array is no axis, as in NumPy.
 */
export function npAxis(axis: unknown, ndim: number, op: string): number | null {
  if (axis === undefined || axis === null || (ndim === 0 && (axis === 0 || axis === -1))) {
    return null;
  }
  if (typeof axis !== "number") {
    throw new InvalidArgumentError(`${op}: axis must be an integer or null, got ${String(axis)}`);
  }
  return npAxes(axis, ndim, op)[0];
}

/** The `keepdims` option, checked. */
export function checkKeepdims(keepdims: unknown, op: string): boolean {
  if (keepdims === undefined) return false;
  if (typeof keepdims !== "boolean") {
    throw new InvalidArgumentError(`${op}: keepdims must be a boolean, got ${String(keepdims)}`);
  }
  return keepdims;
}

/** The `dtype` option, checked (undefined when omitted or null). */
export function checkDtype(dtype: unknown, op: string): NpDType | undefined {
  return dtype === undefined || dtype === null ? undefined : checkNpDType(dtype, op);
}

/**
 * An input and its reduced axes and keepdims: the start of every reduction. `ufunc` marks NumPy's
 * ufunc reductions, which take axis 0 (or -1) of a 0-d array as no axis.
 */
export function prepare(
  a: ArrayLike,
  options: ReduceOptions | undefined,
  op: string,
  ufunc = false,
): [NDArray, number[], boolean] {
  const x = asNDArray(a, op, true);
  const axis = ufunc && x.ndim === 0 && (options?.axis === 0 || options?.axis === -1)
    ? null
    : options?.axis;
  return [x, npAxes(axis, x.ndim, op), checkKeepdims(options?.keepdims, op)];
}

/** NumPy's sum dtype on Linux: small ints widen to int64/uint64, bool gives int64. */
export function sumType(d: NpDType): NpDType {
  const k = kindOf(d);
  return k === "f" ? d : k === "u" ? "uint64" : "int64";
}

// ---------------------------------------------------------------------------------------------
// Integer sums and products: exact, wrapping, in any order.

const TWO32 = 2 ** 32;
/** Additions of values below 2^32 that a double holds exactly. */
const EXACT_ADDS = 2 ** 20;

/**
 * Integer sums into doubles: the output's low parts (`lo`, kept below 2^32 by carrying into
 * `hi`, counted in units of 2^32). Elementwise runs carry every 2^20 passes.
 */
function intSumLoops(lo: Float64Array, hi: Float64Array): Loops {
  let passes = 0;
  const carry = (o: number): void => {
    const q = Math.floor(lo[o] / TWO32);
    hi[o] += q;
    lo[o] -= q * TWO32;
  };
  return {
    fold(src, p, n, st, _out, o) {
      const s = src as Float64Array;
      for (let i0 = 0; i0 < n; i0 += EXACT_ADDS) {
        let acc = 0;
        for (let i = i0, end = Math.min(n, i0 + EXACT_ADDS); i < end; i++) acc += s[p + i * st];
        lo[o] += acc;
        carry(o);
      }
    },
    each(src, p, n, st, _out, o, os) {
      const s = src as Float64Array;
      for (let j = 0; j < n; j++) lo[o + j * os] += s[p + j * st];
      if (++passes === EXACT_ADDS) {
        passes = 0;
        for (let i = 0; i < lo.length; i++) carry(i);
      }
    },
  };
}

/** The 32-bit halves of 64-bit integer data: [low (unsigned), high (signed for int64)]. */
function halves(x: NDArray): [NDArray, NDArray] {
  const d = x.data as BigInt64Array;
  const lo = new Uint32Array(d.buffer, d.byteOffset, d.length * 2);
  const hi = x.dtype === "int64"
    ? new Int32Array(d.buffer, d.byteOffset, d.length * 2)
    : new Uint32Array(d.buffer, d.byteOffset, d.length * 2);
  const strides = x.strides.map((s) => 2 * s);
  return [
    new NDArray(lo, x.shape, "uint32", { strides, offset: 2 * x.offset }),
    new NDArray(hi, x.shape, hi instanceof Int32Array ? "int32" : "uint32", {
      strides,
      offset: 2 * x.offset + 1,
    }),
  ];
}

/**
 * The sums of `axes` of integer or bool data (below 2^32 in magnitude) as doubles: the low parts
 * in [0, 2^32) and the high parts (in units of 2^32), in C order. Order does not matter here, so
 * a non-contiguous input is copied first rather than buffered as NumPy buffers it.
 */
function intSums(x: NDArray, axes: readonly number[]): [Float64Array, Float64Array] {
  let w = walk(x.shape, x.strides, axes, false);
  if (w.buffered) {
    x = new NDArray(x.contiguousData(), x.shape, x.dtype);
    w = walk(x.shape, x.strides, axes, false);
  }
  const lo = new Float64Array(w.outSize), hi = new Float64Array(w.outSize);
  reduceInto(x, w, lo, intSumLoops(lo, hi));
  for (let i = 0; i < lo.length; i++) {
    const q = Math.floor(lo[i] / TWO32);
    hi[i] += q;
    lo[i] -= q * TWO32;
  }
  return [toCOrder(lo, w, x.shape, axes), toCOrder(hi, w, x.shape, axes)];
}

/**
 * Integer or bool data summed into the integer dtype `dtype`, wrapping: the sum modulo 2^64 is
 * written as its two 32-bit halves (no bigint per element). A 64-bit input is summed as its two
 * halves: `l0 + 2^32 (h0 + l1) + 2^64 h1` keeps `l0` low and `h0 + l1` high.
 */
function intSum(x: NDArray, axes: readonly number[], keepdims: boolean, dtype: NpDType): NDArray {
  const shape = reducedShape(x.shape, axes, keepdims);
  if (
    x.dtype === "int64" && isBig(dtype) && nativeKernels() !== null && x.size >= nativeMinElements()
  ) {
    // The native library's int64 sum wraps as NumPy's does, in any order.
    const r = kernelReduce("sum", x, axes, "int64")!;
    return new NDArray(
      dtype === "int64" ? r.data : new BigUint64Array(r.data.buffer),
      shape,
      dtype,
    );
  }
  let low: Float64Array, high: Float64Array;
  if (isBig(x.dtype)) {
    const [l, h] = halves(x);
    const [l0, h0] = intSums(l, axes), [l1] = intSums(h, axes);
    low = l0, high = h0.map((v, i) => v + l1[i]);
  } else [low, high] = intSums(x, axes);
  const out = alloc(dtype, low.length);
  if (isBig(dtype)) {
    const w = new Int32Array(out.buffer, out.byteOffset, 2 * low.length);
    for (let i = 0; i < low.length; i++) w[2 * i] = low[i], w[2 * i + 1] = high[i] % TWO32;
  } else (out as Float64Array).set(low);
  return new NDArray(out, shape, dtype);
}

/** The product of integer data in int64 (wrapping), on the tensor kernel (int64 has one). */
function intProd(x: NDArray, axes: readonly number[], keepdims: boolean, dtype: NpDType): NDArray {
  const wide = x.dtype === "int64" ? x : kernelCast(x, "int64") ??
    new NDArray(castData(x.contiguousData(), x.dtype, "int64"), x.shape, "int64");
  const raw = kernelReduce("prod", wide, axes, "int64")!.data as BigInt64Array;
  const bits = dtype === "int64" ? raw : castData(raw, "int64", dtype);
  return new NDArray(bits, reducedShape(x.shape, axes, keepdims), dtype);
}

// ---------------------------------------------------------------------------------------------
// sum, prod, mean.

/** The input cast to `dtype` (NumPy's reductions cast the input when given a dtype). */
function castInput(x: NDArray, dtype: NpDType): NDArray {
  if (x.dtype === dtype) return x;
  return new NDArray(castData(x.contiguousData(), x.dtype, dtype), x.shape, dtype);
}

/** `np.sum`, naming `op` in errors. */
export function sumOf(a: ArrayLike, options: SumOptions | undefined, op: string): NDArray {
  checkOptions(options, SUM_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  const dtype = checkDtype(options?.dtype, op) ?? sumType(x.dtype);
  if (kindOf(dtype) === "f") return floatReduce(x, axes, keepdims, dtype, "sum");
  if (dtype === "bool") return anyAll(castInput(x, "bool"), axes, keepdims, "any");
  const src = kindOf(x.dtype) === "f" ? castInput(x, dtype) : x;
  return intSum(src, axes, keepdims, dtype);
}

/**
 * The sum of the elements over `axis` (all by default), in NumPy's dtype: small ints widen to
 * int64 (signed) or uint64 (unsigned), bool counts into int64, floats keep their dtype (float16
 * accumulates in float32 within each run, as NumPy). Integer sums wrap; float sums are NumPy's
 * pairwise sums, bit for bit. `dtype` sets the accumulation and result dtype.
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
export function sum(a: ArrayLike, options?: SumOptions): NDArray {
  return sumOf(a, options, "np.sum");
}

/** `np.prod`, naming `op` in errors. */
export function prodOf(a: ArrayLike, options: SumOptions | undefined, op: string): NDArray {
  checkOptions(options, SUM_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  const dtype = checkDtype(options?.dtype, op) ?? sumType(x.dtype);
  if (kindOf(dtype) === "f") return floatReduce(x, axes, keepdims, dtype, "prod");
  if (dtype === "bool") return anyAll(castInput(x, "bool"), axes, keepdims, "all");
  const src = kindOf(x.dtype) === "f" ? castInput(x, dtype) : x;
  return intProd(src, axes, keepdims, dtype);
}

/**
 * The product of the elements over `axis` (all by default), with `np.sum`'s dtypes (small ints
 * widen to int64/uint64; integer products wrap). Float products multiply in NumPy's order.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int8");
 * console.log(np.prod(a).toString(), np.prod(a).dtype); // 24 int64
 * console.log(np.prod(a, { axis: 1 }).toString()); // [ 2 12]
 * ```
 */
export function prod(a: ArrayLike, options?: SumOptions): NDArray {
  return prodOf(a, options, "np.prod");
}

/** NumPy's mean dtype: floats keep theirs, ints and bool give float64. */
export function meanType(d: NpDType): NpDType {
  return kindOf(d) === "f" ? d : "float64";
}

/** A float dtype option of the statistics (mean, var, std), checked. */
export function floatDtype(dtype: unknown, op: string): NpDType | undefined {
  const d = checkDtype(dtype, op);
  if (d !== undefined && kindOf(d) !== "f") {
    throw new InvalidArgumentError(
      `${op}: dtype must be a float dtype (float16, float32, float64), got ${d}`,
    );
  }
  return d;
}

/**
 * NumPy's `_mean` of `x` over `axes`: summed in the accumulation dtype (the `dtype` option, else
 * float64 for ints and bools, float32 for float16, the input's dtype for the other floats),
 * divided by the count in float64 and rounded to it, then (float16 input) rounded to float16.
 */
export function meanOf(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  dtype: NpDType | undefined,
): NDArray {
  const res = dtype ?? meanType(x.dtype);
  const acc = dtype ?? (x.dtype === "float16" ? "float32" : res);
  const sums = floatReduce(x, axes, keepdims, acc, "sum");
  const count = axes.reduce((n, i) => n * x.shape[i], 1);
  const s = sums.data as Float64Array;
  const q = alloc(acc, s.length) as Float64Array;
  for (let i = 0; i < s.length; i++) q[i] = s[i] / count;
  return new NDArray(castData(q, acc, res), sums.shape, res);
}

/** `np.mean`, naming `op` in errors. */
export function meanWith(a: ArrayLike, options: SumOptions | undefined, op: string): NDArray {
  checkOptions(options, SUM_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op);
  return meanOf(x, axes, keepdims, floatDtype(options?.dtype, op));
}

/**
 * The arithmetic mean over `axis` (all by default): ints and bools give float64, float16 is
 * summed in float32 and rounded back, float32 and float64 keep their dtype; `dtype` (a float
 * dtype) sets the accumulation dtype. Bit for bit NumPy's. An empty reduction gives NaN (NumPy
 * warns).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.mean(a).toString(), np.mean(a).dtype); // 2.5 float64
 * console.log(np.mean(a, { axis: 1 }).toString()); // [1.5 3.5]
 * ```
 */
export function mean(a: ArrayLike, options?: SumOptions): NDArray {
  return meanWith(a, options, "np.mean");
}

// ---------------------------------------------------------------------------------------------
// max, min, ptp.

/** Float16 maximum/minimum (`HALF_maximum`): NaN propagates, of equal values the first stays. */
function halfExtremumLoops(max: boolean): Loops {
  return {
    fold(src, p, n, st, out, o) {
      const s = src as Float32Array, d = out as Float16Array;
      let acc = d[o];
      for (let i = 0; i < n; i++) {
        const v = s[p + i * st];
        if (!((max ? acc >= v : acc <= v) || acc !== acc)) acc = v;
      }
      d[o] = acc;
    },
    each(src, p, n, st, out, o, os) {
      const s = src as Float32Array, d = out as Float16Array;
      for (let j = 0; j < n; j++) {
        const acc = d[o + j * os], v = s[p + j * st];
        if (!((max ? acc >= v : acc <= v) || acc !== acc)) d[o + j * os] = v;
      }
    },
  };
}

/**
 * The largest (`max`) or smallest element of a run: NaN when the run holds one, else the extremum
 * (of zeros, the first one).
 */
export function runExtremum(
  s: Float64Array,
  p: number,
  n: number,
  st: number,
  max: boolean,
): number {
  let m = max ? -Infinity : Infinity;
  if (st === 1) {
    const end = p + n;
    if (max) {
      for (let i = p; i < end; i++) {
        const v = s[i];
        if (v > m) m = v;
        else if (v !== v) return NaN;
      }
    } else {
      for (let i = p; i < end; i++) {
        const v = s[i];
        if (v < m) m = v;
        else if (v !== v) return NaN;
      }
    }
    return m;
  }
  if (max) {
    for (let i = 0; i < n; i++) {
      const v = s[p + i * st];
      if (v > m) m = v;
      else if (v !== v) return NaN;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = s[p + i * st];
      if (v < m) m = v;
      else if (v !== v) return NaN;
    }
  }
  return m;
}

/**
 * Float32/float64 maximum/minimum (NumPy's `maximum.reduce`): NaN propagates, and of equal values
 * the last in NumPy's order wins, which matters only for -0.0 and +0.0: a run's zero result takes
 * the sign of its last zero.
 */
function floatExtremumLoops(max: boolean): Loops {
  const better = (v: number, acc: number): boolean =>
    acc === acc && (v !== v || (max ? v >= acc : v <= acc));
  return {
    fold(src, p, n, st, out, o) {
      const s = src as Float64Array, d = out as Float64Array;
      let r = runExtremum(s, p, n, st, max);
      if (r === 0) {
        for (let j = n - 1; j >= 0; j--) {
          if (s[p + j * st] === 0) {
            r = s[p + j * st];
            break;
          }
        }
      }
      if (better(r, d[o])) d[o] = r;
    },
    each(src, p, n, st, out, o, os) {
      const s = src as Float64Array, d = out as Float64Array;
      for (let j = 0; j < n; j++) {
        const v = s[p + j * st];
        if (better(v, d[o + j * os])) d[o + j * os] = v;
      }
    },
  };
}

const MAX_LOOPS = floatExtremumLoops(true);
const MIN_LOOPS = floatExtremumLoops(false);

/** Max/min of data without kernels (int8, int16, uint16, uint32, uint64): order-free. */
function plainExtremumLoops(max: boolean): Loops {
  return {
    fold(src, p, n, st, out, o) {
      const s = src as unknown as number[], d = out as unknown as number[];
      let acc = d[o];
      for (let i = 0; i < n; i++) {
        const v = s[p + i * st];
        if (max ? v > acc : v < acc) acc = v;
      }
      d[o] = acc;
    },
    each(src, p, n, st, out, o, os) {
      const s = src as unknown as number[], d = out as unknown as number[];
      for (let j = 0; j < n; j++) {
        const v = s[p + j * st];
        if (max ? v > d[o + j * os] : v < d[o + j * os]) d[o + j * os] = v;
      }
    },
  };
}

/** NumPy's error for an empty reduction of an op without an identity (max, min, fmax, ...). */
export function zeroSize(op: string, name: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `${op}: zero-size array to reduction operation ${name} which has no identity`,
  );
}

/**
 * Float32/float64 max/min on the native CPU library (kernels/np_extremum.cu) where NumPy's
 * iteration is rows of contiguous elements, each reduced to one result: the same NaN and zero
 * rules as the loops, in one vectorised pass. Null when the library is absent, the array small or
 * the iteration another.
 */
function nativeExtremum(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  max: boolean,
): NDArray | null {
  const dtype = x.dtype as "float32" | "float64";
  if (x.size < nativeMinElements()) return null;
  const k = nativeKernels();
  if (k === null) return null;
  const w = walk(x.shape, x.strides, axes, false);
  const [d0, d1] = w.dims;
  if (d0.si !== 1 || d0.so !== 0 || w.dims.length > 2) return null;
  if (d1 !== undefined && (d1.si !== d0.n || d1.so !== 1)) return null;
  const rows = d1?.n ?? 1, n = d0.n;
  const data = x.data as Float64Array;
  const out = alloc(dtype, w.outSize) as Float64Array;
  k.npExtremum(false, max, dtype, rows, n, data.subarray(x.offset, x.offset + rows * n), out);
  return new NDArray(toCOrder(out, w, x.shape, axes), reducedShape(x.shape, axes, keepdims), dtype);
}

/** `np.max`/`np.min` of a prepared input. */
export function extremum(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  max: boolean,
  op: string,
): NDArray {
  if (axes.some((a) => x.shape[a] === 0)) throw zeroSize(op, max ? "maximum" : "minimum");
  if (x.size === 0) {
    return new NDArray(alloc(x.dtype, 0), reducedShape(x.shape, axes, keepdims), x.dtype);
  }
  if (x.dtype === "float16") {
    return reduceWith(
      x,
      axes,
      keepdims,
      "float16",
      max ? -Infinity : Infinity,
      halfExtremumLoops(max),
      false,
      AS_F32,
    );
  }
  if (x.dtype === "float64" || x.dtype === "float32") {
    const native = nativeExtremum(x, axes, keepdims, max);
    if (native !== null) return native;
    const init = max ? -Infinity : Infinity;
    return reduceWith(x, axes, keepdims, x.dtype, init, max ? MAX_LOOPS : MIN_LOOPS, false);
  }
  if (hasKernels(x.dtype)) {
    // Integers: any order gives NumPy's result.
    const r = kernelReduce(max ? "max" : "min", x, axes, x.dtype)!;
    return new NDArray(r.data, reducedShape(x.shape, axes, keepdims), x.dtype);
  }
  // The dtype's smallest (largest) value is max's (min's) identity.
  const [lo, hi] = intRange(x.dtype);
  const init = isBig(x.dtype) ? (max ? lo : hi) : Number(max ? lo : hi);
  return reduceWith(x, axes, keepdims, x.dtype, init, plainExtremumLoops(max), false);
}

/** `np.max`, naming `op` in errors. */
export function maxOf(a: ArrayLike, options: ReduceOptions | undefined, op: string): NDArray {
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  return extremum(x, axes, keepdims, true, op);
}

/** `np.min`, naming `op` in errors. */
export function minOf(a: ArrayLike, options: ReduceOptions | undefined, op: string): NDArray {
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  return extremum(x, axes, keepdims, false, op);
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
  return maxOf(a, options, "np.max");
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
  return minOf(a, options, "np.min");
}

/**
 * `np.amax`: another name of `np.max`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.amax(np.array([[1, 5], [3, 2]], "int32"), { axis: 1 }).toString()); // [5 3]
 * ```
 */
export function amax(a: ArrayLike, options?: ReduceOptions): NDArray {
  return maxOf(a, options, "np.amax");
}

/**
 * `np.amin`: another name of `np.min`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.amin(np.array([[1, 5], [3, 2]], "int32"), { axis: 1 }).toString()); // [1 2]
 * ```
 */
export function amin(a: ArrayLike, options?: ReduceOptions): NDArray {
  return minOf(a, options, "np.amin");
}

/**
 * The range (`max - min`) over `axis` (all by default), in the input's dtype (integers wrap, as
 * NumPy's subtraction); bool input is an error, as NumPy's boolean subtract.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.ptp(np.array([[4, 9, 2], [3, 5, 7]], "int32"), { axis: 1 }).toString()); // [7 4]
 * ```
 */
export function ptp(a: ArrayLike, options?: ReduceOptions): NDArray {
  const op = "np.ptp";
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  if (x.dtype === "bool") {
    throw new InvalidArgumentError(
      `${op}: numpy boolean subtract is not supported (the input is bool)`,
    );
  }
  const hi = extremum(x, axes, keepdims, true, op), lo = extremum(x, axes, keepdims, false, op);
  const out = alloc(x.dtype, hi.size);
  const h = hi.data as unknown as number[], l = lo.data as unknown as number[];
  const o = out as unknown as number[];
  for (let i = 0; i < o.length; i++) o[i] = h[i] - l[i];
  return new NDArray(out, hi.shape, x.dtype);
}

// ---------------------------------------------------------------------------------------------
// argmax, argmin.

/** `np.argmax`/`np.argmin` of an input (NaN counts as the extremum; the first one wins). */
export function argExtremum(
  a: ArrayLike,
  options: ArgmaxOptions | undefined,
  max: boolean,
  op: string,
): NDArray {
  checkOptions(options, ARGMAX_KEYS, `${op} options`);
  const input = asNDArray(a, op, true);
  const axis = npAxis(options?.axis, input.ndim, op);
  const keepdims = checkKeepdims(options?.keepdims, op);
  const x = axis === null ? new NDArray(input.contiguousData(), [input.size], input.dtype) : input;
  const ax = axis ?? 0;
  const shape = axis === null
    ? (keepdims ? new Array<number>(input.ndim).fill(1) : [])
    : reducedShape(x.shape, [ax], keepdims);
  if (x.shape[ax] === 0) {
    throw new InvalidArgumentError(
      `${op}: attempt to get ${max ? "argmax" : "argmin"} of an empty sequence`,
    );
  }
  // The searched axis last.
  const order = [...x.shape.map((_, i) => i).filter((i) => i !== ax), ax];
  const view = new NDArray(x.data, order.map((i) => x.shape[i]), x.dtype, {
    strides: order.map((i) => x.strides[i]),
    offset: x.offset,
  });
  const xv = viewOf(view);
  const [out, ov] = output("int64", order.slice(0, -1).map((i) => x.shape[i]));
  const rows = out.size, n = x.shape[ax];
  const k = x.dtype === "float64" || x.dtype === "float32" ? nativeKernels() : null;
  if (k !== null && view.size > 0 && view.size >= nativeMinElements() && isWholeC(view)) {
    const data = view.data as Float64Array;
    k.npExtremum(true, max, view.dtype as "float32", rows, n, data, out.data as BigInt64Array);
  } else if (x.dtype === "float64" || x.dtype === "float32") {
    argFloat(view, out.data as BigInt64Array, max);
  } else if (xv !== null && ov !== null) {
    cpuBackend().argReduce(ARG_REDUCE_OPS.indexOf(max ? "argmax" : "argmin"), xv, ov);
  } else argLoop(view, out.data as BigInt64Array, max);
  return new NDArray(out.data, shape, "int64");
}

/**
 * The first extremum along the last axis of float32/float64 `x` (NumPy's: the first NaN, else the
 * first element equal to the extremum): the extremum first, then its first place.
 */
function argFloat(x: NDArray, out: BigInt64Array, max: boolean): void {
  const n = x.shape[x.ndim - 1], t = x.strides[x.ndim - 1];
  const bases = offsets(x.shape.slice(0, -1), x.strides.slice(0, -1), x.offset);
  const d = x.data as Float64Array;
  for (let r = 0; r < bases.length; r++) {
    const p = bases[r], m = runExtremum(d, p, n, t, max);
    let at = 0;
    if (m !== m) { while (d[p + at * t] === d[p + at * t]) at++; }
    else while (d[p + at * t] !== m) at++;
    out[r] = BigInt(at);
  }
}

/** The first extremum along the last axis of `x` (a dtype without kernels: integers). */
function argLoop(x: NDArray, out: BigInt64Array, max: boolean): void {
  const n = x.shape[x.ndim - 1], t = x.strides[x.ndim - 1];
  const rows = new NDArray(x.data, x.shape.slice(0, -1), x.dtype, {
    strides: x.strides.slice(0, -1),
    offset: x.offset,
  });
  const bases = rowOffsets(rows);
  const d = x.data as unknown as number[];
  for (let r = 0; r < bases.length; r++) {
    const p = bases[r];
    let best = d[p], at = 0;
    for (let j = 1; j < n; j++) {
      const v = d[p + j * t];
      if (max ? v > best : v < best) best = v, at = j;
    }
    out[r] = BigInt(at);
  }
}

/** The offset of every element of a strided array, in C order. */
export function rowOffsets(x: NDArray): Float64Array {
  return offsets(x.shape, x.strides, x.offset);
}

/** The offset of every element of a strided index space from `offset`, in C order. */
export function offsets(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Float64Array {
  const n = shape.reduce((p, d) => p * d, 1), out = new Float64Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  let p = offset;
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

/**
 * The index of the first largest element along `axis` (of the flattened array by default), as
 * int64; a NaN counts as the largest (the first NaN wins).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 5, 5], [7, 2, 0]]);
 * console.log(np.argmax(a).toString(), np.argmax(a, { axis: 1 }).toString()); // 3 [1 0]
 * ```
 */
export function argmax(a: ArrayLike, options?: ArgmaxOptions): NDArray {
  return argExtremum(a, options, true, "np.argmax");
}

/**
 * The index of the first smallest element along `axis` (of the flattened array by default), as
 * int64; a NaN counts as the smallest (the first NaN wins).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[4, 1, 1], [0, 2, 0]], "int32");
 * console.log(np.argmin(a).toString(), np.argmin(a, { axis: 1 }).toString()); // 3 [1 0]
 * ```
 */
export function argmin(a: ArrayLike, options?: ArgmaxOptions): NDArray {
  return argExtremum(a, options, false, "np.argmin");
}

// ---------------------------------------------------------------------------------------------
// all, any, count_nonzero.

/** Truth folds: `all` starts at 1 and ands, `any` starts at 0 and ors (NaN is true). */
function truthLoops(all: boolean): Loops {
  return {
    fold(src, p, n, st, out, o) {
      const s = src as unknown as (number | bigint)[];
      let acc = out[o] as number;
      for (let i = 0; i < n; i++) {
        // deno-lint-ignore eqeqeq
        const t = s[p + i * st] != 0 ? 1 : 0;
        acc = all ? acc & t : acc | t;
      }
      out[o] = acc;
    },
    each(src, p, n, st, out, o, os) {
      const s = src as unknown as (number | bigint)[], d = out as Uint8Array;
      for (let j = 0; j < n; j++) {
        // deno-lint-ignore eqeqeq
        const t = s[p + j * st] != 0 ? 1 : 0;
        d[o + j * os] = all ? d[o + j * os] & t : d[o + j * os] | t;
      }
    },
  };
}

/** `np.all`/`np.any` of a prepared input. */
export function anyAll(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  op: "all" | "any",
): NDArray {
  if (hasKernels(x.dtype) && x.size > 0) {
    const r = kernelReduce(op, x, axes, "bool")!;
    return new NDArray(r.data, reducedShape(x.shape, axes, keepdims), "bool");
  }
  return reduceWith(
    x,
    axes,
    keepdims,
    "bool",
    op === "all" ? 1 : 0,
    truthLoops(op === "all"),
    false,
  );
}

/** `np.all`, naming `op` in errors. */
export function allOf(a: ArrayLike, options: ReduceOptions | undefined, op: string): NDArray {
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  return anyAll(x, axes, keepdims, "all");
}

/** `np.any`, naming `op` in errors. */
export function anyOf(a: ArrayLike, options: ReduceOptions | undefined, op: string): NDArray {
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  return anyAll(x, axes, keepdims, "any");
}

/**
 * True where every element over `axis` (all by default) is nonzero (NaN counts as nonzero), as
 * a bool array; an empty reduction is true.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 0], [2, 3]], "int32");
 * console.log(np.all(a).toString(), np.all(a, { axis: 0 }).toString()); // False [ True False]
 * ```
 */
export function all(a: ArrayLike, options?: ReduceOptions): NDArray {
  return allOf(a, options, "np.all");
}

/**
 * True where some element over `axis` (all by default) is nonzero (NaN counts as nonzero), as a
 * bool array; an empty reduction is false.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[0, 0], [2, 0]], "int32");
 * console.log(np.any(a).toString(), np.any(a, { axis: 0 }).toString()); // True [ True False]
 * ```
 */
export function any(a: ArrayLike, options?: ReduceOptions): NDArray {
  return anyOf(a, options, "np.any");
}

/** Counts of nonzero elements of number data into a Float64Array. */
const COUNT_LOOPS: Loops = {
  fold(src, p, n, st, out, o) {
    const s = src as Float64Array;
    let c = 0;
    for (let i = 0; i < n; i++) if (s[p + i * st] !== 0) c++;
    out[o] = (out[o] as number) + c;
  },
  each(src, p, n, st, out, o, os) {
    const s = src as Float64Array, d = out as Float64Array;
    for (let j = 0; j < n; j++) if (s[p + j * st] !== 0) d[o + j * os]++;
  },
};

/** Counts of nonzero elements of bigint data into a Float64Array. */
const COUNT_BIG_LOOPS: Loops = {
  fold(src, p, n, st, out, o) {
    const s = src as BigInt64Array;
    let c = 0;
    for (let i = 0; i < n; i++) if (s[p + i * st] !== 0n) c++;
    out[o] = (out[o] as number) + c;
  },
  each(src, p, n, st, out, o, os) {
    const s = src as BigInt64Array, d = out as Float64Array;
    for (let j = 0; j < n; j++) if (s[p + j * st] !== 0n) d[o + j * os]++;
  },
};

/**
 * The number of nonzero elements over `axis` (all by default), as int64 (NaN counts).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 0, 3], [0, 0, 6]], "int32");
 * console.log(np.count_nonzero(a).toString(), np.count_nonzero(a, { axis: 1 }).toString()); // 3 [2 1]
 * ```
 */
export function count_nonzero(a: ArrayLike, options?: ReduceOptions): NDArray {
  const op = "np.count_nonzero";
  checkOptions(options, REDUCE_KEYS, `${op} options`);
  const [x, axes, keepdims] = prepare(a, options, op, true);
  const loops = isBig(x.dtype) ? COUNT_BIG_LOOPS : COUNT_LOOPS;
  const counts = reduceWith(x, axes, keepdims, "float64", 0, loops, false);
  const c = counts.data as Float64Array;
  const out = new BigInt64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = BigInt(c[i]);
  return new NDArray(out, counts.shape, "int64");
}
