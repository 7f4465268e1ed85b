/**
 * Internal: the options of `compile`, `fit`, `evaluate` and `predict` (their types, key lists and
 * checks), kept apart from the Model class in model.ts.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { Adagrad, Adam, AdamW, type Optimizer, RMSprop, SGD } from "../optimizers/mod.ts";
import type { Tensor } from "../tensor.ts";
import { Callback } from "./callbacks.ts";
import {
  batchSizeOf,
  type ClassWeight,
  classWeightMap,
  type DataElement,
  isDataset,
  stepsOf,
  type TensorStructureLike,
  verbosityOf,
} from "./_data.ts";
import type { LossSpec, LossWeightsSpec, MetricsSpec } from "./_compile.ts";
import type { ProgressOutput, Verbosity } from "./progress.ts";
import type { SummaryOptions } from "./_summary.ts";
import { checkOptions, keysOf } from "../options.ts";

/** Optimizer names that `compile` accepts (any case). */
export type OptimizerName = "sgd" | "adam" | "adamw" | "rmsprop" | "adagrad";

export const OPTIMIZERS: Record<string, () => Optimizer> = {
  sgd: () => new SGD(),
  adam: () => new Adam(),
  adamw: () => new AdamW(),
  rmsprop: () => new RMSprop(),
  adagrad: () => new Adagrad(),
};

/** Options of `compile`. */
export interface CompileOptions {
  /** An optimizer, or its name with default settings (default "rmsprop", as Keras). */
  optimizer?: Optimizer | OptimizerName;
  /**
   * A Loss, a function `(yTrue, yPred) => Tensor`, or a name such as "mse"; for a model with
   * several outputs, one per output as an array or a record by output name (null: no loss for
   * that output), or one for every output.
   */
  loss?: LossSpec;
  /**
   * Factors of the losses in the total: one number, or one per output (array or record, like
   * `loss`). The total is `sum(lossWeight_i * loss_i)` (Keras).
   */
  lossWeights?: LossWeightsSpec;
  /**
   * Metrics to report: names ("accuracy", "mse", ...), Metric objects or functions. They do not
   * see `sampleWeight` or `classWeight` (Keras); for a model with several outputs, one entry (a
   * metric or a list) per output, as an array or a record; logged as `<output>_<metric>`.
   */
  metrics?: MetricsSpec;
  /**
   * Metrics updated with the sample weights (`sampleWeight`, or those `classWeight` gives), as
   * Keras's `weighted_metrics`; one named like a metric is logged as `weighted_<name>`.
   */
  weightedMetrics?: MetricsSpec;
}

/**
 * Validation data of `fit`: `[x, y]` or `[x, y, sampleWeight]`, or a data set (an iterable of
 * `[x, y]` batches, async or not).
 */
export type ValidationData =
  | readonly [TensorStructureLike, TensorStructureLike]
  | readonly [TensorStructureLike, TensorStructureLike, TensorStructureLike]
  | Iterable<DataElement>
  | AsyncIterable<DataElement>;

