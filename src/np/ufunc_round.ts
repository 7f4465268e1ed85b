/**
 * NumPy's rounding functions (`round`/`around` with NumPy's scale-rint-unscale algorithm, `rint`,
 * `floor`, `ceil`, `trunc`, `fix`), `clip` (NumPy 2's: either bound may be null, NaN bounds
 * propagate) and `nan_to_num`.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { sizeOf } from "../shape.ts";
import { type ArrayLike, type Operand, operand } from "./convert.ts";
import { alloc, castData, intRange, isBig, kindOf } from "./dtypes.ts";
import { cpuBackend } from "../device.ts";
import { BINARY_OPS } from "../ops/op_ids.ts";
import { hasKernels, kernelBinary, viewOf } from "./kernels.ts";
import { resultType } from "./promote.ts";
import {
  applyUfunc,
  deliver,
  type LoopIn,
  operandDtypes,
  outArray,
  outsOf,
  prepareOuts,
  readAs,
  roundTo,
  runLoop,
  scalarIn,
  shapeOf,
  ufunc1,
  type UfuncOptions,
} from "./ufunc_apply.ts";
import { powerOfTen, rint as rintF } from "./ufunc_math.ts";
import { resolveLoop, UFUNCS } from "./ufunc_table.ts";

/** Options of `np.round` and `np.around`. */
export interface RoundOptions {
  /** Decimal places to keep (negative: round to tens, hundreds, ...); 0 when omitted. */
  decimals?: number;
  /**
   * Where to write the result (NumPy's `out`), returned in place of a new array: as NumPy, the
   * steps of the rounding (scale, rint, unscale) each compute into it, in its dtype ("same_kind"
   * casts); an integer array with `decimals >= 0` is copied into it.
   */
  out?: NDArray | null;
}

const ROUND_KEYS = keysOf<RoundOptions>({ decimals: true, out: true });

const IDENTITY = (x: number): number => x;
const ROUNDERS: Partial<Record<NpDType, (x: number) => number>> = {
  float16: Math.f16round,
  float32: Math.fround,
  float64: IDENTITY,
};

/** An operand as an array: a JS scalar becomes a 0-d array of its default dtype. */
function arrayOf(x: Operand, op: string): NDArray {
  if (x instanceof NDArray) return x;
  const d = resultType(x);
  const data = alloc(d, 1) as unknown as LoopIn[];
  data[0] = scalarIn(x, d, d, op);
  return new NDArray(data as unknown as NDArray["data"], [], d);
}

function roundOp(a: ArrayLike, options: RoundOptions | undefined, op: string): NDArray {
  checkOptions(options, ROUND_KEYS, `${op} options`);
  const decimals = options?.decimals ?? 0;
  if (typeof decimals !== "number" || !Number.isInteger(decimals)) {
    throw new InvalidArgumentError(`${op}: decimals must be an integer, got ${String(decimals)}`);
  }
  const out = outArray(options?.out, op);
  const x = arrayOf(operand(a, op), op);
  const k = kindOf(x.dtype);
  if (out !== null) return roundInto(x, decimals, out, op);
  if ((k === "i" || k === "u") && decimals >= 0) return x.copy();
  if (decimals === 0) return applyUfunc("rint", [x], op)[0];
  if (k === "b") {
    throw new InvalidArgumentError(
      `${op}: cannot round a bool array to ${decimals} decimals (NumPy's UFuncTypeError: the ` +
        `scaled values are float64, which does not cast to bool)`,
    );
  }
  // NumPy's PyArray_Round: y = x * 10^d (x / 10^-d), rint, then back by the inverse operation,
  // each step in the array's float dtype; integers go through float64 and are cast back.
  const d = k === "f" ? x.dtype : "float64";
  const input = k === "f" ? x : new NDArray(castData(x.contiguousData(), x.dtype, d), x.shape, d);
  const f = roundTo(d, powerOfTen(Math.abs(decimals)));
  const expr = decimals >= 0 ? "$2 = R(rint(R($0 * $1)) / $1);" : "$2 = R(rint(R($0 / $1)) * $1);";
  const [y] = runLoop(
    `${op} ${d} ${decimals >= 0 ? "up" : "down"}`,
    () => ({ R: ROUNDERS[d], rint: rintF }),
    expr,
    [input, f],
    x.shape,
    [d],
  );
  return k === "f" ? y : new NDArray(castData(y.data, d, x.dtype), x.shape, x.dtype);
}

