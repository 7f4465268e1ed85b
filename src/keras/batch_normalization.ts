/**
 * BatchNormalization: normalizes with the batch's statistics while training and with their
 * moving averages at inference.
 *
 * @module
 */
import { normalizationSettings } from "./_normalization.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { add, mul, sub } from "../ops/binary.ts";
import { reshape } from "../ops/movement.ts";
import { reduceMean } from "../ops/reduce.ts";
import { cast } from "../ops/select.ts";
import { rsqrt, square } from "../ops/unary.ts";
import { tidy } from "../memory.ts";
import { withoutRecording } from "../engine.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import {
  get as getInitializer,
  type Initializer,
  type InitializerIdentifier,
} from "./initializers.ts";
import { CALL_KEYS, type CallOptions, Layer, type LayerOptions } from "./layer.ts";
import { checkOptions, keysOf } from "../options.ts";

/** Options of BatchNormalization. */
export interface BatchNormalizationOptions extends LayerOptions {
  /** The feature axis or axes, kept apart (default -1: the channels of NHWC images). */
  axis?: number | readonly number[];
  /** The weight of the old value in the moving averages (default 0.99). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Add a learned offset `beta` (default true). */
  center?: boolean;
  /** Multiply by a learned scale `gamma` (default true). */
  scale?: boolean;
  /** How to fill beta (default "zeros"). */
  betaInitializer?: InitializerIdentifier;
  /** How to fill gamma (default "ones"). */
  gammaInitializer?: InitializerIdentifier;
  /** How to fill the moving mean (default "zeros"). */
  movingMeanInitializer?: InitializerIdentifier;
  /** How to fill the moving variance (default "ones"). */
  movingVarianceInitializer?: InitializerIdentifier;
}

const BATCH_NORMALIZATION_KEYS = keysOf<BatchNormalizationOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  axis: true,
  momentum: true,
  epsilon: true,
  center: true,
  scale: true,
  betaInitializer: true,
  gammaInitializer: true,
  movingMeanInitializer: true,
  movingVarianceInitializer: true,
});

/**
 * Batch normalization, as in Keras: `(x - mean) / sqrt(variance + epsilon) * gamma + beta`, per
 * feature of `axis`. With `training: true` (as `fit` calls it) the mean and (population)
 * variance are the batch's, taken over every other axis, and the non-trainable
 * `moving_mean` / `moving_variance` move towards them:
 * `moving = moving * momentum + batch * (1 - momentum)`. Otherwise (inference, `evaluate`,
 * `predict`, or a layer set `trainable = false`) the moving statistics are used.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const bn = new tf.keras.layers.BatchNormalization({ momentum: 0.5, epsilon: 0 });
 * const x = tf.constant([[1], [3]]);
 * console.log(bn.apply(x, { training: true }).tolist()); // [ [ -1 ], [ 1 ] ]
 * console.log(bn.movingMean?.tolist(), bn.movingVariance?.tolist()); // [ 1 ] [ 1 ]
 * console.log(bn.apply(x).tolist()); // [ [ 0 ], [ 2 ] ]
 * ```
 */
export class BatchNormalization extends Layer {
  /** The weight of the old value in the moving averages. */
  readonly momentum: number;
  /** Added to the variance. */
  readonly epsilon: number;
  /** Whether beta is added. */
  readonly center: boolean;
  /** Whether gamma multiplies. */
  readonly scale: boolean;
  /** The learned scale; null until built or without `scale`. */
  gamma: Variable | null = null;
  /** The learned offset; null until built or without `center`. */
  beta: Variable | null = null;
  /** The moving average of the batch means (not trainable); null until built. */
  movingMean: Variable | null = null;
  /** The moving average of the batch variances (not trainable); null until built. */
  movingVariance: Variable | null = null;
  #axis: readonly number[];
  #axes: number[] = [];
  #reduced: number[] = [];
  #broadcast: number[] = [];
  #initializers: Record<"beta" | "gamma" | "mean" | "variance", Initializer>;

