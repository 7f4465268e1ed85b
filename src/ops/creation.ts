/**
 * Creating tensors: from JS values, filled, identity, ranges (one-hot is in `one_hot.ts`).
 *
 * @module
 */
import { currentBackend } from "../device.ts";
import { checkDType, type DType, type Scalar, scalarType, scalarValue } from "../dtype.ts";
import { castTensor, contiguous, input, output, view } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { checkShape, contiguousStrides, reshapeStrides } from "../shape.ts";
import { isTensor, isTensorOrVariable } from "../symbols.ts";
import type { Tensor, TensorLike } from "../tensor.ts";

/**
 * A tensor from a JS value: a number (float32), boolean (bool), bigint (int64), nested arrays,
 * a typed array (its own dtype; the data is copied), an NDArray or a tensor. With `dtype` the
 * values are converted (non-integers and out-of-range values for an integer dtype are errors);
 * with `shape` a scalar is repeated and anything else is reshaped.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.constant([[1, 2], [3, 4]]).toString()); // tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)
 * console.log(tf.constant(7, "int32", [2]).toString()); // tf.Tensor([7 7], shape=(2,), dtype=int32)
 * ```
 */
export function constant(value: TensorLike, dtype?: DType, shape?: readonly number[]): Tensor {
  if (dtype !== undefined) checkDType(dtype, "constant");
  let t: Tensor;
  if (isTensorOrVariable(value)) {
    // A Tensor or a Variable: a view of its value (never a Variable's own handle, which changes).
    const src = input(value, "constant");
    t = dtype === undefined || dtype === src.dtype
      ? view(src, src.shape, src.strides, src.offset)
      : castTensor(src, dtype);
  } else t = input(value, "constant", dtype);
  if (shape === undefined) return t;
  // t is made here: the result is filled from it or is a view of it, and t itself goes.
  try {
    const n = checkShape(shape, "constant");
    if (t.rank === 0) return fill(shape, t.item(), t.dtype);
    if (n !== t.size) {
      throw new InvalidArgumentError(
        `constant: ${t.size} values cannot take shape ${formatShape(shape)} (${n} elements)`,
      );
    }
    return reshaped(t, shape);
  } finally {
    t.dispose();
  }
}

/**
 * `t` (a tensor `constant` made) in `shape`: a view when the strides allow, else a copy. Not
 * recorded: no tape tracks a tensor made here.
 */
function reshaped(t: Tensor, shape: readonly number[]): Tensor {
  const target = shape.slice();
  const strides = reshapeStrides(t.shape, t.strides, target);
  if (strides !== null) return view(t, target, strides, t.offset);
  const c = contiguous(t);
  const out = view(c, target, contiguousStrides(target), 0);
  if (c !== t) c.dispose();
  return out;
}

/**
 * Converts a JS value or tensor to a tensor (tensors are returned as they are).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.convertToTensor([1, 2], "int32").dtype); // "int32"
 * ```
 */
export function convertToTensor(value: TensorLike, dtype?: DType): Tensor {
  if (isTensor(value) && (dtype === undefined || value.dtype === dtype)) {
    return input(value, "convertToTensor");
  }
  return constant(value, dtype);
}

/**
 * A tensor of `shape` with every element `value`; dtype from the value (number: float32) unless
 * given.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.fill([2], 9).toString()); // tf.Tensor([9. 9.], shape=(2,), dtype=float32)
 * ```
 */
export function fill(shape: readonly number[], value: Scalar, dtype?: DType): Tensor {
  return filled(shape, value, dtype, "fill");
}

/** fill, for `op` (zeros, ones, eye, …: errors name the op the user called). */
function filled(
  shape: readonly number[],
  value: Scalar,
  dtype: DType | undefined,
  op: string,
): Tensor {
  const dt = dtype === undefined ? scalarType(value) : checkDType(dtype, op);
  const n = checkShape(shape, op);
  const v = scalarValue(value, dt, op);
  const backend = currentBackend();
  const out = output(backend, dt, shape.slice(), n);
  if (n > 0) backend.fill(out, v);
  return out;
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.zeros([2, 2], "int32").toString()); // tf.Tensor(\n[[0 0]\n [0 0]], shape=(2, 2), dtype=int32)
 * ```
 */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled(shape, 0, dtype, "zeros");
}

/**
 * A tensor of ones.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.ones([3]).toString()); // tf.Tensor([1. 1. 1.], shape=(3,), dtype=float32)
 * ```
 */
