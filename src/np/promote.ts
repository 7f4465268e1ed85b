/**
 * NumPy 2's type promotion (NEP 50) for its numeric dtypes, with JS values as weak scalars: an
 * integer-valued number or a bigint is a weak int, any other number a weak float, a boolean a
 * weak bool.
 *
 * @module
 */
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { NpDType } from "../ndarray.ts";
import { intRange, isBig, kindOf, type NpKind } from "./dtypes.ts";

const SIGNED = ["int8", "int16", "int32", "int64"] as const;
const FLOATS = ["float16", "float32", "float64"] as const;

function bits(d: NpDType): number {
  return d === "bool" ? 1 : Number(d.replace(/^\D+/, ""));
}

const byBits = <T extends readonly NpDType[]>(list: T, n: number): NpDType =>
  list.find((d) => bits(d) >= n) ?? "float64";

/**
 * `np.result_type(a, b)` of two array dtypes (NumPy 2 on Linux: int64 with uint64 gives float64).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.resultType("int8", "uint8")); // "int16"
 * ```
 */
export function npPromote(a: NpDType, b: NpDType): NpDType {
  const ka = kindOf(a), kb = kindOf(b);
  if (a === b) return a;
  if (ka === "b") return b;
  if (kb === "b") return a;
  if (ka === "f" || kb === "f") {
    // A float holds an integer when its mantissa covers the integer's range.
    const need = (d: NpDType): number =>
      kindOf(d) === "f" ? bits(d) : bits(d) <= 8 ? 16 : bits(d) <= 16 ? 32 : 64;
    return byBits(FLOATS, Math.max(need(a), need(b)));
  }
  if (ka === kb) return bits(a) >= bits(b) ? a : b;
  const [s, u] = ka === "i" ? [a, b] : [b, a];
  return bits(s) > bits(u) ? s : byBits(SIGNED, 2 * bits(u));
}

/** The kind of a weak JS scalar: "b" for a boolean, "i" for an integer, "f" otherwise. */
export function weakKind(value: Scalar): "b" | "i" | "f" {
  if (typeof value === "boolean") return "b";
  return typeof value === "bigint" || Number.isInteger(value) ? "i" : "f";
}

const LEVEL: Record<NpKind, number> = { b: 0, u: 1, i: 1, f: 2 };
const DEFAULT: Record<"b" | "i" | "f", NpDType> = { b: "bool", i: "int64", f: "float64" };

/**
 * NEP 50's result dtype of arrays (given by dtype) and weak JS scalars: the arrays promote among
 * themselves; a weak scalar of a higher kind (bool < int < float) lifts the result to that kind's
 * default (int64, float64); with no arrays, the scalars' highest kind's default.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.resultType("int8", 1), np.resultType("int8", 1.5), np.resultType(1, 2)); // int8 float64 int64
 * ```
 */
export function resultType(...operands: readonly (NpDType | Scalar)[]): NpDType {
  let strong: NpDType | null = null;
  let weak = -1;
  for (const o of operands) {
    if (typeof o === "string") strong = strong === null ? o : npPromote(strong, o);
    else weak = Math.max(weak, LEVEL[weakKind(o)]);
  }
  const kinds = ["b", "i", "f"] as const;
  if (strong === null) {
    if (weak < 0) {
      throw new InvalidArgumentError("np.resultType: expected at least one dtype or value");
    }
    return DEFAULT[kinds[weak]];
  }
  if (weak > LEVEL[kindOf(strong)]) return npPromote(strong, DEFAULT[kinds[weak]]);
  return strong;
}

/** NumPy's true-division result dtype: integers and bool give float64. */
export function npDivType(dtype: NpDType): NpDType {
  return kindOf(dtype) === "f" ? dtype : "float64";
}

/**
 * A weak scalar as an element of `dtype`: a number for the small dtypes (floats not yet rounded),
 * a bigint for int64/uint64. An integer outside an integer dtype's range is an error, as NumPy's
 * "Python integer 300 out of bounds for int8", unless `wrap` is set (then it wraps, as `np.where`
 * does).
 */
export function weakValue(
  value: Scalar,
  dtype: NpDType,
  op: string,
  wrap = false,
): number | bigint {
  const k = kindOf(dtype);
  if (typeof value === "boolean") {
    const v = value ? 1 : 0;
    return isBig(dtype) ? BigInt(v) : v;
  }
  if (k === "f") return Number(value);
  if (k === "b") return value !== 0 && value !== 0n ? 1 : 0;
  // An integer dtype: the value is integral (resultType gave a float dtype otherwise).
  const big = BigInt(value);
  const [lo, hi] = intRange(dtype);
  if (big < lo || big > hi) {
    if (!wrap) {
      throw new InvalidArgumentError(
        `${op}: integer ${String(value)} is out of bounds for ${dtype} (NumPy's OverflowError)`,
      );
    }
  }
  const bitsOf = bits(dtype);
  const w = k === "u" ? BigInt.asUintN(bitsOf, big) : BigInt.asIntN(bitsOf, big);
  return bitsOf === 64 ? w : Number(w);
}
