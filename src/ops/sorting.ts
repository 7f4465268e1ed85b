/**
 * Sorting along an axis: `sort`, `argsort` and `topk`. The order is found on the host
 * (`runHost`: on a GPU the input is read back, soft placement) and is stable: equal elements keep
 * their order. NaN counts as larger than every number, as in NumPy, so it comes last in an
 * ascending sort and first in a descending one. Values are then gathered on the device with the
 * order as indices, so gradients flow back to where each value came from.
 *
 * @module
 */
import type { TypedArray } from "../dtype.ts";
import { input, runHost } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { normalizeAxis, sizeOf } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { gather } from "./indexing.ts";
import { reshape, transpose } from "./movement.ts";

/** The order of a sort: TensorFlow's names. */
export type SortDirection = "ASCENDING" | "DESCENDING";

/** Ascending order with NaN after every number; 0 for ties (and -0 == 0). */
function ascending(a: number | bigint, b: number | bigint): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a, bn = b !== b;
  return an === bn ? 0 : an ? 1 : -1;
}

/**
 * Writes the stable order of each row of `data` (`rows` rows of `n`) into `order` (the first `k`
 * positions of each row, as indices within the row) and `flat` (the same as flat indices).
 */
function rowOrder(
  data: TypedArray,
  rows: number,
  n: number,
  k: number,
  descending: boolean,
  order: TypedArray,
  flat: TypedArray,
): void {
  const idx = new Int32Array(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((i, j) => {
      const c = descending
        ? ascending(data[base + j], data[base + i])
        : ascending(data[base + i], data[base + j]);
      return c !== 0 ? c : i - j;
    });
    for (let i = 0; i < k; i++) {
      order[r * k + i] = idx[i];
      flat[r * k + i] = base + idx[i];
    }
  }
}

/** The result of a sort along an axis: the values, and their indices along the axis (int32). */
interface Sorted {
  values: Tensor;
  indices: Tensor;
}

/**
 * Sorts `x` along `axis` and keeps the first `k` (all when null) of each row: the order comes from
 * the host, the values are a gather on the device (so gradients scatter back).
 */
function sortAlong(
  op: string,
  x: TensorLike,
  axis: number,
  direction: SortDirection,
  k: number | null,
): Sorted {
  const t = input(x, op);
  if (direction !== "ASCENDING" && direction !== "DESCENDING") {
    throw new InvalidArgumentError(
      `${op}: direction must be "ASCENDING" or "DESCENDING", got ${JSON.stringify(direction)}`,
    );
  }
  if (t.rank === 0) {
    throw new InvalidArgumentError(`${op}: needs a tensor of rank 1 or more, got a scalar`);
  }
  const ax = normalizeAxis(axis, t.rank, op);
  const last = t.rank - 1;
  // The sorted axis goes last (a view); the results are moved back at the end.
  const perm = t.shape.map((_, d) => d).filter((d) => d !== ax).concat(ax);
  const moved = ax === last ? t : transpose(t, perm);
  const n = t.shape[ax];
  const keep = k ?? n;
  const lead = moved.shape.slice(0, -1);
  const rows = sizeOf(lead);
  if (rows * n > 2 ** 31 - 1) {
    throw new InvalidArgumentError(
      `${op}: ${rows * n} elements are more than its int32 indices can address (2147483647)`,
    );
  }
  const [order, flat] = runHost(
    op,
    [moved],
    [{ dtype: "int32", shape: [...lead, keep] }, { dtype: "int32", shape: [rows * keep] }],
    ([data], [o, f]) => rowOrder(data, rows, n, keep, direction === "DESCENDING", o, f),
  );
  let values = reshape(gather(reshape(moved, [-1]), flat, 0), [...lead, keep]);
  let indices = order;
  if (ax !== last) {
    const back = t.shape.map((_, d) => (d < ax ? d : d === ax ? last : d - 1));
    values = transpose(values, back);
    indices = transpose(indices, back);
  }
  return { values, indices };
}

/**
 * Sorts along `axis` (default the last) in `direction` (TensorFlow's `sort`). The sort is stable
 * and NaN counts as the largest value (last when ascending, first when descending).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.sort([3, 1, NaN, 2]).toString()); // tf.Tensor([ 1.  2.  3. nan], shape=(4,), dtype=float32)
 * console.log(tf.sort([[3, 1], [0, 5]], 0, "DESCENDING").toString()); // tf.Tensor(\n[[3. 5.]\n [0. 1.]], shape=(2, 2), dtype=float32)
 * ```
 */
export function sort(
  values: TensorLike,
  axis = -1,
  direction: SortDirection = "ASCENDING",
): Tensor {
  return sortAlong("sort", values, axis, direction, null).values;
}

/**
 * The indices (int32) that sort `values` along `axis` (TensorFlow's `argsort`); always stable:
 * equal elements keep their order. NaN counts as the largest value.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.argsort([3, 1, 2, 1]).toString()); // tf.Tensor([1 3 2 0], shape=(4,), dtype=int32)
 * console.log(tf.argsort([3, 1, 2, 1], -1, "DESCENDING").toString()); // tf.Tensor([0 2 1 3], shape=(4,), dtype=int32)
 * ```
 */
export function argsort(
  values: TensorLike,
  axis = -1,
  direction: SortDirection = "ASCENDING",
): Tensor {
  return sortAlong("argsort", values, axis, direction, null).indices;
}

/** The result of `topk`. */
export interface TopK {
  /** The k largest values along the last axis, largest first. */
  values: Tensor;
  /** Their indices along the last axis (int32). */
  indices: Tensor;
}

/**
 * The `k` largest entries along the last axis and their indices (TensorFlow's
 * `tf.math.top_k`), largest first; of equal values the one with the lower index comes first, and
 * NaN counts as the largest value. `k` must be in [0, length of the last axis]. The result is
 * always sorted (TensorFlow's `sorted: false` only allows any order).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const { values, indices } = tf.topk([1, 5, 3, 5], 2);
 * console.log(values.toString()); // tf.Tensor([5. 5.], shape=(2,), dtype=float32)
 * console.log(indices.toString()); // tf.Tensor([1 3], shape=(2,), dtype=int32)
 * ```
 */
export function topk(x: TensorLike, k = 1, sorted = true): TopK {
  const t = input(x, "topk");
  if (typeof sorted !== "boolean") {
    throw new InvalidArgumentError(`topk: sorted must be a boolean, got ${String(sorted)}`);
  }
  const n = t.rank === 0 ? 0 : t.shape[t.rank - 1];
  if (t.rank === 0) {
    throw new InvalidArgumentError("topk: needs a tensor of rank 1 or more, got a scalar");
  }
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > n) {
    throw new InvalidArgumentError(
      `topk: k must be an integer in [0, ${n}] (the last axis of shape ${
        formatShape(t.shape)
      }), got ${String(k)}`,
    );
  }
  return sortAlong("topk", t, -1, "DESCENDING", k);
}