/** Options of `fit`. */
export interface FitOptions {
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Examples per gradient step (default 32). With a data set it is an error: it batches itself. */
  batchSize?: number;
  /** Shuffle the examples before each epoch (default true; arrays only). */
  shuffle?: boolean;
  /**
   * Evaluated after each epoch, its metrics logged with a `val_` prefix: `[x, y]`,
   * `[x, y, sampleWeight]`, or a data set (a fresh pass each epoch, or `validationSteps`
   * batches). `fit(x, y)` is synchronous, so its validation data set must be synchronous too.
   */
  validationData?: ValidationData;
  /** Hold out this fraction of the examples (the last ones) as validation data instead. */
  validationSplit?: number;
  /** Batch size of the validation (default `batchSize`; arrays only). */
  validationBatchSize?: number;
  /** Batches of a validation data set to evaluate each epoch (default: a full pass). */
  validationSteps?: number;
  /** 0: silent; 1: progress bar (default); 2: one line per epoch. */
  verbose?: Verbosity;
  /** Callbacks, called in order (a History is added last and returned). */
  callbacks?: readonly Callback[];
  /** The shuffling seed: with it, the order of every epoch is the same on every run. */
  seed?: number;
  /** The epoch to start from, for resuming (default 0). */
  initialEpoch?: number;
  /** Where progress goes (default `Deno.stderr`). */
  progressOutput?: ProgressOutput;
  /**
   * A weight per class id (a record or a Map; classes not listed weigh 1), as Keras's
   * `class_weight`: each example's loss is multiplied by the weight of its class (its id for
   * sparse labels, the arg max of one-hot labels, the 0/1 label of a binary target). Single
   * output only; not with `sampleWeight`.
   */
  classWeight?: ClassWeight;
  /**
   * A weight per training example (shape `(N,)`, or one per output like `y`): each example's loss
   * is multiplied by it, and the default `sum_over_batch_size` reduction divides by the batch
   * size, not by the sum of the weights (Keras). Arrays only: a data set yields
   * `[x, y, sampleWeight]`.
   */
  sampleWeight?: TensorStructureLike;
  /**
   * Batches per epoch for a data set (default: a full pass, a fresh iterator each epoch); with
   * it, one iterator continues from epoch to epoch. Arrays: an error.
   */
  stepsPerEpoch?: number;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Examples per batch (default 32). With a data set it is an error: it batches itself. */
  batchSize?: number;
  /** 0: silent; 1: progress bar (default); 2: one line. */
  verbose?: Verbosity;
  /** Where progress goes (default `Deno.stderr`). */
  progressOutput?: ProgressOutput;
  /** A weight per example (arrays only; a data set yields `[x, y, sampleWeight]`). */
  sampleWeight?: TensorStructureLike;
  /** Evaluate only this many batches (default: all). */
  steps?: number;
  /**
   * Return the record `{ loss, ...metrics }` (default false: `[loss, ...metrics]` in
   * `metricsNames` order, or the loss alone when there are no metrics, as Keras).
   */
  returnDict?: boolean;
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Examples per batch (default 32). With a data set it is an error: it batches itself. */
  batchSize?: number;
  /** Predict only this many batches (default: all). */
  steps?: number;
}

/**
 * What `predict` returns: a Tensor, unless `R` names the structure of a model with several
 * outputs (`model.predict<tf.Tensor[]>(x)`; not checked).
 */
export type Predicted<R> = [R] extends [never] ? Tensor : R;

/** What `evaluate` returns without `returnDict`: the loss, or `[loss, ...metrics]`. */
export type EvaluateResult = number | number[];

export const COMPILE_KEYS = keysOf<CompileOptions>({
  optimizer: true,
  loss: true,
  lossWeights: true,
  metrics: true,
  weightedMetrics: true,
});
export const FIT_KEYS = keysOf<FitOptions>({
  epochs: true,
  batchSize: true,
  shuffle: true,
  validationData: true,
  validationSplit: true,
  validationBatchSize: true,
  validationSteps: true,
  verbose: true,
  callbacks: true,
  seed: true,
  initialEpoch: true,
  progressOutput: true,
  classWeight: true,
  sampleWeight: true,
  stepsPerEpoch: true,
});
export const EVALUATE_KEYS = keysOf<EvaluateOptions>({
  batchSize: true,
  verbose: true,
  progressOutput: true,
  sampleWeight: true,
  steps: true,
  returnDict: true,
});
export const PREDICT_KEYS = keysOf<PredictOptions>({ batchSize: true, steps: true });
export const SUMMARY_KEYS = keysOf<SummaryOptions>({ lineLength: true, print: true });
export function ranOutMessage(o: CheckedFitOptions): string {
  return `WARNING: Your input ran out of data; interrupting training. Make sure that your ` +
    `dataset or generator can generate at least \`stepsPerEpoch * epochs\` batches` +
    (o.stepsPerEpoch === undefined
      ? " (a generator is used up by one pass: give an iterable that starts afresh)"
      : ` (in this case, ${o.stepsPerEpoch * (o.epochs - o.initialEpoch)} batches)`) +
    ".\n";
}

export function datasetOptionError(op: string, key: string): InvalidArgumentError {
  const why: Record<string, string> = {
    batchSize: "the data set makes its own batches",
    sampleWeight: "the data set yields [x, y, sampleWeight]",
    shuffle: "shuffle the data set itself",
    seed: "the seed is for shuffling arrays; shuffle the data set itself",
    validationSplit: "split the data set yourself and pass validationData",
  };
  return new InvalidArgumentError(
    `${op}: ${key} cannot be used with a data set: ${why[key] ?? "it is for arrays"}`,
  );
}

