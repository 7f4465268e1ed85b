/**
 * The ufunc table: one row per NumPy ufunc of the `np` namespace, the single source of truth for
 * its arity, NumPy's loops (the dtypes it computes in, in NumPy's search order), its output
 * dtype, the tensor kernel that computes it where that kernel's results are NumPy's, and its
 * scalar function per loop dtype (compiled into one typed-array loop per ufunc and dtype by
 * `ufunc_apply.ts`). The loop resolution is NumPy's: JS scalars are weak (NEP 50) and take the
 * dtype that promotion gives them; the loop is the first whose dtype every input casts to safely.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import type { NpDType } from "../ndarray.ts";
import type { BinaryName as KernelBinary, UnaryName as KernelUnary } from "../ops/op_ids.ts";
import { itemsize, kindOf } from "./dtypes.ts";
import * as m from "./ufunc_math.ts";

/** NumPy's type letters of the twelve dtypes (`ufunc.types`). */
export const LETTERS: Readonly<Record<string, NpDType>> = {
  "?": "bool",
  b: "int8",
  h: "int16",
  i: "int32",
  q: "int64",
  B: "uint8",
  H: "uint16",
  I: "uint32",
  Q: "uint64",
  e: "float16",
  f: "float32",
  d: "float64",
};

// Loop lists of NumPy 2.4 (`np.<ufunc>.types` without complex, object, long double).
const ALL = "?bBhHiIqQefd";
const NUM = "bBhHiIqQefd";
const FLT = "efd";
const INT = "bBhHiIqQ";
const BITS = "?bBhHiIqQ";
const SIGNED_ORDER = "?bBhHiIqefd"; // orderings: uint64 must not run as int64

/** A scalar function of one loop: numbers for the dtypes up to 32 bits, bigints for 64. */
// deno-lint-ignore no-explicit-any
export type ScalarFn = (...args: any[]) => number | bigint;

/** Scalar functions by kind of loop dtype; `f32` (float32 and float16) falls back to `f`. */
interface ByKind {
  /** float64 (and float32/float16 without `f32`). */
  f?: ScalarFn;
  /** float32 and float16, computed in float32 as NumPy does (the store rounds to float16). */
  f32?: ScalarFn;
  /** int8 to uint32, on numbers (the store wraps). */
  i?: ScalarFn;
  /** int64 and uint64, on bigints (the store wraps). */
  b?: ScalarFn;
  /** bool, on 0/1 (falls back to `i`). */
  l?: ScalarFn;
}

/** Picks the function of `spec` for loop dtype `d`. */
function pick(d: NpDType, spec: ByKind): ScalarFn | undefined {
  if (d === "float64") return spec.f;
  if (d === "float32" || d === "float16") return spec.f32 ?? spec.f;
  if (d === "int64" || d === "uint64") return spec.b;
  if (d === "bool") return spec.l ?? spec.i;
  return spec.i;
}

/** Bit width of an integer dtype. */
function bitsOf(d: NpDType): number {
  return 8 * itemsize(d);
}

/** A ufunc's row. */
export interface UfuncRow {
  /** Number of inputs. */
  readonly nin: 1 | 2;
  /** NumPy's loop dtypes, as type letters in its search order. */
  readonly loops: string;
  /** The output dtype: the loop's, or bool; `divmod` has two outputs of the loop's dtype. */
  readonly out: "same" | "bool";
  /**
   * Where the loop is not found by NumPy's default search (see `resolveLoop`): true division,
   * comparisons; `logical` ops take a JS scalar by its truth (NumPy's bool promoter).
   */
  readonly resolve?: "divide" | "compare" | "logical";
  /** NumPy's error for bool input, where it has one (its loops would otherwise take int8). */
  readonly noBool?: string;
  /**
   * The tensor kernel computing this ufunc, with the loop letters where it is NumPy's. "Q"
   * (uint64) runs the int64 kernel on the same bits: listed only where those are uint64's
   * (wrapping arithmetic, equality).
   */
  readonly kernel?: { readonly op: KernelUnary | KernelBinary; readonly on: string };
  /**
   * For bitwise ops: the loop statement over the 32-bit halves of 64-bit integers (`$0`, `$1`
   * the inputs, the last `$` the output), used instead of bigints.
   */
  readonly words?: string;
  /**
   * True for the math-library functions (not correctly rounded): their float16 loop runs the
   * float32 kernel and rounds, as NumPy's float16 loops do.
   */
  readonly libm?: boolean;
  /** The scalar function of the loop of dtype `d`. */
  readonly fn: (d: NpDType) => ScalarFn | undefined;
  /** The second output's function (divmod's remainder). */
  readonly fn2?: (d: NpDType) => ScalarFn | undefined;
}

