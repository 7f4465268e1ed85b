/**
 * Shape ops. reshape, transpose, expandDims, squeeze, broadcastTo, slice, unstack and split
 * return views that share the input's storage when the strides allow (PyTorch's rule), else one
 * copy; concat and stack copy into a new tensor. (`pad` is in `pad.ts`.)
 *
 * @module
 */
import { currentBackend } from "../device.ts";
import { type DType, promoteTypes } from "../dtype.ts";
import { castTensor, contiguous, input, output, record, recording, view } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { type IntLike, intOf } from "../convert.ts";
import { formatShape } from "../format.ts";
import {
  broadcastShapes,
  broadcastStrides,
  checkShape,
  contiguousStrides,
  inferShape,
  normalizeAxes,
  normalizeAxis,
  reshapeStrides,
  sameShape,
} from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { constant } from "./creation.ts";

/**
 * The same elements in a new shape; one entry may be -1 (inferred), and an entry may be a 0-d
 * integer tensor (read on the host), as in TensorFlow. A view when the strides allow, else a copy.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reshape(tf.range(6), [2, -1]).toString()); // tf.Tensor(\n[[0. 1. 2.]\n [3. 4. 5.]], shape=(2, 3), dtype=float32)
 * const n = tf.constant(3, "int32");
 * console.log(tf.reshape(tf.range(6), [n, 2]).shape); // [3, 2]
 * ```
 */
export function reshape(x: TensorLike, shape: readonly (number | IntLike)[]): Tensor {
  const t = input(x, "reshape");
  if (!Array.isArray(shape)) {
    throw new InvalidArgumentError(`reshape: shape must be an array, got ${String(shape)}`);
  }
  const dims = shape.map((d) => typeof d === "number" ? d : intOf(d, "a shape entry", "reshape"));
  const target = inferShape(dims, t.size, "reshape");
  const strides = reshapeStrides(t.shape, t.strides, target);
  let out: Tensor;
  if (strides !== null) out = view(t, target, strides, t.offset);
  else {
    const c = contiguous(t);
    out = view(c, target, contiguousStrides(target), 0);
    if (c !== t) c.dispose();
  }
  if (recording()) record("reshape", [t], out);
  return out;
}

function checkPerm(perm: readonly number[], rank: number): number[] {
  if (!Array.isArray(perm) || perm.length !== rank) {
    throw new InvalidArgumentError(
      `transpose: perm ${JSON.stringify(perm)} must list each of the ${rank} axes once`,
    );
  }
  const seen = new Array<boolean>(rank).fill(false);
  return perm.map((p) => {
    const a = normalizeAxis(p, rank, "transpose");
    if (seen[a]) {
      throw new InvalidArgumentError(
        `transpose: perm ${JSON.stringify(perm)} repeats axis ${a}`,
      );
    }
    seen[a] = true;
    return a;
  });
}

/**
 * Permutes the axes (reverses them when `perm` is omitted). Always a view.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.transpose([[1, 2, 3]]).shape); // [3, 1]
 * ```
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const t = input(x, "transpose");
  const p = perm === undefined ? t.shape.map((_, i) => t.rank - 1 - i) : checkPerm(perm, t.rank);
  const out = view(t, p.map((d) => t.shape[d]), p.map((d) => t.strides[d]), t.offset);
  if (recording()) record("transpose", [t], out, { perm: p });
  return out;
}

/**
 * Inserts an axis of length 1 at `axis` (in [-rank-1, rank]). Always a view.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.expandDims([1, 2], 0).shape); // [1, 2]
 * ```
 */
export function expandDims(x: TensorLike, axis: number): Tensor {
  const t = input(x, "expandDims");
  const ax = normalizeAxis(axis, t.rank + 1, "expandDims");
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  shape.splice(ax, 0, 1);
  strides.splice(ax, 0, ax < t.rank ? t.strides[ax] * t.shape[ax] : 1);
  const out = view(t, shape, strides, t.offset);
  if (recording()) record("expandDims", [t], out);
  return out;
}

