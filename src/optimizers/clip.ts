/**
 * Gradient clipping by norm.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { div, maximum, mul } from "../ops/binary.ts";
import { reduceSum } from "../ops/reduce.ts";
import { sqrt, square } from "../ops/unary.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { input } from "../engine.ts";
import { add } from "../ops/binary.ts";
import { constant } from "../ops/creation.ts";

/**
 * `t * clipNorm / max(||t||, clipNorm)`: rescales `t` so its L2 norm is at most `clipNorm`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.clipByNorm([3, 4], 1).tolist()); // [0.6, 0.8] (up to float32 rounding)
 * ```
 */
export function clipByNorm(t: TensorLike, clipNorm: number): Tensor {
  const x = input(t, "clipByNorm");
  if (!(clipNorm > 0)) {
    throw new InvalidArgumentError(`clipByNorm: clipNorm must be positive, got ${clipNorm}`);
  }
  const norm = sqrt(reduceSum(square(x)));
  return div(mul(x, clipNorm), maximum(norm, clipNorm));
}

/**
 * Rescales a list of tensors together so that their global L2 norm is at most `clipNorm`;
 * returns the clipped list (nulls stay null) and the global norm before clipping.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const [clipped, norm] = tf.clipByGlobalNorm([tf.constant([3]), tf.constant([4])], 1);
 * console.log(norm.item()); // 5
 * ```
 */
export function clipByGlobalNorm(
  tensors: readonly (TensorLike | null)[],
  clipNorm: number,
): [(Tensor | null)[], Tensor] {
  if (!(clipNorm > 0)) {
    throw new InvalidArgumentError(`clipByGlobalNorm: clipNorm must be positive, got ${clipNorm}`);
  }
  const list = tensors.map((t) => (t === null ? null : input(t, "clipByGlobalNorm")));
  let sumSq: Tensor = constant(0);
  for (const t of list) if (t !== null) sumSq = add(sumSq, reduceSum(square(t.cast("float32"))));
  const norm = sqrt(sumSq);
  const scale = div(clipNorm, maximum(norm, clipNorm));
  return [list.map((t) => (t === null ? null : mul(t, scale.cast(t.dtype)))), norm];
}