const k = (op: KernelUnary | KernelBinary, on: string) => ({ op, on });
const float = (f: ScalarFn, f32?: ScalarFn) => (d: NpDType) => pick(d, { f, f32 });
const same = (x: number) => x;
const sameB = (x: bigint) => x;

const NO_BOOL = (what: string): string =>
  `the numpy boolean ${what}, the \`-\` operator, is not supported: use np.logical_xor ` +
  `or np.logical_not instead`;

const NEG_BOOL = "the numpy boolean negative, the `-` operator, is not supported: use np.invert " +
  "(the `~` operator) or np.logical_not instead";

const TO_RAD = Math.PI / 180, TO_DEG = 180 / Math.PI;
const PI32 = Math.fround(Math.PI);
const TO_RAD32 = Math.fround(PI32 / 180), TO_DEG32 = Math.fround(180 / PI32);
const fr = Math.fround;

const imulIf32 = (d: NpDType): ScalarFn =>
  bitsOf(d) === 32 ? Math.imul : (a: number, b: number) => a * b;

const cmp = (
  f: (a: number, b: number) => boolean,
  b: (a: bigint, c: bigint) => boolean,
) =>
(d: NpDType) => (d === "int64" || d === "uint64" ? (x: bigint, y: bigint) => (b(x, y) ? 1 : 0) : (
  x: number,
  y: number,
) => (f(x, y) ? 1 : 0));

const logical = (f: (a: boolean, b: boolean) => boolean) => (d: NpDType) =>
  d === "int64" || d === "uint64"
    ? (x: bigint, y: bigint) => (f(x !== 0n, y !== 0n) ? 1 : 0)
    : (x: number, y: number) => (f(x !== 0, y !== 0) ? 1 : 0);

const predicate = (f: (x: number) => boolean, onInt: number) => (d: NpDType) =>
  kindOf(d) === "f" ? (x: number) => (f(x) ? 1 : 0) : () => onInt;

/** NaN-propagating maximum and minimum (equal operands give the second, as NumPy's loops). */
const maxF = (a: number, b: number) => (a !== a ? a : b !== b ? b : a > b ? a : b);
const minF = (a: number, b: number) => (a !== a ? a : b !== b ? b : a < b ? a : b);
/** NaN-ignoring fmax and fmin. */
const fmaxF = (a: number, b: number) => (a !== a ? b : b !== b ? a : a > b ? a : b);
const fminF = (a: number, b: number) => (a !== a ? b : b !== b ? a : a < b ? a : b);
// Separate number and bigint functions: a loop's scalar function stays monomorphic.
const gt = (a: number, b: number) => (a > b ? a : b);
const lt = (a: number, b: number) => (a < b ? a : b);
const gtB = (a: bigint, b: bigint) => (a > b ? a : b);
const ltB = (a: bigint, b: bigint) => (a < b ? a : b);

