/**
 * Reductions over axes (number, negative number, array, or all when omitted), with `keepdims`;
 * arg-reductions and cumulative sums along one axis. Each reduction's dtype rule and gradient are
 * its row of `REDUCE` in `op_ids.ts`.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { currentBackend } from "../device.ts";
import {
  castTensor,
  input,
  lastAxisView,
  output,
  record,
  recording,
  runReduce,
} from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";
import { formatShape } from "../format.ts";
import { normalizeAxes, normalizeAxis } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { ARG_REDUCE_OPS, codes, REDUCE, type ReduceName } from "./op_ids.ts";
import { add, squaredDifference, sub } from "./binary.ts";
import { exp, isFinite, log, sqrt } from "./unary.ts";
import { stopGradient, where } from "./select.ts";
import { transpose } from "./movement.ts";

/** An axis, a list of axes, or null/undefined for all axes. */
export type Axis = number | readonly number[] | null | undefined;

const intForBool = (d: DType): DType => (d === "bool" ? "int32" : d);
const toFloat = (d: DType): DType => (d === "float16" || d === "float64" ? d : "float32");

const ARG = codes(ARG_REDUCE_OPS);

function opName(name: ReduceName): string {
  return `reduce${name[0].toUpperCase()}${name.slice(1)}`;
}

/** The shape after reducing `axes` of `shape`. */
function reducedShape(shape: readonly number[], axes: number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (!axes.includes(d)) out.push(shape[d]);
    else if (keepdims) out.push(1);
  }
  return out;
}

/** Applies the reduction `name` over `axis` with its dtype rule. */
export function reduce(name: ReduceName, x: TensorLike, axis: Axis, keepdims: boolean): Tensor {
  const op = opName(name);
  const t = input(x, op);
  const axes = normalizeAxes(axis, t.rank, op);
  const rule = REDUCE[name];
  if (rule.needsElements && axes.some((d) => t.shape[d] === 0)) {
    throw new InvalidArgumentError(
      `${op}: cannot reduce over an axis of length 0 (shape ${formatShape(t.shape)}): ` +
        `the reduction has no identity`,
    );
  }
  return runReduce(
    name,
    t,
    axes,
    rule.compute(t.dtype),
    rule.result(t.dtype),
    reducedShape(t.shape, axes, keepdims),
  );
}

/**
 * Sum over the axes (all when omitted). Integers keep their dtype and wrap; bool gives int32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const a = tf.constant([[1, 2], [3, 4]]);
 * console.log(tf.reduceSum(a).toString()); // tf.Tensor(10.0, shape=(), dtype=float32)
 * console.log(tf.reduceSum(a, 1, true).toString()); // tf.Tensor(\n[[3.]\n [7.]], shape=(2, 1), dtype=float32)
 * ```
 */
export function reduceSum(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return reduce("sum", x, axis, keepdims);
}

/**
 * Mean over the axes; integer and bool input gives float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceMean([1, 2, 3, 4]).toString()); // tf.Tensor(2.5, shape=(), dtype=float32)
 * ```
 */
export function reduceMean(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return reduce("mean", x, axis, keepdims);
}

/**
 * Maximum over the axes (NaN propagates). Reducing an empty axis is an error.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceMax([[1, 5], [3, 2]], 0).toString()); // tf.Tensor([3. 5.], shape=(2,), dtype=float32)
 * ```
 */
export function reduceMax(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return reduce("max", x, axis, keepdims);
}

/**
 * Minimum over the axes (NaN propagates). Reducing an empty axis is an error.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceMin([[1, 5], [3, 2]], -1).toString()); // tf.Tensor([1. 2.], shape=(2,), dtype=float32)
 * ```
 */
export function reduceMin(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return reduce("min", x, axis, keepdims);
}

/**
 * Product over the axes. Integers keep their dtype and wrap; bool gives int32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceProd([1, 2, 3, 4]).toString()); // tf.Tensor(24.0, shape=(), dtype=float32)
 * ```
 */
export function reduceProd(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return reduce("prod", x, axis, keepdims);
}

/**
 * Logical and over the axes (non-zero is true); the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceAll([true, false]).toString()); // tf.Tensor(False, shape=(), dtype=bool)
 * ```
 */
export function reduceAll(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return reduce("all", x, axis, keepdims);
}

/**
 * Logical or over the axes (non-zero is true); the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceAny([true, false]).toString()); // tf.Tensor(True, shape=(), dtype=bool)
 * ```
 */
export function reduceAny(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return reduce("any", x, axis, keepdims);
}

function floatInput(x: TensorLike, op: string): Tensor {
  const t = input(x, op);
  const f = toFloat(t.dtype);
  return f === t.dtype ? t : castTensor(t, f);
}

/**
 * log(sum(exp(x))) over the axes, computed stably by subtracting the maximum first.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceLogSumExp([0, 0]).toString()); // tf.Tensor(0.6931472, shape=(), dtype=float32)
 * ```
 */
export function reduceLogSumExp(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const t = floatInput(x, "reduceLogSumExp");
  if (normalizeAxes(axis, t.rank, "reduceLogSumExp").some((d) => t.shape[d] === 0)) {
    // Over no elements: log(0) = -inf, as in TensorFlow (reduceMax has no identity to shift by).
    return log(reduceSum(exp(t), axis, keepdims));
  }
  const raw = reduceMax(t, axis, true);
  const m = stopGradient(where(isFinite(raw), raw, 0));
  const s = log(reduceSum(exp(sub(t, m)), axis, keepdims));
  return add(s, keepdims ? m : reduceSum(m, axis, false));
}

