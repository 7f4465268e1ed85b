/**
 * The CPU's scalar function of every elementwise op and reduction, keyed by the op id lists
 * (`Record<Name, ...>`, so a missing op fails `deno check`). `f` computes on floats (float64
 * arithmetic, rounded by the store into the output array), `i` on int32/uint8 values where
 * wrapping needs care, `l` on bools stored as 0/1, and `b` on int64 BigInts. The loops in
 * `loops.ts` compile one specialised loop per op from these functions.
 *
 * @module
 */
import type { BinaryName, ReduceName, UnaryName } from "../../ops/op_ids.ts";
import { erf, roundHalfEven } from "./special.ts";

type F1 = (x: number) => number;
type B1 = (x: bigint) => bigint | boolean;
type F2 = (a: number, b: number) => number | boolean;
type B2 = (a: bigint, b: bigint) => bigint | boolean;

/** Scalar functions of one elementwise op, by computation kind. */
export interface UnaryScalar {
  /** Float path. */
  f: F1;
  /** int32/uint8 path, where it differs from `f`. */
  i?: F1;
  /** bool path (values 0/1), where it differs from `i`. */
  l?: F1;
  /** int64 path. */
  b?: B1;
}

/** Scalar functions of one binary op, by computation kind. */
export interface BinaryScalar {
  /** Float path. */
  f: F2;
  /** int32/uint8 path, where it differs from `f`. */
  i?: F2;
  /** bool path (values 0/1), where it differs from `i`. */
  l?: F2;
  /** int64 path. */
  b?: B2;
}

/** A reduction as a fold: `init`, then `step(acc, x)` per element (`b*` for int64). */
export interface ReduceScalar {
  /** Starting value of the float and int paths. */
  init: number;
  /** Fold step of the float path. */
  f: (acc: number, x: number) => number;
  /** Fold step of the int32/uint8/bool path, where it differs. */
  i?: (acc: number, x: number) => number;
  /** Starting value of the int64 path. */
  binit: bigint;
  /** Fold step of the int64 path. */
  b: (acc: bigint, x: bigint) => bigint;
  /** Turns the folded value into the output (`mean` divides by the count). */
  fin?: (acc: number, n: number) => number;
}

function ipow(a: number, e: number): number {
  if (e < 0) return a === 1 ? 1 : a === -1 ? (e % 2 === 0 ? 1 : -1) : 0;
  let r = 1;
  let base = a;
  while (e > 0) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
    e = Math.floor(e / 2);
  }
  return r;
}

function bpow(a: bigint, e: bigint): bigint {
  if (e < 0n) return a === 1n ? 1n : a === -1n ? (e % 2n === 0n ? 1n : -1n) : 0n;
  let r = 1n;
  let base = a;
  while (e > 0n) {
    if (e & 1n) r = BigInt.asIntN(64, r * base);
    base = BigInt.asIntN(64, base * base);
    e >>= 1n;
  }
  return r;
}

/**
 * C's pow (IEEE 754, as NumPy and TensorFlow compute it): unlike Math.pow, pow(1, y) is 1 for
 * every y, NaN included, and pow(-1, ±Infinity) is 1.
 */
function powF(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}

/** NumPy's float floor division (npy_divmod): exact, and IEEE for a zero divisor. */
function floorDivF(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) div -= 1;
  if (div === 0) return (a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  const fl = Math.floor(div);
  return div - fl > 0.5 ? fl + 1 : fl;
}

/** NumPy's float remainder: the sign of the divisor, NaN for a zero divisor. */
function modF(a: number, b: number): number {
  if (b === 0) return NaN;
  const mod = a % b;
  if (mod === 0) return b < 0 ? -0 : 0;
  return (b < 0) !== (mod < 0) ? mod + b : mod;
}

function floorDivI(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b);
}

