/**
 * `tf.keras.losses`: loss functions (one value per example) and Loss classes (reduced to a
 * scalar, by default the mean over the batch), with Keras's formulas: probabilities are clipped
 * to [1e-7, 1 - 1e-7] unless `fromLogits`.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { input } from "../engine.ts";
import { add, div, mul, sub } from "../ops/binary.ts";
import { fill } from "../ops/creation.ts";
import { expandDims } from "../ops/movement.ts";
import { reduceMean, reduceSum } from "../ops/reduce.ts";
import { softmaxCrossEntropyWithLogits, sparseSoftmaxCrossEntropyWithLogits } from "../ops/nn.ts";
import { cast, clipByValue } from "../ops/select.ts";
import { abs, exp, log, log1p, neg, square } from "../ops/unary.ts";
import { relu } from "../ops/nn.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { alignTargets, sparseTargets, squeezeOrExpand } from "./_targets.ts";

/** Keras's fuzz factor: probabilities are clipped to [EPSILON, 1 - EPSILON]. */
export const EPSILON = 1e-7;

/** A loss function: one value per example (the last axis averaged or summed away). */
export type LossFunction = (yTrue: TensorLike, yPred: TensorLike) => Tensor;

/** Options of the cross-entropy functions. */
export interface CrossentropyOptions {
  /** yPred holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Squeeze the targets toward uniform by this fraction, in [0, 1] (default 0). */
  labelSmoothing?: number;
}

const CROSSENTROPY_KEYS = keysOf<CrossentropyOptions>({ fromLogits: true, labelSmoothing: true });
const SPARSE_CROSSENTROPY_KEYS = keysOf<Pick<CrossentropyOptions, "fromLogits">>({
  fromLogits: true,
});

/**
 * Mean of `(yTrue - yPred)^2` over the last axis.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.losses.meanSquaredError([[0, 1]], [[1, 1]]).tolist()); // [ 0.5 ]
 * ```
 */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = alignTargets(yTrue, yPred, "meanSquaredError");
  return reduceMean(square(sub(p, t)), -1);
}

/**
 * Mean of `|yTrue - yPred|` over the last axis.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.losses.meanAbsoluteError([[0, 1]], [[2, 1]]).tolist()); // [ 1 ]
 * ```
 */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = alignTargets(yTrue, yPred, "meanAbsoluteError");
  return reduceMean(abs(sub(p, t)), -1);
}

/**
 * Binary cross-entropy, averaged over the last axis. Probabilities are clipped to
 * [1e-7, 1 - 1e-7]; with `fromLogits` it is computed stably from logits.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const loss = tf.keras.losses.binaryCrossentropy([[1, 0]], [[0.5, 0.5]]);
 * console.log(loss.tolist()); // [ 0.6931471824645996 ]
 * ```
 */
export function binaryCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options?: CrossentropyOptions,
): Tensor {
  const op = "binaryCrossentropy";
  checkOptions(options, CROSSENTROPY_KEYS, `${op} options`);
  const { fromLogits, labelSmoothing } = checkCrossentropy(options, op);
  let [t, p] = alignTargets(yTrue, yPred, op);
  if (labelSmoothing > 0) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
  let elementwise: Tensor;
  if (fromLogits) {
    // max(x, 0) - x * z + log(1 + exp(-|x|))
    elementwise = add(sub(relu(p), mul(p, t)), log1p(exp(neg(abs(p)))));
  } else {
    const q = clipByValue(p, EPSILON, 1 - EPSILON);
    elementwise = neg(add(mul(t, log(q)), mul(sub(1, t), log(sub(1, q)))));
  }
  return reduceMean(elementwise, -1);
}

/**
 * Categorical cross-entropy with one-hot (or probability) targets over the last axis.
 * Probabilities are renormalized to sum to 1 and clipped to [1e-7, 1 - 1e-7]; with
 * `fromLogits` a softmax is applied first.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const loss = tf.keras.losses.categoricalCrossentropy([[0, 1]], [[0.5, 0.5]]);
 * console.log(loss.tolist()); // [ 0.6931471824645996 ]
 * ```
 */
