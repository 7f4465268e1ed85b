/**
 * NumPy's shape functions: `reshape`, `ravel`, `transpose`, `swapaxes`, `moveaxis`,
 * `expand_dims`, `squeeze`, `broadcast_to`, `broadcast_arrays`, `broadcast_shapes` and
 * `atleast_1d`/`2d`/`3d`. Each returns a view that shares the input's data (an NDArray or typed
 * array input; tensors are copied first), except where NumPy copies: `reshape` and `ravel` when
 * the strides do not allow a view.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import type { NDArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { reshapeStrides } from "../shape.ts";
import { npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { copyOf, describe, isRowMajor, normalizeAxes, normalizeAxis, view } from "./strided.ts";

/**
 * `a` with a new shape of the same size; one entry may be -1 (inferred). A view of `a`'s data
 * when its strides allow, else a copy.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.reshape(np.arange(6), [2, -1]).toString()); // [[0 1 2]\n [3 4 5]]
 * ```
 */
export function reshape(a: ArrayLike, shape: number | readonly number[]): NDArray {
  const op = "np.reshape";
  return reshapeArray(asNDArray(a, op, true), shape, op);
}

/** Internal: `np.reshape` of an NDArray, naming `op` in errors (`NDArray.reshape` uses it). */
export function reshapeArray(
  x: NDArray,
  shape: number | readonly number[],
  op: string,
): NDArray {
  const target = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(target)) {
    throw new InvalidArgumentError(
      `${op}: shape must be an array of integers, got ${describe(shape)}`,
    );
  }
  let infer = -1, known = 1;
  // As NumPy, any negative entry is the unknown one (-1 is the usual spelling).
  target.forEach((d, i) => {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new InvalidArgumentError(
        `${op}: bad dimension ${describe(d)} in shape [${target.join(", ")}]`,
      );
    }
    if (d >= 0) known *= d;
    else if (infer < 0) infer = i;
    else {
      throw new InvalidArgumentError(
        `${op}: can only specify one unknown dimension in shape [${target.join(", ")}]`,
      );
    }
  });
  const out = target.slice();
  if (infer >= 0 && known !== 0 && x.size % known === 0) out[infer] = x.size / known;
  if (out.reduce((p, d) => p * d, 1) !== x.size || (infer >= 0 && out[infer] < 0)) {
    throw new InvalidArgumentError(
      `${op}: cannot reshape array of size ${x.size} into shape ${npShape(target)}`,
    );
  }
  const strides = reshapeStrides(x.shape, x.strides, out);
  if (strides !== null) return view(x, out, strides, x.offset);
  return copyOf(x, out);
}

/**
 * The elements of `a` in row-major order as a 1-d array: a view when `a` is C-contiguous, else a
 * copy (as NumPy's `ravel`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.ravel([[1, 2], [3, 4]]).toString()); // [1. 2. 3. 4.]
 * ```
 */
export function ravel(a: ArrayLike): NDArray {
  const x = asNDArray(a, "np.ravel", true);
  return isRowMajor(x) ? view(x, [x.size], [1], x.offset) : copyOf(x, [x.size]);
}

/**
 * `a` with its axes permuted (reversed when `axes` is omitted): a view of `a`'s data.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.transpose([[1, 2, 3]]).shape); // [ 3, 1 ]
 * console.log(np.transpose(np.ones([2, 3, 4]), [1, 0, 2]).shape); // [ 3, 2, 4 ]
 * ```
 */
export function transpose(a: ArrayLike, axes?: readonly number[] | null): NDArray {
  const op = "np.transpose";
  const x = asNDArray(a, op, true);
  const n = x.ndim;
  if (axes === undefined || axes === null) return permute(x, x.shape.map((_, i) => n - 1 - i));
  if (!Array.isArray(axes) || axes.length !== n) {
    throw new InvalidArgumentError(
      `${op}: axes don't match array: got ${describe(axes)} for an array of dimension ${n}`,
    );
  }
  return permute(x, normalizeAxes(axes, n, op, "axes"));
}

/** A view of `x` with its axes in the order `perm` (a permutation). */
export function permute(x: NDArray, perm: readonly number[]): NDArray {
  return view(x, perm.map((p) => x.shape[p]), perm.map((p) => x.strides[p]), x.offset);
}

/**
 * `a` with axes `axis1` and `axis2` interchanged: a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.swapaxes(np.zeros([2, 3, 4]), 0, -1).shape); // [ 4, 3, 2 ]
 * ```
 */
export function swapaxes(a: ArrayLike, axis1: number, axis2: number): NDArray {
  const op = "np.swapaxes";
  const x = asNDArray(a, op, true);
  const i = normalizeAxis(axis1, x.ndim, op), j = normalizeAxis(axis2, x.ndim, op);
  const perm = x.shape.map((_, k) => (k === i ? j : k === j ? i : k));
  return permute(x, perm);
}

