/**
 * The op id lists of the kernel families. An op's integer code is its index in its list: the CPU
 * kernel tables, the native libraries' op switch and the gradient tables are all keyed by these
 * lists, so `deno check` fails when one of them misses an op.
 *
 * @module
 */

/** Elementwise ops of one tensor. */
export const UNARY_OPS = [
  "neg",
  "abs",
  "sign",
  "exp",
  "expm1",
  "log",
  "log1p",
  "sqrt",
  "rsqrt",
  "square",
  "reciprocal",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "tanh",
  "asinh",
  "acosh",
  "atanh",
  "sigmoid",
  "erf",
  "floor",
  "ceil",
  "round",
  "relu",
  "logicalNot",
  "isNan",
  "isFinite",
  "isInf",
] as const;
/** A unary op name. */
export type UnaryName = typeof UNARY_OPS[number];

/** Elementwise ops of two tensors (or a tensor and a scalar), with broadcasting. */
export const BINARY_OPS = [
  "add",
  "sub",
  "mul",
  "div",
  "floorDiv",
  "mod",
  "pow",
  "maximum",
  "minimum",
  "squaredDifference",
  "atan2",
  "equal",
  "notEqual",
  "less",
  "lessEqual",
  "greater",
  "greaterEqual",
  "logicalAnd",
  "logicalOr",
  "logicalXor",
] as const;
/** A binary op name. */
export type BinaryName = typeof BINARY_OPS[number];

/** Reductions over a set of axes. */
export const REDUCE_OPS = ["sum", "prod", "max", "min", "mean", "all", "any"] as const;
/** A reduction name. */
export type ReduceName = typeof REDUCE_OPS[number];

/** Index-of-extremum reductions over one axis. */
export const ARG_REDUCE_OPS = ["argmax", "argmin"] as const;
/** An arg-reduction name. */
export type ArgReduceName = typeof ARG_REDUCE_OPS[number];

/** Random distributions that fill a tensor from a Philox stream. */
export const RANDOM_OPS = ["uniform", "normal"] as const;
/** A random distribution name. */
export type RandomName = typeof RANDOM_OPS[number];

/** Integer codes of every op, by family, generated from the lists above. */
export function codes<const T extends readonly string[]>(list: T): { [K in T[number]]: number } {
  return Object.fromEntries(list.map((name, i) => [name, i])) as { [K in T[number]]: number };
}
