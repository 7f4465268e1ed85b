/**
 * `tf.data`: input pipelines. `tf.data.Dataset` makes a dataset from tensors
 * (`fromTensorSlices`), a generator (`fromGenerator`) or a range of numbers (`range`), and
 * transforms it (`map`, `filter`, `batch`, `unbatch`, `shuffle`, `repeat`, `take`, `skip`,
 * `prefetch`). Iterate it with `for await` (always) or `for...of` (synchronous datasets).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.random.normal([10, 3], { seed: 1 });
 * const y = tf.range(10);
 * const ds = tf.data.Dataset.fromTensorSlices([x, y]).shuffle(10, { seed: 2 }).batch(4);
 * for await (const [xb, yb] of ds) {
 *   console.log(xb.shape, yb.shape); // [ 4, 3 ] [ 4 ], [ 4, 3 ] [ 4 ], then [ 2, 3 ] [ 2 ]
 *   xb.dispose();
 *   yb.dispose();
 * }
 * ```
 *
 * @module
 */
export {
  type ArgsOf,
  AUTOTUNE,
  type BatchOptions,
  Dataset,
  type Element,
  type ElementOf,
  INFINITE_CARDINALITY,
  type RangeOptions,
  type ShuffleOptions,
  UNKNOWN_CARDINALITY,
} from "./dataset.ts";
