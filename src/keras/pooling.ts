/**
 * Pooling layers: MaxPool2D (MaxPooling2D) and AveragePooling2D (AvgPool2D) over NHWC images.
 *
 * @module
 */
import { avgPool2d, maxPool2d } from "../ops/conv.ts";
import type { Tensor } from "../tensor.ts";
import { checkImages, paddingOption, spatialOption } from "./_image.ts";
import { keysOf } from "../options.ts";
import { Layer, type LayerOptions } from "./layer.ts";

/** Options of the 2-D pooling layers. */
export interface Pooling2DOptions extends LayerOptions {
  /** The window: one number or `[height, width]` (default 2). */
  poolSize?: number | readonly number[];
  /** The step between windows: one number or `[height, width]` (default: `poolSize`). */
  strides?: number | readonly number[] | null;
  /** `"valid"` (default: no padding) or `"same"` (output size `ceil(input / stride)`). */
  padding?: "valid" | "same";
}

const POOLING2D_KEYS = keysOf<Pooling2DOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  poolSize: true,
  strides: true,
  padding: true,
});

/**
 * The shared part of the 2-D pooling layers: options, checks and the NHWC arguments of the
 * `tf.nn` pooling function that a subclass's `call` runs.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const pool = new tf.keras.layers.MaxPool2D({ poolSize: 3, strides: 1, padding: "same" });
 * console.log(pool instanceof tf.keras.layers.Pooling2D, pool.strides); // true [ 1, 1 ]
 * ```
 */
export abstract class Pooling2D extends Layer {
  /** The window, `[height, width]`. */
  readonly poolSize: readonly [number, number];
  /** The strides, `[height, width]`. */
  readonly strides: readonly [number, number];
  /** `"valid"` or `"same"`. */
  readonly padding: "valid" | "same";

  /** Checks the options of layer `op`; `base` gives the default name (`MaxPooling2d`...). */
  constructor(options: Pooling2DOptions | undefined, op: string, base: string) {
    super(options, POOLING2D_KEYS, base);
    this.poolSize = spatialOption(options?.poolSize ?? 2, "poolSize", op);
    this.strides = spatialOption(options?.strides ?? this.poolSize, "strides", op);
    this.padding = paddingOption(options?.padding ?? "valid", op) === "SAME" ? "same" : "valid";
  }

  /** Checks that the inputs are NHWC images (pooling has no weights). */
  override build(inputShape: readonly number[]): void {
    checkImages(inputShape, this.name, this.constructor.name);
  }

  /** The arguments of the `tf.nn` pooling function for `inputs`. */
  protected args(inputs: Tensor): [Tensor, [number, number], [number, number], "SAME" | "VALID"] {
    checkImages(inputs.shape, this.name, this.constructor.name);
    return [
      inputs,
      [...this.poolSize] as [number, number],
      [...this.strides] as [number, number],
      this.padding === "same" ? "SAME" : "VALID",
    ];
  }
}

/**
 * Max pooling over NHWC images (`tf.nn.maxPool2d`): the largest value of each `poolSize` window,
 * windows `strides` apart (default: `poolSize`, so they do not overlap). Also exported as
 * `MaxPooling2D`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const pool = new tf.keras.layers.MaxPool2D({ poolSize: 2 });
 * const x = tf.reshape(tf.range(16), [1, 4, 4, 1]);
 * console.log(pool.apply(x).reshape([2, 2]).tolist()); // [ [ 5, 7 ], [ 13, 15 ] ]
 * ```
 */
export class MaxPool2D extends Pooling2D {
  /** Checks the options. */
  constructor(options?: Pooling2DOptions) {
    super(options, "MaxPool2D", "MaxPooling2d");
  }

  /** The maximum of each window. */
  call(inputs: Tensor): Tensor {
    return maxPool2d(...this.args(inputs));
  }
}

/**
 * Average pooling over NHWC images (`tf.nn.avgPool2d`): the mean of each `poolSize` window
 * (with `"same"` padding, of the pixels it covers). Also exported as `AvgPool2D`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const pool = new tf.keras.layers.AveragePooling2D({ poolSize: 2 });
 * const x = tf.reshape(tf.range(16), [1, 4, 4, 1]);
 * console.log(pool.apply(x).reshape([2, 2]).tolist()); // [ [ 2.5, 4.5 ], [ 10.5, 12.5 ] ]
 * ```
 */
export class AveragePooling2D extends Pooling2D {
  /** Checks the options. */
  constructor(options?: Pooling2DOptions) {
    super(options, "AveragePooling2D", "AveragePooling2d");
  }

  /** The mean of each window. */
  call(inputs: Tensor): Tensor {
    return avgPool2d(...this.args(inputs));
  }
}
