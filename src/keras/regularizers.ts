/**
 * `tf.keras.regularizers`: penalties on weights (`kernelRegularizer`, `biasRegularizer`,
 * `embeddingsRegularizer`) and on a layer's outputs (`activityRegularizer`), with Keras 3's
 * formulas: `L1` is `l1 * sum(|x|)`, `L2` is `l2 * sum(x^2)`, `L1L2` the sum of both. A layer's
 * penalties appear in `layer.losses` and `model.losses`, and `fit` adds them to the training loss.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { add, mul } from "../ops/binary.ts";
import { reduceSum } from "../ops/reduce.ts";
import { abs, square } from "../ops/unary.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";

/** A penalty function: a scalar tensor from a weight or an output. */
export type RegularizerFunction = (x: Tensor | Variable) => Tensor;

/**
 * Base class of regularizers: `call(x)` gives the scalar penalty of `x`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class SumPenalty extends tf.keras.regularizers.Regularizer {
 *   call(x: tf.Tensor | tf.Variable) { return tf.reduceSum(x).mul(0.5); }
 * }
 * console.log(new SumPenalty().call(tf.ones([2, 2])).item()); // 2
 * ```
 */
export abstract class Regularizer {
  /** The penalty of `x`, a scalar in its dtype. */
  abstract call(x: Tensor | Variable): Tensor;

  /**
   * The factors, as Keras's `get_config` gives them (empty for a regularizer without any).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.keras.regularizers.get("l1_l2").getConfig()); // { l1: 0.01, l2: 0.01 }
   * ```
   */
  getConfig(): Record<string, number> {
    return {};
  }
}

/** Throws unless `v` is a finite non-negative number (Keras's `validate_float_arg`); returns it. */
function factor(v: unknown, name: string, op: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new InvalidArgumentError(
      `${op}: ${name} must be a finite non-negative number, got ${String(v)}`,
    );
  }
  return v;
}

/**
 * The L1 penalty `l1 * sum(|x|)` (default factor 0.01, as Keras).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.regularizers.L1(0.5).call(tf.constant([-2, 1])).item()); // 1.5
 * ```
 */
export class L1 extends Regularizer {
  /** The factor. */
  readonly l1: number;

  /** Checks the factor (a finite non-negative number). */
  constructor(l1: number = 0.01) {
    super();
    this.l1 = factor(l1, "l1", "L1");
  }

  /** `l1 * sum(|x|)`. */
  call(x: Tensor | Variable): Tensor {
    return mul(reduceSum(abs(x)), this.l1);
  }

  /** `{ l1 }`. */
  override getConfig(): Record<string, number> {
    return { l1: this.l1 };
  }
}

/**
 * The L2 penalty `l2 * sum(x^2)` (default factor 0.01, as Keras).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.regularizers.L2(2).call(tf.ones([5, 5])).item()); // 50
 * ```
 */
export class L2 extends Regularizer {
  /** The factor. */
  readonly l2: number;

  /** Checks the factor (a finite non-negative number). */
  constructor(l2: number = 0.01) {
    super();
    this.l2 = factor(l2, "l2", "L2");
  }

  /** `l2 * sum(x^2)`. */
  call(x: Tensor | Variable): Tensor {
    return mul(reduceSum(square(x)), this.l2);
  }

  /** `{ l2 }`. */
  override getConfig(): Record<string, number> {
    return { l2: this.l2 };
  }
}

/** Options of L1L2 and `l1l2`. */
export interface L1L2Options {
  /** The L1 factor. */
  l1?: number;
  /** The L2 factor. */
  l2?: number;
}

const L1L2_KEYS = keysOf<L1L2Options>({ l1: true, l2: true });

/**
 * Both penalties: `l1 * sum(|x|) + l2 * sum(x^2)`. As Keras 3's class, both factors default to
 * 0 (so `new L1L2({ l2: 0.1 })` has no L1 part); the function `l1l2` defaults both to 0.01.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const reg = new tf.keras.regularizers.L1L2({ l1: 0.5, l2: 0.25 });
 * console.log(reg.call(tf.constant([-2, 1])).item()); // 2.75
 * ```
 */
