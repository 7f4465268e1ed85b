/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as Keras defines it.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { mul, sub } from "../ops/binary.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import { Optimizer, type OptimizerOptions } from "./optimizer.ts";

/** Options of SGD. */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum factor in [0, 1] (default 0: plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (default false). */
  nesterov?: boolean;
}

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
 * console.log(w.item()); // 0.9
 * ```
 */
export class SGD extends Optimizer {
  /** The momentum factor. */
  readonly momentum: number;
  /** Whether momentum is Nesterov's. */
  readonly nesterov: boolean;

  /** Checks and keeps the options. */
  constructor(options?: SGDOptions) {
    super(options, 0.01);
    const m = options?.momentum ?? 0;
    if (typeof m !== "number" || m < 0 || m > 1) {
      throw new InvalidArgumentError(`SGD: momentum must be in [0, 1], got ${String(m)}`);
    }
    this.momentum = m;
    this.nesterov = options?.nesterov ?? false;
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
    else v.assignAdd(m);
  }
}
