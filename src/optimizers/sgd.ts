/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as Keras defines it.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { mul, sub } from "../ops/binary.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import { checkOption, Optimizer, type OptimizerOptions } from "./optimizer.ts";
import { keysOf } from "../options.ts";

/** Options of SGD. */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum factor in [0, 1] (default 0: plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (default false). */
  nesterov?: boolean;
}

const SGD_KEYS = keysOf<SGDOptions>({
  learningRate: true,
  clipnorm: true,
  clipvalue: true,
  globalClipnorm: true,
  weightDecay: true,
  momentum: true,
  nesterov: true,
});

/**
 * SGD: `w -= lr * g`; with momentum `m = momentum * m - lr * g`, then `w += m` (or, with Nesterov,
 * `w += momentum * m - lr * g`). Default learning rate 0.01.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.Variable(1.0);
 * const sgd = new tf.keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
 * sgd.applyGradients([[tf.constant(1), w]]);
 * console.log((w.item() as number).toFixed(6)); // 0.900000
 * ```
 */
export class SGD extends Optimizer {
  /** The momentum factor. */
  readonly momentum: number;
  /** Whether momentum is Nesterov's. */
  readonly nesterov: boolean;

  /** Checks and keeps the options. */
  constructor(options?: SGDOptions) {
    super(options, 0.01, SGD_KEYS);
    this.momentum = checkOption(
      "SGD",
      "momentum",
      options?.momentum ?? 0,
      (m) => m >= 0 && m <= 1,
      "a number in [0, 1]",
    );
    const nesterov = options?.nesterov ?? false;
    if (typeof nesterov !== "boolean") {
      throw new InvalidArgumentError(`SGD: nesterov must be a boolean, got ${String(nesterov)}`);
    }
    this.nesterov = nesterov;
  }

  /** One SGD update. */
  protected update(v: Variable, g: Tensor, lr: number): void {
    if (this.momentum === 0) {
      v.assignSub(mul(g, lr));
      return;
    }
    const m = this.slot(v, "momentum");
    m.assign(sub(mul(m, this.momentum), mul(g, lr)));
    if (this.nesterov) v.assignAdd(sub(mul(m, this.momentum), mul(g, lr)));
    // m.value(), not m: Variable.assign* with a Variable operand disposes that Variable's handle.
    else v.assignAdd(m.value());
  }
}