/**
 * NumPy's `round` with `out` (PyArray_Round): an integer array with `decimals >= 0` is copied
 * into `out`; else `rint` into it, or scale into it, `rint` it in place and unscale it in place
 * (each step a ufunc into `out`, in its dtype).
 */
function roundInto(x: NDArray, decimals: number, out: NDArray, op: string): NDArray {
  const k = kindOf(x.dtype);
  const options = { out };
  if ((k === "i" || k === "u") && decimals >= 0) return applyUfunc("positive", [x], op, options)[0];
  if (decimals === 0) return applyUfunc("rint", [x], op, options)[0];
  const f = powerOfTen(Math.abs(decimals));
  const [scale, unscale] = decimals > 0
    ? ["multiply", "divide"] as const
    : ["divide", "multiply"] as const;
  applyUfunc(scale, [x, f], op, options);
  applyUfunc("rint", [out], op, options);
  return applyUfunc(unscale, [out, f], op, options)[0];
}

/**
 * Rounds to `decimals` places as NumPy does: `rint(x * 10**decimals) / 10**decimals` in the
 * array's dtype (so halves go to even and the scaled value is rounded first: `round(1.005, 2)`
 * is 1.0, as in NumPy). Integers are returned as they are for `decimals >= 0` and rounded
 * through float64 otherwise.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.round([0.5, 1.5, 2.675]).toString()); // [0. 2. 3.]
 * console.log(np.round([2.675, -0.125], { decimals: 2 }).toString()); // [ 2.68 -0.12]
 * console.log(np.round(np.array([1250, 1351], "int16"), { decimals: -2 }).toString()); // [1200 1400]
 * ```
 */
export function round(a: ArrayLike, options?: RoundOptions): NDArray {
  return roundOp(a, options, "np.round");
}

/**
 * `np.around`: the same function as `np.round`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.around([1.25, 1.35], { decimals: 1 }).toString()); // [1.2 1.4]
 * ```
 */
export function around(a: ArrayLike, options?: RoundOptions): NDArray {
  return roundOp(a, options, "np.around");
}

/**
 * Elementwise rounding to the nearest integer, halves to even, in the float dtype (integers take
 * NumPy's float loop).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.rint([0.5, 1.5, -2.5]).toString()); // [ 0.  2. -2.]
 * ```
 */
export function rint(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("rint", x, options);
}

/**
 * Elementwise floor (the largest integer not above `x`); integers and bools keep their dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.floor([-1.5, 1.5]).toString()); // [-2.  1.]
 * ```
 */
export function floor(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("floor", x, options);
}

/**
 * Elementwise ceiling (the smallest integer not below `x`); integers and bools keep their dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.ceil([-1.5, 1.5]).toString()); // [-1.  2.]
 * ```
 */
export function ceil(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("ceil", x, options);
}

/**
 * Elementwise truncation toward zero; integers and bools keep their dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.trunc([-1.7, 1.7]).toString()); // [-1.  1.]
 * ```
 */
export function trunc(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("trunc", x, options);
}

/**
 * Rounds toward zero (NumPy's `fix`: the same values as `np.trunc`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.fix([-2.5, 2.5]).toString()); // [-2.  2.]
 * ```
 */
export function fix(x: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc("trunc", [x], "np.fix", options)[0];
}