function modI(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function floorDivB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function modB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

const same = (x: number): number => x;
const sameB = (x: bigint): bigint => x;

/** Scalar functions of the unary ops. */
export const UNARY_SCALAR: Record<UnaryName, UnaryScalar> = {
  neg: { f: (x) => -x, b: (x) => -x },
  abs: { f: Math.abs, b: (x) => x < 0n ? -x : x },
  sign: {
    f: (x) => x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x,
    b: (x) => x > 0n ? 1n : x < 0n ? -1n : 0n,
  },
  exp: { f: Math.exp },
  expm1: { f: Math.expm1 },
  cbrt: { f: Math.cbrt },
  log: { f: Math.log },
  log1p: { f: Math.log1p },
  sqrt: { f: Math.sqrt },
  rsqrt: { f: (x) => 1 / Math.sqrt(x) },
  square: { f: (x) => x * x, i: (x) => Math.imul(x, x), b: (x) => x * x },
  reciprocal: { f: (x) => 1 / x },
  sin: { f: Math.sin },
  cos: { f: Math.cos },
  tan: { f: Math.tan },
  asin: { f: Math.asin },
  acos: { f: Math.acos },
  atan: { f: Math.atan },
  sinh: { f: Math.sinh },
  cosh: { f: Math.cosh },
  tanh: { f: Math.tanh },
  asinh: { f: Math.asinh },
  acosh: { f: Math.acosh },
  atanh: { f: Math.atanh },
  sigmoid: { f: (x) => 1 / (1 + Math.exp(-x)) },
  erf: { f: erf },
  floor: { f: Math.floor, i: same, b: sameB },
  ceil: { f: Math.ceil, i: same, b: sameB },
  round: { f: roundHalfEven, i: same, b: sameB },
  relu: { f: (x) => x > 0 || x !== x ? x : 0, b: (x) => x > 0n ? x : 0n },
  logicalNot: { f: (x) => x === 0 ? 1 : 0, b: (x) => x === 0n },
  isNan: { f: (x) => x !== x ? 1 : 0, i: () => 0, b: () => false },
  isFinite: { f: (x) => Number.isFinite(x) ? 1 : 0, i: () => 1, b: () => true },
  isInf: { f: (x) => x === Infinity || x === -Infinity ? 1 : 0, i: () => 0, b: () => false },
};

/** Scalar functions of the binary ops. */
export const BINARY_SCALAR: Record<BinaryName, BinaryScalar> = {
  add: { f: (a, b) => a + b, l: (a, b) => a | b, b: (a, b) => a + b },
  sub: { f: (a, b) => a - b, b: (a, b) => a - b },
  mul: { f: (a, b) => a * b, i: Math.imul, l: (a, b) => a & b, b: (a, b) => a * b },
  div: { f: (a, b) => a / b },
  floorDiv: { f: floorDivF, i: floorDivI, b: floorDivB },
  mod: { f: modF, i: modI, b: modB },
  pow: { f: powF, i: ipow, b: bpow },
  // NaN propagates; equal operands (-0 and +0) give the second, as NumPy's do.
  maximum: {
    f: (a, b) => a !== a ? a : b !== b ? b : a > b ? a : b,
    i: (a, b) => a > b ? a : b,
    b: (a, b) => a > b ? a : b,
  },
  minimum: {
    f: (a, b) => a !== a ? a : b !== b ? b : a < b ? a : b,
    i: (a, b) => a < b ? a : b,
    b: (a, b) => a < b ? a : b,
  },
  squaredDifference: {
    f: (a, b) => (a - b) * (a - b),
    i: (a, b) => Math.imul(a - b, a - b),
    b: (a, b) => (a - b) * (a - b),
  },
  atan2: { f: Math.atan2 },
  equal: { f: (a, b) => a === b, b: (a, b) => a === b },
  notEqual: { f: (a, b) => a !== b, b: (a, b) => a !== b },
  less: { f: (a, b) => a < b, b: (a, b) => a < b },
  lessEqual: { f: (a, b) => a <= b, b: (a, b) => a <= b },
  greater: { f: (a, b) => a > b, b: (a, b) => a > b },
  greaterEqual: { f: (a, b) => a >= b, b: (a, b) => a >= b },
  logicalAnd: { f: (a, b) => a & b },
  logicalOr: { f: (a, b) => a | b },
  logicalXor: { f: (a, b) => a ^ b },
};

/** Folds of the reductions. */
export const REDUCE_SCALAR: Record<ReduceName, ReduceScalar> = {
  sum: { init: 0, f: (s, x) => s + x, i: (s, x) => (s + x) | 0, binit: 0n, b: (s, x) => s + x },
  prod: {
    init: 1,
    f: (s, x) => s * x,
    i: Math.imul,
    binit: 1n,
    b: (s, x) => BigInt.asIntN(64, s * x),
  },
  max: {
    init: -Infinity,
    // Equal values (-0, +0): the last wins, as in NumPy; a NaN, once there, stays.
    f: (s, x) => x >= s || x !== x ? x : s,
    binit: -(2n ** 63n),
    b: (s, x) => x > s ? x : s,
  },
  min: {
    init: Infinity,
    f: (s, x) => x <= s || x !== x ? x : s,
    binit: 2n ** 63n - 1n,
    b: (s, x) => x < s ? x : s,
  },
  mean: { init: 0, f: (s, x) => s + x, binit: 0n, b: (s, x) => s + x, fin: (s, n) => s / n },
  all: { init: 1, f: (s, x) => s & (x !== 0 ? 1 : 0), binit: 1n, b: (s, x) => x === 0n ? 0n : s },
  any: { init: 0, f: (s, x) => s | (x !== 0 ? 1 : 0), binit: 0n, b: (s, x) => x === 0n ? s : 1n },
};
