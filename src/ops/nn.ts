/**
 * Neural-network functions (`tf.nn`): activations, softmax and the cross-entropies.
 *
 * @module
 */
import { currentBackend } from "../device.ts";
import { floatOf } from "../dtype.ts";
import { castTensor, contiguous, input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { normalizeAxis, sameShape } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { mul, sub } from "./binary.ts";
import { oneHot } from "./creation.ts";
import { reduceLogSumExp, reduceMax, reduceSum } from "./reduce.ts";
import { stopGradient } from "./select.ts";
import { exp, unary } from "./unary.ts";
import { neg } from "./unary.ts";
import { div } from "./binary.ts";

export { sigmoid } from "./unary.ts";

/**
 * Rectified linear unit: max(x, 0).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.relu([-1, 2]).toString()); // tf.Tensor([0. 2.], shape=(2,), dtype=float32)
 * ```
 */
export function relu(x: TensorLike): Tensor {
  return unary("relu", x);
}

function floatInput(x: TensorLike, op: string): Tensor {
  const t = input(x, op);
  return castTensor(t, floatOf(t.dtype));
}

/**
 * exp(x) / sum(exp(x)) along `axis`, computed stably.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.softmax([0, 0]).toString()); // tf.Tensor([0.5 0.5], shape=(2,), dtype=float32)
 * ```
 */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  const t = floatInput(logits, "softmax");
  normalizeAxis(axis, t.rank, "softmax");
  const e = exp(sub(t, stopGradient(reduceMax(t, axis, true))));
  return div(e, reduceSum(e, axis, true));
}

/**
 * log(softmax(x)) along `axis`, computed stably.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.logSoftmax([0, 0]).toString()); // tf.Tensor([-0.6931472 -0.6931472], shape=(2,), dtype=float32)
 * ```
 */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const t = floatInput(logits, "logSoftmax");
  normalizeAxis(axis, t.rank, "logSoftmax");
  return sub(t, reduceLogSumExp(t, axis, true));
}

/** Arguments of the softmax cross-entropies. */
export interface CrossEntropyArgs {
  /** Class probabilities (dense) or class indices (sparse). */
  labels: TensorLike;
  /** Unnormalised log-probabilities; the classes are the last axis. */
  logits: TensorLike;
}

/**
 * Cross-entropy between `labels` (probabilities over the last axis) and softmax(`logits`), one
 * value per row.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const loss = tf.nn.softmaxCrossEntropyWithLogits({ labels: [[0, 1]], logits: [[0, 0]] });
 * console.log(loss.toString()); // tf.Tensor([0.6931472], shape=(1,), dtype=float32)
 * ```
 */
export function softmaxCrossEntropyWithLogits(args: CrossEntropyArgs, axis = -1): Tensor {
  const logits = floatInput(args.logits, "softmaxCrossEntropyWithLogits");
  const labels = castTensor(input(args.labels, "softmaxCrossEntropyWithLogits"), logits.dtype);
  if (!sameShape(labels.shape, logits.shape)) {
    throw new InvalidArgumentError(
      `softmaxCrossEntropyWithLogits: labels ${formatShape(labels.shape)} and logits ` +
        `${formatShape(logits.shape)} must have the same shape`,
    );
  }
  return neg(reduceSum(mul(labels, logSoftmax(logits, axis)), axis));
}

/**
 * Cross-entropy between integer class `labels` (shape of logits without its last axis; each in
 * [0, classes)) and softmax(`logits`), one value per row.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const labels = tf.constant([1], "int32");
 * console.log(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits: [[0, 0]] }).toString()); // tf.Tensor([0.6931472], shape=(1,), dtype=float32)
 * ```
 */
export function sparseSoftmaxCrossEntropyWithLogits(args: CrossEntropyArgs): Tensor {
  const op = "sparseSoftmaxCrossEntropyWithLogits";
  const logits = floatInput(args.logits, op);
  const labels = input(args.labels, op, Array.isArray(args.labels) ? "int32" : undefined);
  if (labels.dtype !== "int32" && labels.dtype !== "int64" && labels.dtype !== "uint8") {
    throw new InvalidArgumentError(`${op}: labels must be integers, got dtype ${labels.dtype}`);
  }
  if (logits.rank === 0 || !sameShape(labels.shape, logits.shape.slice(0, -1))) {
    throw new InvalidArgumentError(
      `${op}: labels ${formatShape(labels.shape)} must have the shape of logits ` +
        `${formatShape(logits.shape)} without its last axis`,
    );
  }
  const classes = logits.shape[logits.rank - 1];
  const host = currentBackend().download(contiguous(labels));
  for (let i = 0; i < host.length; i++) {
    const v = Number(host[i]);
    if (v < 0 || v >= classes) {
      throw new InvalidArgumentError(
        `${op}: label ${v} (at position ${i}) is out of range [0, ${classes})`,
      );
    }
  }
  const hot = oneHot(labels, classes, { dtype: logits.dtype });
  return neg(reduceSum(mul(hot, logSoftmax(logits)), -1));
}