/**
 * Removes axes of length 1: the listed ones (each must have length 1), or all of them.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.squeeze(tf.zeros([1, 2, 1])).shape); // [2]
 * ```
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  const t = input(x, "squeeze");
  const list = axis === undefined ? null : typeof axis === "number" ? [axis] : axis;
  const drop = new Set<number>();
  if (list === null) t.shape.forEach((d, i) => d === 1 && drop.add(i));
  else {
    for (const a of list) {
      const ax = normalizeAxis(a, t.rank, "squeeze");
      if (t.shape[ax] !== 1) {
        throw new InvalidArgumentError(
          `squeeze: axis ${a} has length ${t.shape[ax]} in shape ${formatShape(t.shape)}, ` +
            `expected 1`,
        );
      }
      drop.add(ax);
    }
  }
  const keep = t.shape.map((_, i) => i).filter((i) => !drop.has(i));
  const out = view(t, keep.map((i) => t.shape[i]), keep.map((i) => t.strides[i]), t.offset);
  if (recording()) record("squeeze", [t], out);
  return out;
}

/**
 * Broadcasts to `shape` with NumPy's rules. A view: repeated axes get stride 0.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.broadcastTo([1, 2], [2, 2]).toString()); // tf.Tensor(\n[[1. 2.]\n [1. 2.]], shape=(2, 2), dtype=float32)
 * ```
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = input(x, "broadcastTo");
  const target = inferShape(shape, shape.reduce((a, b) => a * Math.max(b, 0), 1), "broadcastTo");
  const b = broadcastShapes(t.shape, target, "broadcastTo");
  if (!sameShape(b, target)) {
    throw new InvalidArgumentError(
      `broadcastTo: cannot broadcast shape ${formatShape(t.shape)} to ${formatShape(target)}`,
    );
  }
  const out = view(t, target, broadcastStrides(t.shape, t.strides, target), t.offset);
  if (recording()) record("broadcastTo", [t], out);
  return out;
}

/**
 * A window of `size` elements starting at `begin` on every axis (a size of -1 means to the end).
 * A view.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.slice([[1, 2, 3], [4, 5, 6]], [0, 1], [2, -1]).toString()); // tf.Tensor(\n[[2. 3.]\n [5. 6.]], shape=(2, 2), dtype=float32)
 * ```
 */
export function slice(x: TensorLike, begin: readonly number[], size: readonly number[]): Tensor {
  const t = input(x, "slice");
  if (
    !Array.isArray(begin) || !Array.isArray(size) || begin.length !== t.rank ||
    size.length !== t.rank
  ) {
    throw new InvalidArgumentError(
      `slice: begin ${JSON.stringify(begin)} and size ${JSON.stringify(size)} must each have ` +
        `${t.rank} entries for shape ${formatShape(t.shape)}`,
    );
  }
  let offset = t.offset;
  const shape = t.shape.map((n, d) => {
    const b = begin[d];
    const s = size[d] === -1 ? n - b : size[d];
    if (!Number.isInteger(b) || !Number.isInteger(s) || b < 0 || s < 0 || b + s > n) {
      throw new InvalidArgumentError(
        `slice: begin ${b} with size ${size[d]} does not fit axis ${d} of length ${n} ` +
          `(shape ${formatShape(t.shape)})`,
      );
    }
    offset += b * t.strides[d];
    return s;
  });
  const out = view(t, shape, t.strides, offset);
  // Copies: the caller may reuse its arrays (split does) before the gradient runs.
  if (recording()) record("slice", [t], out, { begin: begin.slice(), size: size.slice() });
  return out;
}

/** The tensors of a concat or stack: converted, placed together, promoted to one dtype. */
function inputs(values: readonly TensorLike[], op: string): { list: Tensor[]; dtype: DType } {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidArgumentError(`${op}: expected a non-empty array of tensors`);
  }
  const list = values.map((v) => input(v, op));
  const dtype = list.map((t) => t.dtype).reduce(promoteTypes);
  return { list, dtype };
}

/**
 * Joins tensors along an existing axis; the other axes must agree. Dtypes are promoted.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.concat([[1, 2], [3]], 0).toString()); // tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)
 * ```
 */
