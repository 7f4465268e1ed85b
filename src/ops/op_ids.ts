/**
 * The op tables of the kernel families: one row per unary, binary and reduction op, holding its
 * dtype rule, the tensors its gradient reads and the gradient itself (written with Tensor
 * methods, so this module imports nothing at run time but `dtype.ts`). The id lists derive from
 * the rows: an op's integer code is its index in its list (the rows' order), and the CPU kernel
 * tables, the native libraries' op switch and the generated kernel lists are keyed by them, so
 * `deno check` fails when one of them misses an op. A new elementwise op with its gradient is one
 * row here.
 *
 * @module
 */
import { type DType, floatOf, isFloat } from "../dtype.ts";
import type { Tensor } from "../tensor.ts";

// ---------------------------------------------------------------------------------------------
// Unary ops.

/**
 * How a unary op treats dtypes: `float` ops compute in floatOf(x) (int and bool give float32),
 * `same` ops keep the dtype, `bool` ops give bool. `onBool`/`onInt` say what a `same` op does
 * with such inputs: fail, or return the input unchanged.
 */
export interface UnaryRule {
  /** The result dtype rule. */
  readonly result: "float" | "same" | "bool";
  /** What a `same` op does with bool input (default: compute on 0/1 values). */
  readonly onBool?: "error" | "identity";
  /** What a `same` op does with integer input (default: compute). */
  readonly onInt?: "identity";
}

/** The gradient of a unary op: dx from the output gradient, the input and the output. */
export type UnaryGradient = (dy: Tensor, x: Tensor, y: Tensor) => Tensor;

/**
 * A unary op's row: its dtype rule, and its gradient with the tensors it reads (`save`: the tape
 * holds only those), or `grad: null` where there is none (piecewise-constant functions, bool
 * results), as in TensorFlow.
 */
export type UnaryRow =
  & UnaryRule
  & ({ readonly save: "x" | "y" | "xy" | ""; readonly grad: UnaryGradient } | {
    readonly grad: null;
  });

const ONE_OVER_SQRT_PI_2 = 2 / Math.sqrt(Math.PI);

const UNARY_ROWS = {
  neg: { result: "same", onBool: "error", save: "", grad: (dy) => dy.neg() },
  abs: { result: "same", onBool: "identity", save: "x", grad: (dy, x) => dy.mul(x.sign()) },
  sign: { result: "same", onBool: "error", grad: null },
  exp: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(y) },
  expm1: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(y.add(1)) },
  cbrt: { result: "float", save: "y", grad: (dy, _x, y) => dy.div(y.square().mul(3)) },
  log: { result: "float", save: "x", grad: (dy, x) => dy.div(x) },
  log1p: { result: "float", save: "x", grad: (dy, x) => dy.div(x.add(1)) },
  sqrt: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(0.5).div(y) },
  rsqrt: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(-0.5).mul(y.mul(y.square())) },
  square: { result: "same", onBool: "error", save: "x", grad: (dy, x) => dy.mul(x.mul(2)) },
  reciprocal: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(y.square()).neg() },
  sin: { result: "float", save: "x", grad: (dy, x) => dy.mul(x.cos()) },
  cos: { result: "float", save: "x", grad: (dy, x) => dy.mul(x.sin()).neg() },
  tan: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(y.square().add(1)) },
  asin: { result: "float", save: "x", grad: (dy, x) => dy.mul(oneMinusSquare(x).rsqrt()) },
  acos: { result: "float", save: "x", grad: (dy, x) => dy.mul(oneMinusSquare(x).rsqrt()).neg() },
  atan: { result: "float", save: "x", grad: (dy, x) => dy.div(x.square().add(1)) },
  sinh: { result: "float", save: "x", grad: (dy, x) => dy.mul(x.cosh()) },
  cosh: { result: "float", save: "x", grad: (dy, x) => dy.mul(x.sinh()) },
  tanh: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(oneMinusSquare(y)) },
  asinh: { result: "float", save: "x", grad: (dy, x) => dy.mul(x.square().add(1).rsqrt()) },
  acosh: { result: "float", save: "x", grad: (dy, x) => dy.mul(x.square().sub(1).rsqrt()) },
  atanh: { result: "float", save: "x", grad: (dy, x) => dy.div(oneMinusSquare(x)) },
  sigmoid: { result: "float", save: "y", grad: (dy, _x, y) => dy.mul(y.mul(y.neg().add(1))) },
  erf: {
    result: "float",
    save: "x",
    grad: (dy, x) => dy.mul(x.square().neg().exp().mul(ONE_OVER_SQRT_PI_2)),
  },
  floor: { result: "same", onBool: "identity", onInt: "identity", grad: null },
  ceil: { result: "same", onBool: "identity", onInt: "identity", grad: null },
  round: { result: "same", onBool: "identity", onInt: "identity", grad: null },
  relu: {
    result: "same",
    onBool: "identity",
    save: "y",
    grad: (dy, _x, y) => dy.mul(y.greater(0).cast(dy.dtype)),
  },
  logicalNot: { result: "bool", grad: null },
  isNan: { result: "bool", grad: null },
  isFinite: { result: "bool", grad: null },
  isInf: { result: "bool", grad: null },
} satisfies Record<string, UnaryRow>;

