/**
 * Flatten: one feature axis per example.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { reshape } from "../ops/movement.ts";
import type { Tensor } from "../tensor.ts";
import { Layer } from "./layer.ts";

/**
 * Reshapes `[batch, d1, d2, ...]` to `[batch, d1 * d2 * ...]` (and `[batch]` to `[batch, 1]`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.layers.Flatten().apply(tf.zeros([4, 2, 3])).shape); // [ 4, 6 ]
 * ```
 */
export class Flatten extends Layer {
  /** Flattens all but the first axis. */
  call(inputs: Tensor): Tensor {
    if (inputs.rank === 0) {
      throw new InvalidArgumentError(`${this.name}: cannot flatten a scalar: it has no batch axis`);
    }
    const features = inputs.shape.slice(1).reduce((a, b) => a * b, 1);
    return reshape(inputs, [inputs.shape[0], features]);
  }
}
