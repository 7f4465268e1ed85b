/**
 * Creation: `np.array`, `np.asarray`, `np.astype`, `np.zeros`, `np.ones`, `np.empty`, `np.full`,
 * the `*_like` functions, `np.identity`, `np.eye`, `np.arange`, `np.linspace`, `np.logspace` and
 * `np.geomspace`, computing their values as NumPy does (arange fills `start + i * delta` in the
 * dtype's arithmetic; linspace works in float64 and sets the endpoint exactly; logspace and
 * geomspace follow numpy/_core/function_base.py step by step).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { type ArrayLike, asNDArray, fromNested, isScalar, toArray } from "./convert.ts";
import { alloc, castData, checkNpDType, isBig, kindOf } from "./dtypes.ts";
import { npShape } from "./broadcast.ts";
import { broadcastView } from "./shape.ts";
import { glibcLog } from "./random/glibc_log.ts";
import { castTo, copyInto, copyOf, fillView } from "./strided.ts";

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
 * console.log(np.array([1, 2], "int32").dtype); // int32
 * ```
 */
export function array(value: ArrayLike, dtype?: NpDType): NDArray {
  const a = toArray(value, dtype, "np.array");
  const shared = a === value ||
    (ArrayBuffer.isView(value) && a.data.buffer === (value as ArrayBufferView).buffer);
  return shared ? copyOf(a) : a;
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
  return x.dtype === to ? copyOf(x) : castTo(x, to);
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
  samples(num, op);
  const dtype = checkNpDType(options?.dtype ?? "float64", op);
  const y = linspaceValues(start, stop, num, options?.endpoint ?? true);
  if (kindOf(dtype) === "i" || kindOf(dtype) === "u") {
    for (let i = 0; i < num; i++) y[i] = Math.floor(y[i]);
  }
  return new NDArray(castData(y, "float64", dtype), [num], dtype);
}

