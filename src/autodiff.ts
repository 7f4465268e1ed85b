/**
 * Functional autodiff on top of GradientTape: `grad`, `valueAndGrad`, `customGradient`.
 *
 * @module
 */
import { input, record, recording, view, withoutRecording } from "./engine.ts";
import { InvalidArgumentError } from "./errors.ts";
import { zerosLike } from "./ops/creation.ts";
import { GradientTape } from "./tape.ts";
import type { Tensor, TensorLike } from "./tensor.ts";

/** A function's value and its gradient. */
export interface ValueAndGrad {
  /** f(x). */
  value: Tensor;
  /** df/dx, with x's shape. */
  grad: Tensor;
}

/**
 * `valueAndGrad(f)` returns a function computing f(x) and the gradient of f at x (weighted by
 * `dy`, default ones).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const f = (x: tf.Tensor) => x.mul(x).sum();
 * const { value, grad } = tf.valueAndGrad(f)([1, 2]);
 * console.log(value.item(), grad.tolist()); // 5 [2, 4]
 * ```
 */
export function valueAndGrad(
  f: (x: Tensor) => Tensor,
): (x: TensorLike, dy?: TensorLike) => ValueAndGrad {
  if (typeof f !== "function") {
    throw new InvalidArgumentError(`valueAndGrad: expected a function, got ${typeof f}`);
  }
  return (x, dy) => {
    const t = input(x, "valueAndGrad");
    const tape = new GradientTape();
    tape.watch(t);
    let value: Tensor;
    try {
      value = f(t);
    } catch (e) {
      tape.release();
      throw e;
    }
    const g = tape.gradient(value, t, { outputGradients: dy });
    return { value, grad: g ?? zerosLike(t) };
  };
}

/**
 * `grad(f)` returns a function computing the gradient of f at x (weighted by `dy`, default ones).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const df = tf.grad((x) => x.pow(3));
 * console.log(df([2]).tolist()); // [12]
 * ```
 */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => Tensor {
  const vg = valueAndGrad(f);
  return (x, dy) => vg(x, dy).grad;
}

/** What a custom-gradient function returns: its value and how to differentiate it. */
export interface CustomGradientResult {
  /** The function's value. */
  value: Tensor;
  /** The gradient of each input from the gradient of the value. */
  gradFunc: (dy: Tensor) => Tensor | (Tensor | null)[];
}

/**
 * Wraps `f` so that tapes differentiate it with `gradFunc` instead of recording its ops (the ops
 * of `gradFunc` are recorded, so higher orders work when it is differentiable).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * // A gradient clipped to [-1, 1], whatever the function.
 * const clipped = tf.customGradient((x: tf.Tensor) => ({
 *   value: x.square(),
 *   gradFunc: (dy) => tf.clipByValue(dy.mul(x).mul(2), -1, 1),
 * }));
 * console.log(tf.grad(clipped)([3]).tolist()); // [1]
 * ```
 */
export function customGradient(
  f: (...inputs: Tensor[]) => CustomGradientResult,
): (...inputs: TensorLike[]) => Tensor {
  if (typeof f !== "function") {
    throw new InvalidArgumentError(`customGradient: expected a function, got ${typeof f}`);
  }
  return (...args) => {
    const inputs = args.map((a) => input(a, "customGradient"));
    const { value, gradFunc } = withoutRecording(() => f(...inputs));
    if (!(value !== null && typeof value === "object" && typeof gradFunc === "function")) {
      throw new InvalidArgumentError(
        "customGradient: f must return { value: Tensor, gradFunc: (dy) => gradients }",
      );
    }
    // When f returns one of its inputs, return a new tensor: recorded as its own input's output,
    // the input would get its gradient twice.
    const out = inputs.some((t) => t.id === value.id)
      ? view(value, value.shape, value.strides, value.offset)
      : value;
    if (recording()) record("customGradient", inputs, out, { gradFunc });
    return out;
  };
}
