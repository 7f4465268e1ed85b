/**
 * Global average pooling: GlobalAveragePooling1D over `[batch, steps, channels]` and
 * GlobalAveragePooling2D over NHWC images.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { reduceMean } from "../ops/reduce.ts";
import { keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import { Layer, type LayerOptions } from "./layer.ts";
import { boolOption } from "./_checks.ts";

/** Options of the global pooling layers. */
export interface GlobalPoolingOptions extends LayerOptions {
  /** Keep the pooled axes with length 1 (default false). */
  keepdims?: boolean;
}

const GLOBAL_POOLING_KEYS = keysOf<GlobalPoolingOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  keepdims: true,
});

/**
 * The mean over the steps of `[batch, steps, channels]`: `[batch, channels]`, or
 * `[batch, 1, channels]` with `keepdims`. Also exported as `GlobalAvgPool1D`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const pool = new tf.keras.layers.GlobalAveragePooling1D();
 * console.log(pool.apply([[[1, 2], [3, 4]]]).tolist()); // [ [ 2, 3 ] ]
 * const keep = new tf.keras.layers.GlobalAveragePooling1D({ keepdims: true });
 * console.log(keep.apply(tf.ones([4, 6, 3])).shape); // [ 4, 1, 3 ]
 * ```
 */
export class GlobalAveragePooling1D extends Layer {
  /** Whether the steps axis is kept with length 1. */
  readonly keepdims: boolean;

  /** Checks the options. */
  constructor(options?: GlobalPoolingOptions) {
    super(options, GLOBAL_POOLING_KEYS, "GlobalAveragePooling1d");
    this.keepdims = boolOption(options?.keepdims, false, "keepdims", "GlobalAveragePooling1D");
  }

  /** The mean over axis 1. */
  call(inputs: Tensor): Tensor {
    checkRank(inputs, 3, "[batch, steps, channels]", this.name, "GlobalAveragePooling1D");
    return reduceMean(inputs, 1, this.keepdims);
  }
}

/**
 * The mean over the height and width of NHWC images: `[batch, channels]`, or
 * `[batch, 1, 1, channels]` with `keepdims`. Also exported as `GlobalAvgPool2D`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const pool = new tf.keras.layers.GlobalAveragePooling2D();
 * console.log(pool.apply(tf.ones([2, 5, 5, 3])).shape); // [ 2, 3 ]
 * const x = tf.reshape(tf.range(8), [1, 2, 2, 2]);
 * console.log(new tf.keras.layers.GlobalAveragePooling2D({ keepdims: true }).apply(x).tolist()); // [ [ [ [ 3, 4 ] ] ] ]
 * ```
 */
export class GlobalAveragePooling2D extends Layer {
  /** Whether the height and width axes are kept with length 1. */
  readonly keepdims: boolean;

  /** Checks the options. */
  constructor(options?: GlobalPoolingOptions) {
    super(options, GLOBAL_POOLING_KEYS, "GlobalAveragePooling2d");
    this.keepdims = boolOption(options?.keepdims, false, "keepdims", "GlobalAveragePooling2D");
  }

  /** The mean over axes 1 and 2. */
  call(inputs: Tensor): Tensor {
    checkRank(inputs, 4, "[batch, height, width, channels]", this.name, "GlobalAveragePooling2D");
    return reduceMean(inputs, [1, 2], this.keepdims);
  }
}

function checkRank(x: Tensor, rank: number, layout: string, name: string, layer: string): void {
  if (x.rank !== rank) {
    throw new InvalidArgumentError(
      `${name}: ${layer} needs inputs of rank ${rank} ${layout}, got shape ${formatShape(x.shape)}`,
    );
  }
}
