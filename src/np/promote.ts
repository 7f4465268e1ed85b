/**
 * NumPy 2's type promotion (NEP 50) for its numeric dtypes, with JS numbers as weak scalars: an
 * integer-valued number is a weak int, any other number a weak float, a boolean a weak bool.
 *
 * @module
 */
import type { NpDType } from "../ndarray.ts";

const SIGNED = ["int8", "int16", "int32", "int64"] as const;
const FLOATS = ["float16", "float32", "float64"] as const;

function bits(d: NpDType): number {
  return d === "bool"
    ? 1
    : d.endsWith("8")
    ? 8
    : d.endsWith("16")
    ? 16
    : d.endsWith("32")
    ? 32
    : 64;
}

function kind(d: NpDType): "b" | "i" | "u" | "f" {
  return d === "bool" ? "b" : d.startsWith("int") ? "i" : d.startsWith("uint") ? "u" : "f";
}

const byBits = <T extends readonly NpDType[]>(list: T, n: number): NpDType =>
  list.find((d) => bits(d) >= n) ?? "float64";

/** `np.result_type(a, b)` of two array dtypes. */
export function npPromote(a: NpDType, b: NpDType): NpDType {
  const ka = kind(a), kb = kind(b);
  if (a === b) return a;
  if (ka === "b") return b;
  if (kb === "b") return a;
  if (ka === "f" || kb === "f") {
    // A float holds an integer when its mantissa covers the integer's range.
    const need = (d: NpDType): number =>
      kind(d) === "f" ? bits(d) : bits(d) <= 8 ? 16 : bits(d) <= 16 ? 32 : 64;
    return byBits(FLOATS, Math.max(need(a), need(b)));
  }
  if (ka === kb) return bits(a) >= bits(b) ? a : b;
  const [s, u] = ka === "i" ? [a, b] : [b, a];
  return bits(s) > bits(u) ? s : byBits(SIGNED, 2 * bits(u));
}

/** The dtype of an array of `dtype` combined with a weak JS scalar (NEP 50). */
export function npWeak(dtype: NpDType, value: number | boolean | bigint): NpDType {
  if (typeof value === "boolean") return dtype;
  const isInt = typeof value === "bigint" || Number.isInteger(value);
  if (kind(dtype) === "f") return dtype;
  if (isInt) return dtype === "bool" ? "int64" : dtype;
  return "float64";
}

/** NumPy's true-division result dtype: integers and bool give float64. */
export function npDivType(dtype: NpDType): NpDType {
  return kind(dtype) === "f" ? dtype : "float64";
}
