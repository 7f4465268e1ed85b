/**
 * Elementwise functions of one tensor. Each op's dtype rule and gradient are its row of `UNARY`
 * in `op_ids.ts`; the CPU computes with `backends/cpu/scalar.ts` and the GPU with
 * `kernels/unary.cu`, both keyed by the id list there.
 *
 * @module
 */
import { input, runUnary, view } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { UNARY, unaryCompute, type UnaryName } from "./op_ids.ts";

/** Applies the unary op `name` to `x` with its dtype rule. */
export function unary(name: UnaryName, x: TensorLike): Tensor {
  const t = input(x, name);
  const rule = UNARY[name];
  const compute = unaryCompute(name, t.dtype);
  if (compute === null) {
    if (t.dtype === "bool" && rule.onBool === "error") {
      throw new InvalidArgumentError(`${name}: not supported for dtype bool`);
    }
    return view(t, t.shape, t.strides, t.offset);
  }
  return runUnary(name, t, compute, rule.result === "bool" ? "bool" : compute);
}

/**
 * Elementwise `-x`. Integers wrap; bool is an error.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.neg([1, -2]).toString()); // tf.Tensor([-1.  2.], shape=(2,), dtype=float32)
 * ```
 */
export function neg(x: TensorLike): Tensor {
  return unary("neg", x);
}

/**
 * Elementwise absolute value.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.abs([-1.5, 2]).toString()); // tf.Tensor([1.5 2. ], shape=(2,), dtype=float32)
 * ```
 */
export function abs(x: TensorLike): Tensor {
  return unary("abs", x);
}

/**
 * Elementwise sign: -1, 0 or 1 (NaN stays NaN).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.sign([-3, 0, 2]).toString()); // tf.Tensor([-1.  0.  1.], shape=(3,), dtype=float32)
 * ```
 */
export function sign(x: TensorLike): Tensor {
  return unary("sign", x);
}

/**
 * Elementwise e^x. Integer and bool input gives float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.exp([0, 1]).toString()); // tf.Tensor([1.        2.7182817], shape=(2,), dtype=float32)
 * ```
 */
export function exp(x: TensorLike): Tensor {
  return unary("exp", x);
}

/**
 * Elementwise cube root (`np.cbrt`): real for negative inputs, `cbrt(-8) = -2`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.cbrt([-8, 27]).toString()); // tf.Tensor([-2.  3.], shape=(2,), dtype=float32)
 * ```
 */
export function cbrt(x: TensorLike): Tensor {
  return unary("cbrt", x);
}

/**
 * Elementwise e^x - 1, accurate near 0.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.expm1(tf.constant([1e-10], "float64")).toString()); // tf.Tensor([1.e-10], shape=(1,), dtype=float64)
 * ```
 */
export function expm1(x: TensorLike): Tensor {
  return unary("expm1", x);
}

/**
 * Elementwise natural logarithm.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.log([1, Math.E]).toString()); // tf.Tensor([0. 1.], shape=(2,), dtype=float32)
 * ```
 */
export function log(x: TensorLike): Tensor {
  return unary("log", x);
}

/**
 * Elementwise log(1 + x), accurate near 0.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.log1p([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function log1p(x: TensorLike): Tensor {
  return unary("log1p", x);
}

/**
 * Elementwise square root.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.sqrt([4, 9]).toString()); // tf.Tensor([2. 3.], shape=(2,), dtype=float32)
 * ```
 */
export function sqrt(x: TensorLike): Tensor {
  return unary("sqrt", x);
}

/**
 * Elementwise 1 / sqrt(x).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.rsqrt([4]).toString()); // tf.Tensor([0.5], shape=(1,), dtype=float32)
 * ```
 */
export function rsqrt(x: TensorLike): Tensor {
  return unary("rsqrt", x);
}

/**
 * Elementwise x * x (integers wrap).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.square([3]).toString()); // tf.Tensor([9.], shape=(1,), dtype=float32)
 * ```
 */
export function square(x: TensorLike): Tensor {
  return unary("square", x);
}

/**
 * Elementwise 1 / x.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reciprocal([4]).toString()); // tf.Tensor([0.25], shape=(1,), dtype=float32)
 * ```
 */
export function reciprocal(x: TensorLike): Tensor {
  return unary("reciprocal", x);
}

