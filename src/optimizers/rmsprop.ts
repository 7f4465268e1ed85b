/**
 * RMSprop, with Keras 3's update formulas.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { add, div, mul, sub } from "../ops/binary.ts";
import { sqrt, square } from "../ops/unary.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import { checkOption, Optimizer, type OptimizerOptions } from "./optimizer.ts";
import { keysOf } from "../options.ts";

/** Options of RMSprop. */
export interface RMSpropOptions extends OptimizerOptions {
  /** Discount factor of the running average of squared gradients, in [0, 1] (default 0.9). */
  rho?: number;
  /** Momentum factor in [0, 1] (default 0: no momentum). */
  momentum?: number;
  /** Added under the root for numerical stability (default 1e-7). */
  epsilon?: number;
  /** Divide by the estimated variance of the gradient instead of its second moment (default false). */
  centered?: boolean;
}

const RMSPROP_KEYS = keysOf<RMSpropOptions>({
  learningRate: true,
  clipnorm: true,
  clipvalue: true,
  globalClipnorm: true,
  weightDecay: true,
  rho: true,
  momentum: true,
  epsilon: true,
  centered: true,
});

/**
 * RMSprop, as Keras 3 writes it: `v = rho * v + (1 - rho) * g^2`, then
 * `increment = lr * g / sqrt(v + epsilon)` and `w -= increment`. With `centered`, also
 * `a = rho * a + (1 - rho) * g` and the root is of `v - a^2 + epsilon`; with momentum,
 * `mom = momentum * mom + increment` and `w -= mom`. Default learning rate 0.001. The state is kept
 * in the slots `velocity`, `momentum` and `average_gradient`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * // Keras's docstring example: the loss w^2 / 2 has gradient w.
 * const w = new tf.Variable(10.0);
 * const opt = new tf.keras.optimizers.RMSprop({ learningRate: 0.1 });
 * opt.minimize(() => w.square().div(2), [w]);
 * console.log((w.item() as number).toFixed(6)); // 9.683772
 * ```
 */
export class RMSprop extends Optimizer {
  /** Discount factor of the running averages. */
  readonly rho: number;
  /** The momentum factor. */
  readonly momentum: number;
  /** The epsilon added under the root. */
  readonly epsilon: number;
  /** Whether the gradient is centered by its running mean. */
  readonly centered: boolean;

  /** Checks and keeps the options. */
  constructor(options?: RMSpropOptions) {
    super(options, 0.001, RMSPROP_KEYS);
    const unit = (x: number): boolean => x >= 0 && x <= 1;
    this.rho = checkOption("RMSprop", "rho", options?.rho ?? 0.9, unit, "a number in [0, 1]");
    this.momentum = checkOption(
      "RMSprop",
      "momentum",
      options?.momentum ?? 0,
      unit,
      "a number in [0, 1]",
    );
    this.epsilon = checkOption(
      "RMSprop",
      "epsilon",
      options?.epsilon ?? 1e-7,
      (e) => e >= 0,
      "a non-negative number",
    );
    const centered = options?.centered ?? false;
    if (typeof centered !== "boolean") {
      throw new InvalidArgumentError(
        `RMSprop: centered must be a boolean, got ${String(centered)}`,
      );
    }
    this.centered = centered;
  }

  /** One RMSprop update. */
  protected update(v: Variable, g: Tensor, lr: number): void {
    const rho = this.rho;
    const vel = this.slot(v, "velocity");
    vel.assign(add(mul(vel, rho), mul(square(g), 1 - rho)));
    let denominator: Tensor;
    if (this.centered) {
      const avg = this.slot(v, "average_gradient");
      avg.assign(add(mul(avg, rho), mul(g, 1 - rho)));
      denominator = add(sub(vel, square(avg)), this.epsilon);
    } else {
      denominator = add(vel, this.epsilon);
    }
    const increment = div(mul(g, lr), sqrt(denominator));
    if (this.momentum > 0) {
      const mom = this.slot(v, "momentum");
      mom.assign(add(mul(mom, this.momentum), increment));
      // mom.value(), not mom: Variable.assign* with a Variable operand disposes its handle.
      v.assignSub(mom.value());
    } else {
      v.assignSub(increment);
    }
  }
}
