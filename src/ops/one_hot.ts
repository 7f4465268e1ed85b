/**
 * One-hot encoding (`tf.oneHot`): a comparison of the indices with a range, selecting between two
 * constants.
 *
 * @module
 */
import { checkDType, type DType } from "../dtype.ts";
import { input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";
import { normalizeAxis } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { equal } from "./binary.ts";
import { fill, range } from "./creation.ts";
import { expandDims, reshape } from "./movement.ts";
import { where } from "./select.ts";

/** Options of oneHot. */
export interface OneHotOptions {
  /** Value where the index matches (default 1). */
  onValue?: number;
  /** Value elsewhere (default 0). */
  offValue?: number;
  /** Where the new axis of length `depth` goes (default -1, last). */
  axis?: number;
  /** Result dtype (default float32). */
  dtype?: DType;
}

const ONE_HOT_KEYS = keysOf<OneHotOptions>({
  onValue: true,
  offValue: true,
  axis: true,
  dtype: true,
});

/**
 * One-hot encoding: a new axis of length `depth` holding `onValue` at each index and `offValue`
 * elsewhere (indices outside [0, depth) give a row of `offValue`, as in TensorFlow). Nothing
 * flows back through it: the indices are integers and the values are constants, so a tape gives
 * the indices no gradient (multiply by the result to route a gradient to another tensor).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.oneHot(tf.constant([0, 2], "int32"), 3).toString()); // tf.Tensor(\n[[1. 0. 0.]\n [0. 0. 1.]], shape=(2, 3), dtype=float32)
 * ```
 */
export function oneHot(indices: TensorLike, depth: number, options?: OneHotOptions): Tensor {
  checkOptions(options, ONE_HOT_KEYS, "oneHot options");
  const idx = input(indices, "oneHot");
  if (idx.dtype !== "int32" && idx.dtype !== "int64" && idx.dtype !== "uint8") {
    throw new InvalidArgumentError(`oneHot: indices must be integers, got dtype ${idx.dtype}`);
  }
  if (!Number.isInteger(depth) || depth < 0) {
    throw new InvalidArgumentError(`oneHot: depth must be a non-negative integer, got ${depth}`);
  }
  const ax = normalizeAxis(options?.axis ?? -1, idx.rank + 1, "oneHot");
  const dtype = checkDType(options?.dtype ?? "float32", "oneHot");
  // The positions in int32 (int64 for int64 indices or a depth past int32): in the indices' own
  // dtype a uint8 range would wrap at 256 and put a second one in the row.
  const wide = idx.dtype === "int64" || depth > 2 ** 31 - 1;
  const positions = reshape(
    range(0, depth, 1, wide ? "int64" : "int32"),
    Array.from({ length: idx.rank + 1 }, (_, d) => (d === ax ? depth : 1)),
  );
  const hit = equal(expandDims(idx, ax), positions);
  return where(
    hit,
    fill([], options?.onValue ?? 1, dtype),
    fill([], options?.offValue ?? 0, dtype),
  );
}
