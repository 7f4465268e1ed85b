/**
 * `tf.keras.activations`: activation functions by name, as layers take them
 * (`activation: "relu"`).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { sigmoid as sigmoidOp, tanh as tanhOp } from "../ops/unary.ts";
import * as nn from "../ops/nn.ts";
import type { Tensor } from "../tensor.ts";

/** An activation: a function of one tensor. */
export type ActivationFunction = (x: Tensor) => Tensor;

/** What layers accept as `activation`: a name, a function, or null/undefined for linear. */
export type ActivationIdentifier = ActivationName | ActivationFunction | null | undefined;

/**
 * max(x, 0).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.relu(tf.constant([-1, 2])).tolist()); // [ 0, 2 ]
 * ```
 */
export function relu(x: Tensor): Tensor {
  return nn.relu(x);
}

/**
 * 1 / (1 + exp(-x)).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.sigmoid(tf.constant([0])).tolist()); // [ 0.5 ]
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  return sigmoidOp(x);
}

/**
 * The hyperbolic tangent.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.tanh(tf.constant([0])).tolist()); // [ 0 ]
 * ```
 */
export function tanh(x: Tensor): Tensor {
  return tanhOp(x);
}

/**
 * Softmax over the last axis.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.softmax(tf.constant([[0, 0]])).tolist()); // [ [ 0.5, 0.5 ] ]
 * ```
 */
export function softmax(x: Tensor): Tensor {
  return nn.softmax(x, -1);
}

/**
 * The identity.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.linear(tf.constant([-3])).tolist()); // [ -3 ]
 * ```
 */
export function linear(x: Tensor): Tensor {
  return x;
}

/**
 * log(1 + exp(x)), computed stably.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.softplus(tf.constant([0])).tolist()); // [ 0.6931471824645996 ]
 * ```
 */
export function softplus(x: Tensor): Tensor {
  return nn.softplus(x);
}

/**
 * x for x > 0, exp(x) - 1 otherwise.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.elu(tf.constant([2, 0])).tolist()); // [ 2, 0 ]
 * ```
 */
export function elu(x: Tensor): Tensor {
  return nn.elu(x);
}

/**
 * x * sigmoid(x) (also called swish).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.silu(tf.constant([0])).tolist()); // [ 0 ]
 * ```
 */
export function silu(x: Tensor): Tensor {
  return nn.silu(x);
}

/**
 * The exact GELU: x * (1 + erf(x / sqrt(2))) / 2.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.activations.gelu(tf.constant([0])).tolist()); // [ 0 ]
 * ```
 */
export function gelu(x: Tensor): Tensor {
  return nn.gelu(x);
}

const ACTIVATIONS = {
  relu,
  sigmoid,
  tanh,
  softmax,
  linear,
  softplus,
  elu,
  silu,
  swish: silu,
  gelu,
} as const;

/** The names `get` knows. */
export type ActivationName = keyof typeof ACTIVATIONS;

/**
 * The activation for a name or function; null and undefined give `linear`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const f = tf.keras.activations.get("relu");
 * console.log(f(tf.constant([-1, 1])).tolist()); // [ 0, 1 ]
 * ```
 */
export function get(identifier: ActivationIdentifier): ActivationFunction {
  if (identifier === null || identifier === undefined) return linear;
  if (typeof identifier === "function") return identifier;
  if (typeof identifier === "string" && Object.hasOwn(ACTIVATIONS, identifier)) {
    return ACTIVATIONS[identifier];
  }
  throw new InvalidArgumentError(
    `activations.get: unknown activation ${JSON.stringify(identifier)}; expected one of ` +
      `${Object.keys(ACTIVATIONS).map((k) => JSON.stringify(k)).join(", ")} or a function`,
  );
}
