/**
 * GRU: the gated recurrent unit layer (Cho et al., 2014), as Keras 3 computes it.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { add, mul, sub } from "../ops/binary.ts";
import { matmul } from "../ops/matmul.ts";
import { slice, split, unstack } from "../ops/movement.ts";
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

/** Options of GRU (`R` is the type of `returnState`). */
export interface GRUOptions<R extends boolean = boolean> extends RNNOptions<R> {
  /** The activation of the update and reset gates (default "sigmoid"). */
  recurrentActivation?: ActivationIdentifier;
  /**
   * Apply the reset gate after the recurrent matmul, with separate input and recurrent biases
   * (default true: Keras 3's and cuDNN's variant); false applies it before, with one bias.
   */
  resetAfter?: boolean;
}

const GRU_KEYS = keysOf<GRUOptions>({
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
  resetAfter: true,
  returnSequences: true,
  returnState: true,
  goBackwards: true,
  dtype: true,
});

/**
 * Keras's GRU over inputs `[batch, time, features]`, gates in Keras's order z (update), r
 * (reset), h (candidate). With `x = x_t @ kernel + inputBias` and
 * `m = h @ recurrentKernel + recurrentBias`, each split in three:
 * `z = σ(x_z + m_z)`, `r = σ(x_r + m_r)`, `ĥ = tanh(x_h + r * m_h)`, `h = z * h + (1 - z) * ĥ`
 * (`resetAfter`, the default); with `resetAfter: false`,
 * `ĥ = tanh(x_h + (r * h) @ recurrentKernel_h)` and one bias. The output is the last `h`,
 * every `h` with `returnSequences`, and with `returnState` the array `[output, h]`. Weights:
 * `<name>/kernel` `[features, 3 * units]`, `<name>/recurrent_kernel` `[units, 3 * units]`,
 * `<name>/bias` `[2, 3 * units]` (input and recurrent biases; `[3 * units]` without
 * `resetAfter`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const gru = new tf.keras.layers.GRU({ units: 4, returnSequences: true, goBackwards: true });
 * console.log(gru.apply(tf.ones([2, 5, 3])).shape); // [ 2, 5, 4 ]
 * console.log(gru.bias?.shape); // [ 2, 12 ]
 * ```
 */
export class GRU<R extends boolean = false> extends RNNBase<R> {
  /** The activation of the gates. */
  readonly recurrentActivation: ActivationFunction;
  /** Whether the reset gate is applied after the recurrent matmul. */
  readonly resetAfter: boolean;

  /** Checks the options; the weights are made on the first call. */
  constructor(options: GRUOptions<R>) {
    super(options, GRU_KEYS, "GRU", 3, 1);
    this.recurrentActivation = getActivation(
      options.recurrentActivation === undefined ? "sigmoid" : options.recurrentActivation,
    );
    this.resetAfter = boolOption(options.resetAfter, true, "resetAfter", "GRU");
  }

  /** `[2, 3 * units]` with `resetAfter` (input and recurrent biases), else `[3 * units]`. */
  protected override makeBias(dtype: DType): Tensor {
    const shape = this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
    return this.biasInitializer.call(shape, dtype);
  }

  /** The input bias: the bias, or its first row with `resetAfter`. */
  protected override inputBias(): Tensor | Variable | null {
    if (this.bias === null || !this.resetAfter) return this.bias;
    return unstack(this.bias, 0)[0];
  }

  /** One GRU step: states `[h]`. */
  protected step(projection: Tensor, states: readonly Tensor[]): Tensor[] {
    const h = states[0];
    const u = this.units;
    const kernel = this.recurrentKernel as Variable;
    const gate = this.recurrentActivation;
    const [xz, xr, xh] = split(projection, 3, 1);
    let z: Tensor, candidate: Tensor;
    if (this.resetAfter) {
      let m = matmul(h, kernel);
      if (this.bias !== null) m = add(m, unstack(this.bias, 0)[1]);
      const [mz, mr, mh] = split(m, 3, 1);
      z = gate(add(xz, mz));
      const r = gate(add(xr, mr));
      candidate = this.activation(add(xh, mul(r, mh)));
    } else {
      const [mz, mr] = split(matmul(h, slice(kernel, [0, 0], [u, 2 * u])), 2, 1);
      z = gate(add(xz, mz));
      const r = gate(add(xr, mr));
      candidate = this.activation(add(xh, matmul(mul(r, h), slice(kernel, [0, 2 * u], [u, u]))));
    }
    return [add(mul(z, h), mul(sub(1, z), candidate))];
  }
}
