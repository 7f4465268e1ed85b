/**
 * NumPy's cumulative reductions: `cumsum`, `cumprod` and their nan variants (NumPy's
 * `add.accumulate`/`multiply.accumulate`): each line along the axis runs in order, every partial
 * result rounded (floats) or wrapped (integers) to the result dtype, as NumPy does, so float
 * results are bit for bit NumPy's.
 *
 * @module
 */
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { contiguousStrides } from "../shape.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, isBig, kindOf } from "./dtypes.ts";
import { checkDtype, npAxis, rowOffsets, sumType } from "./reduce.ts";

/** Options of `np.cumsum`, `np.cumprod`, `np.nancumsum` and `np.nancumprod`. */
export interface CumulativeOptions {
  /** The axis to accumulate along; the flattened array when omitted or null. */
  axis?: number | null;
  /** The dtype to accumulate in and return; NumPy's (as `np.sum`'s) when omitted. */
  dtype?: NpDType | null;
}

const CUMULATIVE_KEYS = keysOf<CumulativeOptions>({ axis: true, dtype: true });

/** Line `p, p + t, ...` (n elements) of `src` accumulated into `out` at `q, q + u, ...`. */
type Line = (
  src: unknown,
  p: number,
  t: number,
  n: number,
  out: unknown,
  q: number,
  u: number,
) => void;

/** Float64 sums without NaN handling: the common line, kept monomorphic. */
function sum64Line(
  src: unknown,
  p: number,
  t: number,
  n: number,
  out: unknown,
  q: number,
  u: number,
): void {
  const s = src as Float64Array, o = out as Float64Array;
  let acc = s[p];
  o[q] = acc;
  for (let i = 1; i < n; i++) {
    acc += s[p + i * t];
    o[q + i * u] = acc;
  }
}

/** Float lines (and any line whose result dtype wraps or rounds on store): in order. */
function floatLine(prod: boolean, nan: boolean): Line {
  const id = prod ? 1 : 0;
  return (src, p, t, n, out, q, u) => {
    const s = src as Float64Array, o = out as Float64Array;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      let v = s[p + i * t];
      if (nan && v !== v) v = id;
      o[q + i * u] = i === 0 ? v : prod ? acc * v : acc + v;
      acc = o[q + i * u];
    }
  };
}

/** Integer sums of values below 2^32 into 64-bit results: exact in doubles, stored in halves. */
function intSumLine(
  src: unknown,
  p: number,
  t: number,
  n: number,
  out: unknown,
  q: number,
  u: number,
): void {
  const s = src as Float64Array, o = out as BigInt64Array;
  const w = new Int32Array(o.buffer, o.byteOffset, o.length * 2);
  let acc = 0;
  if (t === 1 && u === 1) {
    // The common line: contiguous, and int32-range sums written without a division.
    let i = p, j = 2 * q;
    const end = p + n;
    for (; i < end; i++, j += 2) {
      acc += s[i];
      if (acc < -2147483648 || acc > 2147483647) break;
      w[j] = acc;
      w[j + 1] = acc >> 31;
    }
    if (i === end) return;
    acc -= s[i];
    n -= i - p, q += i - p, p = i;
  }
  for (let i = 0; i < n; i++) {
    acc += s[p + i * t];
    const hi = Math.floor(acc / 2 ** 32), at = 2 * (q + i * u);
    w[at] = acc - hi * 2 ** 32;
    w[at + 1] = hi;
  }
}

/** Integer lines in bigints: sums, or products wrapped to 64 bits. */
function bigLine(prod: boolean): Line {
  return (src, p, t, n, out, q, u) => {
    const s = src as unknown as (number | bigint)[], o = out as BigInt64Array;
    let acc = prod ? 1n : 0n;
    for (let i = 0; i < n; i++) {
      const v = BigInt(s[p + i * t]);
      acc = prod ? BigInt.asIntN(64, acc * v) : acc + v;
      o[q + i * u] = acc;
    }
  };
}

/** Bool lines: logical or (sum) or and (prod). */
function boolLine(prod: boolean): Line {
  return (src, p, t, n, out, q, u) => {
    const s = src as unknown as (number | bigint)[], o = out as Uint8Array;
    let acc = prod ? 1 : 0;
    for (let i = 0; i < n; i++) {
      // deno-lint-ignore eqeqeq
      const v = s[p + i * t] != 0 ? 1 : 0;
      acc = prod ? acc & v : acc | v;
      o[q + i * u] = acc;
    }
  };
}

