/**
 * LSTM: the long short-term memory layer (Hochreiter & Schmidhuber, 1997), as Keras 3 computes
 * it.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { add, mul } from "../ops/binary.ts";
import { concat, split } from "../ops/movement.ts";
import { fill } from "../ops/creation.ts";
import { matmul } from "../ops/matmul.ts";
import { keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import {
  type ActivationFunction,
  type ActivationIdentifier,
  get as getActivation,
} from "./activations.ts";
import { RNNBase, type RNNOptions } from "./_rnn.ts";
import { boolOption } from "./_checks.ts";

/** Options of LSTM (`R` is the type of `returnState`). */
export interface LSTMOptions<R extends boolean = boolean> extends RNNOptions<R> {
  /** The activation of the input, forget and output gates (default "sigmoid"). */
  recurrentActivation?: ActivationIdentifier;
  /**
   * Start the forget gate's bias at 1 (the rest of the bias from `biasInitializer`), as
   * Jozefowicz et al. (2015) recommend (default true).
   */
  unitForgetBias?: boolean;
}

const LSTM_KEYS = keysOf<LSTMOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  units: true,
  activation: true,
  recurrentActivation: true,
  useBias: true,
  kernelInitializer: true,
  recurrentInitializer: true,
  biasInitializer: true,
  unitForgetBias: true,
  returnSequences: true,
  returnState: true,
  goBackwards: true,
  dtype: true,
});

/**
 * Keras's LSTM over inputs `[batch, time, features]`. The kernels hold the four gates side by
 * side in Keras's order i, f, c, o: with `z = x_t @ kernel + h @ recurrentKernel + bias` split
 * in four, `i = σ(z_i)`, `f = σ(z_f)`, `c = f * c + i * tanh(z_c)`, `o = σ(z_o)`,
 * `h = o * tanh(c)` (σ is `recurrentActivation`, tanh `activation`). The output is the last `h`,
 * every `h` with `returnSequences`, and with `returnState` the array `[output, h, c]`. Weights:
 * `<name>/kernel` `[features, 4 * units]`, `<name>/recurrent_kernel` `[units, 4 * units]`,
 * `<name>/bias` `[4 * units]`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const lstm = new tf.keras.layers.LSTM({ units: 4, returnState: true });
 * const [output, h, c] = lstm.apply(tf.ones([2, 5, 3]));
 * console.log(output.shape, h.shape, c.shape); // [ 2, 4 ] [ 2, 4 ] [ 2, 4 ]
 * console.log(lstm.variables.map((v) => v.name).join(" ")); // lstm/kernel:0 lstm/recurrent_kernel:0 lstm/bias:0
 * console.log(lstm.kernel?.shape, lstm.recurrentKernel?.shape, lstm.bias?.shape); // [ 3, 16 ] [ 4, 16 ] [ 16 ]
 * ```
 */
export class LSTM<R extends boolean = false> extends RNNBase<R> {
  /** The activation of the gates. */
  readonly recurrentActivation: ActivationFunction;
  /** Whether the forget gate's bias starts at 1. */
  readonly unitForgetBias: boolean;

  /** Checks the options; the weights are made on the first call. */
  constructor(options: LSTMOptions<R>) {
    super(options, LSTM_KEYS, "LSTM", 4, 2);
    this.recurrentActivation = getActivation(
      options.recurrentActivation === undefined ? "sigmoid" : options.recurrentActivation,
    );
    this.unitForgetBias = boolOption(options.unitForgetBias, true, "unitForgetBias", "LSTM");
  }

  /** `biasInitializer` over i, c and o, and ones for f with `unitForgetBias`. */
  protected override makeBias(dtype: DType): Tensor {
    if (!this.unitForgetBias) return super.makeBias(dtype);
    const u = this.units;
    return concat([
      this.biasInitializer.call([u], dtype),
      fill([u], 1, dtype),
      this.biasInitializer.call([2 * u], dtype),
    ], 0);
  }

  /** One LSTM step: states `[h, c]`. */
  protected step(projection: Tensor, states: readonly Tensor[]): Tensor[] {
    const [h, c] = states;
    const z = add(projection, matmul(h, this.recurrentKernel as Variable));
    const [zi, zf, zc, zo] = split(z, 4, 1);
    const gate = this.recurrentActivation;
    const cNext = add(mul(gate(zf), c), mul(gate(zi), this.activation(zc)));
    const hNext = mul(gate(zo), this.activation(cNext));
    return [hNext, cNext];
  }
}