export class L1L2 extends Regularizer {
  /** The L1 factor. */
  readonly l1: number;
  /** The L2 factor. */
  readonly l2: number;

  /** Checks the factors (finite non-negative numbers). */
  constructor(options?: L1L2Options) {
    super();
    checkOptions(options, L1L2_KEYS, "L1L2 options");
    this.l1 = factor(options?.l1 ?? 0, "l1", "L1L2");
    this.l2 = factor(options?.l2 ?? 0, "l2", "L1L2");
  }

  /** `l1 * sum(|x|) + l2 * sum(x^2)` (a zero factor's term is left out, as Keras). */
  call(x: Tensor | Variable): Tensor {
    const l1 = this.l1 > 0 ? mul(reduceSum(abs(x)), this.l1) : null;
    const l2 = this.l2 > 0 ? mul(reduceSum(square(x)), this.l2) : null;
    if (l1 !== null && l2 !== null) return add(l1, l2);
    return l1 ?? l2 ?? mul(reduceSum(x), 0);
  }

  /** `{ l1, l2 }`. */
  override getConfig(): Record<string, number> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * An L1 regularizer: `l1 * sum(|x|)` (default 0.01).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const dense = new tf.keras.layers.Dense({
 *   units: 1,
 *   kernelInitializer: "ones",
 *   kernelRegularizer: tf.keras.regularizers.l1(0.1),
 * });
 * dense.apply([[1, 2]]);
 * console.log(dense.losses.map((t) => t.item())); // [ 0.20000000298023224 ]
 * ```
 */
export function l1(l1: number = 0.01): L1 {
  return new L1(l1);
}

/**
 * An L2 regularizer: `l2 * sum(x^2)` (default 0.01).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.regularizers.l2().call(tf.fill([10], 2)).item()); // 0.3999999761581421
 * ```
 */
export function l2(l2: number = 0.01): L2 {
  return new L2(l2);
}

/**
 * An L1 + L2 regularizer; both factors default to 0.01 (tf.keras 2's `l1_l2` and TF.js's
 * `l1l2`; Keras 3's class `L1L2` defaults them to 0).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.regularizers.l1l2({ l1: 1, l2: 1 }).call(tf.constant([2])).item()); // 6
 * ```
 */
export function l1l2(options?: L1L2Options): L1L2 {
  checkOptions(options, L1L2_KEYS, "l1l2 options");
  return new L1L2({ l1: options?.l1 ?? 0.01, l2: options?.l2 ?? 0.01 });
}

/** What layers accept as a regularizer: a Regularizer, a function or a name. */
export type RegularizerIdentifier = Regularizer | RegularizerFunction | string;

const NAMES: Record<string, () => Regularizer> = {
  l1: () => new L1(),
  l2: () => new L2(),
  // Keras documents 0.01 for both when "l1_l2" is given by name.
  l1l2: () => new L1L2({ l1: 0.01, l2: 0.01 }),
};

/**
 * The Regularizer for a name (`"l1"`, `"l2"`, `"l1_l2"` / `"l1l2"`, any case: default factors
 * 0.01), a Regularizer, or a function of a tensor (wrapped).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const reg = tf.keras.regularizers.get("l2") as tf.keras.regularizers.L2;
 * console.log(reg.l2); // 0.01
 * ```
 */
export function get(identifier: RegularizerIdentifier): Regularizer {
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === "function") {
    const fn = identifier;
    return new (class extends Regularizer {
      call(x: Tensor | Variable): Tensor {
        return fn(x);
      }
    })();
  }
  const key = typeof identifier === "string" ? identifier.replace(/_/g, "").toLowerCase() : "";
  if (!Object.hasOwn(NAMES, key)) {
    throw new InvalidArgumentError(
      `regularizers.get: unknown regularizer ${JSON.stringify(identifier)}; expected "l1", ` +
        `"l2" or "l1_l2", a Regularizer or a function (x) => Tensor`,
    );
  }
  return NAMES[key]();
}
