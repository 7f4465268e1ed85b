/**
 * The scalar functions of NumPy's ufunc loops where JS has no one-line equivalent: NumPy's
 * floored division and remainder (npy_divmod, also in float32 arithmetic), C's pow, the integer
 * reciprocal and power, shifts with NumPy's rule for counts at or beyond the bit width,
 * logaddexp, nextafter on the bits, and the sign bit of any number (NaN included).
 *
 * @module
 */
import type { NpDType } from "../ndarray.ts";
import { floatToInt } from "./dtypes.ts";

const fr = Math.fround;

/** C's rint: round half to even. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** C's pow: unlike Math.pow, pow(1, y) is 1 for every y (NaN too) and pow(-1, ±inf) is 1. */
export function powF(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}

/** NumPy's float floor division (npy_floor_divide via npy_divmod) in float64. */
export function floorDivF(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) div -= 1;
  if (div === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  const fl = Math.floor(div);
  return div - fl > 0.5 ? fl + 1 : fl;
}

/** NumPy's float floor division in float32 arithmetic (npy_floor_dividef), float32 inputs. */
export function floorDivF32(a: number, b: number): number {
  if (b === 0) return fr(a / b);
  const mod = a % b;
  let div = fr(fr(a - mod) / b);
  if (mod !== 0 && (b < 0) !== (mod < 0)) div = fr(div - 1);
  if (div === 0) {
    const q = fr(a / b);
    return q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  const fl = Math.floor(div);
  return fr(div - fl) > 0.5 ? fr(fl + 1) : fl;
}

/**
 * NumPy's float remainder: the divisor's sign, NaN for a zero divisor. Exact in float64 for
 * float32 and float16 inputs too (the one rounding is `mod + b`).
 */
export function modF(a: number, b: number): number {
  const mod = a % b;
  if (b === 0) return mod;
  if (mod === 0) return b < 0 ? -0 : 0;
  return (b < 0) !== (mod < 0) ? mod + b : mod;
}

/** Integer floored division; division by zero gives 0 (NumPy warns). */
export function floorDivI(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b);
}

/** Integer remainder with the divisor's sign; by zero gives 0. */
export function modI(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** 64-bit floored division; by zero gives 0. */
export function floorDivB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/** 64-bit remainder with the divisor's sign; by zero gives 0. */
export function modB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

/** Integer power by squaring, wrapping modulo 2^32 (the store wraps to the dtype). e >= 0. */
export function powI(a: number, e: number): number {
  let r = 1, base = a;
  while (e > 0) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
    e = Math.floor(e / 2);
  }
  return r;
}

/** 64-bit integer power by squaring, wrapping. e >= 0. */
export function powB(a: bigint, e: bigint): bigint {
  let r = 1n, base = a;
  while (e > 0n) {
    if (e & 1n) r = BigInt.asUintN(64, r * base);
    base = BigInt.asUintN(64, base * base);
    e >>= 1n;
  }
  return r;
}

/** NumPy's integer reciprocal: `1.0 / x` in float64, converted to `d` as C converts. */
export function reciprocalI(d: NpDType): (x: number) => number {
  return (x) => floatToInt(1 / x, d) as number;
}

/** The 64-bit integer reciprocal: `1.0 / x` in float64, converted to `d` as C converts. */
export function reciprocalB(d: NpDType): (x: bigint) => bigint {
  return (x) => {
    const v = floatToInt(1 / Number(x), d);
    return typeof v === "bigint" ? v : BigInt(v);
  };
}

/** `a << b` in `bits` bits: 0 when b is negative or at least the width (NumPy's npy_lshift). */
export function shlI(bits: number): (a: number, b: number) => number {
  if (bits === 32) return (a, b) => (b >= 0 && b < 32 ? a << b : 0);
  return (a, b) => (b >= 0 && b < bits ? a << b : 0);
}

/** Arithmetic `a >> b`: the sign fill when b is negative or at least the width. */
export function sarI(bits: number): (a: number, b: number) => number {
  return (a, b) => (b >= 0 && b < bits ? a >> b : a < 0 ? -1 : 0);
}

/** Logical `a >>> b` of an unsigned value: 0 when b is at least the width. */
export function shrU(bits: number): (a: number, b: number) => number {
  if (bits === 32) return (a, b) => (b < 32 ? a >>> b : 0);
  return (a, b) => (b < bits ? a >> b : 0);
}