const UFUNC_ROWS = {
  add: {
    nin: 2,
    loops: ALL,
    out: "same",
    kernel: k("add", "?BieqQfd"),
    fn: (d) =>
      pick(d, {
        f: (a: number, b: number) => a + b,
        i: (a: number, b: number) => a + b,
        l: (a: number, b: number) => a | b,
        b: (a: bigint, b: bigint) => a + b,
      }),
  },
  subtract: {
    nin: 2,
    loops: NUM,
    out: "same",
    noBool: NO_BOOL("subtract"),
    kernel: k("sub", "BieqQfd"),
    fn: (d) =>
      pick(d, {
        f: (a: number, b: number) => a - b,
        i: (a: number, b: number) => a - b,
        b: (a: bigint, b: bigint) => a - b,
      }),
  },
  multiply: {
    nin: 2,
    loops: ALL,
    out: "same",
    kernel: k("mul", "?BieqQfd"),
    fn: (d) =>
      pick(d, {
        f: (a: number, b: number) => a * b,
        i: imulIf32(d),
        l: (a: number, b: number) => a & b,
        b: (a: bigint, b: bigint) => a * b,
      }),
  },
  divide: {
    nin: 2,
    loops: FLT,
    out: "same",
    resolve: "divide",
    kernel: k("div", "efd"),
    fn: float((a: number, b: number) => a / b),
  },
  floor_divide: {
    nin: 2,
    loops: NUM,
    out: "same",
    kernel: k("floorDiv", "Biqd"),
    fn: (d) => pick(d, { f: m.floorDivF, f32: m.floorDivF32, i: m.floorDivI, b: m.floorDivB }),
  },
  remainder: {
    nin: 2,
    loops: NUM,
    out: "same",
    kernel: k("mod", "Biqefd"),
    fn: (d) => pick(d, { f: m.modF, i: m.modI, b: m.modB }),
  },
  fmod: {
    nin: 2,
    loops: NUM,
    out: "same",
    fn: (d) =>
      pick(d, {
        f: (a: number, b: number) => a % b,
        i: (a: number, b: number) => (b === 0 ? 0 : a % b),
        b: (a: bigint, b: bigint) => (b === 0n ? 0n : a % b),
      }),
  },
  divmod: {
    nin: 2,
    loops: NUM,
    out: "same",
    fn: (d) => pick(d, { f: m.floorDivF, f32: m.floorDivF32, i: m.floorDivI, b: m.floorDivB }),
    fn2: (d) => pick(d, { f: m.modF, i: m.modI, b: m.modB }),
  },
  power: {
    nin: 2,
    loops: NUM,
    out: "same",
    libm: true,
    kernel: k("pow", "Biqfd"),
    fn: (d) => pick(d, { f: m.powF, i: m.powI, b: m.powB }),
  },
  float_power: { nin: 2, loops: "d", out: "same", kernel: k("pow", "d"), fn: float(m.powF) },
  negative: {
    nin: 1,
    loops: NUM,
    out: "same",
    noBool: NEG_BOOL,
    kernel: k("neg", "BiqQefd"),
    fn: (d) => pick(d, { f: (x: number) => -x, i: (x: number) => -x, b: (x: bigint) => -x }),
  },
  positive: {
    nin: 1,
    loops: NUM,
    out: "same",
    noBool: "no loop for dtype bool (NumPy's UFuncTypeError)",
    fn: (d) => pick(d, { f: same, i: same, b: sameB }),
  },
  absolute: {
    nin: 1,
    loops: ALL,
    out: "same",
    kernel: k("abs", "Biqefd"),
    fn: (d) =>
      pick(d, {
        f: Math.abs,
        i: Math.abs,
        l: same,
        b: (x: bigint) => (x < 0n ? -x : x),
      }),
  },
  fabs: { nin: 1, loops: FLT, out: "same", kernel: k("abs", "efd"), fn: float(Math.abs) },
  sign: {
    nin: 1,
    loops: NUM,
    out: "same",
    noBool: "no loop for dtype bool (NumPy's UFuncTypeError)",
    kernel: k("sign", "Biqefd"),
    fn: (d) =>
      pick(d, {
        f: (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x),
        i: (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0),
        b: (x: bigint) => (x > 0n ? 1n : x < 0n ? -1n : 0n),
      }),
  },
  reciprocal: {
    nin: 1,
    loops: NUM,
    out: "same",
    kernel: k("reciprocal", "efd"),
    fn: (d) => pick(d, { f: (x: number) => 1 / x, i: m.reciprocalI(d), b: m.reciprocalB(d) }),
  },
  exp: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("exp", "efd"),
    fn: float(Math.exp),
  },
  exp2: { nin: 1, loops: FLT, out: "same", fn: float((x: number) => Math.pow(2, x)) },
  expm1: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("expm1", "efd"),
    fn: float(Math.expm1),
  },
  log: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("log", "efd"),
    fn: float(Math.log),
  },
  log2: { nin: 1, loops: FLT, out: "same", fn: float(Math.log2) },
  log10: { nin: 1, loops: FLT, out: "same", fn: float(Math.log10) },
  log1p: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("log1p", "efd"),
    fn: float(Math.log1p),
  },
  logaddexp: { nin: 2, loops: FLT, out: "same", fn: float(m.logaddexp, m.logaddexp32) },
  logaddexp2: { nin: 2, loops: FLT, out: "same", fn: float(m.logaddexp2, m.logaddexp2_32) },
  sqrt: { nin: 1, loops: FLT, out: "same", kernel: k("sqrt", "efd"), fn: float(Math.sqrt) },
  cbrt: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("cbrt", "efd"),
    fn: float(Math.cbrt),
  },
  square: {
    nin: 1,
    loops: NUM,
    out: "same",
    kernel: k("square", "BiqQefd"),
    fn: (d) =>
      pick(d, {
        f: (x: number) => x * x,
        i: bitsOf(d) === 32 ? (x: number) => Math.imul(x, x) : (x: number) => x * x,
        b: (x: bigint) => x * x,
      }),
  },
  sin: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("sin", "efd"),
    fn: float(Math.sin),
  },
  cos: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("cos", "efd"),
    fn: float(Math.cos),
  },
  tan: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("tan", "efd"),
    fn: float(Math.tan),
  },
  arcsin: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("asin", "efd"),
    fn: float(Math.asin),
  },
  arccos: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("acos", "efd"),
    fn: float(Math.acos),
  },
  arctan: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("atan", "efd"),
    fn: float(Math.atan),
  },
  arctan2: {
    nin: 2,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("atan2", "efd"),
    fn: float(Math.atan2),
  },
  hypot: { nin: 2, loops: FLT, out: "same", fn: float(Math.hypot) },
  sinh: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("sinh", "efd"),
    fn: float(Math.sinh),
  },
  cosh: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("cosh", "efd"),
    fn: float(Math.cosh),
  },
  tanh: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("tanh", "efd"),
    fn: float(Math.tanh),
  },
  arcsinh: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("asinh", "efd"),
    fn: float(Math.asinh),
  },
  arccosh: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("acosh", "efd"),
    fn: float(Math.acosh),
  },
  arctanh: {
    nin: 1,
    loops: FLT,
    out: "same",
    libm: true,
    kernel: k("atanh", "efd"),
    fn: float(Math.atanh),
  },
  deg2rad: {
    nin: 1,
    loops: FLT,
    out: "same",
    fn: float((x: number) => x * TO_RAD, (x: number) => fr(x * TO_RAD32)),
  },
  rad2deg: {
    nin: 1,
    loops: FLT,
    out: "same",
    fn: float((x: number) => x * TO_DEG, (x: number) => fr(x * TO_DEG32)),
  },
  rint: { nin: 1, loops: FLT, out: "same", kernel: k("round", "efd"), fn: float(m.rint) },
  floor: {
    nin: 1,
    loops: ALL,
    out: "same",
    kernel: k("floor", "efd"),
    fn: (d) => pick(d, { f: Math.floor, i: same, b: sameB }),
  },
  ceil: {
    nin: 1,
    loops: ALL,
    out: "same",
    kernel: k("ceil", "efd"),
    fn: (d) => pick(d, { f: Math.ceil, i: same, b: sameB }),
  },
  trunc: {
    nin: 1,
    loops: ALL,
    out: "same",
    fn: (d) => pick(d, { f: Math.trunc, i: same, b: sameB }),
  },
  equal: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "compare",
    kernel: k("equal", ALL),
    fn: cmp((a, b) => a === b, (a, b) => a === b),
  },
  not_equal: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "compare",
    kernel: k("notEqual", ALL),
    fn: cmp((a, b) => a !== b, (a, b) => a !== b),
  },
  less: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "compare",
    kernel: k("less", SIGNED_ORDER),
    fn: cmp((a, b) => a < b, (a, b) => a < b),
  },
  less_equal: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "compare",
    kernel: k("lessEqual", SIGNED_ORDER),
    fn: cmp((a, b) => a <= b, (a, b) => a <= b),
  },
  greater: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "compare",
    kernel: k("greater", SIGNED_ORDER),
    fn: cmp((a, b) => a > b, (a, b) => a > b),
  },
  greater_equal: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "compare",
    kernel: k("greaterEqual", SIGNED_ORDER),
    fn: cmp((a, b) => a >= b, (a, b) => a >= b),
  },
  logical_and: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "logical",
    kernel: k("logicalAnd", "?"),
    fn: logical((a, b) => a && b),
  },
  logical_or: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "logical",
    kernel: k("logicalOr", "?"),
    fn: logical((a, b) => a || b),
  },
  logical_xor: {
    nin: 2,
    loops: ALL,
    out: "bool",
    resolve: "logical",
    kernel: k("logicalXor", "?"),
    fn: logical((a, b) => a !== b),
  },
  logical_not: {
    nin: 1,
    loops: ALL,
    out: "bool",
    kernel: k("logicalNot", ALL),
    fn: (d) => (d === "int64" || d === "uint64" ? (x: bigint) => (x === 0n ? 1 : 0) : (
      x: number,
    ) => (x === 0 ? 1 : 0)),
  },
  maximum: {
    nin: 2,
    loops: ALL,
    out: "same",
    kernel: k("maximum", "?Biqefd"),
    fn: (d) => pick(d, { f: maxF, i: gt, b: gtB }),
  },
  minimum: {
    nin: 2,
    loops: ALL,
    out: "same",
    kernel: k("minimum", "?Biqefd"),
    fn: (d) => pick(d, { f: minF, i: lt, b: ltB }),
  },
  fmax: { nin: 2, loops: ALL, out: "same", fn: (d) => pick(d, { f: fmaxF, i: gt, b: gtB }) },
  fmin: { nin: 2, loops: ALL, out: "same", fn: (d) => pick(d, { f: fminF, i: lt, b: ltB }) },
  isnan: {
    nin: 1,
    loops: ALL,
    out: "bool",
    kernel: k("isNan", "efd"),
    fn: predicate((x) => x !== x, 0),
  },
  isinf: {
    nin: 1,
    loops: ALL,
    out: "bool",
    kernel: k("isInf", "efd"),
    fn: predicate((x) => x === Infinity || x === -Infinity, 0),
  },
  isfinite: {
    nin: 1,
    loops: ALL,
    out: "bool",
    kernel: k("isFinite", "efd"),
    fn: predicate(Number.isFinite, 1),
  },
  signbit: { nin: 1, loops: FLT, out: "bool", fn: float(m.signBit) },
  copysign: { nin: 2, loops: FLT, out: "same", fn: float(m.copysign) },
  nextafter: {
    nin: 2,
    loops: FLT,
    out: "same",
    fn: (d) => (d === "float16" ? m.nextafter16 : d === "float32" ? m.nextafter32 : m.nextafter64),
  },
  bitwise_and: {
    nin: 2,
    loops: BITS,
    out: "same",
    words: "$2 = $0 & $1;",
    fn: (d) =>
      pick(d, {
        i: (a: number, b: number) => a & b,
        b: (a: bigint, b: bigint) => a & b,
      }),
  },
  bitwise_or: {
    nin: 2,
    loops: BITS,
    out: "same",
    words: "$2 = $0 | $1;",
    fn: (d) =>
      pick(d, {
        i: (a: number, b: number) => a | b,
        b: (a: bigint, b: bigint) => a | b,
      }),
  },
  bitwise_xor: {
    nin: 2,
    loops: BITS,
    out: "same",
    words: "$2 = $0 ^ $1;",
    fn: (d) =>
      pick(d, {
        i: (a: number, b: number) => a ^ b,
        b: (a: bigint, b: bigint) => a ^ b,
      }),
  },
  invert: {
    nin: 1,
    loops: BITS,
    out: "same",
    words: "$1 = ~$0;",
    fn: (d) => pick(d, { i: (x: number) => ~x, l: (x: number) => x ^ 1, b: (x: bigint) => ~x }),
  },
  left_shift: {
    nin: 2,
    loops: INT,
    out: "same",
    fn: (d) => pick(d, { i: m.shlI(bitsOf(d)), b: m.shlB }),
  },
  right_shift: {
    nin: 2,
    loops: INT,
    out: "same",
    fn: (d) =>
      pick(d, {
        i: kindOf(d) === "u" ? m.shrU(bitsOf(d)) : m.sarI(bitsOf(d)),
        b: m.sarB,
      }),
  },
} satisfies Record<string, UfuncRow>;

