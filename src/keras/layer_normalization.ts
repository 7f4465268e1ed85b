/**
 * LayerNormalization: normalizes each example over its feature axes.
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
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import {
  get as getInitializer,
  type Initializer,
  type InitializerIdentifier,
} from "./initializers.ts";
import { Layer, type LayerOptions } from "./layer.ts";
import { keysOf } from "../options.ts";

/** Options of LayerNormalization. */
export interface LayerNormalizationOptions extends LayerOptions {
  /** The axis or axes to normalize over (default -1). */
  axis?: number | readonly number[];
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
}

const LAYER_NORMALIZATION_KEYS = keysOf<LayerNormalizationOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  axis: true,
  epsilon: true,
  center: true,
  scale: true,
  betaInitializer: true,
  gammaInitializer: true,
});

/**
 * `(x - mean) / sqrt(variance + epsilon) * gamma + beta`, with the mean and (population)
 * variance taken over `axis` for each example; gamma and beta have the shape of those axes.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const norm = new tf.keras.layers.LayerNormalization({ epsilon: 0 });
 * console.log(norm.apply([[1, 3]]).tolist()); // [ [ -1, 1 ] ]
 * ```
 */
export class LayerNormalization extends Layer {
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
  #axis: readonly number[];
  #axes: number[] = [];
  #broadcast: number[] = [];
  #betaInitializer: Initializer;
  #gammaInitializer: Initializer;

  /** Checks the options; the weights are made on the first call. */
  constructor(options?: LayerNormalizationOptions) {
    super(options, LAYER_NORMALIZATION_KEYS);
    const op = "LayerNormalization";
    const shared = normalizationSettings(op, options);
    this.#axis = shared.axis;
    this.epsilon = shared.epsilon;
    this.center = shared.center;
    this.scale = shared.scale;
    this.#betaInitializer = getInitializer(options?.betaInitializer ?? "zeros");
    this.#gammaInitializer = getInitializer(options?.gammaInitializer ?? "ones");
  }

  /** Resolves the axes and makes gamma and beta. */
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
    const paramShape = this.#axes.map((a) => inputShape[a]);
    this.#broadcast = inputShape.map((d, i) => (this.#axes.includes(i) ? d : 1));
    if (this.scale) {
      this.gamma = this.addWeight("gamma", () => this.#gammaInitializer.call(paramShape));
    }
    if (this.center) {
      this.beta = this.addWeight("beta", () => this.#betaInitializer.call(paramShape));
    }
  }

  /** Normalizes, then scales and shifts. */
  call(inputs: Tensor): Tensor {
    if (inputs.rank !== this.#broadcast.length) {
      throw new InvalidArgumentError(
        `${this.name}: expected inputs of rank ${this.#broadcast.length}, got shape ` +
          formatShape(inputs.shape),
      );
    }
    const x = inputs.dtype === "float32" || inputs.dtype === "float64"
      ? inputs
      : cast(inputs, "float32");
    const mean = reduceMean(x, this.#axes, true);
    const centered = sub(x, mean);
    const variance = reduceMean(square(centered), this.#axes, true);
    let y = mul(centered, rsqrt(add(variance, this.epsilon)));
    // With the normalized axes last, gamma and beta broadcast as they are; else reshape them.
    const last = this.#axes.every((a, i) => a === this.#broadcast.length - this.#axes.length + i);
    const param = (v: Variable): Tensor | Variable => (last ? v : reshape(v, this.#broadcast));
    if (this.gamma !== null) y = mul(y, param(this.gamma));
    if (this.beta !== null) y = add(y, param(this.beta));
    return y;
  }
}
