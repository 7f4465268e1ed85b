/**
 * Conv2D: the 2-D convolution layer, `activation(conv2d(x, kernel) + bias)` over NHWC images.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { add } from "../ops/binary.ts";
import { conv2d } from "../ops/conv.ts";
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
import { checkImages, paddingOption, spatialOption } from "./_image.ts";
import { Layer, type LayerOptions, positiveInt } from "./layer.ts";
import { keysOf } from "../options.ts";
import { optionalRegularizer } from "./dense.ts";
import type { Regularizer, RegularizerIdentifier } from "./regularizers.ts";

/** Options of Conv2D. */
export interface Conv2DOptions extends LayerOptions {
  /** The number of output channels. */
  filters: number;
  /** The window: one number or `[height, width]`. */
  kernelSize: number | readonly number[];
  /** The step between windows: one number or `[height, width]` (default 1). */
  strides?: number | readonly number[];
  /** `"valid"` (default: no padding) or `"same"` (output size `ceil(input / stride)`). */
  padding?: "valid" | "same";
  /** The spacing between kernel taps: one number or `[height, width]` (default 1). */
  dilationRate?: number | readonly number[];
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

const CONV2D_KEYS = keysOf<Conv2DOptions>({
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
  kernelRegularizer: true,
  biasRegularizer: true,
  activityRegularizer: true,
});

/**
 * A 2-D convolution layer over NHWC images: `activation(tf.nn.conv2d(x, kernel) + bias)`. The
 * kernel has shape `[kernelHeight, kernelWidth, inChannels, filters]`; its variables are named
 * `<name>/kernel` and `<name>/bias`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const conv = new tf.keras.layers.Conv2D({ filters: 4, kernelSize: 3, padding: "same" });
 * console.log(conv.apply(tf.zeros([2, 8, 8, 3])).shape); // [ 2, 8, 8, 4 ]
 * console.log(conv.kernel?.shape, conv.countParams()); // [ 3, 3, 3, 4 ] 112
 * ```
 */
export class Conv2D extends Layer {
  /** The number of output channels. */
  readonly filters: number;
  /** The window, `[height, width]`. */
  readonly kernelSize: readonly [number, number];
  /** The strides, `[height, width]`. */
  readonly strides: readonly [number, number];
  /** `"valid"` or `"same"`. */
  readonly padding: "valid" | "same";
  /** The dilation rate, `[height, width]`. */
  readonly dilationRate: readonly [number, number];
  /** The activation. */
  readonly activation: ActivationFunction;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** The kernel, `[kh, kw, inChannels, filters]`; null until built. */
  kernel: Variable | null = null;
  /** The bias, `[filters]`; null until built or without `useBias`. */
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
  constructor(options: Conv2DOptions) {
    super(options, CONV2D_KEYS, "Conv2d");
    const op = "Conv2D";
    this.filters = positiveInt(options?.filters, "filters", op);
    this.kernelSize = spatialOption(options.kernelSize, "kernelSize", op);
    this.strides = spatialOption(options.strides ?? 1, "strides", op);
    this.padding = paddingOption(options.padding ?? "valid", op) === "SAME" ? "same" : "valid";
    this.dilationRate = spatialOption(options.dilationRate ?? 1, "dilationRate", op);
    this.activation = getActivation(options.activation);
    if (options.useBias !== undefined && typeof options.useBias !== "boolean") {
      throw new InvalidArgumentError(
        `${op}: useBias must be a boolean, got ${String(options.useBias)}`,
      );
    }
    this.useBias = options.useBias ?? true;
    this.#kernelInitializer = getInitializer(options.kernelInitializer ?? "glorotUniform");
    this.#biasInitializer = getInitializer(options.biasInitializer ?? "zeros");
    this.kernelRegularizer = optionalRegularizer(options.kernelRegularizer);
    this.biasRegularizer = optionalRegularizer(options.biasRegularizer);
    this.activityRegularizer = optionalRegularizer(options.activityRegularizer);
  }

  /** Makes the kernel and the bias for NHWC inputs with `inputShape[3]` channels. */
  override build(inputShape: readonly number[]): void {
    checkImages(inputShape, this.name, "Conv2D");
    const channels = inputShape[3];
    if (!(channels > 0)) {
      throw new InvalidArgumentError(
        `${this.name}: Conv2D needs at least one input channel, got shape ` +
          formatShape(inputShape),
      );
    }
    const dtype: DType = "float32";
    const shape = [...this.kernelSize, channels, this.filters];
    this.kernel = this.addWeight(
      "kernel",
      () => this.#kernelInitializer.call(shape, dtype),
      true,
      this.kernelRegularizer,
    );
    if (this.useBias) {
      this.bias = this.addWeight(
        "bias",
        () => this.#biasInitializer.call([this.filters], dtype),
        true,
        this.biasRegularizer,
      );
    }
  }

  /** `activation(conv2d(x, kernel) + bias)`. */
  call(inputs: Tensor): Tensor {
    const kernel = this.kernel as Variable;
    const channels = kernel.shape[2];
    if (inputs.rank !== 4 || inputs.shape[3] !== channels) {
      throw new InvalidArgumentError(
        `${this.name}: expected inputs of shape (batch, height, width, ${channels}), got ` +
          formatShape(inputs.shape),
      );
    }
    const x = inputs.dtype === kernel.dtype ? inputs : cast(inputs, kernel.dtype);
    let y = conv2d(x, kernel, {
      strides: this.strides,
      padding: this.padding === "same" ? "SAME" : "VALID",
      dilations: this.dilationRate,
    });
    if (this.bias !== null) y = add(y, this.bias);
    const out = this.activation(y);
    if (this.activityRegularizer !== null) this.addActivityLoss(out, this.activityRegularizer);
    return out;
  }
}
