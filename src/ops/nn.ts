/**
 * Neural-network functions (`tf.nn`): activations, softmax, the cross-entropies, dropout and
 * l2Loss.
 *
 * @module
 */
import { floatOf, isFloat } from "../dtype.ts";
import { backendOf, castTensor, input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";
import { formatShape } from "../format.ts";
import { broadcastShapes, checkShape, normalizeAxis, sameShape } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { add, div, greater, greaterEqual, less, logicalOr, minimum, mul, sub } from "./binary.ts";
import { range } from "./creation.ts";
import { gatherFor } from "./indexing.ts";
import type { IndexCheck } from "../backends/backend.ts";
import { reshape } from "./movement.ts";
import { uniform } from "./random.ts";
import { reduceLogSumExp, reduceMax, reduceSum } from "./reduce.ts";
import { cast, stopGradient, where } from "./select.ts";
import { abs, erf, exp, expm1, log, log1p, neg, sigmoid, square, tanh, unary } from "./unary.ts";

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
  // TensorFlow's formula: x - max - log(sum(exp(x - max))), so an infinite logit gives NaN in
  // every position of its row, as TF and NumPy give (not -inf beside the NaN).
  const shifted = sub(t, stopGradient(reduceMax(t, axis, true)));
  return sub(shifted, log(reduceSum(exp(shifted), axis, true)));
}

/** Arguments of the softmax cross-entropies. */
export interface CrossEntropyArgs {
  /** Class probabilities (dense) or class indices (sparse). */
  labels: TensorLike;
  /** Unnormalised log-probabilities; the classes are the last axis. */
  logits: TensorLike;
}

const CROSS_ENTROPY_KEYS = keysOf<CrossEntropyArgs>({ labels: true, logits: true });
const DROPOUT_KEYS = keysOf<DropoutOptions>({ noiseShape: true, seed: true });

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
  checkOptions(args, CROSS_ENTROPY_KEYS, "softmaxCrossEntropyWithLogits arguments");
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
  checkOptions(args, CROSS_ENTROPY_KEYS, "sparseSoftmaxCrossEntropyWithLogits arguments");
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
  const backend = backendOf(labels);
  if (backend.device === "cpu") {
    // The labels are at hand: name the bad one now.
    const host = backend.download(labels);
    for (let i = 0; i < host.length; i++) {
      const v = Number(host[i]);
      if (v < 0 || v >= classes) {
        throw new InvalidArgumentError(
          `${op}: label ${v} (at position ${i}) is out of range [0, ${classes})`,
        );
      }
    }
  }
  // logsumexp(row) - row[label] (TensorFlow's formula: the label's logit is picked, never
  // multiplied by a one-hot, so -inf logits elsewhere give 0, not 0 * -inf = NaN), picked by a
  // gather: on a GPU a label r out of range becomes index -(r + 1), which the gather kernel reports
  // through the bounds flag at the next read, so no training step waits for a download.
  const rows = labels.size;
  const wide = rows * classes > 2 ** 31 - 1;
  const lab = cast(labels, wide ? "int64" : "int32");
  const base = mul(reshape(range(0, rows, 1, wide ? "int64" : "int32"), labels.shape), classes);
  const bad = logicalOr(less(lab, 0), greaterEqual(lab, classes));
  const negRow = reshape(range(-1, -rows - 1, -1, wide ? "int64" : "int32"), labels.shape);
  const flat = where(bad, negRow, add(base, lab));
  const check: IndexCheck = {
    op,
    indices: labels.shape,
    axes: [classes],
    row: (r) =>
      `the label at position ${r} of labels ${formatShape(labels.shape)} is out of ` +
      `range [0, ${classes})`,
  };
  const picked = gatherFor(reshape(logits, [rows * classes]), flat, 0, check);
  return sub(reduceLogSumExp(logits, -1), picked);
}
export { avgPool2d, conv2d, type Conv2DOptions, maxPool2d, type Padding } from "./conv.ts";

