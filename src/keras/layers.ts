/**
 * `tf.keras.layers`.
 *
 * @module
 */
export { type CallOptions, Layer, type LayerOptions, type NamedVariable } from "./layer.ts";
