/**
 * Gradient clipping by norm.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { add, div, maximum, mul } from "../ops/binary.ts";
import { reduceSum } from "../ops/reduce.ts";
import { sqrt, square } from "../ops/unary.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { input } from "../engine.ts";
import { tidy } from "../memory.ts";

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
  if (typeof clipNorm !== "number" || !(clipNorm > 0)) {
    throw new InvalidArgumentError(
      `clipByNorm: clipNorm must be a positive number, got ${String(clipNorm)}`,
    );
  }
  // tidy frees the norm and the other intermediates (and a tensor made from a JS array).
  return tidy(() => {
    const x = input(t, "clipByNorm");
    const norm = sqrt(reduceSum(square(x)));
    return div(mul(x, clipNorm), maximum(norm, clipNorm));
  });
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
  tensors: readonly (TensorLike | null | undefined)[],
  clipNorm: number,
): [(Tensor | null)[], Tensor] {
  if (typeof clipNorm !== "number" || !(clipNorm > 0)) {
    throw new InvalidArgumentError(
      `clipByGlobalNorm: clipNorm must be a positive number, got ${String(clipNorm)}`,
    );
  }
  if (!Array.isArray(tensors)) {
    throw new InvalidArgumentError(
      `clipByGlobalNorm: expected an array of tensors, got ${typeof tensors}`,
    );
  }
  // tidy frees the squares, sums and scale; the norm is summed in float64 when a tensor is.
  return tidy(() => {
    const list = tensors.map((t) =>
      t === null || t === undefined ? null : input(t, "clipByGlobalNorm")
    );
    const acc = list.some((t) => t?.dtype === "float64") ? "float64" : "float32";
    let sumSq: Tensor | null = null;
    for (const t of list) {
      if (t === null) continue;
      const s = reduceSum(square(t.cast(acc)));
      sumSq = sumSq === null ? s : add(sumSq, s);
    }
    const norm = sqrt(sumSq ?? 0).cast(acc);
    const scale = div(clipNorm, maximum(norm, clipNorm));
    const out = list.map((t) => (t === null ? null : mul(t, scale.cast(t.dtype))));
    return [out, norm] as [(Tensor | null)[], Tensor];
  });
}