/** 1 - x² (as -(x²) + 1, which rounds the same). */
function oneMinusSquare(x: Tensor): Tensor {
  return x.square().neg().add(1);
}

/** A unary op name. */
export type UnaryName = keyof typeof UNARY_ROWS;

/** The row of every unary op. */
export const UNARY: { readonly [K in UnaryName]: UnaryRow } = uniform(UNARY_ROWS);

/** Elementwise ops of one tensor, in op-code order. */
export const UNARY_OPS: readonly UnaryName[] = Object.keys(UNARY_ROWS) as UnaryName[];

/**
 * The dtype `name` computes in for input of `dtype` (its kernel's dtype), or null when no kernel
 * runs: the op is the identity on that dtype (floor of an integer) or an error (neg of bool).
 */
export function unaryCompute(name: UnaryName, dtype: DType): DType | null {
  const rule: UnaryRule = UNARY[name];
  if (rule.result === "float") return floatOf(dtype);
  if (rule.result === "bool") return dtype;
  if (dtype === "bool" && rule.onBool !== undefined) return null;
  if (rule.onInt === "identity" && !isFloat(dtype)) return null;
  return dtype;
}

// ---------------------------------------------------------------------------------------------
// Binary ops.

/**
 * How a binary op treats dtypes: `same` ops compute and return the promoted dtype (`bool: false`
 * rejects two bools), `float` ops compute in floatOf(promoted), `compare` ops compute in the
 * promoted dtype and return bool, `logical` ops cast both sides to bool.
 */
export interface BinaryRule {
  /** The result dtype rule. */
  readonly result: "same" | "float" | "compare" | "logical";
  /** For `same` ops: whether two bools are allowed (add is or, mul is and). */
  readonly bool?: boolean;
}

/** An operand as a gradient sees it: a tensor, or the value of a JS scalar operand. */
export type BinaryOperand = Tensor | number | bigint;

/**
 * The gradient of a binary op: the gradients of both operands in the broadcast shape (the tape
 * sums each back to its operand's shape) from the output gradient, the operands and the output.
 * A JS scalar operand gets no gradient: its entry may be null.
 */
export type BinaryGradient = (
  dy: Tensor,
  a: BinaryOperand,
  b: BinaryOperand,
  y: Tensor,
) => readonly [Tensor | null, Tensor | null];

/**
 * A binary op's row: its dtype rule, and its gradient with what it reads (`save`: the operands,
 * and the output; a scalar operand is kept by value), or `grad: null` where there is none
 * (floorDiv, bool results).
 */
export type BinaryRow =
  & BinaryRule
  & ({ readonly save: "" | "ab" | "aby"; readonly grad: BinaryGradient } | {
    readonly grad: null;
  });

