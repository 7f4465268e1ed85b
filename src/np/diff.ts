/**
 * `np.diff`: the n-th discrete difference along an axis, as NumPy computes it (`subtract` of
 * neighbours in the array's dtype, integers wrapping; `not_equal` for bool), on the tensors'
 * subtraction kernel for float32/float64/int32/int64/uint8 (strided views, no copies) and typed
 * loops for the other dtypes.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, isBig } from "./dtypes.ts";
import { concat } from "./joining.ts";
import { hasKernels, kernelBinary } from "./kernels.ts";
import { broadcastView } from "./shape.ts";
import { integer, normalizeAxis, rowMajor, sliceAxis } from "./strided.ts";

/** Options of `np.diff`. */
export interface DiffOptions {
  /** How many times to difference (default 1; 0 returns the input). */
  n?: number;
  /** The axis to difference along (default -1, the last). */
  axis?: number;
  /** Values joined before the start along `axis` (a scalar is broadcast to one slice). */
  prepend?: ArrayLike;
  /** Values joined after the end along `axis` (a scalar is broadcast to one slice). */
  append?: ArrayLike;
}

const DIFF_KEYS = keysOf<DiffOptions>({ n: true, axis: true, prepend: true, append: true });

/** `x[1:] - x[:-1]` along `ax` (`!=` for bool), in `x`'s dtype. */
function step(x: NDArray, ax: number): NDArray {
  const n = x.shape[ax];
  const shape = x.shape.slice();
  shape[ax] = Math.max(0, n - 1);
  const hi = sliceAxis(x, ax, Math.min(1, n), n), lo = sliceAxis(x, ax, 0, Math.max(0, n - 1));
  const d = x.dtype;
  if (hasKernels(d) && d !== "bool" && d !== "float16") {
    const k = kernelBinary("sub", hi, lo, shape, d);
    if (k !== null) return k;
  }
  const src = rowMajor(x);
  const out = alloc(d === "bool" ? "bool" : d, shape.reduce((p, v) => p * v, 1));
  const outer = x.shape.slice(0, ax).reduce((p, v) => p * v, 1);
  const inner = x.shape.slice(ax + 1).reduce((p, v) => p * v, 1);
  const rows = Math.max(0, n - 1) * inner;
  if (isBig(d)) {
    const S = src.data as BigInt64Array, O = out as BigInt64Array;
    for (let o = 0, q = 0; o < outer; o++) {
      for (let p = o * n * inner, end = p + rows; p < end; p++) O[q++] = S[p + inner] - S[p];
    }
  } else {
    const S = src.data as Float64Array, O = out as Float64Array;
    const f = d === "bool"
      ? (a: number, b: number) => (a !== b ? 1 : 0)
      : d === "float16"
      ? (a: number, b: number) => Math.f16round(a - b)
      : (a: number, b: number) => a - b;
    for (let o = 0, q = 0; o < outer; o++) {
      for (let p = o * n * inner, end = p + rows; p < end; p++) O[q++] = f(S[p + inner], S[p]);
    }
  }
  return new NDArray(out, shape, d as NpDType);
}

/**
 * The n-th difference along `axis`: `out[i] = a[i + 1] - a[i]`, applied `n` times, in `a`'s dtype
 * (integers wrap, as NumPy's; bool gives `a[i + 1] != a[i]`). `prepend`/`append` are joined to
 * `a` first (JS numbers are float64 arrays, so they promote an integer `a` to float64).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([1, 2, 4, 7, 0], "int32");
 * console.log(np.diff(a).toString(), np.diff(a, { n: 2 }).toString()); // [ 1  2  3 -7] [  1   1 -10]
 * ```
 */
export function diff(a: ArrayLike, options?: DiffOptions): NDArray {
  const op = "np.diff";
  checkOptions(options, DIFF_KEYS, `${op} options`);
  const n = integer(options?.n ?? 1, "n", op);
  let x = asNDArray(a, op, true);
  if (n === 0) return x;
  if (n < 0) throw new InvalidArgumentError(`${op}: order must be non-negative but got ${n}`);
  if (x.ndim === 0) {
    throw new InvalidArgumentError(`${op}: diff requires input that is at least one dimensional`);
  }
  const ax = normalizeAxis(options?.axis ?? -1, x.ndim, op);
  const edge = (v: ArrayLike): NDArray => {
    const e = asNDArray(v, op, true);
    if (e.ndim > 0) return e;
    const shape = x.shape.slice();
    shape[ax] = 1;
    return broadcastView(e, shape)!;
  };
  const parts = [
    ...(options?.prepend === undefined ? [] : [edge(options.prepend)]),
    x,
    ...(options?.append === undefined ? [] : [edge(options.append)]),
  ];
  if (parts.length > 1) x = concat(parts, ax, op);
  for (let i = 0; i < n; i++) x = step(x, ax);
  return x;
}
