/**
 * Adam and AdamW, with Keras 3's update formulas.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { add, div, maximum, mul, sub } from "../ops/binary.ts";
import { sqrt, square } from "../ops/unary.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import { checkOption, Optimizer, type OptimizerOptions } from "./optimizer.ts";
import { checkOptions, keysOf } from "../options.ts";

/** Options of Adam. */
export interface AdamOptions extends OptimizerOptions {
  /** Decay rate of the first-moment estimate, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay rate of the second-moment estimate, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to the root of the second moment, Keras's "epsilon hat" (default 1e-7). */
  epsilon?: number;
  /** Use the AMSGrad variant: divide by the running maximum of the second moment (default false). */
  amsgrad?: boolean;
}

/** The keys of AdamOptions, which AdamWOptions shares (each list is checked by its type). */
const ADAM_KEY_SET = {
  learningRate: true,
  clipnorm: true,
  clipvalue: true,
  globalClipnorm: true,
  weightDecay: true,
  beta1: true,
  beta2: true,
  epsilon: true,
  amsgrad: true,
} as const;
const ADAM_KEYS = keysOf<AdamOptions>(ADAM_KEY_SET);

/**
 * Adam, as Keras 3 writes it: at step `t` (1 on the first),
 * `alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`, `m += (g - m) * (1 - beta1)`,
 * `v += (g^2 - v) * (1 - beta2)`, then `w -= alpha * m / (sqrt(v) + epsilon)` (with `amsgrad`,
 * `vhat = max(vhat, v)` replaces `v` in the last step). Default learning rate 0.001. The state is
 * kept in the slots `momentum`, `velocity` and `velocity_hat`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.Variable([1.0, 2.0]);
 * const adam = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
 * adam.applyGradients([[tf.constant([0.5, -3]), w]]);
 * // The first step moves each weight by about lr, against the gradient's sign.
 * console.log((w.tolist() as number[]).map((x) => +x.toFixed(4))); // [ 0.9, 2.1 ]
 * ```
 */
export class Adam extends Optimizer {
  /** Decay rate of the first moment. */
  readonly beta1: number;
  /** Decay rate of the second moment. */
  readonly beta2: number;
  /** The epsilon added to the denominator. */
  readonly epsilon: number;
  /** Whether this is AMSGrad. */
  readonly amsgrad: boolean;

  /** Checks and keeps the options. */
  constructor(options?: AdamOptions) {
    super(options, 0.001, ADAM_KEYS);
    const op = this.constructor.name;
    const unit = (b: number): boolean => b >= 0 && b < 1;
    this.beta1 = checkOption(op, "beta1", options?.beta1 ?? 0.9, unit, "a number in [0, 1)");
    this.beta2 = checkOption(op, "beta2", options?.beta2 ?? 0.999, unit, "a number in [0, 1)");
    this.epsilon = checkOption(
      op,
      "epsilon",
      options?.epsilon ?? 1e-7,
      (e) => e >= 0,
      "a non-negative number",
    );
    const amsgrad = options?.amsgrad ?? false;
    if (typeof amsgrad !== "boolean") {
      throw new InvalidArgumentError(`${op}: amsgrad must be a boolean, got ${String(amsgrad)}`);
    }
    this.amsgrad = amsgrad;
  }

  /** One Adam update. */
  protected update(v: Variable, g: Tensor, lr: number, step: number): void {
    const m = this.slot(v, "momentum");
    const vel = this.slot(v, "velocity");
    const alpha = lr * Math.sqrt(1 - this.beta2 ** step) / (1 - this.beta1 ** step);
    m.assignAdd(mul(sub(g, m), 1 - this.beta1));
    vel.assignAdd(mul(sub(square(g), vel), 1 - this.beta2));
    let denom: Variable = vel;
    if (this.amsgrad) {
      denom = this.slot(v, "velocity_hat");
      denom.assign(maximum(denom, vel));
    }
    v.assignSub(div(mul(m, alpha), add(sqrt(denom), this.epsilon)));
  }
}

/** Options of AdamW. */
export interface AdamWOptions extends AdamOptions {
  /** The decoupled weight decay factor (default 0.004, as Keras 3). */
  weightDecay?: number;
}

const ADAMW_KEYS = keysOf<AdamWOptions>(ADAM_KEY_SET);

/**
 * AdamW: Adam with decoupled weight decay, as Keras 3 writes it. Each step first shrinks the
 * weights, `w -= w * weightDecay * lr`, then applies Adam's update. Default learning rate 0.001,
 * default weight decay 0.004.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.Variable([1.0, 2.0]);
 * const opt = new tf.keras.optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.5 });
 * opt.applyGradients([[tf.constant([0, 0]), w]]);
 * // A zero gradient leaves only the decay: w * (1 - 0.5 * 0.1).
 * console.log((w.tolist() as number[]).map((x) => +x.toFixed(4))); // [ 0.95, 1.9 ]
 * ```
 */
export class AdamW extends Adam {
  /** Checks and keeps the options. */
  constructor(options?: AdamWOptions) {
    const o = checkOptions(options, ADAMW_KEYS, "AdamW options");
    super({ ...o, weightDecay: o?.weightDecay ?? 0.004 });
  }
}