/** `np.cumsum`/`np.cumprod` (and the nan variants), naming `op` in errors. */
function accumulate(
  a: ArrayLike,
  options: CumulativeOptions | undefined,
  op: string,
  prod: boolean,
  nan: boolean,
): NDArray {
  checkOptions(options, CUMULATIVE_KEYS, `${op} options`);
  const input = asNDArray(a, op, true);
  const axis = npAxis(options?.axis, input.ndim, op);
  let x = axis === null ? new NDArray(input.contiguousData(), [input.size], input.dtype) : input;
  const dtype = checkDtype(options?.dtype, op) ?? sumType(x.dtype);
  const ax = axis ?? 0;
  if (nan && kindOf(x.dtype) === "f" && kindOf(dtype) !== "f") {
    // NumPy replaces NaN first (in the input's dtype), then casts.
    const d = Float64Array.from(x.contiguousData() as Float64Array, (v) => (v !== v ? +prod : v));
    x = new NDArray(castData(d, "float64", x.dtype), x.shape, x.dtype);
  }
  const k = kindOf(dtype), kx = kindOf(x.dtype);

  if (k === "f" || (kx === "f" && k !== "b")) {
    if (x.dtype !== dtype) {
      x = new NDArray(castData(x.contiguousData(), x.dtype, dtype), x.shape, dtype);
    }
  }
  let line: Line, outDtype = dtype;
  if (k === "f") line = dtype === "float64" && !prod && !nan ? sum64Line : floatLine(prod, nan);
  else if (k === "b") line = boolLine(prod);
  else if (!prod && !isBig(x.dtype) && isBig(dtype) && (x.shape[ax] ?? 1) <= 2 ** 21) {
    line = intSumLine;
  } else {
    line = bigLine(prod);
    outDtype = isBig(dtype) ? dtype : "int64";
  }
  const out = alloc(outDtype, x.size);
  if (x.size > 0) {
    const others = x.shape.map((_, i) => i).filter((i) => i !== ax);
    const cs = contiguousStrides(x.shape);
    const lines = rowOffsets(
      new NDArray(x.data, others.map((i) => x.shape[i]), x.dtype, {
        strides: others.map((i) => x.strides[i]),
        offset: x.offset,
      }),
    );
    const outs = rowOffsets(
      new NDArray(out, others.map((i) => x.shape[i]), outDtype, {
        strides: others.map((i) => cs[i]),
      }),
    );
    const n = x.ndim === 0 ? 1 : x.shape[ax], t = x.strides[ax] ?? 0, u = cs[ax] ?? 0;
    for (let r = 0; r < lines.length; r++) line(x.data, lines[r], t, n, out, outs[r], u);
  }
  const data = outDtype === dtype ? out : castData(out, outDtype, dtype);
  return new NDArray(data, x.shape, dtype);
}

/** `np.cumsum`, naming `op` in errors. */
export function cumsumOf(
  a: ArrayLike,
  options: CumulativeOptions | undefined,
  op: string,
): NDArray {
  return accumulate(a, options, op, false, false);
}

/** `np.cumprod`, naming `op` in errors. */
export function cumprodOf(
  a: ArrayLike,
  options: CumulativeOptions | undefined,
  op: string,
): NDArray {
  return accumulate(a, options, op, true, false);
}

/**
 * The cumulative sum along `axis` (of the flattened array by default), with `np.sum`'s dtypes
 * (small ints widen to int64/uint64, bool to int64); `dtype` sets the accumulation dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2, 3], [4, 5, 6]], "int32");
 * console.log(np.cumsum(a).toString()); // [ 1  3  6 10 15 21]
 * console.log(np.cumsum(a, { axis: 0 }).toString()); // [[1 2 3]\n [5 7 9]]
 * ```
 */
export function cumsum(a: ArrayLike, options?: CumulativeOptions): NDArray {
  return cumsumOf(a, options, "np.cumsum");
}

/**
 * The cumulative product along `axis` (of the flattened array by default), with `np.prod`'s
 * dtypes; integer products wrap.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.cumprod(np.array([[1, 2], [3, 4]]), { axis: 1 }).toString()); // [[ 1.  2.]\n [ 3. 12.]]
 * ```
 */
export function cumprod(a: ArrayLike, options?: CumulativeOptions): NDArray {
  return cumprodOf(a, options, "np.cumprod");
}

/**
 * The cumulative sum along `axis` with NaN counted as zero (`np.cumsum` otherwise).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nancumsum(np.array([1, NaN, 2])).toString()); // [1. 1. 3.]
 * ```
 */
export function nancumsum(a: ArrayLike, options?: CumulativeOptions): NDArray {
  return accumulate(a, options, "np.nancumsum", false, true);
}

/**
 * The cumulative product along `axis` with NaN counted as one (`np.cumprod` otherwise).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nancumprod(np.array([2, NaN, 3])).toString()); // [2. 2. 6.]
 * ```
 */
export function nancumprod(a: ArrayLike, options?: CumulativeOptions): NDArray {
  return accumulate(a, options, "np.nancumprod", true, true);
}