export function categoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options?: CrossentropyOptions,
): Tensor {
  const op = "categoricalCrossentropy";
  checkOptions(options, CROSSENTROPY_KEYS, `${op} options`);
  const { fromLogits, labelSmoothing } = checkCrossentropy(options, op);
  let [t, p] = alignTargets(yTrue, yPred, op);
  if (p.rank === 0) {
    throw new InvalidArgumentError(`${op}: yPred must have a class axis, got a scalar`);
  }
  if (labelSmoothing > 0) {
    const classes = p.shape[p.rank - 1];
    t = add(mul(t, 1 - labelSmoothing), labelSmoothing / classes);
  }
  if (fromLogits) return softmaxCrossEntropyWithLogits({ labels: t, logits: p });
  const q = clipByValue(div(p, reduceSum(p, -1, true)), EPSILON, 1 - EPSILON);
  return neg(reduceSum(mul(t, log(q)), -1));
}

/**
 * Cross-entropy with integer class ids as targets (shape `yPred.shape[:-1]`, or with a trailing
 * axis of 1; float ids are truncated). Probabilities are clipped to [1e-7, 1 - 1e-7] (and so
 * renormalized); with `fromLogits` a softmax is applied first.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const loss = tf.keras.losses.sparseCategoricalCrossentropy([1], [[0.5, 0.5]]);
 * console.log(loss.tolist()); // [ 0.6931471824645996 ]
 * ```
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options?: Pick<CrossentropyOptions, "fromLogits">,
): Tensor {
  const op = "sparseCategoricalCrossentropy";
  checkOptions(options, SPARSE_CROSSENTROPY_KEYS, `${op} options`);
  const { fromLogits } = checkCrossentropy(options, op);
  const [t, p] = sparseTargets(yTrue, yPred, op);
  const logits = fromLogits ? p : log(clipByValue(p, EPSILON, 1 - EPSILON));
  return sparseSoftmaxCrossEntropyWithLogits({ labels: t, logits });
}

/** How a Loss reduces its per-example values: Keras's names. */
export type Reduction = "sum_over_batch_size" | "sum" | "none";

/** Options of every Loss. */
export interface LossOptions {
  /** "sum_over_batch_size" (default: the mean), "sum" or "none". */
  reduction?: Reduction;
  /** The loss's name (default Keras's snake_case name). */
  name?: string;
}

const LOSS_KEYS = keysOf<LossOptions>({ reduction: true, name: true });

/**
 * Base class of losses: `call` gives one value per example, `apply` weights and reduces them.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class Huberish extends tf.keras.losses.Loss {
 *   call(yTrue: tf.Tensor, yPred: tf.Tensor) { return yPred.sub(yTrue).abs().mean(-1); }
 * }
 * console.log(new Huberish().apply([[0], [0]], [[1], [3]]).item()); // 2
 * ```
 */
export abstract class Loss {
  /** The name, used for logs. */
  readonly name: string;
  /** How `apply` reduces. */
  readonly reduction: Reduction;

  /**
   * Checks the options (a subclass whose options extend LossOptions passes all their keys as
   * `keys`: any other key is an error) and names the loss (default: `defaultName`, else the class
   * name in snake_case).
   */
  constructor(options?: LossOptions, defaultName?: string, keys: readonly string[] = LOSS_KEYS) {
    const op = this.constructor.name;
    checkOptions(options, keys, `${op} options`);
    const reduction = options?.reduction ?? "sum_over_batch_size";
    if (reduction !== "sum_over_batch_size" && reduction !== "sum" && reduction !== "none") {
      throw new InvalidArgumentError(
        `${op}: reduction must be "sum_over_batch_size", "sum" or "none", got ` +
          JSON.stringify(reduction),
      );
    }
    if (options?.name !== undefined && typeof options.name !== "string") {
      throw new InvalidArgumentError(`${op}: name must be a string, got ${String(options.name)}`);
    }
    this.reduction = reduction;
    this.name = options?.name ?? defaultName ??
      op.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  }

