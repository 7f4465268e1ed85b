/**
 * `tf.keras`: models, layers, losses, metrics, callbacks, initializers, activations and
 * optimizers.
 *
 * @module
 */
export {
  type CompileOptions,
  type EvaluateOptions,
  type FitOptions,
  Model,
  type OptimizerName,
  type PredictOptions,
} from "./model.ts";
export { Sequential } from "./sequential.ts";
export type { SummaryOptions } from "./_summary.ts";
export type { Logs, ProgressOutput, Verbosity } from "./progress.ts";
export * as layers from "./layers.ts";
export * as losses from "./losses.ts";
export * as metrics from "./metrics.ts";
export * as callbacks from "./callbacks.ts";
export * as initializers from "./initializers.ts";
export * as activations from "./activations.ts";
export * as optimizers from "../optimizers/mod.ts";
