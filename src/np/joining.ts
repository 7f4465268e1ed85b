/**
 * Joining and splitting: `concatenate`, `stack`, `vstack`, `hstack`, `dstack`, `column_stack`,
 * `split` and `array_split`. Joins copy each input into its block of the result with block moves
 * (or the copy kernel), in NumPy's result dtype; splits return views.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { contiguousStrides } from "../shape.ts";
import { npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, checkNpDType } from "./dtypes.ts";
import { canCastDtype, type Casting, checkCasting } from "./info.ts";
import { npPromote } from "./promote.ts";
import { atleast, permute } from "./shape.ts";
import { castTo, copyInto, describe, normalizeAxis, sliceAxis, view } from "./strided.ts";

/** The result dtype of a join: NumPy's promotion, or `dtype` when every input casts to it. */
function joinType(
  xs: readonly NDArray[],
  dtype: NpDType | undefined,
  casting: Casting,
  op: string,
): NpDType {
  if (dtype === undefined) return xs.map((x) => x.dtype).reduce(npPromote);
  for (const x of xs) {
    if (!canCastDtype(x.dtype, dtype, casting)) {
      throw new InvalidArgumentError(
        `${op}: cannot cast array data from ${x.dtype} to ${dtype} according to the rule ` +
          `"${casting}"`,
      );
    }
  }
  return dtype;
}

/** The arrays of a join, checked: a non-empty list. */
function inputs(arrays: unknown, op: string, what = "concatenate"): NDArray[] {
  if (!Array.isArray(arrays) || arrays.length === 0) {
    throw new InvalidArgumentError(
      `${op}: need at least one array to ${what}, got ${describe(arrays)}`,
    );
  }
  return arrays.map((a) => asNDArray(a, op, true));
}

/**
 * Internal: joins NDArrays along `axis` (null: each flattened) into a new array of `dtype`
 * (default: their promoted dtype).
 */
export function concat(
  xs: readonly NDArray[],
  axis: number | null,
  op: string,
  dtype?: NpDType,
  casting: Casting = "same_kind",
): NDArray {
  const to = joinType(xs, dtype, casting, op);
  if (axis === null) {
    const total = xs.reduce((p, x) => p + x.size, 0);
    const out = alloc(to, total);
    let at = 0;
    for (const x of xs) {
      const dst = new NDArray(out, x.shape, to, {
        strides: contiguousStrides(x.shape),
        offset: at,
      });
      copyInto(castTo(x, to), dst);
      at += x.size;
    }
    return new NDArray(out, [total], to);
  }
  const ndim = xs[0].ndim;
  if (ndim === 0) {
    throw new InvalidArgumentError(`${op}: zero-dimensional arrays cannot be concatenated`);
  }
  const ax = normalizeAxis(axis, ndim, op);
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
  const shape = xs[0].shape.slice();
  shape[ax] = xs.reduce((p, x) => p + x.shape[ax], 0);
  const out = new NDArray(alloc(to, shape.reduce((p, d) => p * d, 1)), shape, to);
  let at = 0;
  for (const x of xs) {
    copyInto(castTo(x, to), sliceAxis(out, ax, at, at + x.shape[ax]));
    at += x.shape[ax];
  }
  return out;
}

/** Options of `np.concatenate`. */
export interface ConcatenateOptions {
  /** The axis to join along (default 0); null flattens every array first. */
  axis?: number | null;
  /** The result dtype (default: the inputs' promoted dtype). */
  dtype?: NpDType;
  /** The rule the casts to `dtype` must follow (default "same_kind"). */
  casting?: Casting;
}

const CONCATENATE_KEYS = keysOf<ConcatenateOptions>({ axis: true, dtype: true, casting: true });

/** The `dtype` and `casting` options of a join, checked. */
function dtypeOptions(
  options: { dtype?: NpDType; casting?: Casting } | undefined,
  op: string,
): [NpDType | undefined, Casting] {
  const d = options?.dtype === undefined ? undefined : checkNpDType(options.dtype, op);
  return [d, checkCasting(options?.casting ?? "same_kind", op)];
}