  /** The per-example losses. Override it. */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /**
   * The loss, with Keras 3's formula: `call` on yTrue and yPred lined up by Keras's
   * `squeeze_or_expand_to_same_rank` (labels `(N,)` with predictions `(N, 1)` become `(N, 1)`
   * both, never broadcast to `(N, N)`), times `sampleWeight` if given (lined up the same way with
   * the per-example losses, then broadcast over their trailing axes), reduced as configured:
   * `"sum_over_batch_size"` (the default) divides the weighted sum by the number of per-example
   * values (the batch size), not by the sum of the weights.
   */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
    const name = `${this.name}.apply`;
    const [t, p] = squeezeOrExpand(input(yTrue, name), input(yPred, name));
    let losses = this.call(t, p);
    if (sampleWeight !== undefined && sampleWeight !== null) {
      let w = cast(input(sampleWeight, name), losses.dtype);
      [losses, w] = squeezeOrExpand(losses, w);
      while (w.rank < losses.rank) w = expandDims(w, -1);
      losses = mul(losses, w);
    }
    if (this.reduction === "none") return losses;
    if (this.reduction === "sum") return reduceSum(losses);
    return losses.size === 0 ? fill([], 0, losses.dtype) : reduceMean(losses);
  }
}

/**
 * A Loss around a function of `(yTrue, yPred)` (what `compile` makes of a function).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const loss = new tf.keras.losses.LossFunctionWrapper(tf.keras.losses.meanAbsoluteError);
 * console.log(loss.apply([[0], [0]], [[1], [3]]).item()); // 2
 * ```
 */
export class LossFunctionWrapper extends Loss {
  #fn: LossFunction;

  /** Wraps `fn` (its name is the default name). */
  constructor(fn: LossFunction, options?: LossOptions) {
    if (typeof fn !== "function") {
      throw new InvalidArgumentError(
        `LossFunctionWrapper: expected a function (yTrue, yPred) => Tensor, got ${typeof fn}`,
      );
    }
    super(options, fn.name || "loss");
    this.#fn = fn;
  }

  /** Calls the function. */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.#fn(yTrue, yPred);
  }
}

/**
 * Mean squared error, averaged over the batch.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const mse = new tf.keras.losses.MeanSquaredError();
 * console.log(mse.apply([[0, 1], [0, 0]], [[1, 1], [1, 0]]).item()); // 0.5
 * ```
 */
export class MeanSquaredError extends Loss {
  /** Checks the options. */
  constructor(options?: LossOptions) {
    super(options, "mean_squared_error");
  }

  /** Per-example mean squared error. */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}

/**
 * Mean absolute error, averaged over the batch.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.losses.MeanAbsoluteError().apply([[0]], [[-2]]).item()); // 2
 * ```
 */
export class MeanAbsoluteError extends Loss {
  /** Checks the options. */
  constructor(options?: LossOptions) {
    super(options, "mean_absolute_error");
  }

  /** Per-example mean absolute error. */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}

/** Options of the cross-entropy Loss classes. */
export interface CrossentropyLossOptions extends LossOptions, CrossentropyOptions {}

const CROSSENTROPY_LOSS_KEYS = keysOf<CrossentropyLossOptions>({
  reduction: true,
  name: true,
  fromLogits: true,
  labelSmoothing: true,
});
const SPARSE_CROSSENTROPY_LOSS_KEYS = keysOf<LossOptions & Pick<CrossentropyOptions, "fromLogits">>(
  { reduction: true, name: true, fromLogits: true },
);

/**
 * Binary cross-entropy, averaged over the batch.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const bce = new tf.keras.losses.BinaryCrossentropy({ fromLogits: true });
 * console.log(bce.apply([[1], [0]], [[0], [0]]).item()); // 0.6931471824645996
 * ```
 */
export class BinaryCrossentropy extends Loss {
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** The label smoothing fraction. */
  readonly labelSmoothing: number;

  /** Checks the options. */
  constructor(options?: CrossentropyLossOptions) {
    super(options, "binary_crossentropy", CROSSENTROPY_LOSS_KEYS);
    ({ fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing } = checkCrossentropy(
      options,
      "BinaryCrossentropy",
    ));
  }