/** NumPy's linspace in float64: `start + i * step`, the last sample exactly `stop`. */
function linspaceValues(start: number, stop: number, num: number, endpoint: boolean): Float64Array {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const y = new Float64Array(num);
  const step = div > 0 ? delta / div : NaN;
  for (let i = 0; i < num; i++) {
    y[i] = div > 0 ? (step === 0 ? (i / div) * delta : i * step) : i * delta;
    y[i] += start;
  }
  if (endpoint && num > 1) y[num - 1] = stop;
  return y;
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

/**
 * A new array of `shape` and `dtype` (float64 by default). NumPy leaves the elements
 * uninitialised; here they are zero (JS typed arrays always are), which is one of the values
 * NumPy may give.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.empty([2, 2], "int8").shape); // [ 2, 2 ]
 * ```
 */
export function empty(shape: number | readonly number[], dtype: NpDType = "float64"): NDArray {
  return filled(shape, dtype, 0, "np.empty");
}

/**
 * `value` as an array of `dtype` to fill with, cast as NumPy's `copyto(casting="unsafe")` casts
 * it: JS integers must fit an integer dtype, other numbers are cast (truncated, NaN as the
 * processor converts it), arrays by `astype`. Without `dtype`, the value's own dtype (JS numbers
 * float64, bigints int64, booleans bool).
 */
function fillSource(value: ArrayLike, dtype: NpDType | undefined, op: string): NDArray {
  if (isScalar(value) || Array.isArray(value)) return fromNested(value, dtype, op);
  const a = asNDArray(value, op, true);
  if (dtype === undefined || dtype === a.dtype) return a;
  return new NDArray(castData(a.contiguousData(), a.dtype, dtype), a.shape, dtype);
}

/** A new array of `shape` filled with `src` broadcast to it (as `copyto`, which first drops leading length-1 axes of `src`). */
function fillWith(shape: readonly number[], src: NDArray, op: string): NDArray {
  const out = new NDArray(alloc(src.dtype, shape.reduce((p, d) => p * d, 1)), shape, src.dtype);
  let lead = 0;
  while (src.ndim - lead > shape.length && src.shape[lead] === 1) lead++;
  const s = new NDArray(src.data, src.shape.slice(lead), src.dtype, {
    strides: src.strides.slice(lead),
    offset: src.offset,
  });
  const v = broadcastView(s, shape);
  if (v === null) {
    throw new InvalidArgumentError(
      `${op}: could not broadcast the fill value from shape ${npShape(src.shape)} into shape ` +
        `${npShape(shape)}`,
    );
  }
  if (src.size === 1) fillView(out, src);
  else copyInto(v, out);
  return out;
}

/**
 * An array of `shape` filled with `fill_value` (a scalar, or an array broadcast to `shape`), of
 * `dtype` or else the value's dtype (JS numbers give float64, API.md's exception to NumPy's
 * int64 for Python ints).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.full([2, 2], 7, "int32").toString()); // [[7 7]\n [7 7]]
 * console.log(np.full([2, 3], [1, 2, 3]).toString()); // [[1. 2. 3.]\n [1. 2. 3.]]
 * ```
 */
export function full(
  shape: number | readonly number[],
  fill_value: ArrayLike,
  dtype?: NpDType,
): NDArray {
  const op = "np.full";
  const s = shapeArg(shape, op);
  const d = dtype === undefined ? undefined : checkNpDType(dtype, op);
  return fillWith(s, fillSource(fill_value, d, op), op);
}

/** The shape and dtype of `a` (or `dtype`), for the `*_like` functions. */
function like(a: ArrayLike, dtype: NpDType | undefined, op: string): [number[], NpDType] {
  const x = asNDArray(a, op, true);
  return [x.shape.slice(), dtype === undefined ? x.dtype : checkNpDType(dtype, op)];
}

/**
 * A new array with the shape and dtype of `prototype` (or `dtype`); zero-filled here (NumPy
 * leaves it uninitialised).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.empty_like(np.ones([2, 3], "int8")).dtype); // int8
 * ```
 */
export function empty_like(prototype: ArrayLike, dtype?: NpDType): NDArray {
  const [s, d] = like(prototype, dtype, "np.empty_like");
  return filled(s, d, 0, "np.empty_like");
}

/**
 * Zeros with the shape and dtype of `a` (or `dtype`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.zeros_like(np.array([1, 2], "int32")).toString()); // [0 0]
 * ```
 */
export function zeros_like(a: ArrayLike, dtype?: NpDType): NDArray {
  const [s, d] = like(a, dtype, "np.zeros_like");
  return filled(s, d, 0, "np.zeros_like");
}

/**
 * Ones with the shape and dtype of `a` (or `dtype`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.ones_like([[1, 2]], "uint8").toString()); // [[1 1]]
 * ```
 */
export function ones_like(a: ArrayLike, dtype?: NpDType): NDArray {
  const [s, d] = like(a, dtype, "np.ones_like");
  return filled(s, d, 1, "np.ones_like");
}

/**
 * `fill_value` (broadcast) in an array with the shape and dtype of `a` (or `dtype`), cast as
 * NumPy's unsafe `copyto` (a fraction into an integer dtype truncates; a JS integer must fit).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.full_like(np.array([1, 2, 3], "int32"), 2.7).toString()); // [2 2 2]
 * ```
 */
export function full_like(a: ArrayLike, fill_value: ArrayLike, dtype?: NpDType): NDArray {
  const op = "np.full_like";
  const [s, d] = like(a, dtype, op);
  return fillWith(s, fillSource(fill_value, d, op), op);
}

/**
 * The `n` by `n` identity matrix (float64 unless `dtype` is given).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.identity(2, "int32").toString()); // [[1 0]\n [0 1]]
 * ```
 */
export function identity(n: number, dtype: NpDType = "float64"): NDArray {
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`np.identity: n must be a non-negative integer, got ${n}`);
  }
  return eye(n, n, { dtype: checkNpDType(dtype, "np.identity") });
}

/** Options of `np.logspace`. */
export interface LogspaceOptions {
  /** Include `base ** stop` as the last sample (default true). */
  endpoint?: boolean;
  /** The base of the exponents (default 10). */
  base?: number;
  /** The result dtype (default float64; integer dtypes truncate). */
  dtype?: NpDType;
}

const LOGSPACE_KEYS = keysOf<LogspaceOptions>({ endpoint: true, base: true, dtype: true });

/** The sample count of linspace, logspace and geomspace, checked. */
function samples(num: unknown, op: string): number {
  if (typeof num !== "number" || !Number.isInteger(num) || num < 0) {
    throw new InvalidArgumentError(
      `${op}: number of samples, ${String(num)}, must be a non-negative integer`,
    );
  }
  return num;
}

