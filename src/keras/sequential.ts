/**
 * Sequential: a model that runs a list of layers in order.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { tidy } from "../memory.ts";
import { zeros } from "../ops/creation.ts";
import type { Tensor } from "../tensor.ts";
import { CALL_KEYS, type CallOptions, Layer, type LayerOptions } from "./layer.ts";
import { checkOptions } from "../options.ts";
import { Model } from "./model.ts";

/**
 * A stack of layers, each fed the previous one's output. When the model or its first layer has
 * an `inputShape`, the model builds at once (a batch of one zero example runs through), so
 * `summary()` shows every shape before training.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const model = new tf.keras.Sequential([
 *   new tf.keras.layers.Dense({ units: 16, activation: "relu", inputShape: [4] }),
 * ]);
 * model.add(new tf.keras.layers.Dense({ units: 3, activation: "softmax" }));
 * console.log(model.apply(tf.zeros([2, 4])).shape, model.countParams()); // [ 2, 3 ] 131
 * ```
 */
export class Sequential extends Model {
  /** The layers, in order. */
  layers: Layer[] = [];

  /** Adds `layers` in order. */
  constructor(layers: readonly Layer[] = [], options?: LayerOptions) {
    super(options);
    if (!Array.isArray(layers)) {
      throw new InvalidArgumentError(
        `Sequential: expected an array of layers, got ${String(layers)}`,
      );
    }
    for (const layer of layers) this.add(layer);
  }

  /**
   * Appends a layer.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential();
   * model.add(new tf.keras.layers.Flatten());
   * console.log(model.layers.length); // 1
   * ```
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) {
      throw new InvalidArgumentError(
        `${this.name}.add: expected a Layer, got ${
          layer === null ? "null" : (layer as object)?.constructor?.name ?? typeof layer
        }`,
      );
    }
    if (layer === this || this.layers.includes(layer)) {
      throw new InvalidArgumentError(
        `${this.name}.add: layer '${layer.name}' is already in the model`,
      );
    }
    this.layers.push(layer);
    const shape = this.inputShape ?? this.layers[0].inputShape;
    if (shape !== undefined) {
      const batch = [1, ...shape];
      tidy(() => {
        this.apply(zeros(batch));
      });
    }
  }

  /**
   * Removes the last layer and returns it (its weights leave the model). A model with an
   * `inputShape` runs once more, so that `summary()` shows the new output shape.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([
   *   new tf.keras.layers.Dense({ units: 4, inputShape: [2] }),
   *   new tf.keras.layers.Dense({ units: 1 }),
   * ]);
   * const last = model.pop();
   * console.log(last.name.startsWith("dense"), model.layers.length, model.countParams()); // true 1 12
   * ```
   */
  pop(): Layer {
    const layer = this.layers.pop();
    if (layer === undefined) {
      throw new InvalidArgumentError(`${this.name}.pop: there are no layers in the model`);
    }
    const shape = this.inputShape ?? this.layers[0]?.inputShape;
    if (shape !== undefined && this.layers.length > 0) {
      const batch = [1, ...shape];
      tidy(() => {
        this.apply(zeros(batch));
      });
    }
    return layer;
  }

  /** Runs the layers in order. */
  call(inputs: Tensor, options?: CallOptions): Tensor {
    checkOptions(options, CALL_KEYS, "Sequential.call options");
    let x = inputs;
    for (const layer of this.layers) x = layer.apply(x, options);
    return x;
  }
}
