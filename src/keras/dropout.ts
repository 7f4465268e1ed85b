/**
 * Dropout: zeroes a random fraction of the inputs while training.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { div, greaterEqual, mul } from "../ops/binary.ts";
import { uniform } from "../ops/random.ts";
import { cast } from "../ops/select.ts";
import type { Tensor } from "../tensor.ts";
import { CALL_KEYS, type CallOptions, Layer, type LayerOptions } from "./layer.ts";
import { checkOptions, keysOf } from "../options.ts";

/** Options of Dropout. */
export interface DropoutOptions extends LayerOptions {
  /** The fraction of inputs to drop, in [0, 1). */
  rate: number;
  /** An op seed for `tf.random.uniform` (each call still draws a new mask). */
  seed?: number;
}

const DROPOUT_KEYS = keysOf<DropoutOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  rate: true,
  seed: true,
});

/**
 * Inverted dropout: with `training: true`, each input is zeroed with probability `rate` and the
 * others are scaled by `1 / (1 - rate)`, so the expected value is unchanged; otherwise the
 * inputs pass through as they are.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const drop = new tf.keras.layers.Dropout({ rate: 0.5, seed: 1 });
 * console.log(drop.apply([1, 1, 1, 1]).tolist()); // [ 1, 1, 1, 1 ]
 * const y = drop.apply(tf.ones([1000]), { training: true });
 * console.log(y.max().item()); // 2
 * ```
 */
export class Dropout extends Layer {
  /** The fraction of inputs dropped while training. */
  readonly rate: number;
  /** The op seed. */
  readonly seed?: number;

  /** Checks the options. */
  constructor(options: DropoutOptions) {
    super(options, DROPOUT_KEYS);
    const rate = options?.rate;
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
      throw new InvalidArgumentError(
        `Dropout: rate must be a number in [0, 1), got ${String(rate)}`,
      );
    }
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new InvalidArgumentError(
        `Dropout: seed must be an integer, got ${String(options.seed)}`,
      );
    }
    this.rate = rate;
    this.seed = options.seed;
  }

  /** Drops inputs when training, else returns them. */
  call(inputs: Tensor, options?: CallOptions): Tensor {
    checkOptions(options, CALL_KEYS, "Dropout.call options");
    if (options?.training !== true || this.rate === 0) return inputs;
    const keep = greaterEqual(uniform(inputs.shape, { seed: this.seed }), this.rate);
    return div(mul(inputs, cast(keep, inputs.dtype)), 1 - this.rate);
  }
}