/** NumPy 2's clip takes any Python int as a bound: one beyond the dtype's range is clamped. */
function clipBound(x: Operand, dt: NpDType, loop: NpDType, op: string): LoopIn {
  if (x instanceof NDArray) return readAs(x, loop);
  const k = kindOf(dt);
  if ((typeof x === "bigint" || (typeof x === "number" && Number.isInteger(x))) && k !== "f") {
    const [lo, hi] = intRange(dt);
    const v = BigInt(x);
    return scalarIn(v < lo ? lo : v > hi ? hi : v, dt, loop, op);
  }
  return scalarIn(x, dt, loop, op);
}

/** The single value of a bound that broadcasts one element, or undefined. */
function constantOf(b: LoopIn): number | bigint | undefined {
  if (!(b instanceof NDArray)) return b as number | bigint;
  return b.size === 1 ? (b.contiguousData()[0] as number | bigint) : undefined;
}

/** clip with constant bounds (NumPy's scalar-bounds loop: an element equal to a bound stays). */
function clipConst(x: number, lo: number, hi: number): number {
  const m = lo > x ? lo : x;
  return hi < m ? hi : m;
}

/** clip with array bounds: NumPy's `_NPY_MIN(_NPY_MAX(x, lo), hi)`, NaN-propagating. */
function clipArrays(x: number, lo: number, hi: number): number {
  const m = x !== x ? x : x > lo ? x : lo;
  return m !== m ? m : m < hi ? m : hi;
}

/** clip of 64-bit integers (no NaN; both loops agree). */
function clipBig(x: bigint, lo: bigint, hi: bigint): bigint {
  const m = x > lo ? x : lo;
  return m < hi ? m : hi;
}

/**
 * clip on the tensors' maximum and minimum kernels (NaN-propagating; equal operands give the
 * second): `minimum(hi, maximum(lo, x))` is NumPy's constant-bounds loop (an element equal to a
 * bound stays), `minimum(maximum(x, lo), hi)` its array-bounds loop. Null where `d` has none.
 */
function clipKernels(
  ins: readonly LoopIn[],
  d: NpDType,
  shape: readonly number[],
  constant: boolean,
): NDArray | null {
  if (!hasKernels(d)) return null;
  const [x, lo, hi] = ins.map((v) => {
    if (v instanceof NDArray) return v;
    const data = alloc(d, 1) as unknown as LoopIn[];
    data[0] = v;
    return new NDArray(data as unknown as NDArray["data"], [], d);
  });
  if (x.dtype !== d || lo.dtype !== d || hi.dtype !== d) return null;
  const m = constant
    ? kernelBinary("maximum", lo, x, shape, d)
    : kernelBinary("maximum", x, lo, shape, d);
  if (m === null) return null;
  // The minimum pass writes over the maximum's own (fresh, contiguous) array: elementwise, each
  // element read before it is written.
  const mv = viewOf(m)!, hv = viewOf(hi, shape)!;
  const min = BINARY_OPS.indexOf("minimum");
  if (m.size > 0) cpuBackend().binary(min, constant ? hv : mv, constant ? mv : hv, mv);
  return m;
}

/**
 * Limits the elements of `a` to `[min, max]` (NumPy 2's `clip`): `min` or `max` may be null (no
 * limit on that side; `np.maximum`/`np.minimum` then; `np.positive` without either), arrays broadcast, and the result dtype is
 * NEP 50's of the three. A NaN bound gives NaN. JS integers beyond an integer array's range are
 * clamped to it (NumPy 2 takes them).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.clip(np.array([-5, 3, 9], "int8"), 0, 5).toString()); // [0 3 5]
 * console.log(np.clip([1, 8], null, [4, 6]).toString()); // [1. 6.]
 * ```
 */