  /** Checks the options; the weights are made on the first call. */
  constructor(options?: BatchNormalizationOptions) {
    const op = "BatchNormalization";
    super(options, BATCH_NORMALIZATION_KEYS, op);
    const shared = normalizationSettings(op, options);
    const momentum = options?.momentum ?? 0.99;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
      throw new InvalidArgumentError(
        `${op}: momentum must be a number in [0, 1], got ${String(momentum)}`,
      );
    }
    this.#axis = shared.axis;
    this.momentum = momentum;
    this.epsilon = shared.epsilon;
    this.center = shared.center;
    this.scale = shared.scale;
    this.#initializers = {
      beta: getInitializer(options?.betaInitializer ?? "zeros"),
      gamma: getInitializer(options?.gammaInitializer ?? "ones"),
      mean: getInitializer(options?.movingMeanInitializer ?? "zeros"),
      variance: getInitializer(options?.movingVarianceInitializer ?? "ones"),
    };
  }

  /** Resolves the axes and makes gamma, beta and the moving statistics. */
  override build(inputShape: readonly number[]): void {
    const rank = inputShape.length;
    const axes = this.#axis.map((a) => (a < 0 ? a + rank : a));
    if (axes.some((a) => a < 0 || a >= rank) || new Set(axes).size !== axes.length) {
      throw new InvalidArgumentError(
        `${this.name}: axis ${JSON.stringify(this.#axis)} is invalid for inputs of shape ` +
          formatShape(inputShape),
      );
    }
    this.#axes = axes.sort((a, b) => a - b);
    this.#reduced = inputShape.map((_, i) => i).filter((i) => !this.#axes.includes(i));
    this.#broadcast = inputShape.map((d, i) => (this.#axes.includes(i) ? d : 1));
    const shape = this.#axes.map((a) => inputShape[a]);
    const init = this.#initializers;
    if (this.scale) this.gamma = this.addWeight("gamma", () => init.gamma.call(shape));
    if (this.center) this.beta = this.addWeight("beta", () => init.beta.call(shape));
    this.movingMean = this.addWeight("moving_mean", () => init.mean.call(shape), false);
    this.movingVariance = this.addWeight("moving_variance", () => init.variance.call(shape), false);
  }

  /** Normalizes with the batch statistics (training) or the moving ones, then scales and shifts. */
  call(inputs: Tensor, options?: CallOptions): Tensor {
    checkOptions(options, CALL_KEYS, "BatchNormalization.call options");
    if (inputs.rank !== this.#broadcast.length) {
      throw new InvalidArgumentError(
        `${this.name}: expected inputs of rank ${this.#broadcast.length}, got shape ` +
          formatShape(inputs.shape),
      );
    }
    const expected = this.#axes.map((a) => this.#broadcast[a]);
    const got = this.#axes.map((a) => inputs.shape[a]);
    if (got.join() !== expected.join()) {
      throw new InvalidArgumentError(
        `${this.name}: expected ${expected.join(", ")} features on axis ` +
          `${JSON.stringify(this.#axes)}, got inputs of shape ${formatShape(inputs.shape)}`,
      );
    }
    const x = inputs.dtype === "float32" || inputs.dtype === "float64"
      ? inputs
      : cast(inputs, "float32");
    // With the feature axes last, the parameters broadcast as they are; else reshape them.
    const last = this.#axes.every((a, i) => a === this.#broadcast.length - this.#axes.length + i);
    const param = (v: Tensor | Variable): Tensor | Variable =>
      last ? v : reshape(v, this.#broadcast);
    let mean: Tensor | Variable, variance: Tensor | Variable;
    if (options?.training === true && this.trainable) {
      mean = reduceMean(x, this.#reduced, true);
      variance = reduceMean(square(sub(x, mean)), this.#reduced, true);
      this.#updateMovingStatistics(mean, variance);
    } else {
      mean = param(this.movingMean as Variable);
      variance = param(this.movingVariance as Variable);
    }
    let y = mul(sub(x, mean), rsqrt(add(variance, this.epsilon)));
    if (this.gamma !== null) y = mul(y, param(this.gamma));
    if (this.beta !== null) y = add(y, param(this.beta));
    return y;
  }

  /** `moving = moving * momentum + batch * (1 - momentum)`, outside every tape. */
  #updateMovingStatistics(mean: Tensor, variance: Tensor): void {
    const shape = (this.movingMean as Variable).shape;
    withoutRecording(() =>
      tidy(() => {
        for (const [moving, batch] of [[this.movingMean, mean], [this.movingVariance, variance]]) {
          const v = moving as Variable;
          const b = reshape(batch as Tensor, shape);
          const next = add(mul(v, this.momentum), mul(b, 1 - this.momentum));
          v.assign(next.dtype === v.dtype ? next : cast(next, v.dtype));
        }
      })
    );
  }
}
