/**
 * Selection and conversion: `where`, `cast`, `clipByValue`, `stopGradient`.
 *
 * @module
 */
import { checkDType, type DType, promoteTypes, scalarType, weakType } from "../dtype.ts";
import { castTensor, input, isScalar, record, recording, runWhere, view } from "../engine.ts";
import { broadcastShapes } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { maximum, minimum } from "./binary.ts";

/**
 * Picks `x` where `cond` is true and `y` elsewhere, broadcasting all three (TensorFlow 2's
 * `where`). `x` and `y` are promoted like a binary op's operands; a numeric `cond` counts
 * non-zero as true.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.where([true, false], [1, 2], 0).toString()); // tf.Tensor([1. 0.], shape=(2,), dtype=float32)
 * ```
 */
export function where(cond: TensorLike, x: TensorLike, y: TensorLike): Tensor {
  const c = input(cond, "where");
  let dtype: DType;
  let a: Tensor, b: Tensor;
  if (isScalar(x) && isScalar(y)) {
    dtype = weakType(scalarType(x), y);
    a = input(x, "where", dtype);
    b = input(y, "where", dtype);
  } else if (isScalar(y)) {
    a = input(x, "where");
    dtype = weakType(a.dtype, y);
    b = input(y, "where", dtype);
  } else if (isScalar(x)) {
    b = input(y, "where");
    dtype = weakType(b.dtype, x);
    a = input(x, "where", dtype);
  } else {
    a = input(x, "where");
    b = input(y, "where");
    dtype = promoteTypes(a.dtype, b.dtype);
  }
  const shape = broadcastShapes(broadcastShapes(c.shape, a.shape, "where"), b.shape, "where");
  const out = runWhere(c, a, b, dtype, shape);
  if (recording()) record("where", [c, a, b], out);
  return out;
}

/**
 * Converts to `dtype`: float to int truncates toward zero and saturates (NaN gives 0), int to
 * int wraps, anything to bool is `!= 0`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.cast([1.7, -1.7, NaN], "int32").toString()); // tf.Tensor([ 1 -1  0], shape=(3,), dtype=int32)
 * ```
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const dt = checkDType(dtype, "cast");
  const t = input(x, "cast");
  const out = t.dtype === dt ? view(t, t.shape, t.strides, t.offset) : castTensor(t, dt);
  // The tape casts the gradient back to the input's dtype.
  if (recording()) record("cast", [t], out);
  return out;
}

/**
 * Clips every element into [clipValueMin, clipValueMax].
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.clipByValue([-2, 0.5, 3], -1, 1).toString()); // tf.Tensor([-1.   0.5  1. ], shape=(3,), dtype=float32)
 * ```
 */
export function clipByValue(
  x: TensorLike,
  clipValueMin: TensorLike,
  clipValueMax: TensorLike,
): Tensor {
  return minimum(maximum(x, clipValueMin), clipValueMax);
}

/**
 * The same values, seen by a GradientTape as a constant: no gradient flows through it.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.stopGradient([1, 2]).toString()); // tf.Tensor([1. 2.], shape=(2,), dtype=float32)
 * ```
 */
export function stopGradient(x: TensorLike): Tensor {
  const t = input(x, "stopGradient");
  return view(t, t.shape, t.strides, t.offset);
}