  /** Per-example binary cross-entropy. */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    const { fromLogits, labelSmoothing } = this;
    return binaryCrossentropy(yTrue, yPred, { fromLogits, labelSmoothing });
  }
}

/**
 * Categorical cross-entropy with one-hot targets, averaged over the batch.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const cce = new tf.keras.losses.CategoricalCrossentropy();
 * console.log(cce.apply([[0, 1]], [[0.2, 0.8]]).item()); // 0.2231435328722
 * ```
 */
export class CategoricalCrossentropy extends Loss {
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** The label smoothing fraction. */
  readonly labelSmoothing: number;

  /** Checks the options. */
  constructor(options?: CrossentropyLossOptions) {
    super(options, "categorical_crossentropy", CROSSENTROPY_LOSS_KEYS);
    ({ fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing } = checkCrossentropy(
      options,
      "CategoricalCrossentropy",
    ));
  }

  /** Per-example categorical cross-entropy. */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    const { fromLogits, labelSmoothing } = this;
    return categoricalCrossentropy(yTrue, yPred, { fromLogits, labelSmoothing });
  }
}

/**
 * Cross-entropy with integer class ids as targets, averaged over the batch.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const scce = new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true });
 * console.log(scce.apply([0, 1], [[0, 0], [0, 0]]).item()); // 0.6931471824645996
 * ```
 */
export class SparseCategoricalCrossentropy extends Loss {
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;

  /** Checks the options. */
  constructor(options?: LossOptions & Pick<CrossentropyOptions, "fromLogits">) {
    super(options, "sparse_categorical_crossentropy", SPARSE_CROSSENTROPY_LOSS_KEYS);
    this.fromLogits = checkCrossentropy(options, "SparseCategoricalCrossentropy").fromLogits;
  }

  /** Per-example sparse categorical cross-entropy. */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }
}

/** What `compile` and `get` accept as a loss: a name, a Loss or a function. */
export type LossIdentifier = string | Loss | LossFunction;

const NAMES: Record<string, () => Loss> = {
  mse: () => new MeanSquaredError(),
  meansquarederror: () => new MeanSquaredError(),
  mae: () => new MeanAbsoluteError(),
  meanabsoluteerror: () => new MeanAbsoluteError(),
  binarycrossentropy: () => new BinaryCrossentropy(),
  categoricalcrossentropy: () => new CategoricalCrossentropy(),
  sparsecategoricalcrossentropy: () => new SparseCategoricalCrossentropy(),
};

/**
 * The Loss for a name ("mse", "binary_crossentropy", "categoricalCrossentropy", ...), a Loss,
 * or a function of `(yTrue, yPred)` (wrapped, reduced to the batch mean).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const loss = tf.keras.losses.get("sparse_categorical_crossentropy");
 * console.log(loss.name); // sparse_categorical_crossentropy
 * ```
 */
export function get(identifier: LossIdentifier): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === "function") return new LossFunctionWrapper(identifier);
  const key = typeof identifier === "string" ? identifier.replace(/_/g, "").toLowerCase() : "";
  if (!Object.hasOwn(NAMES, key)) {
    throw new InvalidArgumentError(
      `losses.get: unknown loss ${JSON.stringify(identifier)}; expected "mse", "mae", ` +
        `"binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", ` +
        `a Loss or a function (yTrue, yPred) => Tensor`,
    );
  }
  return NAMES[key]();
}

function checkCrossentropy(
  options: CrossentropyOptions | undefined,
  op: string,
): { fromLogits: boolean; labelSmoothing: number } {
  const fromLogits = options?.fromLogits ?? false;
  if (typeof fromLogits !== "boolean") {
    throw new InvalidArgumentError(
      `${op}: fromLogits must be a boolean, got ${String(fromLogits)}`,
    );
  }
  const labelSmoothing = options?.labelSmoothing ?? 0;
  if (typeof labelSmoothing !== "number" || !(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new InvalidArgumentError(
      `${op}: labelSmoothing must be a number in [0, 1], got ${String(labelSmoothing)}`,
    );
  }
  return { fromLogits, labelSmoothing };
}
