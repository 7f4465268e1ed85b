/**
 * `tf.keras`: models, layers, losses, metrics and optimizers.
 *
 * @module
 */
export { Model } from "./model.ts";
export * as layers from "./layers.ts";
export * as optimizers from "../optimizers/mod.ts";