export function isPlainRecord(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function checkProgressOutput(out: unknown, op: string): void {
  const o = out as Partial<ProgressOutput> | undefined;
  if (
    o !== undefined &&
    (typeof o?.writeSync !== "function" || typeof o?.isTerminal !== "function")
  ) {
    throw new InvalidArgumentError(
      `${op}: progressOutput must have writeSync and isTerminal methods, like Deno.stderr`,
    );
  }
}

export interface CheckedFitOptions {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  validationData?: ValidationData;
  validationSplit: number;
  validationBatchSize: number;
  validationBatchSizeGiven: boolean;
  validationSteps?: number;
  verbose: Verbosity;
  callbacks: readonly Callback[];
  seed?: number;
  initialEpoch: number;
  progressOutput?: ProgressOutput;
  classWeight: Map<number, number> | null;
  sampleWeight?: TensorStructureLike;
  stepsPerEpoch?: number;
}

export function checkFitOptions(
  options: FitOptions,
  op: string,
  dataset: boolean,
): CheckedFitOptions {
  checkOptions(options, FIT_KEYS, "fit options");
  if (dataset) {
    for (
      const key of ["batchSize", "sampleWeight", "shuffle", "seed", "validationSplit"] as const
    ) {
      if (options[key] !== undefined) throw datasetOptionError(op, key);
    }
  } else if (options.stepsPerEpoch !== undefined) {
    throw new InvalidArgumentError(
      `${op}: stepsPerEpoch is for a data set; with arrays an epoch is every batch ` +
        `(ceil(examples / batchSize))`,
    );
  }
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new InvalidArgumentError(
      `${op}: epochs must be a non-negative integer, got ${String(epochs)}`,
    );
  }
  const batchSize = batchSizeOf(options.batchSize ?? 32, op);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== "boolean") {
    throw new InvalidArgumentError(`${op}: shuffle must be a boolean, got ${String(shuffle)}`);
  }
  const vd = options.validationData;
  if (
    vd !== undefined && !isDataset(vd) &&
    (!Array.isArray(vd) || ![2, 3].includes((vd as unknown[]).length))
  ) {
    throw new InvalidArgumentError(
      `${op}: validationData must be [x, y], [x, y, sampleWeight] or a data set`,
    );
  }
  const split = options.validationSplit ?? 0;
  if (typeof split !== "number" || !(split >= 0 && split < 1)) {
    throw new InvalidArgumentError(
      `${op}: validationSplit must be a number in [0, 1), got ${String(split)}`,
    );
  }
  if (split > 0 && vd !== undefined) {
    throw new InvalidArgumentError(
      `${op}: validationSplit and validationData cannot both be given (Keras uses ` +
        `validationData and ignores the split; say which one you mean)`,
    );
  }
  const callbacks = options.callbacks ?? [];
  if (!Array.isArray(callbacks) || !callbacks.every((c) => c instanceof Callback)) {
    throw new InvalidArgumentError(`${op}: callbacks must be an array of Callback objects`);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new InvalidArgumentError(`${op}: seed must be an integer, got ${String(options.seed)}`);
  }
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new InvalidArgumentError(
      `${op}: initialEpoch must be a non-negative integer, got ${String(initialEpoch)}`,
    );
  }
  checkProgressOutput(options.progressOutput, op);
  const classWeight = options.classWeight === undefined
    ? null
    : classWeightMap(options.classWeight, op);
  if (classWeight !== null && options.sampleWeight !== undefined) {
    throw new InvalidArgumentError(
      `${op}: classWeight and sampleWeight cannot be used together (Keras): fold the class ` +
        `weights into the sample weights`,
    );
  }
  return {
    epochs,
    batchSize,
    shuffle,
    validationData: vd,
    validationSplit: split,
    validationBatchSize: batchSizeOf(options.validationBatchSize ?? batchSize, op),
    validationBatchSizeGiven: options.validationBatchSize !== undefined,
    validationSteps: stepsOf(options.validationSteps, "validationSteps", op),
    verbose: verbosityOf(options.verbose ?? 1, op),
    callbacks,
    seed: options.seed,
    initialEpoch,
    progressOutput: options.progressOutput,
    classWeight,
    sampleWeight: options.sampleWeight,
    stepsPerEpoch: stepsOf(options.stepsPerEpoch, "stepsPerEpoch", op),
  };
}