export function clip(
  a: ArrayLike,
  min?: ArrayLike | null,
  max?: ArrayLike | null,
  options?: UfuncOptions,
): NDArray {
  const op = "np.clip";
  const outs = outsOf(options, 1, op);
  // NumPy 2: no bounds is np.positive (a copy; bool is its error).
  if ((min === null || min === undefined) && (max === null || max === undefined)) {
    return applyUfunc("positive", [a], op, options)[0];
  }
  if (min === null || min === undefined) return applyUfunc("minimum", [a, max!], op, options)[0];
  if (max === null || max === undefined) return applyUfunc("maximum", [a, min], op, options)[0];
  const xs = [a, min, max].map((v) => operand(v, op));
  const dts = operandDtypes(xs);
  const loop = resolveLoop(UFUNCS.maximum, dts, op);
  const d = loop.ins[0];
  const ins = xs.map((x, i) => clipBound(x, dts[i], d, op));
  let shape: readonly number[] = shapeOf(ins, op);
  if (outs !== null) shape = prepareOuts(outs, shape, [d], op);
  const done = (r: NDArray): NDArray => (outs === null ? r : deliver([r], outs)[0]);
  const lo = constantOf(ins[1]), hi = constantOf(ins[2]);
  const constant = lo !== undefined && hi !== undefined;
  if (constant && kindOf(d) === "f" && (lo !== lo || hi !== hi)) {
    const out = alloc(d, sizeOf(shape)) as Float64Array;
    out.fill(NaN);
    return done(new NDArray(out, shape, d));
  }
  const k = clipKernels(ins, d, shape, constant);
  if (k !== null) return done(k);
  return done(
    runLoop(
      `${op} ${d} ${constant ? "constant" : "arrays"}`,
      () => ({ f: isBig(d) ? clipBig : constant ? clipConst : clipArrays }),
      "$3 = f($0, $1, $2);",
      ins,
      shape,
      [d],
    )[0],
  );
}

/** Options of `np.nan_to_num`. */
export interface NanToNumOptions {
  /** The value for NaN (default 0). */
  nan?: number;
  /** The value for +inf (default the dtype's largest finite value). */
  posinf?: number;
  /** The value for -inf (default the dtype's most negative finite value). */
  neginf?: number;
}

const NAN_TO_NUM_KEYS = keysOf<NanToNumOptions>({ nan: true, posinf: true, neginf: true });

const FLOAT_MAX: Partial<Record<NpDType, number>> = {
  float16: 65504,
  float32: 3.4028234663852886e38,
  float64: Number.MAX_VALUE,
};

/**
 * Replaces NaN with `nan` (0), +inf with `posinf` and -inf with `neginf` (the dtype's largest
 * finite values), in a copy; the replacements are cast to the array's float dtype. Integer and
 * bool arrays are copied as they are.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nan_to_num([NaN, Infinity, -Infinity, 1]).toString()); // [ 0.00000000e+000  1.79769313e+308 -1.79769313e+308  1.00000000e+000]
 * console.log(np.nan_to_num([NaN, Infinity], { nan: -1, posinf: 9 }).toString()); // [-1.  9.]
 * ```
 */
export function nan_to_num(x: ArrayLike, options?: NanToNumOptions): NDArray {
  const op = "np.nan_to_num";
  checkOptions(options, NAN_TO_NUM_KEYS, `${op} options`);
  for (const key of NAN_TO_NUM_KEYS) {
    const v = (options as Record<string, unknown> | undefined)?.[key];
    if (v !== undefined && typeof v !== "number") {
      throw new InvalidArgumentError(`${op}: ${key} must be a number, got ${String(v)}`);
    }
  }
  const a = arrayOf(operand(x, op), op);
  const d = a.dtype;
  const max = FLOAT_MAX[d];
  if (max === undefined) return a.copy();
  const table = new Float64Array([
    roundTo(d, options?.nan ?? 0),
    roundTo(d, options?.posinf ?? max),
    roundTo(d, options?.neginf ?? -max),
  ]);
  return runLoop(
    `${op} ${d}`,
    () => ({}),
    "$2 = $0 !== $0 ? $1[0] : $0 === Infinity ? $1[1] : $0 === -Infinity ? $1[2] : $0;",
    [a, table],
    a.shape,
    [d],
  )[0];
}