/**
 * Joins arrays along an existing axis (`axis: null` joins them flattened), in the promoted dtype
 * of all of them (or `dtype`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2]], "int8"), b = np.array([[3, 4]], "uint8");
 * const c = np.concatenate([a, b]);
 * console.log(c.toString(), c.dtype); // [[1 2]\n [3 4]] int16
 * console.log(np.concatenate([a, b], { axis: null }).toString()); // [1 2 3 4]
 * ```
 */
export function concatenate(
  arrays: readonly ArrayLike[],
  options?: ConcatenateOptions,
): NDArray {
  const op = "np.concatenate";
  checkOptions(options, CONCATENATE_KEYS, `${op} options`);
  const xs = inputs(arrays, op);
  const axis = options?.axis === undefined ? 0 : options.axis;
  return concat(xs, axis, op, ...dtypeOptions(options, op));
}

/** Options of `np.stack`. */
export interface StackOptions {
  /** The position of the new axis in the result (default 0). */
  axis?: number;
  /** The result dtype (default: the inputs' promoted dtype). */
  dtype?: NpDType;
  /** The rule the casts to `dtype` must follow (default "same_kind"). */
  casting?: Casting;
}

const STACK_KEYS = keysOf<StackOptions>({ axis: true, dtype: true, casting: true });

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
  const xs = inputs(arrays, op, "stack");
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
  const ax = normalizeAxis(options?.axis ?? 0, shape.length + 1, op);
  const expanded = xs.map((x) =>
    view(
      x,
      [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)],
      [...x.strides.slice(0, ax), 0, ...x.strides.slice(ax)],
      x.offset,
    )
  );
  return concat(expanded, ax, op, ...dtypeOptions(options, op));
}

/** Options of `np.vstack` and `np.hstack`. */
export interface StackDtypeOptions {
  /** The result dtype (default: the inputs' promoted dtype). */
  dtype?: NpDType;
  /** The rule the casts to `dtype` must follow (default "same_kind"). */
  casting?: Casting;
}

const STACK_DTYPE_KEYS = keysOf<StackDtypeOptions>({ dtype: true, casting: true });

/**
 * Stacks arrays vertically (row-wise): 1-d arrays of length n become rows `[1, n]`, then the
 * arrays join along axis 0.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.vstack([[1, 2], [3, 4]]).toString()); // [[1. 2.]\n [3. 4.]]
 * ```
 */
export function vstack(tup: readonly ArrayLike[], options?: StackDtypeOptions): NDArray {
  const op = "np.vstack";
  checkOptions(options, STACK_DTYPE_KEYS, `${op} options`);
  const xs = inputs(tup, op).map((x) => atleast(x, 2));
  return concat(xs, 0, op, ...dtypeOptions(options, op));
}

/**
 * Stacks arrays horizontally (column-wise): along axis 0 for 1-d arrays, else along axis 1.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.hstack([[1, 2], [3]]).toString()); // [1. 2. 3.]
 * ```
 */
export function hstack(tup: readonly ArrayLike[], options?: StackDtypeOptions): NDArray {
  const op = "np.hstack";
  checkOptions(options, STACK_DTYPE_KEYS, `${op} options`);
  const xs = inputs(tup, op).map((x) => atleast(x, 1));
  return concat(xs, xs[0].ndim === 1 ? 0 : 1, op, ...dtypeOptions(options, op));
}

/**
 * Stacks arrays depth-wise (along axis 2): `[n]` becomes `[1, n, 1]`, `[m, n]` `[m, n, 1]`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.dstack([[1, 2], [3, 4]]).shape); // [ 1, 2, 2 ]
 * ```
 */
export function dstack(tup: readonly ArrayLike[]): NDArray {
  const op = "np.dstack";
  return concat(inputs(tup, op).map((x) => atleast(x, 3)), 2, op);
}

/**
 * Stacks 1-d arrays as the columns of a 2-d array (2-d arrays join as they are, along axis 1).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.column_stack([[1, 2], [3, 4]]).toString()); // [[1. 3.]\n [2. 4.]]
 * ```
 */
