/**
 * `tf.keras`: models, layers, losses, metrics, callbacks, initializers, activations,
 * regularizers and optimizers.
 *
 * @module
 */
import { Model as ModelClass } from "./model.ts";
import type { ModelConstructor } from "./functional.ts";
export {
  type CompileOptions,
  type EvaluateOptions,
  type EvaluateResult,
  type FitOptions,
  type OptimizerName,
  type Predicted,
  type PredictOptions,
  type ValidationData,
} from "./_model_options.ts";
export type { ClassWeight, DataElement, TensorStructure, TensorStructureLike } from "./_data.ts";
export type { LossSpec, LossWeightsSpec, MetricsSpec } from "./_compile.ts";
/**
 * `tf.keras.Model`: subclass it and override `call`, or construct a functional model with
 * `new tf.keras.Model({ inputs, outputs })` (see `ModelConstructor`). The class of model.ts,
 * typed so that it can be constructed while `call` stays abstract for subclasses.
 */
export const Model: ModelConstructor = ModelClass as unknown as ModelConstructor;
/** A model (the instance type of `tf.keras.Model`). */
export type Model = ModelClass;
export {
  type FunctionalModel,
  Input,
  type InputOptions,
  KerasTensor,
  type ModelConstructor,
  type ModelOptions,
} from "./functional.ts";
export { Sequential } from "./sequential.ts";
export type { SummaryOptions } from "./_summary.ts";
export type { Logs, ProgressOutput, Verbosity } from "./progress.ts";
export * as layers from "./layers.ts";
export * as losses from "./losses.ts";
export * as metrics from "./metrics.ts";
export * as callbacks from "./callbacks.ts";
export * as initializers from "./initializers.ts";
export * as activations from "./activations.ts";
export * as regularizers from "./regularizers.ts";
export * as optimizers from "../optimizers/mod.ts";