/**
 * `num` samples `base ** t` for `t` evenly spaced from `start` to `stop` (NumPy's algorithm:
 * `power(base, linspace(start, stop))` in float64, then cast to `dtype`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.logspace(0, 3, 4).toString()); // [   1.   10.  100. 1000.]
 * console.log(np.logspace(0, 3, 4, { base: 2, endpoint: false }).toString()); // [1.         1.68179283 2.82842712 4.75682846]
 * ```
 */
export function logspace(
  start: number,
  stop: number,
  num = 50,
  options?: LogspaceOptions,
): NDArray {
  const op = "np.logspace";
  checkOptions(options, LOGSPACE_KEYS, `${op} options`);
  const n = samples(num, op);
  const base = options?.base ?? 10;
  for (const [v, what] of [[start, "start"], [stop, "stop"], [base, "base"]] as const) {
    if (typeof v !== "number") {
      throw new InvalidArgumentError(`${op}: ${what} must be a number, got ${String(v)}`);
    }
  }
  const dtype = checkNpDType(options?.dtype ?? "float64", op);
  const y = linspaceValues(start, stop, n, options?.endpoint ?? true);
  for (let i = 0; i < n; i++) y[i] = Math.pow(base, y[i]);
  return new NDArray(castData(y, "float64", dtype), [n], dtype);
}

/** Options of `np.geomspace`. */
export interface GeomspaceOptions {
  /** Include `stop` as the last sample (default true). */
  endpoint?: boolean;
  /** The result dtype (default float64; integer dtypes truncate). */
  dtype?: NpDType;
}

const GEOMSPACE_KEYS = keysOf<GeomspaceOptions>({ endpoint: true, dtype: true });

const IVLN10 = 4.34294481903251816668e-01;
const LOG10_2HI = 3.01029995663611771306e-01;
const LOG10_2LO = 3.69423907715893078616e-13;
const WORDS = new Float64Array(1);
const HIGH = new Int32Array(WORDS.buffer);

/**
 * glibc's `log10` (sysdeps/ieee754/dbl-64/e_log10.c) over glibc's `log` (emulated to the bit in
 * random/glibc_log.ts): NumPy's float64 log10 on Linux is glibc's, which `Math.log10` is not (it
 * differs in the last bit for a few percent of inputs).
 */
function log10(x: number): number {
  WORDS[0] = x;
  let hx = HIGH[1], k = 0;
  if (hx < 0x00100000) {
    if (x === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    WORDS[0] = x * 18014398509481984;
    hx = HIGH[1];
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  const i = k >>> 31;
  HIGH[1] = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  const y = k + i;
  const z = y * LOG10_2LO + IVLN10 * glibcLog(WORDS[0]);
  return z + y * LOG10_2HI;
}

/**
 * `num` samples evenly spaced on a log scale from `start` to `stop` (a geometric progression;
 * both must be non-zero and of one sign), by NumPy's algorithm: `10 ** linspace(log10(|start|),
 * log10(|stop|))` in float64 with the endpoints set exactly, the sign put back, then cast to
 * `dtype`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.geomspace(1, 1000, 4).toString()); // [   1.   10.  100. 1000.]
 * console.log(np.geomspace(-1, -16, 5).toString()); // [ -1.  -2.  -4.  -8. -16.]
 * ```
 */
export function geomspace(
  start: number,
  stop: number,
  num = 50,
  options?: GeomspaceOptions,
): NDArray {
  const op = "np.geomspace";
  checkOptions(options, GEOMSPACE_KEYS, `${op} options`);
  const n = samples(num, op);
  for (const [v, what] of [[start, "start"], [stop, "stop"]] as const) {
    if (typeof v !== "number") {
      throw new InvalidArgumentError(`${op}: ${what} must be a number, got ${String(v)}`);
    }
  }
  if (start === 0 || stop === 0) {
    throw new InvalidArgumentError(
      `${op}: geometric sequence cannot include zero, got start ${start} and stop ${stop}`,
    );
  }
  const dtype = checkNpDType(options?.dtype ?? "float64", op);
  const endpoint = options?.endpoint ?? true;
  const sign = Math.sign(start);
  const s = start / sign, t = stop / sign;
  const y = linspaceValues(log10(s), log10(t), n, endpoint);
  for (let i = 0; i < n; i++) y[i] = Math.pow(10, y[i]);
  if (n > 0) {
    y[0] = s;
    if (n > 1 && endpoint) y[n - 1] = t;
  }
  for (let i = 0; i < n; i++) y[i] *= sign;
  return new NDArray(castData(y, "float64", dtype), [n], dtype);
}