// ---------------------------------------------------------------------------------------------
// More activations, dropout and l2Loss: compositions of public ops, so every device runs them and
// their gradients come from those ops. Int and bool inputs give float32 (except relu6).

/**
 * relu capped at 6: min(max(x, 0), 6). Int dtypes keep their dtype; the gradient is 1 strictly
 * between 0 and 6, as in TensorFlow.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.relu6([-1, 3, 8]).toString()); // tf.Tensor([0. 3. 6.], shape=(3,), dtype=float32)
 * ```
 */
export function relu6(x: TensorLike): Tensor {
  const t = input(x, "nn.relu6");
  if (t.dtype === "bool") throw new InvalidArgumentError("nn.relu6: not supported for dtype bool");
  // where (not minimum) so that x = 6 gets gradient 0; NaN >= 6 is false, so NaN stays NaN.
  return where(greaterEqual(t, 6), 6, relu(t));
}

/** The negative part of x, clamped so that unselected `where` branches stay finite. */
function negativePart(t: Tensor): Tensor {
  return minimum(t, 0);
}

/**
 * Exponential linear unit: x for x > 0, exp(x) - 1 otherwise.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.elu([-1, 0, 2]).toString()); // tf.Tensor([-0.63212055  0.          2.        ], shape=(3,), dtype=float32)
 * ```
 */
export function elu(x: TensorLike): Tensor {
  const t = floatInput(x, "nn.elu");
  return where(greater(t, 0), t, expm1(negativePart(t)));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Scaled exponential linear unit: scale * (x for x > 0, alpha * (exp(x) - 1) otherwise), with
 * alpha ≈ 1.6733 and scale ≈ 1.0507 (Klambauer et al. 2017).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.selu([1]).toString()); // tf.Tensor([1.050701], shape=(1,), dtype=float32)
 * ```
 */
export function selu(x: TensorLike): Tensor {
  const t = floatInput(x, "nn.selu");
  return mul(where(greater(t, 0), t, mul(expm1(negativePart(t)), SELU_ALPHA)), SELU_SCALE);
}

/**
 * Gaussian error linear unit: x * Φ(x). Exact (default): 0.5 * x * (1 + erf(x / √2)); with
 * `approximate`, the tanh form 0.5 * x * (1 + tanh(√(2/π) * (x + 0.044715 x³))). For very
 * negative x the exact form loses relative (not absolute) accuracy, as in PyTorch and JAX.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.gelu([0, 1]).toString()); // tf.Tensor([0.        0.8413447], shape=(2,), dtype=float32)
 * console.log(tf.nn.gelu([1], true).toString()); // tf.Tensor([0.8411920], shape=(1,), dtype=float32)
 * ```
 */
