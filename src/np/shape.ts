/**
 * `np.reshape`, `np.transpose`, `np.concatenate` and `np.stack`. Reshape and transpose return
 * views that share the input's data when NumPy would (an NDArray input; tensors are copied
 * first).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { reshapeStrides } from "../shape.ts";
import { npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData } from "./dtypes.ts";
import { npPromote } from "./promote.ts";

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
    throw new InvalidArgumentError(`${op}: shape must be an array of integers, got ${shape}`);
  }
  let infer = -1, known = 1;
  target.forEach((d, i) => {
    if (d === -1 && infer < 0) infer = i;
    else if (!Number.isInteger(d) || d < 0) {
      throw new InvalidArgumentError(
        `${op}: ${
          d === -1 ? "can only specify one unknown dimension" : `bad dimension ${String(d)}`
        } in shape [${target.join(", ")}]`,
      );
    } else known *= d;
  });
  const out = target.slice();
  if (infer >= 0 && known !== 0 && x.size % known === 0) out[infer] = x.size / known;
  if (out.reduce((p, d) => p * d, 1) !== x.size || (infer >= 0 && out[infer] === -1)) {
    throw new InvalidArgumentError(
      `${op}: cannot reshape array of size ${x.size} into shape ${npShape(target)}`,
    );
  }
  const strides = reshapeStrides(x.shape, x.strides, out);
  if (strides !== null) return new NDArray(x.data, out, x.dtype, { strides, offset: x.offset });
  return new NDArray(x.contiguousData(), out, x.dtype);
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
export function transpose(a: ArrayLike, axes?: readonly number[]): NDArray {
  const op = "np.transpose";
  const x = asNDArray(a, op, true);
  const n = x.ndim;
  const perm = axes === undefined ? x.shape.map((_, i) => n - 1 - i) : [...axes];
  if (
    !Array.isArray(perm) || perm.length !== n ||
    !perm.every((p) => Number.isInteger(p) && p >= -n && p < n)
  ) {
    throw new InvalidArgumentError(
      `${op}: axes don't match array: got ${JSON.stringify(axes)} for an array of dimension ${n}`,
    );
  }
  const norm = perm.map((p) => (p < 0 ? p + n : p));
  if (new Set(norm).size !== n) {
    throw new InvalidArgumentError(`${op}: repeated axis in transpose: [${perm.join(", ")}]`);
  }
  return new NDArray(x.data, norm.map((p) => x.shape[p]), x.dtype, {
    strides: norm.map((p) => x.strides[p]),
    offset: x.offset,
  });
}

/** Options of `np.concatenate`. */
export interface ConcatenateOptions {
  /** The axis to join along (default 0); null flattens every array first. */
  axis?: number | null;
}

const CONCATENATE_KEYS = keysOf<ConcatenateOptions>({ axis: true });

/**
 * Joins arrays along an existing axis, in the promoted dtype of all of them.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2]], "int8"), b = np.array([[3, 4]], "uint8");
 * const c = np.concatenate([a, b]);
 * console.log(c.toString(), c.dtype); // [[1 2]\n [3 4]] int16
 * ```
 */
export function concatenate(
  arrays: readonly ArrayLike[],
  options?: ConcatenateOptions,
): NDArray {
  const op = "np.concatenate";
  checkOptions(options, CONCATENATE_KEYS, `${op} options`);
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new InvalidArgumentError(`${op}: need at least one array to concatenate`);
  }
  let xs = arrays.map((a) => asNDArray(a, op, true));
  const axisOpt = options?.axis === undefined ? 0 : options.axis;
  if (axisOpt === null) xs = xs.map((x) => new NDArray(x.contiguousData(), [x.size], x.dtype));
  const ndim = xs[0].ndim;
  if (ndim === 0) {
    throw new InvalidArgumentError(`${op}: zero-dimensional arrays cannot be concatenated`);
  }
  const axis = axisOpt ?? 0;
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new InvalidArgumentError(
      `${op}: axis ${String(axis)} is out of bounds for array of dimension ${ndim}`,
    );
  }
  const ax = axis < 0 ? axis + ndim : axis;
  xs.forEach((x, i) => {
    if (x.ndim !== ndim) {
      throw new InvalidArgumentError(
        `${op}: all the input arrays must have same number of dimensions, but the array at ` +
          `index 0 has ${ndim} dimension(s) and the array at index ${i} has ${x.ndim} ` +
          `dimension(s)`,
      );
    }
    x.shape.forEach((d, j) => {
      if (j !== ax && d !== xs[0].shape[j]) {
        throw new InvalidArgumentError(
          `${op}: all the input array dimensions except for the concatenation axis must match ` +
            `exactly, but along dimension ${j}, the array at index 0 has size ` +
            `${xs[0].shape[j]} and the array at index ${i} has size ${d}`,
        );
      }
    });
  });
  const dtype = xs.map((x) => x.dtype).reduce(npPromote);
  const shape = xs[0].shape.slice();
  shape[ax] = xs.reduce((p, x) => p + x.shape[ax], 0);
  const outer = shape.slice(0, ax).reduce((p, d) => p * d, 1);
  const inner = shape.slice(ax + 1).reduce((p, d) => p * d, 1);
  const out = alloc(dtype, outer * shape[ax] * inner);
  const row = shape[ax] * inner;
  let at = 0;
  for (const x of xs) {
    const data = castData(x.contiguousData(), x.dtype, dtype);
    const len = x.shape[ax] * inner;
    for (let o = 0; o < outer; o++) {
      (out as Float64Array).set(
        (data as Float64Array).subarray(o * len, (o + 1) * len),
        o * row + at,
      );
    }
    at += len;
  }
  return new NDArray(out, shape, dtype);
}

/** Options of `np.stack`. */
export interface StackOptions {
  /** The position of the new axis in the result (default 0). */
  axis?: number;
}

const STACK_KEYS = keysOf<StackOptions>({ axis: true });

/**
 * Joins arrays of the same shape along a new axis.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.stack([[1, 2], [3, 4]], { axis: 1 }).toString()); // [[1. 3.]\n [2. 4.]]
 * ```
 */
export function stack(arrays: readonly ArrayLike[], options?: StackOptions): NDArray {
  const op = "np.stack";
  checkOptions(options, STACK_KEYS, `${op} options`);
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new InvalidArgumentError(`${op}: need at least one array to stack`);
  }
  const xs = arrays.map((a) => asNDArray(a, op, true));
  const shape = xs[0].shape;
  if (
    !xs.every((x) => x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]))
  ) {
    throw new InvalidArgumentError(
      `${op}: all input arrays must have the same shape, got ${
        xs.map((x) => npShape(x.shape)).join(" ")
      }`,
    );
  }
  const nd = shape.length + 1;
  const axis = options?.axis ?? 0;
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) {
    throw new InvalidArgumentError(
      `${op}: axis ${String(axis)} is out of bounds for array of dimension ${nd}`,
    );
  }
  const ax = axis < 0 ? axis + nd : axis;
  const expanded = [...shape.slice(0, ax), 1, ...shape.slice(ax)];
  return concatenate(xs.map((x) => reshape(x, expanded)), { axis: ax });
}
