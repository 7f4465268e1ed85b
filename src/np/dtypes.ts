/**
 * NumPy dtype facts for the `np` namespace: kinds, sizes, ranges, NumPy's dtype names, and the
 * casts between them (`astype` semantics, elementwise over flat data).
 *
 * @module
 */
import { bigintToFloat32 } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NP_ARRAY_TYPES, type NpDType, type NpTypedArray } from "../ndarray.ts";

/** The twelve NumPy dtypes, in NumPy's own order. */
export const NP_DTYPES: readonly NpDType[] = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float16",
  "float32",
  "float64",
];

/** A dtype's kind, as NumPy's `dtype.kind`: bool, signed, unsigned, float. */
export type NpKind = "b" | "i" | "u" | "f";

/** NumPy's `dtype.kind`. */
export function kindOf(d: NpDType): NpKind {
  return d === "bool" ? "b" : d.startsWith("int") ? "i" : d.startsWith("uint") ? "u" : "f";
}

/** Bytes per element. */
export function itemsize(d: NpDType): number {
  return NP_ARRAY_TYPES[d].BYTES_PER_ELEMENT;
}

/** True for int64 and uint64, whose elements are bigints. */
export function isBig(d: NpDType): boolean {
  return d === "int64" || d === "uint64";
}

/** The inclusive range of an integer dtype, as bigints. */
export function intRange(d: NpDType): readonly [bigint, bigint] {
  const bits = BigInt(8 * itemsize(d));
  return kindOf(d) === "u"
    ? [0n, (1n << bits) - 1n]
    : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
}

/** Checks that a value names one of the twelve dtypes, and returns it. */
export function checkNpDType(dtype: unknown, op: string): NpDType {
  if (typeof dtype === "string" && Object.hasOwn(NP_ARRAY_TYPES, dtype)) return dtype as NpDType;
  throw new InvalidArgumentError(
    `${op}: unknown dtype ${JSON.stringify(dtype)}: expected one of ${NP_DTYPES.join(", ")}`,
  );
}

/** A new zero-filled array of `n` elements of `dtype`. */
export function alloc(dtype: NpDType, n: number): NpTypedArray {
  return new NP_ARRAY_TYPES[dtype](n);
}

const TWO31 = 2 ** 31, TWO63 = 2 ** 63, TWO64 = 2 ** 64;

/** x86-64's `cvttsd2si` into 32 bits: truncation; NaN and out-of-range give -2^31. */
function cvt32(v: number): number {
  const t = Math.trunc(v);
  return t >= -TWO31 && t < TWO31 ? t : -TWO31;
}

/** x86-64's `cvttsd2si` into 64 bits, as a bigint: NaN and out-of-range give -2^63. */
function cvt64(v: number): bigint {
  const t = Math.trunc(v);
  return t >= -TWO63 && t < TWO63 ? BigInt(t) : -(2n ** 63n);
}

/**
 * A float converted to an integer dtype as NumPy's C casts do on x86-64 (truncation toward zero;
 * NumPy calls out-of-range values undefined and warns: they follow the processor's rule here).
 * Returns a number for the small dtypes (wrapped by the typed-array store) and a bigint for
 * int64/uint64.
 */
export function floatToInt(v: number, to: NpDType, from: NpDType = "float64"): number | bigint {
  switch (to) {
    case "int64":
      return cvt64(v);
    case "uint64":
      if (v >= TWO63) return v < TWO64 ? BigInt(Math.trunc(v)) : 0n;
      return BigInt.asUintN(64, cvt64(v));
    case "uint32":
      if (from === "float16") return Number(BigInt.asUintN(32, cvt64(v)));
      // NumPy's vectorised loop: values from 2^31 up are offset by 2^31 first; -inf gives 0.
      if (v >= TWO31) return (cvt32(v - TWO31) ^ TWO31) >>> 0;
      return v === -Infinity ? 0 : cvt32(v) >>> 0;
    default:
      return cvt32(v);
  }
}

/**
 * Converts flat data of `from` into a new typed array of `to` with NumPy's `astype` rules:
 * integers wrap (two's complement), floats round to nearest even, anything to bool is `!= 0`
 * (NaN gives true), floats to integers as `floatToInt`. Returns `src` itself when `from === to`.
 */
export function castData(src: NpTypedArray, from: NpDType, to: NpDType): NpTypedArray {
  if (from === to) return src;
  const n = src.length;
  const Ctor = NP_ARRAY_TYPES[to];
  const kf = kindOf(from), kt = kindOf(to);
  const bigFrom = isBig(from), bigTo = isBig(to);
  if (to === "bool") {
    const out = new Uint8Array(n);
    if (bigFrom) {
      const s = src as BigInt64Array;
      for (let i = 0; i < n; i++) out[i] = s[i] !== 0n ? 1 : 0;
    } else {
      const s = src as Float64Array;
      for (let i = 0; i < n; i++) out[i] = s[i] !== 0 ? 1 : 0;
    }
    return out;
  }
  if (bigFrom && bigTo) return new (Ctor as BigInt64ArrayConstructor)(src as BigInt64Array);
  if (!bigFrom && !bigTo && (kf !== "f" || kt === "f")) {
    // The typed-array constructor converts exactly and wraps (ints) or rounds (floats).
    return new (Ctor as Float64ArrayConstructor)(src as Float64Array);
  }
  const out = new Ctor(n);
  if (bigFrom) {
    const s = src as BigInt64Array;
    if (kt === "f") {
      const o = out as Float64Array;
      if (to === "float32") { for (let i = 0; i < n; i++) o[i] = bigintToFloat32(s[i]); }
      else for (let i = 0; i < n; i++) o[i] = Number(s[i]);
    } else {
      const o = out as Int32Array;
      for (let i = 0; i < n; i++) o[i] = Number(BigInt.asUintN(32, s[i]));
    }
    return out;
  }
  const s = src as Float64Array;
  if (kf === "f") {
    const o = out as unknown as (number | bigint)[];
    for (let i = 0; i < n; i++) o[i] = floatToInt(s[i], to, from);
  } else {
    const o = out as BigInt64Array;
    for (let i = 0; i < n; i++) o[i] = BigInt(s[i]);
  }
  return out;
}