/** A ufunc name of the table. */
export type UfuncName = keyof typeof UFUNC_ROWS;

/** Every ufunc's row. */
export const UFUNCS: { readonly [K in UfuncName]: UfuncRow } = UFUNC_ROWS;

const FLOAT_BITS: Record<string, number> = { float16: 11, float32: 24, float64: 53 };

/** NumPy's `can_cast(from, to, "safe")` for the twelve dtypes. */
export function canCastSafe(from: NpDType, to: NpDType): boolean {
  if (from === to || from === "bool") return true;
  const kf = kindOf(from), kt = kindOf(to);
  if (kt === "b") return false;
  if (kf === "f") return kt === "f" && itemsize(to) >= itemsize(from);
  // An integer: its value bits (the sign excluded).
  const bits = 8 * itemsize(from) - (kf === "i" ? 1 : 0);
  if (kt === "f") return to === "float64" || FLOAT_BITS[to] > bits;
  if (kt === "u") return kf === "u" && itemsize(to) >= itemsize(from);
  return 8 * itemsize(to) - 1 >= bits;
}

/** The dtypes a ufunc computes in and returns, for inputs of the dtypes given. */
export interface Loop {
  /** The dtype each input is read as. */
  readonly ins: readonly NpDType[];
  /** The output dtypes. */
  readonly outs: readonly NpDType[];
}