/**
 * Population variance over the axes (mean of squared deviations); int and bool give float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceVariance([1, 2, 3, 4]).toString()); // tf.Tensor(1.25, shape=(), dtype=float32)
 * ```
 */
export function reduceVariance(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const t = floatInput(x, "reduceVariance");
  return reduceMean(squaredDifference(t, reduceMean(t, axis, true)), axis, keepdims);
}

/**
 * Population standard deviation over the axes; int and bool give float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reduceStd([1, 3]).toString()); // tf.Tensor(1.0, shape=(), dtype=float32)
 * ```
 */
export function reduceStd(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return sqrt(reduceVariance(x, axis, keepdims));
}

/** Options of argmax and argmin. */
export interface ArgOptions {
  /** The index dtype: int32 (default) or int64. */
  outputType?: "int32" | "int64";
}

function argReduce(name: "argmax" | "argmin", x: TensorLike, axis: number, o?: ArgOptions): Tensor {
  const t = input(x, name);
  const outType = o?.outputType ?? "int32";
  if (outType !== "int32" && outType !== "int64") {
    throw new InvalidArgumentError(
      `${name}: outputType must be "int32" or "int64", got ${JSON.stringify(outType)}`,
    );
  }
  const ax = normalizeAxis(axis, Math.max(t.rank, 1), name);
  if (t.rank === 0) {
    throw new InvalidArgumentError(`${name}: needs a tensor of rank 1 or more, got a scalar`);
  }
  if (t.shape[ax] === 0) {
    throw new InvalidArgumentError(
      `${name}: axis ${ax} of shape ${formatShape(t.shape)} is empty: there is no ${name}`,
    );
  }
  if (outType === "int32" && t.shape[ax] > 2 ** 31) {
    throw new InvalidArgumentError(
      `${name}: axis ${ax} has ${t.shape[ax]} elements, more than int32 indices hold: pass ` +
        `{ outputType: "int64" }`,
    );
  }
  const backend = currentBackend();
  const xx = castTensor(t, t.dtype === "bool" ? "uint8" : t.dtype, backend);
  const shape = t.shape.filter((_, d) => d !== ax);
  const out = output(backend, outType, shape, shape.reduce((a, b) => a * b, 1));
  backend.argReduce(ARG[name], lastAxisView(xx, ax), out);
  if (xx !== t) xx.dispose();
  return out;
}

const ARG_KEYS = keysOf<ArgOptions>({ outputType: true });
const CUMSUM_KEYS = keysOf<CumsumOptions>({ exclusive: true, reverse: true });

/**
 * Index of the largest value along `axis` (the first one on ties; NaN counts as largest).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.argmax([[1, 5], [3, 2]], 1).toString()); // tf.Tensor([1 0], shape=(2,), dtype=int32)
 * ```
 */
export function argmax(x: TensorLike, axis = 0, options?: ArgOptions): Tensor {
  checkOptions(options, ARG_KEYS, "argmax options");
  return argReduce("argmax", x, axis, options);
}

/**
 * Index of the smallest value along `axis` (the first one on ties; NaN counts as smallest).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.argmin([[1, 5], [3, 2]], 1).toString()); // tf.Tensor([0 1], shape=(2,), dtype=int32)
 * ```
 */
export function argmin(x: TensorLike, axis = 0, options?: ArgOptions): Tensor {
  checkOptions(options, ARG_KEYS, "argmin options");
  return argReduce("argmin", x, axis, options);
}

/** Options of cumsum. */
export interface CumsumOptions {
  /** Leave out each element's own value (the first result is 0). */
  exclusive?: boolean;
  /** Sum from the end of the axis. */
  reverse?: boolean;
}

/**
 * Cumulative sum along `axis`; bool gives int32, integers wrap.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.cumsum([1, 2, 3]).toString()); // tf.Tensor([1. 3. 6.], shape=(3,), dtype=float32)
 * console.log(tf.cumsum([1, 2, 3], 0, { exclusive: true }).toString()); // tf.Tensor([0. 1. 3.], shape=(3,), dtype=float32)
 * ```
 */
export function cumsum(x: TensorLike, axis = 0, options?: CumsumOptions): Tensor {
  checkOptions(options, CUMSUM_KEYS, "cumsum options");
  const t = input(x, "cumsum");
  if (t.rank === 0) {
    throw new InvalidArgumentError("cumsum: needs a tensor of rank 1 or more, got a scalar");
  }
  const ax = normalizeAxis(axis, t.rank, "cumsum");
  const backend = currentBackend();
  const dtype = intForBool(t.dtype);
  const xx = castTensor(t, dtype, backend);
  const v = lastAxisView(xx, ax);
  const exclusive = options?.exclusive ?? false;
  const reverse = options?.reverse ?? false;
  const tmp = output(backend, dtype, v.shape, t.size);
  backend.cumsum(v, exclusive, reverse, tmp);
  if (xx !== t) xx.dispose();
  let y = tmp;
  if (ax !== t.rank - 1) {
    const perm = v.shape.map((_, d) => d);
    perm.splice(ax, 0, perm.pop() as number);
    y = transpose(tmp, perm);
  }
  if (recording()) record("cumsum", [t], y, { axis: ax, exclusive, reverse });
  return y;
}
