/**
 * `tf.keras.metrics`: stateful metrics (`updateState`, `result`, `resetState`) that average over
 * every batch seen, and the per-example accuracy functions behind them. Running totals are kept
 * as JS numbers (float64), so a metric holds no tensor.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { input } from "../engine.ts";
import { tidy } from "../memory.ts";
import { equal, greater, mul } from "../ops/binary.ts";
import { broadcastTo, expandDims, stack } from "../ops/movement.ts";
import { argmax, reduceMean, reduceSum } from "../ops/reduce.ts";
import { cast } from "../ops/select.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { Variable } from "../variable.ts";
import { checkDType, type DType } from "../dtype.ts";
import { alignTargets, floatTensor, sparseTargets, squeezeOrExpand } from "./_targets.ts";
import { get as getInitializer, type InitializerIdentifier } from "./initializers.ts";
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from "./losses.ts";

/** A metric function: one value per example, averaged by `MeanMetricWrapper`. */
export type MetricFunction = (yTrue: TensorLike, yPred: TensorLike) => Tensor;

/** Options of every metric. */
export interface MetricOptions {
  /** The name, used as the key in logs and History. */
  name?: string;
}

const METRIC_KEYS = keysOf<MetricOptions>({ name: true });

/** Options of `Metric.addWeight`. */
export interface MetricWeightOptions {
  /** How to fill it (default "zeros"). */
  initializer?: InitializerIdentifier;
  /** Its dtype (default float32). */
  dtype?: DType;
}

const METRIC_WEIGHT_KEYS = keysOf<MetricWeightOptions>({ initializer: true, dtype: true });

/** A built-in metric's options, checked (`what` names it in errors), `name` their default name. */
function named(options: MetricOptions | undefined, what: string, name: string): MetricOptions {
  return { name: checkOptions(options, METRIC_KEYS, `${what} options`)?.name ?? name };
}

/**
 * Base class of metrics: `updateState` accumulates, `result` reads, `resetState` starts over.
 * State may be JS numbers or variables made with `addWeight`; `result` may return a number, a
 * tensor or a Variable (`fit` and `evaluate` read its value when they log it, so every epoch
 * keeps its own number).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class Count extends tf.keras.metrics.Metric {
 *   n = 0;
 *   updateState(yTrue: tf.TensorLike) { this.n += tf.convertToTensor(yTrue).shape[0]; }
 *   result() { return this.n; }
 *   resetState() { this.n = 0; }
 * }
 * const m = new Count({ name: "count" });
 * m.updateState([1, 2, 3]);
 * console.log(m.result()); // 3
 * ```
 */
export abstract class Metric {
  /** The name, used as the key in logs and History. */
  readonly name: string;
  #weights: Variable[] = [];

  /**
   * Checks the options (a subclass whose options extend MetricOptions passes all their keys as
   * `keys`: any other key is an error) and names the metric (default: `defaultName`, else the
   * class name in snake_case).
   */
  constructor(
    options?: MetricOptions,
    defaultName?: string,
    keys: readonly string[] = METRIC_KEYS,
  ) {
    checkOptions(options, keys, `${this.constructor.name} options`);
    if (options?.name !== undefined && (typeof options.name !== "string" || !options.name)) {
      throw new InvalidArgumentError(
        `${this.constructor.name}: name must be a non-empty string, got ` +
          JSON.stringify(options.name),
      );
    }
    this.name = options?.name ?? defaultName ??
      this.constructor.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  }

  /** Accumulates a batch: targets and predictions (or, for `Mean`, values and weights). */
  abstract updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void;

  /**
   * The metric over everything accumulated since the last reset (0 before any update): a
   * number, or a scalar tensor or Variable (read by value when logged).
   */
  abstract result(): number | Tensor | Variable;

  /** Forgets everything accumulated. */
  abstract resetState(): void;