const SIGNED = new Set<NpDType>(["int8", "int16", "int32", "int64"]);

/**
 * NumPy's loop for a ufunc and the input dtypes (weak scalars already given their dtypes):
 * the first loop of `row.loops` every input casts to safely. True division of integers is
 * float64 (NumPy's own resolver); a comparison of a signed integer with uint64 compares exactly
 * (NumPy 2's mixed loops). Throws NumPy's TypeError as an InvalidArgumentError naming `op`.
 */
export function resolveLoop(row: UfuncRow, dtypes: readonly NpDType[], op: string): Loop {
  if (row.noBool !== undefined && dtypes.every((d) => d === "bool")) {
    throw new InvalidArgumentError(`${op}: ${row.noBool}`);
  }
  let loop: NpDType | undefined;
  if (row.resolve === "divide") {
    loop = dtypes.every((d) => kindOf(d) !== "f") ? "float64" : undefined;
  } else if (row.resolve === "compare" && dtypes.length === 2) {
    const [a, b] = dtypes;
    if ((SIGNED.has(a) && b === "uint64") || (a === "uint64" && SIGNED.has(b))) {
      return { ins: [a === "uint64" ? a : "int64", b === "uint64" ? b : "int64"], outs: ["bool"] };
    }
  }
  if (loop === undefined) {
    for (const letter of row.loops) {
      const d = LETTERS[letter];
      if (dtypes.every((x) => canCastSafe(x, d))) {
        loop = d;
        break;
      }
    }
  }
  if (loop === undefined) {
    throw new InvalidArgumentError(
      `${op}: no loop for input dtype${dtypes.length > 1 ? "s" : ""} ${
        dtypes.join(", ")
      } (NumPy's UFuncTypeError: the ufunc is not defined for ${
        dtypes.length > 1 ? "them" : "it"
      })`,
    );
  }
  const out: NpDType = row.out === "bool" ? "bool" : loop;
  return {
    ins: dtypes.map(() => loop),
    outs: "fn2" in row && row.fn2 !== undefined ? [out, out] : [out],
  };
}