const BINARY_ROWS = {
  add: { result: "same", bool: true, save: "", grad: (dy) => [dy, dy] },
  sub: { result: "same", bool: false, save: "", grad: (dy) => [dy, dy.neg()] },
  mul: { result: "same", bool: true, save: "ab", grad: (dy, a, b) => [dy.mul(b), dy.mul(a)] },
  div: {
    result: "float",
    save: "ab",
    grad: (dy, a, b) => [dy.div(b), dy.mul(a).div(b).div(b).neg()],
  },
  floorDiv: { result: "same", bool: false, grad: null },
  mod: {
    result: "same",
    bool: false,
    save: "ab",
    grad: (dy, a, b) => [dy, dy.mul(lift(a, dy).floorDiv(b)).neg()],
  },
  pow: {
    result: "same",
    bool: false,
    save: "aby",
    grad: (dy, a, b, y) => {
      const da = typeof a === "object"
        ? dy.mul(a.pow(typeof b === "object" ? b.sub(1) : Number(b) - 1).mul(b))
        : null;
      if (typeof b !== "object") return [da, null];
      const at = lift(a, dy);
      return [da, dy.mul(y.mul(at.greater(0).where(at.log(), 0)))];
    },
  },
  maximum: {
    result: "same",
    bool: true,
    save: "ab",
    grad: (dy, a, b) => {
      const m = lift(a, dy).greaterEqual(b);
      return [m.where(dy, 0), m.where(0, dy)];
    },
  },
  minimum: {
    result: "same",
    bool: true,
    save: "ab",
    grad: (dy, a, b) => {
      const m = lift(a, dy).lessEqual(b);
      return [m.where(dy, 0), m.where(0, dy)];
    },
  },
  squaredDifference: {
    result: "same",
    bool: false,
    save: "ab",
    grad: (dy, a, b) => {
      const d = dy.mul(2).mul(lift(a, dy).sub(b));
      return [d, d.neg()];
    },
  },
  atan2: {
    result: "float",
    save: "ab",
    grad: (dy, a, b) => {
      const at = lift(a, dy), bt = lift(b, dy);
      const denom = at.square().add(bt.square());
      return [dy.mul(bt.div(denom)), dy.mul(at.div(denom)).neg()];
    },
  },
  equal: { result: "compare", grad: null },
  notEqual: { result: "compare", grad: null },
  less: { result: "compare", grad: null },
  lessEqual: { result: "compare", grad: null },
  greater: { result: "compare", grad: null },
  greaterEqual: { result: "compare", grad: null },
  logicalAnd: { result: "logical", grad: null },
  logicalOr: { result: "logical", grad: null },
  logicalXor: { result: "logical", grad: null },
} satisfies Record<string, BinaryRow>;

/**
 * A JS scalar operand as a tensor of the gradient's dtype and shape, for an op that takes it
 * first (`1 - x` as `ones·1 - x`: the same values); a tensor operand as is.
 */
function lift(v: BinaryOperand, dy: Tensor): Tensor {
  return typeof v === "object" ? v : dy.onesLike().mul(v);
}

/** A binary op name. */
export type BinaryName = keyof typeof BINARY_ROWS;

/** The row of every binary op. */
export const BINARY: { readonly [K in BinaryName]: BinaryRow } = uniform(BINARY_ROWS);

/** Elementwise ops of two tensors (or a tensor and a scalar), with broadcasting, in op-code order. */
export const BINARY_OPS: readonly BinaryName[] = Object.keys(BINARY_ROWS) as BinaryName[];

/**
 * The dtype `name` computes in when its operands promote to `promoted` (its kernel's dtype), or
 * null when the op is not defined there (sub of two bools).
 */
export function binaryCompute(name: BinaryName, promoted: DType): DType | null {
  const rule: BinaryRule = BINARY[name];
  switch (rule.result) {
    case "same":
      return promoted === "bool" && !rule.bool ? null : promoted;
    case "float":
      return floatOf(promoted);
    case "compare":
      return promoted;
    case "logical":
      return "bool";
  }
}

// ---------------------------------------------------------------------------------------------
// Reductions.

/** What a reduction does with dtypes: the compute dtype it casts to and the result dtype. */
export interface ReduceRule {
  /** Compute dtype from the input's. */
  readonly compute: (dtype: DType) => DType;
  /** Result dtype from the input's. */
  readonly result: (dtype: DType) => DType;
  /** Whether a reduction over zero elements is an error (no identity). */
  readonly needsElements?: boolean;
}

/**
 * The gradient of a reduction: dx from dy and y reshaped to keep the reduced axes (length 1, so
 * they broadcast against x), x, the reduced axes and x's shape.
 */