  /**
   * Creates a state variable of the metric (not trainable), named `<metric>/<name>`, filled by
   * `initializer` (default zeros); it is listed in `variables`. Keras's `Metric.add_weight`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * class Total extends tf.keras.metrics.Metric {
   *   total = this.addWeight("total", []);
   *   updateState(yTrue: tf.TensorLike) { this.total.assignAdd(tf.reduceSum(yTrue)); }
   *   result() { return this.total; }
   *   resetState() { this.total.assign(0); }
   * }
   * const m = new Total({ name: "total" });
   * m.updateState([1, 2, 3]);
   * console.log(m.result().numpy().toString(), m.variables[0].name); // 6.0 total/total:0
   * ```
   */
  addWeight(name: string, shape: readonly number[] = [], options?: MetricWeightOptions): Variable {
    const op = `${this.name}.addWeight`;
    checkOptions(options, METRIC_WEIGHT_KEYS, "addWeight options");
    if (typeof name !== "string" || name === "") {
      throw new InvalidArgumentError(`${op}: name must be a non-empty string, got ${String(name)}`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new InvalidArgumentError(
        `${op}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
      );
    }
    const dtype = options?.dtype === undefined ? "float32" : checkDType(options.dtype, op);
    const init = getInitializer(options?.initializer ?? "zeros");
    const v = tidy(() =>
      new Variable(init.call(shape, dtype), { name: `${this.name}/${name}`, trainable: false })
    );
    this.#weights.push(v);
    return v;
  }

  /**
   * The state variables made with `addWeight`, in order.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(new tf.keras.metrics.Mean().variables.length); // 0 (its state is JS numbers)
   * ```
   */
  get variables(): Variable[] {
    return [...this.#weights];
  }
}

/**
 * The (weighted) mean of every value passed to `updateState`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.Mean();
 * m.updateState([1, 2]);
 * m.updateState(6, 2); // the value 6 with weight 2
 * console.log(m.result()); // 3.75
 * ```
 */
export class Mean extends Metric {
  #total = 0;
  #count = 0;

  /** Names the metric (default "mean"). */
  constructor(options?: MetricOptions) {
    super(options, "mean");
  }

  /**
   * Adds `sum(values * sampleWeight)` to the total and `sum(sampleWeight)` to the count (the
   * weights lined up with the values by Keras's `squeeze_or_expand_to_same_rank`, then broadcast
   * over their trailing axes).
   */
  override updateState(values: TensorLike, sampleWeight?: TensorLike): void {
    const [total, count] = tidy(() => {
      let v = floatTensor(values, `${this.name}.updateState`);
      if (sampleWeight === undefined || sampleWeight === null) {
        return [Number(reduceSum(v).item()), v.size];
      }
      let w = cast(input(sampleWeight, `${this.name}.updateState`), v.dtype);
      [v, w] = squeezeOrExpand(v, w);
      while (w.rank < v.rank) w = expandDims(w, -1);
      w = broadcastTo(w, v.shape);
      const sums = stack([reduceSum(mul(v, w)), reduceSum(w)]).dataSync();
      return [Number(sums[0]), Number(sums[1])];
    });
    this.#total += total;
    this.#count += count;
  }

  /** The mean (0 before any update). */
  override result(): number {
    return this.#count === 0 ? 0 : this.#total / this.#count;
  }

  /** Forgets everything. */
  resetState(): void {
    this.#total = 0;
    this.#count = 0;
  }
}

/**
 * The mean over examples of a per-example metric function.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.MeanMetricWrapper(tf.keras.metrics.binaryAccuracy, { name: "acc" });
 * m.updateState([[1], [0]], [[0.9], [0.8]]);
 * console.log(m.name, m.result()); // acc 0.5
 * ```
 */
export class MeanMetricWrapper extends Mean {
  #fn: MetricFunction;

  /** Wraps `fn` (default name: the function's name). */
  constructor(fn: MetricFunction, options?: MetricOptions) {
    if (typeof fn !== "function") {
      throw new InvalidArgumentError(
        `MeanMetricWrapper: expected a function (yTrue, yPred) => Tensor, got ${typeof fn}`,
      );
    }
    super(named(options, "MeanMetricWrapper", fn.name || "metric"));
    this.#fn = fn;
  }

  /**
   * Adds the batch's per-example values (yTrue and yPred lined up first by Keras's
   * `squeeze_or_expand_to_same_rank`, so `(N,)` labels never broadcast against `(N, 1)`).
   */
  override updateState(yTrue: TensorLike, yPred?: TensorLike, sampleWeight?: TensorLike): void {
    if (yPred === undefined) {
      throw new InvalidArgumentError(`${this.name}.updateState: expected yTrue and yPred`);
    }
    const op = `${this.name}.updateState`;
    tidy(() => {
      const [t, p] = squeezeOrExpand(input(yTrue, op), input(yPred, op));
      super.updateState(this.#fn(t, p), sampleWeight);
    });
  }
}

/**
 * 1 where `yPred > threshold` equals `yTrue` (0/1 targets), averaged over the last axis.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.metrics.binaryAccuracy([[1], [0]], [[0.9], [0.7]]).tolist()); // [ 1, 0 ]
 * ```
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold = 0.5): Tensor {
  const [t, p] = alignTargets(yTrue, yPred, "binaryAccuracy");
  return reduceMean(cast(equal(t, cast(greater(p, threshold), p.dtype)), p.dtype), -1);
}

/**
 * 1 where the arg max of `yPred` is the arg max of the one-hot `yTrue` (last axis).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const acc = tf.keras.metrics.categoricalAccuracy([[0, 1], [1, 0]], [[0.3, 0.7], [0.1, 0.9]]);
 * console.log(acc.tolist()); // [ 1, 0 ]
 * ```
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = alignTargets(yTrue, yPred, "categoricalAccuracy");
  return cast(equal(argmax(t, -1), argmax(p, -1)), p.dtype);
}

/**
 * 1 where the arg max of `yPred` is the class id `yTrue`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.metrics.sparseCategoricalAccuracy([1, 1], [[0.3, 0.7], [0.9, 0.1]]).tolist()); // [ 1, 0 ]
 * ```
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = sparseTargets(yTrue, yPred, "sparseCategoricalAccuracy");
  return cast(equal(t, argmax(p, -1)), p.dtype);
}

/**
 * What the string "accuracy" means in `compile`, chosen from the shapes as Keras does: binary
 * accuracy when yPred has one column (or is a vector), sparse categorical accuracy when yTrue
 * holds class ids (one axis fewer, or a single column against several), else categorical.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.metrics.accuracy([2, 0], [[0, 0, 1], [0, 1, 0]]).tolist()); // [ 1, 0 ]
 * ```
 */
export function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const t = input(yTrue, "accuracy");
  const p = input(yPred, "accuracy");
  const pLast = p.shape[p.rank - 1];
  const tLast = t.shape[t.rank - 1];
  if (p.rank <= 1 || pLast === 1) return binaryAccuracy(t, p);
  if (t.rank < p.rank || (tLast === 1 && pLast > 1)) return sparseCategoricalAccuracy(t, p);
  return categoricalAccuracy(t, p);
}

/**
 * The fraction of predictions exactly equal to their targets.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.Accuracy();
 * m.updateState([[1], [2], [3]], [[1], [2], [0]]);
 * console.log(m.result()); // 0.6666666666666666
 * ```
 */
export class Accuracy extends MeanMetricWrapper {
  /** Names the metric (default "accuracy"). */
  constructor(options?: MetricOptions) {
    super(
      (yTrue, yPred) => {
        const [t, p] = alignTargets(yTrue, yPred, "Accuracy");
        return cast(equal(t, p), p.dtype);
      },
      named(options, "Accuracy", "accuracy"),
    );
  }
}

/** Options of BinaryAccuracy. */
export interface BinaryAccuracyOptions extends MetricOptions {
  /** Predictions above it count as 1 (default 0.5). */
  threshold?: number;
}

const BINARY_ACCURACY_KEYS = keysOf<BinaryAccuracyOptions>({ name: true, threshold: true });

/**
 * The fraction of 0/1 targets matched by `yPred > threshold`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.BinaryAccuracy();
 * m.updateState([[1], [0], [1], [1]], [[0.9], [0.2], [0.4], [0.6]]);
 * console.log(m.result()); // 0.75
 * ```
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  /** The decision threshold. */
  readonly threshold: number;

  /** Checks the options (default name "binary_accuracy"). */
  constructor(options?: BinaryAccuracyOptions) {
    checkOptions(options, BINARY_ACCURACY_KEYS, "BinaryAccuracy options");
    const threshold = options?.threshold ?? 0.5;
    if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
      throw new InvalidArgumentError(
        `BinaryAccuracy: threshold must be a finite number, got ${String(threshold)}`,
      );
    }
    super((yTrue, yPred) => binaryAccuracy(yTrue, yPred, threshold), {
      name: options?.name ?? "binary_accuracy",
    });
    this.threshold = threshold;
  }
}

/**
 * The fraction of examples whose predicted class (arg max) is the one-hot target's.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.CategoricalAccuracy();
 * m.updateState([[0, 1], [1, 0]], [[0.3, 0.7], [0.1, 0.9]]);
 * console.log(m.result()); // 0.5
 * ```
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  /** Names the metric (default "categorical_accuracy"). */
  constructor(options?: MetricOptions) {
    super(categoricalAccuracy, named(options, "CategoricalAccuracy", "categorical_accuracy"));
  }
}

/**
 * The fraction of examples whose predicted class (arg max) is the target class id.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.SparseCategoricalAccuracy();
 * m.updateState([1, 0], [[0.3, 0.7], [0.1, 0.9]]);
 * console.log(m.result()); // 0.5
 * ```
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  /** Names the metric (default "sparse_categorical_accuracy"). */
  constructor(options?: MetricOptions) {
    super(
      sparseCategoricalAccuracy,
      named(options, "SparseCategoricalAccuracy", "sparse_categorical_accuracy"),
    );
  }
}

/**
 * The mean squared error over every example seen.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.MeanSquaredError();
 * m.updateState([[0], [0]], [[1], [3]]);
 * console.log(m.result()); // 5
 * ```
 */
export class MeanSquaredError extends MeanMetricWrapper {
  /** Names the metric (default "mean_squared_error"). */
  constructor(options?: MetricOptions) {
    super(meanSquaredError, named(options, "MeanSquaredError", "mean_squared_error"));
  }
}

/**
 * The mean absolute error over every example seen.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = new tf.keras.metrics.MeanAbsoluteError();
 * m.updateState([[0], [0]], [[1], [-3]]);
 * console.log(m.result()); // 2
 * ```
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  /** Names the metric (default "mean_absolute_error"). */
  constructor(options?: MetricOptions) {
    super(meanAbsoluteError, named(options, "MeanAbsoluteError", "mean_absolute_error"));
  }
}

