/**
 * Conv1D: the 1-D convolution layer over `[batch, steps, channels]` sequences.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { add } from "../ops/binary.ts";
import { conv2d, type Padding } from "../ops/conv.ts";
import { reshape } from "../ops/movement.ts";
import { cast } from "../ops/select.ts";
import { keysOf } from "../options.ts";
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
import { boolOption, floatDTypeOption, oneIntOption, show } from "./_checks.ts";

/** Options of Conv1D. */
export interface Conv1DOptions extends LayerOptions {
  /** The number of output channels. */
  filters: number;
  /** The window length: a number or `[length]`. */
  kernelSize: number | readonly number[];
  /** The step between windows: a number or `[step]` (default 1). */
  strides?: number | readonly number[];
  /**
   * `"valid"` (default: no padding), `"same"` (output length `ceil(steps / stride)`) or
   * `"causal"` (`(kernelSize - 1) * dilationRate` zeros before the first step, so output t sees
   * no input after t).
   */
  padding?: "valid" | "same" | "causal";
  /** The spacing between kernel taps: a number or `[rate]` (default 1). */
  dilationRate?: number | readonly number[];
  /** The activation: "relu", "sigmoid", "tanh", "softmax", "linear" (default) or a function. */
  activation?: ActivationIdentifier;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
  /** How to fill the kernel (default "glorotUniform"). */
  kernelInitializer?: InitializerIdentifier;
  /** How to fill the bias (default "zeros"). */
  biasInitializer?: InitializerIdentifier;
  /** The dtype of the weights and of the computation: a float dtype (default "float32"). */
  dtype?: DType;
}

const CONV1D_KEYS = keysOf<Conv1DOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  filters: true,
  kernelSize: true,
  strides: true,
  padding: true,
  dilationRate: true,
  activation: true,
  useBias: true,
  kernelInitializer: true,
  biasInitializer: true,
  dtype: true,
});

/**
 * A 1-D convolution layer over `[batch, steps, channels]`:
 * `activation(conv1d(x, kernel) + bias)`, computed as `tf.nn.conv2d` over a `[batch, 1, steps,
 * channels]` view. The kernel has shape `[kernelSize, inChannels, filters]`; its variables are
 * named `<name>/kernel` and `<name>/bias`. As in Keras, strides above 1 cannot be combined with
 * a dilation rate above 1.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const conv = new tf.keras.layers.Conv1D({ filters: 4, kernelSize: 3, padding: "causal" });
 * console.log(conv.apply(tf.ones([2, 10, 3])).shape); // [ 2, 10, 4 ]
 * console.log(conv.kernel?.shape, conv.countParams()); // [ 3, 3, 4 ] 40
 * ```
 */
export class Conv1D extends Layer {
  /** The number of output channels. */
  readonly filters: number;
  /** The window length. */
  readonly kernelSize: number;
  /** The stride. */
  readonly strides: number;
  /** `"valid"`, `"same"` or `"causal"`. */
  readonly padding: "valid" | "same" | "causal";
  /** The dilation rate. */
  readonly dilationRate: number;
  /** The activation. */
  readonly activation: ActivationFunction;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** The dtype of the weights and of the computation. */
  readonly dtype: DType;
  /** The kernel, `[kernelSize, inChannels, filters]`; null until built. */
  kernel: Variable | null = null;
  /** The bias, `[filters]`; null until built or without `useBias`. */
  bias: Variable | null = null;
  #kernelInitializer: Initializer;
  #biasInitializer: Initializer;

  /** Checks the options; the weights are made on the first call. */
  constructor(options: Conv1DOptions) {
    super(options, CONV1D_KEYS, "Conv1d");
    const op = "Conv1D";
    this.filters = positiveInt(options?.filters, "filters", op);
    this.kernelSize = oneIntOption(options.kernelSize, "kernelSize", op);
    this.strides = oneIntOption(options.strides ?? 1, "strides", op);
    this.dilationRate = oneIntOption(options.dilationRate ?? 1, "dilationRate", op);
    const padding = typeof options.padding === "string"
      ? options.padding.toLowerCase()
      : options.padding ?? "valid";
    if (padding !== "valid" && padding !== "same" && padding !== "causal") {
      throw new InvalidArgumentError(
        `${op}: padding must be "valid", "same" or "causal", got ${show(options.padding)}`,
      );
    }
    this.padding = padding;
    if (this.strides > 1 && this.dilationRate > 1) {
      throw new InvalidArgumentError(
        `${op}: strides > 1 cannot be combined with dilationRate > 1, got strides ` +
          `${this.strides} and dilationRate ${this.dilationRate}`,
      );
    }
    this.activation = getActivation(options.activation);
    this.useBias = boolOption(options.useBias, true, "useBias", op);
    this.dtype = floatDTypeOption(options.dtype, op);
    this.#kernelInitializer = getInitializer(options.kernelInitializer ?? "glorotUniform");
    this.#biasInitializer = getInitializer(options.biasInitializer ?? "zeros");
  }

  /** Makes the kernel and the bias for inputs `[batch, steps, channels]` (once). */
  override build(inputShape: readonly number[]): void {
    if (this.kernel !== null) return;
    if (inputShape.length !== 3 || !(inputShape[2] > 0)) {
      throw new InvalidArgumentError(
        `${this.name}: Conv1D needs inputs of rank 3 [batch, steps, channels] with at least one ` +
          `channel, got shape ${formatShape(inputShape)}`,
      );
    }
    const dtype = this.dtype;
    const shape = [this.kernelSize, inputShape[2], this.filters];
    this.kernel = this.addWeight("kernel", () => this.#kernelInitializer.call(shape, dtype));
    if (this.useBias) {
      this.bias = this.addWeight("bias", () => this.#biasInitializer.call([this.filters], dtype));
    }
  }

  /** `activation(conv1d(x, kernel) + bias)`. */
  call(inputs: Tensor): Tensor {
    if (this.kernel === null) this.build(inputs.shape);
    const kernel = this.kernel as Variable;
    const channels = kernel.shape[1];
    if (inputs.rank !== 3 || inputs.shape[2] !== channels) {
      throw new InvalidArgumentError(
        `${this.name}: expected inputs of shape (batch, steps, ${channels}), got ` +
          formatShape(inputs.shape),
      );
    }
    const x = inputs.dtype === this.dtype ? inputs : cast(inputs, this.dtype);
    const [batch, steps] = x.shape;
    const span = (this.kernelSize - 1) * this.dilationRate;
    const padding: Padding = this.padding === "same"
      ? "SAME"
      : this.padding === "causal"
      ? [[0, 0], [span, 0]]
      : "VALID";
    if (this.padding !== "same" && steps + (this.padding === "causal" ? span : 0) < span + 1) {
      throw new InvalidArgumentError(
        `${this.name}: ${steps} steps are fewer than the dilated kernel's ${span + 1} ` +
          `(inputs ${formatShape(x.shape)}, padding "${this.padding}")`,
      );
    }
    let y = conv2d(
      reshape(x, [batch, 1, steps, channels]),
      reshape(kernel, [1, this.kernelSize, channels, this.filters]),
      { strides: [1, this.strides], padding, dilations: [1, this.dilationRate] },
    );
    y = reshape(y, [batch, y.shape[2], this.filters]);
    if (this.bias !== null) y = add(y, this.bias);
    return this.activation(y);
  }
}
