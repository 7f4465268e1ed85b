/**
 * NumPy's dtype facts: `finfo`, `iinfo`, `can_cast`, `promote_types`, `result_type`, and the
 * constants `pi`, `e`, `euler_gamma`, `inf`, `nan` and `newaxis`. Values are NumPy 2's on Linux
 * (x86-64).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, NP_ARRAY_TYPES, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { isTensorOrVariable } from "../symbols.ts";
import { type ArrayLike, asNDArray, isScalar } from "./convert.ts";
import { intRange, itemsize, kindOf, NP_DTYPES } from "./dtypes.ts";
import { npPromote, resultType } from "./promote.ts";
import { describe } from "./strided.ts";

/** π. */
export const pi: number = Math.PI;
/** Euler's number e. */
export const e: number = Math.E;
/** The Euler–Mascheroni constant γ. */
export const euler_gamma: number = 0.5772156649015329;
/** Positive infinity. */
export const inf: number = Infinity;
/** Not a number. */
export const nan: number = NaN;
/** NumPy's `newaxis` (`None`): in an index of `NDArray.at` it inserts an axis of length 1. */
export const newaxis: null = null;

/** A dtype given by name, or by an array (or tensor) whose dtype it is. */
export type DTypeLike = NpDType | NDArray | ArrayLike;

/** The dtype that a dtype argument names (a name, or an array's dtype). */
function dtypeOf(x: unknown, op: string, what = "dtype"): NpDType {
  if (typeof x === "string") {
    if (Object.hasOwn(NP_ARRAY_TYPES, x)) return x as NpDType;
    throw new InvalidArgumentError(
      `${op}: unknown ${what} ${JSON.stringify(x)}: expected one of ${NP_DTYPES.join(", ")}`,
    );
  }
  if (isScalar(x)) {
    throw new InvalidArgumentError(
      `${op}: ${what} must be a dtype name or an array, got the JS ${typeof x} ${
        describe(x)
      } (NumPy 2 does not take Python scalars here: their dtype depends on the value)`,
    );
  }
  if (
    x instanceof NDArray || isTensorOrVariable(x) || ArrayBuffer.isView(x) || Array.isArray(x)
  ) {
    return asNDArray(x as ArrayLike, op, true).dtype;
  }
  throw new InvalidArgumentError(
    `${op}: ${what} must be a dtype name or an array, got ${describe(x)}`,
  );
}

/** Machine limits of a float dtype (NumPy's `finfo`); values are exact JS numbers. */
export interface FInfo {
  /** The dtype. */
  readonly dtype: NpDType;
  /** Bits per element. */
  readonly bits: number;
  /** The gap between 1 and the next larger value. */
  readonly eps: number;
  /** The gap between 1 and the next smaller value. */
  readonly epsneg: number;
  /** The largest finite value. */
  readonly max: number;
  /** The most negative finite value (`-max`). */
  readonly min: number;
  /** The smallest positive normal value (NumPy's `tiny`). */
  readonly tiny: number;
  /** The smallest positive normal value. */
  readonly smallest_normal: number;
  /** The smallest positive subnormal value. */
  readonly smallest_subnormal: number;
  /** `10 ** -precision`, rounded to the dtype. */
  readonly resolution: number;
  /** The approximate number of decimal digits of precision. */
  readonly precision: number;
  /** Bits of the mantissa (without the implicit one). */
  readonly nmant: number;
  /** Bits of the exponent. */
  readonly nexp: number;
  /** The exponent of `eps` (`eps == 2 ** machep`). */
  readonly machep: number;
  /** The exponent of `epsneg`. */
  readonly negep: number;
  /** The smallest power of 2 that overflows. */
  readonly maxexp: number;
  /** The exponent of the smallest normal value. */
  readonly minexp: number;
}

/** Bit layout of the float dtypes: mantissa bits, exponent bits, decimal precision. */
const FLOAT_LAYOUT: Record<string, readonly [number, number, number]> = {
  float16: [10, 5, 3],
  float32: [23, 8, 6],
  float64: [52, 11, 15],
};

const ROUND: Record<string, (x: number) => number> = {
  float16: Math.f16round,
  float32: Math.fround,
  float64: (x) => x,
};

/**
 * Machine limits of a float dtype, given by name or by an array of it (NumPy's `finfo`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const f = np.finfo("float32");
 * console.log(f.eps, f.max, f.bits); // 1.1920928955078125e-7 3.4028234663852886e+38 32
 * ```
 */
export function finfo(dtype: DTypeLike): FInfo {
  const op = "np.finfo";
  const d = dtypeOf(dtype, op);
  if (kindOf(d) !== "f") {
    throw new InvalidArgumentError(`${op}: data type ${JSON.stringify(d)} not inexact`);
  }
  const [nmant, nexp, precision] = FLOAT_LAYOUT[d];
  const maxexp = 2 ** (nexp - 1);
  const minexp = 3 - maxexp - 1;
  const normal = 2 ** minexp;
  return Object.freeze({
    dtype: d,
    bits: 8 * itemsize(d),
    eps: 2 ** -nmant,
    epsneg: 2 ** (-nmant - 1),
    max: (2 - 2 ** -nmant) * 2 ** (maxexp - 1),
    min: -(2 - 2 ** -nmant) * 2 ** (maxexp - 1),
    tiny: normal,
    smallest_normal: normal,
    smallest_subnormal: 2 ** (minexp - nmant),
    resolution: ROUND[d](10 ** -precision),
    precision,
    nmant,
    nexp,
    machep: -nmant,
    negep: -nmant - 1,
    maxexp,
    minexp,
  });
}

