/**
 * `np.array`, `np.asarray`, `np.astype`, `np.zeros`, `np.ones`, `np.arange`, `np.linspace` and
 * `np.eye`, computing their values as NumPy does (arange fills `start + i * delta` in the dtype's
 * arithmetic; linspace works in float64 and sets the endpoint exactly).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { type ArrayLike, toArray } from "./convert.ts";
import { alloc, castData, checkNpDType, isBig, kindOf } from "./dtypes.ts";
import { npShape } from "./broadcast.ts";

/**
 * A new NDArray holding a copy of `value`: JS numbers give float64 (API.md's exception to NumPy's
 * int64 for integers), booleans bool, bigints int64; typed arrays, NDArrays and tensors keep
 * their dtype unless `dtype` is given (then cast as NumPy's `astype`; a JS integer outside an
 * integer dtype's range is an error).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.array([[1, 2], [3, 4]]).toString()); // [[1. 2.]\n [3. 4.]]
 * console.log(np.array([1, 2], "int32").dtype); // "int32"
 * ```
 */
export function array(value: ArrayLike, dtype?: NpDType): NDArray {
  const a = toArray(value, dtype, "np.array");
  const shared = a === value ||
    (ArrayBuffer.isView(value) && a.data.buffer === (value as ArrayBufferView).buffer);
  if (!shared) return a;
  const data = a.contiguousData();
  return new NDArray(data === a.data ? data.slice() : data, a.shape, a.dtype);
}

/**
 * As `array`, but without a copy where one is not needed: an NDArray of the right dtype is
 * returned as it is, and a typed array of the right type is wrapped (shared). A tensor or
 * variable is always copied (tensors never share their memory).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([1, 2]);
 * console.log(np.asarray(a) === a, np.asarray(a, "int8") === a); // true false
 * ```
 */
export function asarray(value: ArrayLike, dtype?: NpDType): NDArray {
  return toArray(value, dtype, "np.asarray");
}

/**
 * A copy of `a` cast to `dtype` with NumPy's `astype` rules: integers wrap, floats round to
 * nearest even, anything to bool is `!= 0`, floats to integers truncate (out-of-range values
 * follow x86-64, as NumPy's do there).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.astype(np.array([300.7, -1.5]), "int8").toString()); // [44 -1]
 * ```
 */
export function astype(a: ArrayLike, dtype: NpDType): NDArray {
  const x = toArray(a, undefined, "np.astype");
  const to = checkNpDType(dtype, "np.astype");
  const src = x.contiguousData();
  const data = castData(src, x.dtype, to);
  return new NDArray(data === x.data ? data.slice() : data, x.shape, to);
}

function shapeArg(shape: number | readonly number[], op: string): number[] {
  const s = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(s) || !s.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new InvalidArgumentError(
      `${op}: shape must be a non-negative integer or an array of them, got ${
        JSON.stringify(shape)
      }`,
    );
  }
  const n = s.reduce((p: number, d: number) => p * d, 1);
  if (n > 2 ** 32) {
    throw new InvalidArgumentError(`${op}: shape ${npShape(s)} has too many elements (${n})`);
  }
  return [...s];
}

function filled(shape: number | readonly number[], dtype: NpDType, v: 0 | 1, op: string): NDArray {
  const s = shapeArg(shape, op);
  const d = checkNpDType(dtype, op);
  const data = alloc(d, s.reduce((p, x) => p * x, 1));
  if (v === 1) (data as Float64Array).fill((isBig(d) ? 1n : 1) as number);
  return new NDArray(data, s, d);
}

/**
 * An array of zeros (float64 unless `dtype` is given).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.zeros([2, 2], "int32").toString()); // [[0 0]\n [0 0]]
 * ```
 */
export function zeros(shape: number | readonly number[], dtype: NpDType = "float64"): NDArray {
  return filled(shape, dtype, 0, "np.zeros");
}

/**
 * An array of ones (float64 unless `dtype` is given).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.ones(3).toString()); // [1. 1. 1.]
 * ```
 */
export function ones(shape: number | readonly number[], dtype: NpDType = "float64"): NDArray {
  return filled(shape, dtype, 1, "np.ones");
}

