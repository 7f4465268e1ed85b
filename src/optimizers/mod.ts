/**
 * `tf.keras.optimizers` (also `tf.optimizers`).
 *
 * @module
 */
export { type GradientPair, Optimizer, type OptimizerOptions } from "./optimizer.ts";
export { SGD, type SGDOptions } from "./sgd.ts";
export * as schedules from "./schedules.ts";