export type ReduceGradient = (
  dy: Tensor,
  x: Tensor,
  y: Tensor,
  axes: readonly number[],
  shape: readonly number[],
) => Tensor;

/**
 * A reduction's row: its dtype rule, and its gradient with what it reads (`save`), or
 * `grad: null` for bool results.
 */
export type ReduceRow =
  & ReduceRule
  & ({ readonly save: "" | "xy"; readonly grad: ReduceGradient } | { readonly grad: null });

const intForBool = (d: DType): DType => (d === "bool" ? "int32" : d);
const same = (d: DType): DType => d;
const toFloat = (d: DType): DType => (d === "float16" || d === "float64" ? d : "float32");
const toBool = (): DType => "bool";

/** TensorFlow's rule for max and min: the gradient is split evenly between tied elements. */
function extremumGrad(dy: Tensor, x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  const hit = x.equal(y).cast(dy.dtype);
  return hit.div(hit.sum(axes, true)).mul(dy);
}

/**
 * dy * (product of the other elements), also where x has zeros: with one zero in a group only
 * that element gets the product of the rest; with two or more every one gets 0.
 */
function prodGrad(dy: Tensor, x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  const isZero = x.equal(0);
  const nonZero = isZero.where(1, x).prod(axes, true);
  const zeros = isZero.cast("int32").sum(axes, true);
  // Divide by 1 where x is 0: that branch is not taken, but 0/0 would make the gradient of this
  // gradient NaN.
  const others = isZero.where(zeros.equal(1).where(nonZero, 0), y.div(isZero.where(1, x)));
  return dy.mul(others);
}

const REDUCE_ROWS = {
  sum: {
    compute: intForBool,
    result: intForBool,
    save: "",
    grad: (dy, _x, _y, _axes, shape) => dy.broadcastTo(shape),
  },
  prod: { compute: intForBool, result: intForBool, save: "xy", grad: prodGrad },
  max: { compute: same, result: same, needsElements: true, save: "xy", grad: extremumGrad },
  min: { compute: same, result: same, needsElements: true, save: "xy", grad: extremumGrad },
  mean: {
    compute: same,
    result: toFloat,
    save: "",
    grad: (dy, _x, _y, axes, shape) =>
      dy.div(axes.reduce((n, d) => n * shape[d], 1)).broadcastTo(shape),
  },
  all: { compute: same, result: toBool, grad: null },
  any: { compute: same, result: toBool, grad: null },
} satisfies Record<string, ReduceRow>;

/** A reduction name. */
export type ReduceName = keyof typeof REDUCE_ROWS;

/** The row of every reduction. */
export const REDUCE: { readonly [K in ReduceName]: ReduceRow } = uniform(REDUCE_ROWS);

/** Reductions over a set of axes, in op-code order. */
export const REDUCE_OPS: readonly ReduceName[] = Object.keys(REDUCE_ROWS) as ReduceName[];

// ---------------------------------------------------------------------------------------------
// Families without gradients.

/** Index-of-extremum reductions over one axis. */
export const ARG_REDUCE_OPS = ["argmax", "argmin"] as const;
/** An arg-reduction name. */
export type ArgReduceName = typeof ARG_REDUCE_OPS[number];

/** Random distributions that fill a tensor from a Philox stream. */
export const RANDOM_OPS = ["uniform", "normal"] as const;
/** A random distribution name. */
export type RandomName = typeof RANDOM_OPS[number];

/**
 * The rows of a table with every field any row has, in one order (missing ones undefined): all
 * rows then share one V8 hidden class, so the per-op lookups of the hot path
 * (`BINARY[name].result`, `.grad`) stay monomorphic and inline (a 2x2 op paid ~30 ns otherwise).
 */
function uniform<T extends Record<string, object>>(rows: T): T {
  const fields = [...new Set(Object.values(rows).flatMap((row) => Object.keys(row)))];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, row] of Object.entries(rows)) {
    const r: Record<string, unknown> = {};
    for (const f of fields) r[f] = (row as Record<string, unknown>)[f];
    out[name] = r;
  }
  return out as T;
}

/** Integer codes of every op, by family, generated from the lists above. */
export function codes<const T extends readonly string[]>(list: T): { [K in T[number]]: number } {
  return Object.fromEntries(list.map((name, i) => [name, i])) as { [K in T[number]]: number };
}