/** Machine limits of an integer dtype (NumPy's `iinfo`): bigints for the 64-bit dtypes. */
export interface IInfo {
  /** The dtype. */
  readonly dtype: NpDType;
  /** Bits per element. */
  readonly bits: number;
  /** NumPy's kind: "i" signed, "u" unsigned. */
  readonly kind: "i" | "u";
  /** The smallest value. */
  readonly min: number | bigint;
  /** The largest value. */
  readonly max: number | bigint;
}

/**
 * Machine limits of an integer dtype, given by name or by an array of it (NumPy's `iinfo`).
 * `min` and `max` are numbers, bigints for int64 and uint64.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.iinfo("int8").min, np.iinfo("uint64").max); // -128 18446744073709551615n
 * ```
 */
export function iinfo(dtype: DTypeLike): IInfo {
  const op = "np.iinfo";
  const d = dtypeOf(dtype, op);
  const k = kindOf(d);
  if (k !== "i" && k !== "u") {
    throw new InvalidArgumentError(`${op}: invalid integer data type ${JSON.stringify(d)}`);
  }
  const [lo, hi] = intRange(d);
  const big = itemsize(d) === 8;
  return Object.freeze({
    dtype: d,
    bits: 8 * itemsize(d),
    kind: k,
    min: big ? lo : Number(lo),
    max: big ? hi : Number(hi),
  });
}

/** NumPy's casting rules, from the strictest. */
export type Casting = "no" | "equiv" | "safe" | "same_kind" | "unsafe";

const CASTINGS: readonly Casting[] = ["no", "equiv", "safe", "same_kind", "unsafe"];
const KIND_ORDER: Record<string, number> = { b: 0, u: 1, i: 2, f: 3 };

/** Internal: whether `from` casts to `to` under `casting` (checked), as NumPy decides. */
export function canCastDtype(from: NpDType, to: NpDType, casting: Casting): boolean {
  if (from === to || casting === "unsafe") return true;
  if (casting === "no" || casting === "equiv") return false;
  if (npPromote(from, to) === to) return true;
  return casting === "same_kind" && KIND_ORDER[kindOf(from)] <= KIND_ORDER[kindOf(to)];
}

/** Internal: a `casting` argument, checked. */
export function checkCasting(casting: unknown, op: string): Casting {
  if (!CASTINGS.includes(casting as Casting)) {
    throw new InvalidArgumentError(
      `${op}: casting must be one of ${CASTINGS.map((c) => `"${c}"`).join(", ")}, got ${
        describe(casting)
      }`,
    );
  }
  return casting as Casting;
}

/** Options of `np.can_cast`. */
export interface CanCastOptions {
  /** The rule: "no", "equiv", "safe" (default), "same_kind" or "unsafe". */
  casting?: Casting;
}

const CAN_CAST_KEYS = keysOf<CanCastOptions>({ casting: true });

/**
 * Whether a cast from `from_` (a dtype name or an array) to `to` is allowed by the `casting`
 * rule: "safe" (default) when every value is kept, "same_kind" also within a kind or to a higher
 * one (float64 to float32, int64 to int8), "unsafe" always, "no"/"equiv" only the same dtype.
 * JS numbers are refused, as NumPy 2 refuses Python scalars.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.can_cast("int32", "float64"), np.can_cast("float64", "float32")); // true false
 * console.log(np.can_cast("float64", "float32", { casting: "same_kind" })); // true
 * ```
 */
export function can_cast(from_: DTypeLike, to: NpDType, options?: CanCastOptions): boolean {
  const op = "np.can_cast";
  checkOptions(options, CAN_CAST_KEYS, `${op} options`);
  const casting = checkCasting(options?.casting ?? "safe", op);
  return canCastDtype(dtypeOf(from_, op, "from_"), dtypeOf(to, op, "to"), casting);
}

/**
 * The smallest dtype to which both dtypes can be cast safely (NumPy's `promote_types`; on Linux
 * int64 with uint64 gives float64).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.promote_types("int8", "uint8"), np.promote_types("int64", "float16")); // int16 float64
 * ```
 */
export function promote_types(type1: NpDType, type2: NpDType): NpDType {
  const op = "np.promote_types";
  return npPromote(dtypeOf(type1, op, "type1"), dtypeOf(type2, op, "type2"));
}

/**
 * The dtype NumPy 2's promotion (NEP 50) gives the arguments: dtype names and arrays (including
 * 0-d ones) are strong, JS numbers, booleans and bigints weak (a JS integer is a weak int, any
 * other number a weak float). `resultType` is the same function.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.result_type("int8", 1), np.result_type(np.array([1], "uint8"), "int8")); // int8 int16
 * console.log(np.result_type("float16", 1.5), np.result_type("int16", 1.5)); // float16 float64
 * ```
 */
export function result_type(
  ...arrays_and_dtypes: (NpDType | number | bigint | boolean | ArrayLike)[]
): NpDType {
  const op = "np.result_type";
  if (arrays_and_dtypes.length === 0) {
    throw new InvalidArgumentError(`${op}: at least one array or dtype is required`);
  }
  return resultType(
    ...arrays_and_dtypes.map((x) => (isScalar(x) ? x : dtypeOf(x, op, "argument"))),
  );
}