/**
 * `a` with the axes `source` moved to the positions `destination` (the other axes keep their
 * order): a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.moveaxis(np.zeros([3, 4, 5]), 0, -1).shape); // [ 4, 5, 3 ]
 * console.log(np.moveaxis(np.zeros([3, 4, 5]), [0, 1], [-1, -2]).shape); // [ 5, 4, 3 ]
 * ```
 */
export function moveaxis(
  a: ArrayLike,
  source: number | readonly number[],
  destination: number | readonly number[],
): NDArray {
  const op = "np.moveaxis";
  const x = asNDArray(a, op, true);
  const src = normalizeAxes(source, x.ndim, op, "source");
  const dst = normalizeAxes(destination, x.ndim, op, "destination");
  if (src.length !== dst.length) {
    throw new InvalidArgumentError(
      `${op}: \`source\` and \`destination\` arguments must have the same number of elements, ` +
        `got ${describe(source)} and ${describe(destination)}`,
    );
  }
  const order = x.shape.map((_, i) => i).filter((i) => !src.includes(i));
  dst.map((d, k) => [d, src[k]]).sort((p, q) => p[0] - q[0]).forEach(([d, s]) => {
    order.splice(d, 0, s);
  });
  return permute(x, order);
}

/**
 * `a` with new axes of length 1 at the positions `axis` of the result: a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.expand_dims([1, 2], 0).shape, np.expand_dims([1, 2], [0, -1]).shape); // [ 1, 2 ] [ 1, 2, 1 ]
 * ```
 */
export function expand_dims(a: ArrayLike, axis: number | readonly number[]): NDArray {
  const op = "np.expand_dims";
  const x = asNDArray(a, op, true);
  const n = (typeof axis === "number" ? 1 : Array.isArray(axis) ? axis.length : 0) + x.ndim;
  const axes = normalizeAxes(axis, n, op);
  const shape: number[] = [], strides: number[] = [];
  for (let i = 0, k = 0; i < n; i++) {
    if (axes.includes(i)) shape.push(1), strides.push(0);
    else shape.push(x.shape[k]), strides.push(x.strides[k++]);
  }
  return view(x, shape, strides, x.offset);
}

/** Options of `np.squeeze`. */
export interface SqueezeOptions {
  /** The axes of length 1 to remove (default: every axis of length 1). */
  axis?: number | readonly number[] | null;
}

const SQUEEZE_KEYS = keysOf<SqueezeOptions>({ axis: true });

/**
 * `a` without its axes of length 1 (only those of `axis` when given; removing an axis whose
 * length is not 1 is an error): a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.zeros([1, 3, 1]);
 * console.log(np.squeeze(a).shape, np.squeeze(a, { axis: 0 }).shape); // [ 3 ] [ 3, 1 ]
 * ```
 */
export function squeeze(a: ArrayLike, options?: SqueezeOptions): NDArray {
  const op = "np.squeeze";
  checkOptions(options, SQUEEZE_KEYS, `${op} options`);
  const x = asNDArray(a, op, true);
  const axis = options?.axis;
  const drop = axis === undefined || axis === null
    ? x.shape.map((_, i) => i).filter((i) => x.shape[i] === 1)
    : normalizeAxes(axis, x.ndim, op);
  for (const i of drop) {
    if (x.shape[i] !== 1) {
      throw new InvalidArgumentError(
        `${op}: cannot select an axis to squeeze out which has size not equal to one: axis ${i} ` +
          `has size ${x.shape[i]}`,
      );
    }
  }
  const keep = x.shape.map((_, i) => i).filter((i) => !drop.includes(i));
  return view(x, keep.map((i) => x.shape[i]), keep.map((i) => x.strides[i]), x.offset);
}

/** A shape argument (an integer or an array of them), checked. */
function shapeArgument(shape: unknown, op: string): number[] {
  const s = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(s) || !s.every((d) => typeof d === "number" && Number.isInteger(d))) {
    throw new InvalidArgumentError(
      `${op}: shape must be an integer or an array of integers, got ${describe(shape)}`,
    );
  }
  if (s.some((d) => d < 0)) {
    throw new InvalidArgumentError(
      `${op}: all elements of broadcast shape must be non-negative, got ${npShape(s)}`,
    );
  }
  return s;
}

/** A view of `x` broadcast to `shape` (stride 0 on the new and stretched axes), or null. */
export function broadcastView(x: NDArray, shape: readonly number[]): NDArray | null {
  const lead = shape.length - x.ndim;
  if (lead < 0) return null;
  const strides = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const d = i < lead ? 1 : x.shape[i - lead];
    if (d !== shape[i] && d !== 1) return null;
    strides[i] = i < lead || (d === 1 && shape[i] !== 1) ? 0 : x.strides[i - lead];
  }
  return view(x, shape, strides, x.offset);
}

/**
 * `array` broadcast to `shape`: a view whose repeated elements share memory (NumPy's is
 * read-only; write to a copy instead).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.broadcast_to([1, 2, 3], [2, 3]).toString()); // [[1. 2. 3.]\n [1. 2. 3.]]
 * ```
 */