export function ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled(shape, 1, dtype, "ones");
}

/**
 * Zeros with the shape (and dtype, unless given) of `x`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.zerosLike([1, 2]).toString()); // tf.Tensor([0. 0.], shape=(2,), dtype=float32)
 * ```
 */
export function zerosLike(x: TensorLike, dtype?: DType): Tensor {
  const t = input(x, "zerosLike");
  return filled(t.shape, 0, dtype ?? t.dtype, "zerosLike");
}

/**
 * Ones with the shape (and dtype, unless given) of `x`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.onesLike([1, 2]).toString()); // tf.Tensor([1. 1.], shape=(2,), dtype=float32)
 * ```
 */
export function onesLike(x: TensorLike, dtype?: DType): Tensor {
  const t = input(x, "onesLike");
  return filled(t.shape, 1, dtype ?? t.dtype, "onesLike");
}

/**
 * An `n` × `m` matrix with ones on the diagonal.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.eye(2).toString()); // tf.Tensor(\n[[1. 0.]\n [0. 1.]], shape=(2, 2), dtype=float32)
 * ```
 */
export function eye(n: number, m: number = n, dtype: DType = "float32"): Tensor {
  const out = filled([n, m], 0, dtype, "eye");
  const k = Math.min(n, m);
  if (k > 0) {
    const diag = view(out, [k], [m + 1], 0);
    currentBackend().fill(diag, scalarValue(1, out.dtype, "eye"));
    diag.dispose();
  }
  return out;
}

function checkNumber(v: unknown, what: string, op: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a finite number, got ${String(v)}`);
  }
  return v;
}

/**
 * `start, start + delta, ...` up to but not including `limit` (`range(n)` counts from 0).
 * float32 unless `dtype` is given.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.range(4).toString()); // tf.Tensor([0. 1. 2. 3.], shape=(4,), dtype=float32)
 * console.log(tf.range(1, 2, 0.25).toString()); // tf.Tensor([1.   1.25 1.5  1.75], shape=(4,), dtype=float32)
 * ```
 */
export function range(
  start: number,
  limit?: number,
  delta = 1,
  dtype: DType = "float32",
): Tensor {
  if (limit === undefined) [start, limit] = [0, start];
  checkNumber(start, "start", "range");
  checkNumber(limit, "limit", "range");
  checkNumber(delta, "delta", "range");
  const dt = checkDType(dtype, "range");
  if (delta === 0) throw new InvalidArgumentError("range: delta must not be 0");
  if (dt !== "float16" && dt !== "float32" && dt !== "float64") {
    if (!Number.isInteger(start) || !Number.isInteger(delta)) {
      throw new InvalidArgumentError(
        `range: start ${start} and delta ${delta} must be integers for dtype ${dt}`,
      );
    }
  }
  const n = Math.max(0, Math.ceil((limit - start) / delta));
  checkShape([n], "range");
  const backend = currentBackend();
  const out = output(backend, dt, [n], n);
  if (n > 0) backend.range(out, start, delta);
  return out;
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included (float32).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.linspace(0, 1, 5).toString()); // tf.Tensor([0.   0.25 0.5  0.75 1.  ], shape=(5,), dtype=float32)
 * ```
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  checkNumber(start, "start", "linspace");
  checkNumber(stop, "stop", "linspace");
  if (!Number.isInteger(num) || num < 0) {
    throw new InvalidArgumentError(`linspace: num must be a non-negative integer, got ${num}`);
  }
  const backend = currentBackend();
  const out = output(backend, "float32", [num], num);
  if (num > 0) backend.range(out, start, num > 1 ? (stop - start) / (num - 1) : 0);
  if (num > 1) {
    const last = view(out, [1], [1], num - 1);
    backend.fill(last, stop);
    last.dispose();
  }
  return out;
}
