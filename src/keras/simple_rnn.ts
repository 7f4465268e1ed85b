/**
 * SimpleRNN: the fully connected recurrent layer, `h_t = activation(x_t @ kernel + bias +
 * h_{t-1} @ recurrentKernel)`.
 *
 * @module
 */
import { add } from "../ops/binary.ts";
import { matmul } from "../ops/matmul.ts";
import { keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import { RNNBase, type RNNOptions } from "./_rnn.ts";

/** Options of SimpleRNN (`R` is the type of `returnState`). */
export type SimpleRNNOptions<R extends boolean = boolean> = RNNOptions<R>;

const SIMPLE_RNN_KEYS = keysOf<SimpleRNNOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  units: true,
  activation: true,
  useBias: true,
  kernelInitializer: true,
  recurrentInitializer: true,
  biasInitializer: true,
  returnSequences: true,
  returnState: true,
  goBackwards: true,
  dtype: true,
});

/**
 * Keras's SimpleRNN over inputs `[batch, time, features]`: each step computes
 * `h = activation(x_t @ kernel + bias + h @ recurrentKernel)` (activation "tanh" by default),
 * starting from zeros or `initialState`. The output is the last `h` (`[batch, units]`), every
 * `h` with `returnSequences` (`[batch, time, units]`), and with `returnState` the array
 * `[output, h]`. Weights: `<name>/kernel` `[features, units]`, `<name>/recurrent_kernel`
 * `[units, units]` (orthogonal), `<name>/bias` `[units]`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const rnn = new tf.keras.layers.SimpleRNN({ units: 4, returnSequences: true });
 * console.log(rnn.apply(tf.ones([2, 5, 3])).shape); // [ 2, 5, 4 ]
 * const last = new tf.keras.layers.SimpleRNN({ units: 4, returnState: true });
 * const [output, h] = last.apply(tf.ones([2, 5, 3]));
 * console.log(output.shape, h.shape); // [ 2, 4 ] [ 2, 4 ]
 * ```
 */
export class SimpleRNN<R extends boolean = false> extends RNNBase<R> {
  /** Checks the options; the weights are made on the first call. */
  constructor(options: SimpleRNNOptions<R>) {
    super(options, SIMPLE_RNN_KEYS, "SimpleRNN", 1, 1);
  }

  /** `activation(projection + h @ recurrentKernel)`. */
  protected step(projection: Tensor, states: readonly Tensor[]): Tensor[] {
    const h = add(projection, matmul(states[0], this.recurrentKernel as Variable));
    return [this.activation(h)];
  }
}