export function concat(values: readonly TensorLike[], axis: number): Tensor {
  const { list, dtype } = inputs(values, "concat");
  const first = list[0];
  if (first.rank === 0) throw new InvalidArgumentError("concat: cannot concatenate scalars");
  const ax = normalizeAxis(axis, first.rank, "concat");
  let total = 0;
  for (const [i, t] of list.entries()) {
    if (t.rank !== first.rank || t.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
      throw new InvalidArgumentError(
        `concat: shape ${formatShape(t.shape)} of tensor ${i} does not match ` +
          `${formatShape(first.shape)} outside axis ${ax}`,
      );
    }
    total += t.shape[ax];
  }
  const shape = first.shape.slice();
  shape[ax] = total;
  const backend = currentBackend();
  const out = output(backend, dtype, shape, shape.reduce((a, b) => a * b, 1));
  let at = 0;
  for (const t of list) {
    const src = castTensor(t, dtype, backend);
    const part = {
      storage: out.storage,
      dtype,
      shape: t.shape,
      strides: out.strides,
      offset: at * out.strides[ax],
      size: t.size,
    };
    if (t.size > 0) backend.copy(src, part);
    if (src !== t) src.dispose();
    at += t.shape[ax];
  }
  if (recording()) record("concat", list, out, { axis: ax });
  return out;
}

/**
 * Stacks tensors of one shape along a new axis.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.stack([[1, 2], [3, 4]], 1).toString()); // tf.Tensor(\n[[1. 3.]\n [2. 4.]], shape=(2, 2), dtype=float32)
 * ```
 */
export function stack(values: readonly TensorLike[], axis = 0): Tensor {
  const { list } = inputs(values, "stack");
  const first = list[0];
  for (const [i, t] of list.entries()) {
    if (!sameShape(t.shape, first.shape)) {
      throw new InvalidArgumentError(
        `stack: tensor ${i} has shape ${formatShape(t.shape)}, expected ${
          formatShape(first.shape)
        }`,
      );
    }
  }
  const ax = normalizeAxis(axis, first.rank + 1, "stack");
  return concat(list.map((t) => expandDims(t, ax)), ax);
}

/**
 * Splits along `axis` into tensors of one rank less (views).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.unstack([[1, 2], [3, 4]], 1).map(String)); // ["tf.Tensor([1. 3.], shape=(2,), dtype=float32)", ...]
 * ```
 */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = input(x, "unstack");
  if (t.rank === 0) throw new InvalidArgumentError("unstack: cannot unstack a scalar");
  const ax = normalizeAxis(axis, t.rank, "unstack");
  return Array.from({ length: t.shape[ax] }, (_, i) => unstackPart(t, ax, i));
}

/** Internal: part `index` of `unstack(t, axis)` (a view; recorded). */
export function unstackPart(t: Tensor, axis: number, index: number): Tensor {
  const out = view(
    t,
    t.shape.filter((_, d) => d !== axis),
    t.strides.filter((_, d) => d !== axis),
    t.offset + index * t.strides[axis],
  );
  if (recording()) record("unstack", [t], out, { axis, index });
  return out;
}

/**
 * Splits along `axis` into `numOrSizes` equal parts, or into parts of the listed sizes (one may be
 * -1, inferred). Views.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.split(tf.range(5), [2, -1]).map((t) => t.shape)); // [[2], [3]]
 * ```
 */
export function split(x: TensorLike, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const t = input(x, "split");
  if (t.rank === 0) throw new InvalidArgumentError("split: cannot split a scalar");
  const ax = normalizeAxis(axis, t.rank, "split");
  const n = t.shape[ax];
  let sizes: number[];
  if (typeof numOrSizes === "number") {
    if (!Number.isInteger(numOrSizes) || numOrSizes <= 0 || n % numOrSizes !== 0) {
      throw new InvalidArgumentError(
        `split: axis ${ax} of length ${n} cannot be split into ${numOrSizes} equal parts`,
      );
    }
    sizes = new Array<number>(numOrSizes).fill(n / numOrSizes);
  } else {
    sizes = splitSizes(numOrSizes, n, ax);
  }
  const begin = new Array<number>(t.rank).fill(0);
  return sizes.map((s) => {
    const size = t.shape.slice();
    size[ax] = s;
    const part = slice(t, begin, size);
    begin[ax] += s;
    return part;
  });
}