export function column_stack(tup: readonly ArrayLike[]): NDArray {
  const op = "np.column_stack";
  const xs = inputs(tup, op).map((x) => (x.ndim < 2 ? permute(atleast(x, 2), [1, 0]) : x));
  return concat(xs, 1, op);
}

/** Options of `np.split` and `np.array_split`. */
export interface SplitOptions {
  /** The axis to split along (default 0). */
  axis?: number;
}

const SPLIT_KEYS = keysOf<SplitOptions>({ axis: true });

/** The split points of `np.split`: sections (a number) or indices (a list or integer array). */
export type IndicesOrSections = number | readonly number[] | ArrayLike;

function splitViews(
  ary: ArrayLike,
  ios: IndicesOrSections,
  options: SplitOptions | undefined,
  op: string,
  equal: boolean,
): NDArray[] {
  checkOptions(options, SPLIT_KEYS, `${op} options`);
  const x = asNDArray(ary, op, true);
  const ax = normalizeAxis(options?.axis ?? 0, x.ndim, op);
  const n = x.shape[ax];
  let points: number[];
  if (typeof ios === "number") {
    if (equal && n % ios !== 0) {
      throw new InvalidArgumentError(
        `${op}: array split does not result in an equal division: ${n} elements into ${ios} ` +
          `sections`,
      );
    }
    const sections = Math.trunc(ios);
    if (!(sections > 0)) {
      throw new InvalidArgumentError(
        `${op}: number sections must be larger than 0, got ${describe(ios)}`,
      );
    }
    const each = Math.floor(n / sections), extras = n % sections;
    points = [0];
    for (let i = 0; i < sections; i++) points.push(points[i] + each + (i < extras ? 1 : 0));
  } else {
    const idx = Array.isArray(ios) && ios.every((v) => typeof v === "number")
      ? ios as number[]
      : asNDArray(ios as ArrayLike, op, true);
    const list = idx instanceof NDArray ? [...idx.contiguousData()].map(Number) : idx;
    if (idx instanceof NDArray && (idx.ndim !== 1 || !/int|bool/.test(idx.dtype))) {
      throw new InvalidArgumentError(
        `${op}: indices must be a 1-d list or array of integers, got a ${idx.dtype} array of ` +
          `shape ${npShape(idx.shape)}`,
      );
    }
    for (const v of list) {
      if (!Number.isInteger(v)) {
        throw new InvalidArgumentError(
          `${op}: indices must be integers, got ${describe(v)} in ${describe(list)}`,
        );
      }
    }
    points = [0, ...list, n];
  }
  // Python's slice bounds: negative from the end, clipped to [0, n].
  const clip = (i: number): number => (i < 0 ? Math.max(0, i + n) : Math.min(i, n));
  const out: NDArray[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const st = clip(points[i]), end = clip(points[i + 1]);
    out.push(sliceAxis(x, ax, st, Math.max(st, end)));
  }
  return out;
}

/**
 * Splits `ary` into views along `axis`: into `indices_or_sections` equal parts (a number; the
 * length must divide evenly), or at the given indices (a list: `[2, 3]` gives `ary[:2]`,
 * `ary[2:3]`, `ary[3:]`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const parts = np.split(np.arange(6), 3);
 * console.log(parts.map((p) => p.toString()).join(" ")); // [0 1] [2 3] [4 5]
 * ```
 */
export function split(
  ary: ArrayLike,
  indices_or_sections: IndicesOrSections,
  options?: SplitOptions,
): NDArray[] {
  return splitViews(ary, indices_or_sections, options, "np.split", true);
}

/**
 * As `split`, but a number of sections need not divide the length: the first `len % n` parts
 * get one element more.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const parts = np.array_split(np.arange(5), 3);
 * console.log(parts.map((p) => p.toString()).join(" ")); // [0 1] [2 3] [4]
 * ```
 */
export function array_split(
  ary: ArrayLike,
  indices_or_sections: IndicesOrSections,
  options?: SplitOptions,
): NDArray[] {
  return splitViews(ary, indices_or_sections, options, "np.array_split", false);
}