function finite(v: unknown, what: string, op: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a finite number, got ${String(v)}`);
  }
  return v;
}

/**
 * Evenly spaced values in `[start, stop)`: `arange(stop)`, `arange(start, stop)`,
 * `arange(start, stop, step)`. The dtype is int64 when every argument is an integer, float64
 * otherwise, unless given. As NumPy, the values are `start + i * delta` in the dtype's
 * arithmetic, where `delta` is the dtype's `(start + step) - start`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arange(5).toString(), np.arange(5).dtype); // [0 1 2 3 4] int64
 * console.log(np.arange(0, 1, 0.25).toString()); // [0.   0.25 0.5  0.75]
 * ```
 */
export function arange(start: number, stop?: number, step = 1, dtype?: NpDType): NDArray {
  const op = "np.arange";
  if (stop === undefined || stop === null) [start, stop] = [0, start];
  finite(start, "start", op), finite(stop, "stop", op), finite(step, "step", op);
  if (step === 0) throw new InvalidArgumentError(`${op}: step must not be zero`);
  const d = dtype === undefined
    ? ([start, stop, step].every(Number.isInteger) ? "int64" : "float64")
    : checkNpDType(dtype, op);
  if (d === "bool") throw new InvalidArgumentError(`${op}: dtype bool is not supported`);
  const len = Math.max(0, Math.ceil((stop - start) / step));
  if (len > 2 ** 32) {
    throw new InvalidArgumentError(`${op}: ${len} elements are too many for one array`);
  }
  const out = alloc(d, len);
  if (len === 0) return new NDArray(out, [0], d);
  // NumPy stores start and start + step (computed in float64, as Python does) in the array, then
  // fills the rest from those two stored values in the dtype's own arithmetic.
  const first = castData(new Float64Array([start, start + step]), "float64", d);
  if (isBig(d)) {
    const o = out as BigInt64Array, f = first as BigInt64Array;
    const delta = f[1] - f[0];
    for (let i = 0; i < len; i++) o[i] = f[0] + BigInt(i) * delta;
  } else if (kindOf(d) === "f") {
    const o = out as Float64Array, f = first as Float64Array;
    const r = d === "float64" ? (x: number) => x : Math.fround;
    const delta = r(f[1] - f[0]);
    o[0] = f[0];
    if (len > 1) o[1] = f[1];
    for (let i = 2; i < len; i++) o[i] = r(f[0] + r(r(i) * delta));
  } else {
    const o = out as Int32Array, f = first as Int32Array;
    const tmp = alloc(d, 1) as Int32Array;
    tmp[0] = f[1] - f[0];
    const delta = tmp[0];
    for (let i = 0; i < len; i++) {
      o[i] = d === "int32" || d === "uint32" ? f[0] + Math.imul(i, delta) : f[0] + i * delta;
    }
  }
  return new NDArray(out, [len], d);
}

/** Options of `np.linspace`. */
export interface LinspaceOptions {
  /** Include `stop` as the last sample (default true). */
  endpoint?: boolean;
  /** The result dtype (default float64); integer dtypes floor the values first. */
  dtype?: NpDType;
}

const LINSPACE_KEYS = keysOf<LinspaceOptions>({ endpoint: true, dtype: true });

/**
 * `num` evenly spaced samples from `start` to `stop` (included unless `endpoint` is false),
 * computed in float64 as NumPy does: `start + i * step`, with the last sample exactly `stop`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linspace(0, 1, 5).toString()); // [0.   0.25 0.5  0.75 1.  ]
 * ```
 */
export function linspace(
  start: number,
  stop: number,
  num = 50,
  options?: LinspaceOptions,
): NDArray {
  const op = "np.linspace";
  checkOptions(options, LINSPACE_KEYS, `${op} options`);
  finite(start, "start", op), finite(stop, "stop", op);
  if (!Number.isInteger(num) || num < 0) {
    throw new InvalidArgumentError(
      `${op}: number of samples, ${String(num)}, must be a non-negative integer`,
    );
  }
  const endpoint = options?.endpoint ?? true;
  const dtype = checkNpDType(options?.dtype ?? "float64", op);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const y = new Float64Array(num);
  const step = div > 0 ? delta / div : NaN;
  for (let i = 0; i < num; i++) {
    y[i] = div > 0 ? (step === 0 ? (i / div) * delta : i * step) : i * delta;
    y[i] += start;
  }
  if (endpoint && num > 1) y[num - 1] = stop;
  if (kindOf(dtype) === "i" || kindOf(dtype) === "u") {
    for (let i = 0; i < num; i++) y[i] = Math.floor(y[i]);
  }
  return new NDArray(castData(y, "float64", dtype), [num], dtype);
}

/** Options of `np.eye`. */
export interface EyeOptions {
  /** The diagonal: 0 the main one, positive above, negative below. */
  k?: number;
  /** The dtype (default float64). */
  dtype?: NpDType;
}

const EYE_KEYS = keysOf<EyeOptions>({ k: true, dtype: true });

/**
 * An `n` by `m` (default `n`) array with ones on the `k`-th diagonal and zeros elsewhere.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.eye(2, 3, { k: 1, dtype: "int8" }).toString()); // [[0 1 0]\n [0 0 1]]
 * ```
 */
export function eye(n: number, m?: number, options?: EyeOptions): NDArray {
  const op = "np.eye";
  checkOptions(options, EYE_KEYS, `${op} options`);
  const cols = m ?? n;
  const k = options?.k ?? 0;
  for (const [v, what] of [[n, "n"], [cols, "m"]] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new InvalidArgumentError(`${op}: ${what} must be a non-negative integer, got ${v}`);
    }
  }
  if (!Number.isInteger(k)) throw new InvalidArgumentError(`${op}: k must be an integer, got ${k}`);
  const dtype = checkNpDType(options?.dtype ?? "float64", op);
  const out = alloc(dtype, n * cols) as unknown as (number | bigint)[];
  const one = isBig(dtype) ? 1n : 1;
  for (let i = Math.max(0, -k); i < n && i + k < cols; i++) out[i * cols + i + k] = one;
  return new NDArray(out as unknown as NpTypedArray, [n, cols], dtype);
}