/** Sizes of split parts: non-negative integers, at most one -1, summing to the axis length. */
function splitSizes(sizes: readonly number[], n: number, axis: number): number[] {
  const text = JSON.stringify(sizes);
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new InvalidArgumentError(`split: sizes must be a non-empty array, got ${text}`);
  }
  let infer = -1;
  let known = 0;
  sizes.forEach((s, i) => {
    if (s === -1 && infer < 0) infer = i;
    else if (!Number.isInteger(s) || s < 0) {
      throw new InvalidArgumentError(
        `split: sizes ${text} must be non-negative integers with at most one -1`,
      );
    } else known += s;
  });
  const out = sizes.slice();
  if (infer >= 0) out[infer] = n - known;
  if ((infer >= 0 && known > n) || (infer < 0 && known !== n)) {
    throw new InvalidArgumentError(
      `split: sizes ${text} do not add up to ${n}, the length of axis ${axis}`,
    );
  }
  return out;
}

/**
 * The shape of a tensor as an int32 tensor.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.shape(tf.zeros([2, 3])).toString()); // tf.Tensor([2 3], shape=(2,), dtype=int32)
 * ```
 */
export function shape(x: TensorLike): Tensor {
  return constant(input(x, "shape").shape.slice(), "int32");
}

/**
 * The number of elements of a tensor as an int32 scalar.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.size(tf.zeros([2, 3])).toString()); // tf.Tensor(6, shape=(), dtype=int32)
 * ```
 */
export function size(x: TensorLike): Tensor {
  return constant(input(x, "size").size, "int32");
}

/**
 * The rank of a tensor as an int32 scalar.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.rank(tf.zeros([2, 3])).toString()); // tf.Tensor(2, shape=(), dtype=int32)
 * ```
 */
export function rank(x: TensorLike): Tensor {
  return constant(input(x, "rank").rank, "int32");
}

/**
 * Repeats `x` `multiples[d]` times along each axis `d` (TensorFlow's `tile`): axis d of the
 * result has length `x.shape[d] * multiples[d]`. One copy.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.tile([[1, 2]], [2, 2]).toString()); // tf.Tensor(\n[[1. 2. 1. 2.]\n [1. 2. 1. 2.]], shape=(2, 4), dtype=float32)
 * ```
 */
export function tile(x: TensorLike, multiples: readonly number[]): Tensor {
  const t = input(x, "tile");
  if (
    !Array.isArray(multiples) || multiples.length !== t.rank ||
    multiples.some((m) => typeof m !== "number" || !Number.isInteger(m) || m < 0)
  ) {
    throw new InvalidArgumentError(
      `tile: multiples ${JSON.stringify(multiples)} must be ${t.rank} non-negative integers, ` +
        `one per axis of shape ${formatShape(t.shape)}`,
    );
  }
  const shape = t.shape.map((d, i) => d * multiples[i]);
  checkShape(shape, "tile");
  // [d0, d1] -> [1, d0, 1, d1] -> broadcast [m0, d0, m1, d1] (a view) -> [m0 * d0, m1 * d1].
  const spread: number[] = [];
  const wide: number[] = [];
  t.shape.forEach((d, i) => {
    spread.push(1, d);
    wide.push(multiples[i], d);
  });
  return reshape(broadcastTo(reshape(t, spread), wide), shape);
}

/**
 * Reverses the order of the elements along each listed axis (TensorFlow's `reverse`). A view.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.reverse([[1, 2], [3, 4]], [1]).toString()); // tf.Tensor(\n[[2. 1.]\n [4. 3.]], shape=(2, 2), dtype=float32)
 * ```
 */
export function reverse(x: TensorLike, axis: number | readonly number[]): Tensor {
  const t = input(x, "reverse");
  if (axis === undefined || axis === null) {
    throw new InvalidArgumentError("reverse: axis must be a number or an array of numbers");
  }
  const axes = normalizeAxes(axis, t.rank, "reverse");
  const strides = t.strides.slice();
  let offset = t.offset;
  for (const a of axes) {
    if (t.shape[a] > 0) offset += (t.shape[a] - 1) * strides[a];
    strides[a] = -strides[a];
  }
  const out = view(t, t.shape, strides, offset);
  if (recording()) record("reverse", [t], out, { axes });
  return out;
}