/** What `compile` and `get` accept as a metric: a name, a Metric or a function. */
export type MetricIdentifier = string | Metric | MetricFunction;

const NAMES: Record<string, MetricFunction> = {
  accuracy,
  acc: accuracy,
  binaryaccuracy: binaryAccuracy,
  categoricalaccuracy: categoricalAccuracy,
  sparsecategoricalaccuracy: sparseCategoricalAccuracy,
  mse: meanSquaredError,
  meansquarederror: meanSquaredError,
  mae: meanAbsoluteError,
  meanabsoluteerror: meanAbsoluteError,
  binarycrossentropy: binaryCrossentropy,
  categoricalcrossentropy: categoricalCrossentropy,
  sparsecategoricalcrossentropy: sparseCategoricalCrossentropy,
};

/**
 * The Metric for a name ("accuracy", "mse", "binary_accuracy", ...; the name is also its log
 * key), a Metric, or a per-example function (averaged).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const m = tf.keras.metrics.get("acc");
 * m.updateState([1, 0], [[0.2, 0.8], [0.6, 0.4]]);
 * console.log(m.name, m.result()); // acc 1
 * ```
 */
export function get(identifier: MetricIdentifier): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === "function") return new MeanMetricWrapper(identifier);
  const key = typeof identifier === "string" ? identifier.replace(/_/g, "").toLowerCase() : "";
  if (!Object.hasOwn(NAMES, key)) {
    throw new InvalidArgumentError(
      `metrics.get: unknown metric ${JSON.stringify(identifier)}; expected a name such as ` +
        `"accuracy", "mse" or "mae", a Metric or a function (yTrue, yPred) => Tensor`,
    );
  }
  return new MeanMetricWrapper(NAMES[key], { name: identifier as string });
}