/**
 * Elementwise sine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.sin([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function sin(x: TensorLike): Tensor {
  return unary("sin", x);
}

/**
 * Elementwise cosine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.cos([0]).toString()); // tf.Tensor([1.], shape=(1,), dtype=float32)
 * ```
 */
export function cos(x: TensorLike): Tensor {
  return unary("cos", x);
}

/**
 * Elementwise tangent.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.tan([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function tan(x: TensorLike): Tensor {
  return unary("tan", x);
}

/**
 * Elementwise arcsine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.asin([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function asin(x: TensorLike): Tensor {
  return unary("asin", x);
}

/**
 * Elementwise arccosine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.acos([1]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function acos(x: TensorLike): Tensor {
  return unary("acos", x);
}

/**
 * Elementwise arctangent.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.atan([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function atan(x: TensorLike): Tensor {
  return unary("atan", x);
}

/**
 * Elementwise hyperbolic sine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.sinh([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function sinh(x: TensorLike): Tensor {
  return unary("sinh", x);
}

/**
 * Elementwise hyperbolic cosine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.cosh([0]).toString()); // tf.Tensor([1.], shape=(1,), dtype=float32)
 * ```
 */
export function cosh(x: TensorLike): Tensor {
  return unary("cosh", x);
}

/**
 * Elementwise hyperbolic tangent.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.tanh([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function tanh(x: TensorLike): Tensor {
  return unary("tanh", x);
}

/**
 * Elementwise inverse hyperbolic sine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.asinh([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function asinh(x: TensorLike): Tensor {
  return unary("asinh", x);
}

/**
 * Elementwise inverse hyperbolic cosine.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.acosh([1]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function acosh(x: TensorLike): Tensor {
  return unary("acosh", x);
}

/**
 * Elementwise inverse hyperbolic tangent.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.atanh([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function atanh(x: TensorLike): Tensor {
  return unary("atanh", x);
}

/**
 * Elementwise logistic function 1 / (1 + e^-x).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.sigmoid([0]).toString()); // tf.Tensor([0.5], shape=(1,), dtype=float32)
 * ```
 */
export function sigmoid(x: TensorLike): Tensor {
  return unary("sigmoid", x);
}

/**
 * Elementwise Gauss error function.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.erf([0]).toString()); // tf.Tensor([0.], shape=(1,), dtype=float32)
 * ```
 */
export function erf(x: TensorLike): Tensor {
  return unary("erf", x);
}

/**
 * Elementwise floor (integers and bools are returned unchanged).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.floor([-1.5, 1.5]).toString()); // tf.Tensor([-2.  1.], shape=(2,), dtype=float32)
 * ```
 */
export function floor(x: TensorLike): Tensor {
  return unary("floor", x);
}

/**
 * Elementwise ceiling (integers and bools are returned unchanged).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.ceil([-1.5, 1.5]).toString()); // tf.Tensor([-1.  2.], shape=(2,), dtype=float32)
 * ```
 */
export function ceil(x: TensorLike): Tensor {
  return unary("ceil", x);
}

/**
 * Elementwise rounding, half to even (0.5 -> 0, 1.5 -> 2, 2.5 -> 2).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.round([0.5, 1.5, 2.5]).toString()); // tf.Tensor([0. 2. 2.], shape=(3,), dtype=float32)
 * ```
 */
export function round(x: TensorLike): Tensor {
  return unary("round", x);
}

/**
 * Elementwise `!x` (any non-zero value is true); the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.logicalNot([true, false]).toString()); // tf.Tensor([False  True], shape=(2,), dtype=bool)
 * ```
 */
export function logicalNot(x: TensorLike): Tensor {
  return unary("logicalNot", x);
}

/**
 * Elementwise test for NaN; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.isNan([NaN, 1]).toString()); // tf.Tensor([ True False], shape=(2,), dtype=bool)
 * ```
 */
export function isNan(x: TensorLike): Tensor {
  return unary("isNan", x);
}

/**
 * Elementwise test for a finite value (not NaN, not ±Infinity); the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.isFinite([Infinity, 1]).toString()); // tf.Tensor([False  True], shape=(2,), dtype=bool)
 * ```
 */
export function isFinite(x: TensorLike): Tensor {
  return unary("isFinite", x);
}

/**
 * Elementwise test for ±Infinity; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.isInf([Infinity, 1]).toString()); // tf.Tensor([ True False], shape=(2,), dtype=bool)
 * ```
 */
export function isInf(x: TensorLike): Tensor {
  return unary("isInf", x);
}
