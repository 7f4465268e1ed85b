/**
 * Adagrad, with Keras 3's update formulas.
 *
 * @module
 */
import { add, div, mul } from "../ops/binary.ts";
import { sqrt, square } from "../ops/unary.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import { checkOption, Optimizer, type OptimizerOptions } from "./optimizer.ts";
import { keysOf } from "../options.ts";

/** Options of Adagrad. */
export interface AdagradOptions extends OptimizerOptions {
  /** The accumulators' starting value, non-negative (default 0.1). */
  initialAccumulatorValue?: number;
  /** Added under the root for numerical stability (default 1e-7). */
  epsilon?: number;
}

const ADAGRAD_KEYS = keysOf<AdagradOptions>({
  learningRate: true,
  clipnorm: true,
  clipvalue: true,
  globalClipnorm: true,
  weightDecay: true,
  initialAccumulatorValue: true,
  epsilon: true,
});

/**
 * Adagrad, as Keras 3 writes it: `acc += g^2`, then `w -= lr * g / sqrt(acc + epsilon)`, with
 * `acc` starting at `initialAccumulatorValue`. Default learning rate 0.001. The state is kept in
 * the slot `accumulator`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.Variable(1.0);
 * const opt = new tf.keras.optimizers.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0 });
 * opt.applyGradients([[tf.constant(2), w]]);
 * // acc = 4, so w -= 0.1 * 2 / sqrt(4).
 * console.log((w.item() as number).toFixed(6)); // 0.900000
 * ```
 */
export class Adagrad extends Optimizer {
  /** The accumulators' starting value. */
  readonly initialAccumulatorValue: number;
  /** The epsilon added under the root. */
  readonly epsilon: number;

  /** Checks and keeps the options. */
  constructor(options?: AdagradOptions) {
    super(options, 0.001, ADAGRAD_KEYS);
    this.initialAccumulatorValue = checkOption(
      "Adagrad",
      "initialAccumulatorValue",
      options?.initialAccumulatorValue ?? 0.1,
      (a) => a >= 0,
      "a non-negative number",
    );
    this.epsilon = checkOption(
      "Adagrad",
      "epsilon",
      options?.epsilon ?? 1e-7,
      (e) => e >= 0,
      "a non-negative number",
    );
  }

  /** One Adagrad update. */
  protected update(v: Variable, g: Tensor, lr: number): void {
    const acc = this.slot(v, "accumulator", this.initialAccumulatorValue);
    acc.assignAdd(square(g));
    v.assignSub(div(mul(g, lr), sqrt(add(acc, this.epsilon))));
  }
}