export function gelu(x: TensorLike, approximate = false): Tensor {
  const t = floatInput(x, "nn.gelu");
  const half = mul(t, 0.5);
  if (!approximate) return mul(half, add(erf(mul(t, Math.SQRT1_2)), 1));
  const inner = mul(add(t, mul(mul(square(t), t), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(half, add(tanh(inner), 1));
}

/**
 * Sigmoid linear unit (swish): x * sigmoid(beta * x).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.silu([0, 1]).toString()); // tf.Tensor([0.        0.7310586], shape=(2,), dtype=float32)
 * ```
 */
export function silu(x: TensorLike, beta = 1): Tensor {
  const t = floatInput(x, "nn.silu");
  if (typeof beta !== "number" || !Number.isFinite(beta)) {
    throw new InvalidArgumentError(`nn.silu: beta must be a finite number, got ${String(beta)}`);
  }
  return mul(t, sigmoid(beta === 1 ? t : mul(t, beta)));
}

/**
 * log(1 + exp(x)), computed without overflow: x + log1p(exp(-x)) for x > 0, log1p(exp(x))
 * otherwise. The gradient is sigmoid(x).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.softplus([0, 100]).toString()); // tf.Tensor([  0.6931472 100.       ], shape=(2,), dtype=float32)
 * ```
 */
export function softplus(x: TensorLike): Tensor {
  const t = floatInput(x, "nn.softplus");
  const pos = relu(t);
  return where(
    greater(t, 0),
    add(pos, log1p(exp(neg(pos)))),
    log1p(exp(negativePart(t))),
  );
}

/**
 * x / (1 + |x|).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.softsign([-3, 1]).toString()); // tf.Tensor([-0.75  0.5 ], shape=(2,), dtype=float32)
 * ```
 */
export function softsign(x: TensorLike): Tensor {
  const t = floatInput(x, "nn.softsign");
  return div(t, add(abs(t), 1));
}

/**
 * Leaky relu: x for x > 0, alpha * x otherwise (alpha defaults to 0.2, as in TensorFlow).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.leakyRelu([-1, 2]).toString()); // tf.Tensor([-0.2  2. ], shape=(2,), dtype=float32)
 * ```
 */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  const t = floatInput(x, "nn.leakyRelu");
  if (typeof alpha !== "number" || !Number.isFinite(alpha)) {
    throw new InvalidArgumentError(
      `nn.leakyRelu: alpha must be a finite number, got ${String(alpha)}`,
    );
  }
  return where(greater(t, 0), t, mul(t, alpha));
}

/**
 * Half the sum of squares: sum(x²) / 2, a scalar.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.nn.l2Loss([1, 2, 3]).toString()); // tf.Tensor(7.0, shape=(), dtype=float32)
 * ```
 */
export function l2Loss(t: TensorLike): Tensor {
  return mul(reduceSum(square(floatInput(t, "nn.l2Loss"))), 0.5);
}

/** Options of `nn.dropout`. */
export interface DropoutOptions {
  /** The shape of the keep/drop mask; it must broadcast to the input's (default: the input's). */
  noiseShape?: readonly number[];
  /** An op seed for the mask's uniform draws. */
  seed?: number;
}

/**
 * Dropout (TensorFlow's `tf.nn.dropout`): each element is zeroed with probability `rate` and the
 * others are scaled by 1 / (1 - rate), so the expected value is unchanged. The mask is drawn with
 * `random.uniform` (seeded like it), of `noiseShape` broadcast to the input's shape (so that
 * whole rows or channels drop together). `rate` is in [0, 1); 0 returns the input as it is.
 * Inputs must be float.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = tf.nn.dropout(tf.ones([1000]), 0.5, { seed: 1 });
 * console.log(y.max().item()); // 2
 * ```
 */
export function dropout(x: TensorLike, rate: number, options?: DropoutOptions): Tensor {
  checkOptions(options, DROPOUT_KEYS, "nn.dropout options");
  const t = input(x, "nn.dropout");
  if (!isFloat(t.dtype)) {
    throw new InvalidArgumentError(
      `nn.dropout: x must be a float tensor (it is scaled), got dtype ${t.dtype}`,
    );
  }
  if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
    throw new InvalidArgumentError(`nn.dropout: rate must be in [0, 1), got ${String(rate)}`);
  }
  const seed = options?.seed;
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new InvalidArgumentError(`nn.dropout: seed must be an integer, got ${String(seed)}`);
  }
  const noise = options?.noiseShape ?? t.shape;
  checkShape(noise, "nn.dropout");
  const b = broadcastShapes(noise, t.shape, "nn.dropout");
  if (!sameShape(b, t.shape)) {
    throw new InvalidArgumentError(
      `nn.dropout: noiseShape ${formatShape(noise)} does not broadcast to the shape of x ` +
        `${formatShape(t.shape)}`,
    );
  }
  if (rate === 0) return reshape(t, t.shape);
  const keep = greaterEqual(uniform(noise, { dtype: t.dtype, seed }), rate);
  return where(keep, mul(t, 1 / (1 - rate)), 0);
}
