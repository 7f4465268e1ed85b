/**
 * Model: a Layer with training utilities. Subclass it and override `call`, or use Sequential.
 *
 * @module
 */
import { Layer } from "./layer.ts";

/**
 * A trainable model: subclass it, hold variables and layers in public fields, override `call`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class Linear extends tf.keras.Model {
 *   W = new tf.Variable(5.0, { name: "weight" });
 *   B = new tf.Variable(10.0, { name: "bias" });
 *   call(x: tf.Tensor) { return x.mul(this.W).add(this.B); }
 * }
 * const m = new Linear();
 * console.log(m.apply([1, 2]).tolist(), m.trainableVariables.length); // [15, 20] 2
 * ```
 */
export abstract class Model extends Layer {}
