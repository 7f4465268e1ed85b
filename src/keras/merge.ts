/**
 * Merge layers: they take an array of tensors (several inputs of a functional model) and give
 * one: `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum` (elementwise, with
 * broadcasting) and `Concatenate` (along an axis).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { add, div, maximum, minimum, mul, sub } from "../ops/binary.ts";
import { concat } from "../ops/movement.ts";
import { keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import { Layer, type LayerOptions } from "./layer.ts";

/** The tensors a merge layer was given, checked: an array of at least `min` (or exactly). */
function tensorList(layer: Layer, inputs: unknown, min: number, exact = false): readonly Tensor[] {
  const type = layer.constructor.name;
  if (!Array.isArray(inputs) || inputs.length < min || (exact && inputs.length !== min)) {
    throw new InvalidArgumentError(
      `${layer.name}: ${type} takes an array of ${exact ? "exactly" : "at least"} ${min} ` +
        `tensors, got ${
          Array.isArray(inputs)
            ? `an array of ${inputs.length}`
            : `one ${(inputs as object)?.constructor?.name === "Object" ? "record" : "tensor"}`
        }`,
    );
  }
  return inputs as readonly Tensor[];
}

function shapes(list: readonly Tensor[]): string {
  return list.map((t) => formatShape(t.shape)).join(", ");
}

/** Folds `op` over the inputs; a shape mismatch is an error naming the layer and the shapes. */
function elementwise(
  layer: Layer,
  inputs: unknown,
  op: (a: Tensor, b: Tensor) => Tensor,
  exact = false,
): Tensor {
  const list = tensorList(layer, inputs, 2, exact);
  try {
    return list.slice(1).reduce(op, list[0]);
  } catch (e) {
    throw new InvalidArgumentError(
      `${layer.name}: ${layer.constructor.name} cannot combine inputs of shapes ${shapes(list)}: ` +
        (e instanceof Error ? e.message : String(e)),
      { cause: e },
    );
  }
}

/**
 * Adds its inputs elementwise (with broadcasting): `apply([a, b, ...])`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.layers.Add().apply([tf.ones([1, 2]), tf.ones([1, 2])]).tolist()); // [ [ 2, 2 ] ]
 * const a = tf.keras.Input({ shape: [4] }), b = tf.keras.Input({ shape: [4] });
 * console.log(new tf.keras.layers.Add().apply([a, b]).shape); // [ null, 4 ]
 * ```
 */
export class Add extends Layer {
  /** The sum of the inputs. */
  call(inputs: readonly Tensor[]): Tensor {
    return elementwise(this, inputs, add);
  }
}

/**
 * Subtracts its second input from its first (with broadcasting): `apply([a, b])` is `a - b`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.layers.Subtract().apply([tf.ones([1, 2]), tf.ones([1, 2])]).tolist()); // [ [ 0, 0 ] ]
 * ```
 */
export class Subtract extends Layer {
  /** The first input minus the second. */
  call(inputs: readonly Tensor[]): Tensor {
    return elementwise(this, inputs, sub, true);
  }
}

/**
 * Multiplies its inputs elementwise (with broadcasting): `apply([a, b, ...])`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = new tf.keras.layers.Multiply().apply([tf.constant([[1, 2]]), tf.constant([[3, 4]])]);
 * console.log(y.tolist()); // [ [ 3, 8 ] ]
 * ```
 */
export class Multiply extends Layer {
  /** The product of the inputs. */
  call(inputs: readonly Tensor[]): Tensor {
    return elementwise(this, inputs, mul);
  }
}

/**
 * Averages its inputs elementwise (with broadcasting): `apply([a, b, ...])` is
 * `(a + b + ...) / n`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = new tf.keras.layers.Average().apply([tf.constant([[1, 2]]), tf.constant([[3, 6]])]);
 * console.log(y.tolist()); // [ [ 2, 4 ] ]
 * ```
 */
export class Average extends Layer {
  /** The mean of the inputs. */
  call(inputs: readonly Tensor[]): Tensor {
    return div(elementwise(this, inputs, add), (inputs as readonly Tensor[]).length);
  }
}

/**
 * The elementwise maximum of its inputs (with broadcasting): `apply([a, b, ...])`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = new tf.keras.layers.Maximum().apply([tf.constant([[1, 5]]), tf.constant([[3, 4]])]);
 * console.log(y.tolist()); // [ [ 3, 5 ] ]
 * ```
 */
export class Maximum extends Layer {
  /** The elementwise maximum. */
  call(inputs: readonly Tensor[]): Tensor {
    return elementwise(this, inputs, maximum);
  }
}

/**
 * The elementwise minimum of its inputs (with broadcasting): `apply([a, b, ...])`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = new tf.keras.layers.Minimum().apply([tf.constant([[1, 5]]), tf.constant([[3, 4]])]);
 * console.log(y.tolist()); // [ [ 1, 4 ] ]
 * ```
 */
export class Minimum extends Layer {
  /** The elementwise minimum. */
  call(inputs: readonly Tensor[]): Tensor {
    return elementwise(this, inputs, minimum);
  }
}

/** Options of Concatenate. */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis to join along (default -1, the last; negative counts from the end). */
  axis?: number;
}

const CONCATENATE_KEYS = keysOf<ConcatenateOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  axis: true,
});

/**
 * Joins its inputs along `axis` (default -1): `apply([a, b, ...])`; the other axes must agree.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = new tf.keras.layers.Concatenate().apply([tf.ones([2, 3]), tf.zeros([2, 1])]);
 * console.log(y.shape); // [ 2, 4 ]
 * const a = tf.keras.Input({ shape: [2, 5] }), b = tf.keras.Input({ shape: [3, 5] });
 * console.log(new tf.keras.layers.Concatenate({ axis: 1 }).apply([a, b]).shape); // [ null, 5, 5 ]
 * ```
 */
export class Concatenate extends Layer {
  /** The axis joined along. */
  readonly axis: number;

  /** Checks the options. */
  constructor(options?: ConcatenateOptions) {
    super(options, CONCATENATE_KEYS);
    const axis = options?.axis ?? -1;
    if (!Number.isInteger(axis)) {
      throw new InvalidArgumentError(`Concatenate: axis must be an integer, got ${String(axis)}`);
    }
    this.axis = axis;
  }

  /** The inputs joined along `axis`. */
  call(inputs: readonly Tensor[]): Tensor {
    const list = tensorList(this, inputs, 1);
    const rank = list[0].rank;
    const ax = this.axis < 0 ? this.axis + rank : this.axis;
    const bad = rank === 0 || ax < 0 || ax >= rank ||
      list.some((t) =>
        t.rank !== rank || t.shape.some((d, i) => i !== ax && d !== list[0].shape[i])
      );
    if (bad) {
      throw new InvalidArgumentError(
        `${this.name}: Concatenate needs inputs of the same rank (at least 1) whose shapes agree ` +
          `except along axis ${this.axis}, got shapes ${shapes(list)}`,
      );
    }
    return concat(list, ax);
  }
}
