/**
 * Dense: the fully connected layer, `activation(x @ kernel + bias)`.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { add } from "../ops/binary.ts";
import { matmul } from "../ops/matmul.ts";
import { reshape } from "../ops/movement.ts";
import { cast } from "../ops/select.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import {
  type ActivationFunction,
  type ActivationIdentifier,
  get as getActivation,
} from "./activations.ts";
import {
  get as getInitializer,
  type Initializer,
  type InitializerIdentifier,
} from "./initializers.ts";
import { Layer, type LayerOptions, positiveInt } from "./layer.ts";
import { keysOf } from "../options.ts";
import {
  get as getRegularizer,
  type Regularizer,
  type RegularizerIdentifier,
} from "./regularizers.ts";

/** Options of Dense. */
export interface DenseOptions extends LayerOptions {
  /** The number of outputs. */
  units: number;
  /** The activation: "relu", "sigmoid", "tanh", "softmax", "linear" (default) or a function. */
  activation?: ActivationIdentifier;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
  /** How to fill the kernel (default "glorotUniform"). */
  kernelInitializer?: InitializerIdentifier;
  /** How to fill the bias (default "zeros"). */
  biasInitializer?: InitializerIdentifier;
  /** A penalty on the kernel (`"l2"`, `tf.keras.regularizers.l2(0.01)`, ...), in `losses`. */
  kernelRegularizer?: RegularizerIdentifier;
  /** A penalty on the bias, in `losses`. */
  biasRegularizer?: RegularizerIdentifier;
  /** A penalty on the output (divided by the batch size), in `losses` after each call. */
  activityRegularizer?: RegularizerIdentifier;
}

const DENSE_KEYS = keysOf<DenseOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  units: true,
  activation: true,
  useBias: true,
  kernelInitializer: true,
  biasInitializer: true,
  kernelRegularizer: true,
  biasRegularizer: true,
  activityRegularizer: true,
});

/**
 * A fully connected layer: `activation(x @ kernel + bias)` over the last axis of `x`. The kernel
 * has shape `[inputFeatures, units]`; its variables are named `<name>/kernel` and `<name>/bias`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const dense = new tf.keras.layers.Dense({ units: 2, kernelInitializer: "ones" });
 * console.log(dense.apply([[1, 2, 3]]).tolist()); // [ [ 6, 6 ] ]
 * console.log(dense.kernel?.name, dense.bias?.name); // dense/kernel:0 dense/bias:0
 * ```
 */
export class Dense extends Layer {
  /** The number of outputs. */
  readonly units: number;
  /** The activation. */
  readonly activation: ActivationFunction;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** The weights, `[inputFeatures, units]`; null until built. */
  kernel: Variable | null = null;
  /** The bias, `[units]`; null until built or without `useBias`. */
  bias: Variable | null = null;
  /** The kernel's penalty, if any. */
  readonly kernelRegularizer: Regularizer | null;
  /** The bias's penalty, if any. */
  readonly biasRegularizer: Regularizer | null;
  /** The output's penalty, if any. */
  readonly activityRegularizer: Regularizer | null;
  #kernelInitializer: Initializer;
  #biasInitializer: Initializer;

  /** Checks the options; the weights are made on the first call. */
  constructor(options: DenseOptions) {
    super(options, DENSE_KEYS);
    this.units = positiveInt(options?.units, "units", "Dense");
    this.activation = getActivation(options.activation);
    if (options.useBias !== undefined && typeof options.useBias !== "boolean") {
      throw new InvalidArgumentError(
        `Dense: useBias must be a boolean, got ${String(options.useBias)}`,
      );
    }
    this.useBias = options.useBias ?? true;
    this.#kernelInitializer = getInitializer(options.kernelInitializer ?? "glorotUniform");
    this.#biasInitializer = getInitializer(options.biasInitializer ?? "zeros");
    this.kernelRegularizer = optionalRegularizer(options.kernelRegularizer);
    this.biasRegularizer = optionalRegularizer(options.biasRegularizer);
    this.activityRegularizer = optionalRegularizer(options.activityRegularizer);
  }

  /** Makes the kernel and the bias for inputs whose last axis is `inputShape.at(-1)`. */
  override build(inputShape: readonly number[]): void {
    const features = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || !(features > 0)) {
      throw new InvalidArgumentError(
        `${this.name}: Dense needs inputs of rank 2 or more with a non-empty last axis, ` +
          `got shape ${formatShape(inputShape)}`,
      );
    }
    const dtype: DType = "float32";
    this.kernel = this.addWeight(
      "kernel",
      () => this.#kernelInitializer.call([features, this.units], dtype),
      true,
      this.kernelRegularizer,
    );
    if (this.useBias) {
      this.bias = this.addWeight(
        "bias",
        () => this.#biasInitializer.call([this.units], dtype),
        true,
        this.biasRegularizer,
      );
    }
  }

  /** `activation(x @ kernel + bias)`. */
  call(inputs: Tensor): Tensor {
    const kernel = this.kernel as Variable;
    const features = kernel.shape[0];
    if (inputs.rank < 2 || inputs.shape[inputs.rank - 1] !== features) {
      throw new InvalidArgumentError(
        `${this.name}: expected inputs of shape (..., ${features}), got ` +
          `${formatShape(inputs.shape)}`,
      );
    }
    const x = inputs.dtype === kernel.dtype ? inputs : cast(inputs, kernel.dtype);
    let y: Tensor;
    if (x.rank === 2) y = matmul(x, kernel);
    else {
      const lead = x.shape.slice(0, -1);
      y = reshape(matmul(reshape(x, [-1, features]), kernel), [...lead, this.units]);
    }
    if (this.bias !== null) y = add(y, this.bias);
    const out = this.activation(y);
    if (this.activityRegularizer !== null) this.addActivityLoss(out, this.activityRegularizer);
    return out;
  }
}

/** Internal: the Regularizer of an optional identifier (null when undefined or null). */
export function optionalRegularizer(
  identifier: RegularizerIdentifier | null | undefined,
): Regularizer | null {
  return identifier === undefined || identifier === null ? null : getRegularizer(identifier);
}