export function broadcast_to(array: ArrayLike, shape: number | readonly number[]): NDArray {
  const op = "np.broadcast_to";
  const x = asNDArray(array, op, true);
  const s = shapeArgument(shape, op);
  const v = broadcastView(x, s);
  if (v === null) {
    throw new InvalidArgumentError(
      `${op}: operands could not be broadcast together with remapped shapes: ` +
        `${npShape(x.shape)} and requested shape ${npShape(s)}`,
    );
  }
  return v;
}

/** The broadcast shape of several shapes, naming the first pair that does not broadcast. */
function commonShape(shapes: readonly (readonly number[])[], op: string): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(n).fill(1);
  const from = new Array<number>(n).fill(-1);
  shapes.forEach((s, k) => {
    for (let i = 0; i < s.length; i++) {
      const j = n - s.length + i, d = s[i];
      if (d === out[j] || d === 1) continue;
      if (out[j] !== 1) {
        throw new InvalidArgumentError(
          `${op}: shape mismatch: objects cannot be broadcast to a single shape. Mismatch is ` +
            `between arg ${from[j]} with shape ${npShape(shapes[from[j]])} and arg ${k} with ` +
            `shape ${npShape(s)}`,
        );
      }
      out[j] = d;
      from[j] = k;
    }
  });
  return out;
}

/**
 * The arrays broadcast against each other: views of each (NumPy returns a tuple).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const [a, b] = np.broadcast_arrays([[1], [2]], [3, 4, 5]);
 * console.log(a.shape, b.shape); // [ 2, 3 ] [ 2, 3 ]
 * ```
 */
export function broadcast_arrays(...args: ArrayLike[]): NDArray[] {
  const op = "np.broadcast_arrays";
  const xs = args.map((a) => asNDArray(a, op, true));
  const shape = commonShape(xs.map((x) => x.shape), op);
  return xs.map((x) => broadcastView(x, shape) as NDArray);
}

/**
 * The shape that arrays of the given shapes (integers or arrays of integers) broadcast to.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.broadcast_shapes([1, 2], [3, 1], 2)); // [ 3, 2 ]
 * ```
 */
export function broadcast_shapes(...shapes: (number | readonly number[])[]): number[] {
  const op = "np.broadcast_shapes";
  return commonShape(shapes.map((s) => shapeArgument(s, op)), op);
}

/** `atleast_*d` of one array: `x` itself, or a view with axes added where NumPy adds them. */
export function atleast(x: NDArray, n: number): NDArray {
  if (x.ndim >= n) return x;
  const s = x.shape, t = x.strides;
  const [shape, strides] = n === 1
    ? [[1], [0]]
    : x.ndim === 0
    ? [new Array(n).fill(1), new Array(n).fill(0)]
    : n === 2
    ? [[1, ...s], [0, ...t]]
    : x.ndim === 1
    ? [[1, s[0], 1], [0, t[0], 0]]
    : [[...s, 1], [...t, 0]];
  return view(x, shape, strides, x.offset);
}

function atleastAll(arys: readonly ArrayLike[], n: number): NDArray | NDArray[] {
  const op = `np.atleast_${n}d`;
  const out = arys.map((a) => atleast(asNDArray(a, op, true), n));
  return out.length === 1 ? out[0] : out;
}

/**
 * Each input as an array of at least one dimension (a 0-d array becomes shape `[1]`); one
 * input gives one array, several a list (NumPy's tuple).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.atleast_1d(5).shape); // [ 1 ]
 * ```
 */
export function atleast_1d(a: ArrayLike): NDArray;
/** Several inputs: a list of arrays. */
export function atleast_1d(...arys: ArrayLike[]): NDArray[];
export function atleast_1d(...arys: ArrayLike[]): NDArray | NDArray[] {
  return atleastAll(arys, 1);
}

/**
 * Each input as an array of at least two dimensions (shape `[n]` becomes `[1, n]`); one input
 * gives one array, several a list.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.atleast_2d([1, 2]).shape); // [ 1, 2 ]
 * ```
 */
export function atleast_2d(a: ArrayLike): NDArray;
/** Several inputs: a list of arrays. */
export function atleast_2d(...arys: ArrayLike[]): NDArray[];
export function atleast_2d(...arys: ArrayLike[]): NDArray | NDArray[] {
  return atleastAll(arys, 2);
}

/**
 * Each input as an array of at least three dimensions (`[n]` becomes `[1, n, 1]`, `[m, n]`
 * becomes `[m, n, 1]`); one input gives one array, several a list.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.atleast_3d([1, 2]).shape, np.atleast_3d([[1, 2]]).shape); // [ 1, 2, 1 ] [ 1, 2, 1 ]
 * ```
 */
export function atleast_3d(a: ArrayLike): NDArray;
/** Several inputs: a list of arrays. */
export function atleast_3d(...arys: ArrayLike[]): NDArray[];
export function atleast_3d(...arys: ArrayLike[]): NDArray | NDArray[] {
  return atleastAll(arys, 3);
}