/** 64-bit `a << b` (the store wraps); 0 when b is negative or at least 64. */
export function shlB(a: bigint, b: bigint): bigint {
  return b >= 0n && b < 64n ? a << b : 0n;
}

/** 64-bit `a >> b`; the sign fill when b is negative or at least 64. */
export function sarB(a: bigint, b: bigint): bigint {
  return b >= 0n && b < 64n ? a >> b : a < 0n ? -1n : 0n;
}

const LN2 = Math.LN2;

/** NumPy's npy_logaddexp: log(e^x + e^y) without overflow. */
export function logaddexp(x: number, y: number): number {
  if (x === y) return x + LN2;
  const t = x - y;
  if (t > 0) return x + Math.log1p(Math.exp(-t));
  if (t <= 0) return y + Math.log1p(Math.exp(t));
  return t;
}

/** npy_logaddexpf: npy_logaddexp in float32 arithmetic (float32 inputs). */
export function logaddexp32(x: number, y: number): number {
  if (x === y) return fr(x + fr(LN2));
  const t = fr(x - y);
  if (t > 0) return fr(x + fr(Math.log1p(fr(Math.exp(-t)))));
  if (t <= 0) return fr(y + fr(Math.log1p(fr(Math.exp(t)))));
  return t;
}

/** NumPy's npy_logaddexp2: log2(2^x + 2^y) without overflow. */
export function logaddexp2(x: number, y: number): number {
  if (x === y) return x + 1;
  const t = x - y;
  if (t > 0) return x + Math.LOG2E * Math.log1p(Math.pow(2, -t));
  if (t <= 0) return y + Math.LOG2E * Math.log1p(Math.pow(2, t));
  return t;
}

/** npy_logaddexp2f: npy_logaddexp2 in float32 arithmetic (float32 inputs). */
export function logaddexp2_32(x: number, y: number): number {
  if (x === y) return fr(x + 1);
  const t = fr(x - y);
  const log2_1p = (v: number) => fr(fr(Math.LOG2E) * fr(Math.log1p(v)));
  if (t > 0) return fr(x + log2_1p(fr(Math.pow(2, -t))));
  if (t <= 0) return fr(y + log2_1p(fr(Math.pow(2, t))));
  return t;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const F32 = new Float32Array(1);
const U32F = new Uint32Array(F32.buffer);
const F16 = new Float16Array(1);
const U16 = new Uint16Array(F16.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0, LO = 1 - HI;

/** The sign bit of a number, NaN's included: 1 when set. */
export function signBit(x: number): number {
  if (x < 0) return 1;
  if (x > 0) return 0;
  F64[0] = x;
  return U32[HI] >>> 31;
}

/** C's copysign: |x| with the sign bit of y. */
export function copysign(x: number, y: number): number {
  return signBit(y) ? -Math.abs(x) : Math.abs(x);
}

/** C's nextafter in float64: the next double after x toward y. */
export function nextafter64(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 5e-324 : -5e-324;
  F64[0] = x;
  let lo = U32[LO], hi = U32[HI];
  if ((x < y) === (x > 0)) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  U32[LO] = lo;
  U32[HI] = hi;
  return F64[0];
}

/** C's nextafterf: the next float32 after x toward y (float32 inputs). */
export function nextafter32(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 2 ** -149 : -(2 ** -149);
  F32[0] = x;
  U32F[0] = (x < y) === (x > 0) ? U32F[0] + 1 : U32F[0] - 1;
  return F32[0];
}

/** NumPy's npy_half_nextafter on float16 values: equal inputs give x. */
export function nextafter16(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  if (x === y) return x;
  F16[0] = y;
  const ysign = U16[0] & 0x8000;
  if (x === 0) {
    U16[0] = ysign + 1;
    return F16[0];
  }
  F16[0] = x;
  U16[0] = (x < y) === (x > 0) ? U16[0] + 1 : U16[0] - 1;
  return F16[0];
}

/** NumPy's power_of_ten: 10^n as a double, by its table then repeated multiplication. */
export function powerOfTen(n: number): number {
  if (n < 9) return 10 ** n;
  let r = 1e9;
  while (n-- > 9) r *= 10;
  return r;
}
