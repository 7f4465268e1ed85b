/**
 * `tf.keras.optimizers` (also `tf.optimizers`).
 *
 * @module
 */
export { type GradientPair, Optimizer, type OptimizerOptions } from "./optimizer.ts";
export { SGD, type SGDOptions } from "./sgd.ts";
export { Adam, type AdamOptions, AdamW, type AdamWOptions } from "./adam.ts";
export { RMSprop, type RMSpropOptions } from "./rmsprop.ts";
export { Adagrad, type AdagradOptions } from "./adagrad.ts";
export * as schedules from "./schedules.ts";
