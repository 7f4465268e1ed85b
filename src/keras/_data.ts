/**
 * Internal: the data side of `fit`, `evaluate` and `predict`: inputs as tensors, batches and
 * shuffling.
 *
 * @module
 */
import { input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { gather } from "../ops/indexing.ts";
import { uniform } from "../ops/random.ts";
import { philoxWords, uniform53 } from "../random.ts";
import { Tensor, type TensorLike } from "../tensor.ts";
import { Variable } from "../variable.ts";

/** A tensor for `x` and whether it was made here (and must be disposed by the caller). */
export function asTensor(x: TensorLike, what: string, op: string): [Tensor, boolean] {
  let t: Tensor;
  let owned = true;
  if (x instanceof Tensor) [t, owned] = [x, false];
  else if (x instanceof Variable) t = x.value();
  else {
    try {
      t = input(x, op);
    } catch (e) {
      throw new InvalidArgumentError(
        `${op}: cannot convert ${what} to a tensor: ${(e as Error).message}`,
      );
    }
  }
  if (t.rank === 0) {
    if (owned) t.dispose();
    throw new InvalidArgumentError(`${op}: ${what} must have a batch axis, got a scalar`);
  }
  return [t, owned];
}

/** Throws unless x and y hold the same number of examples (and at least one). */
export function checkSameLength(x: Tensor, y: Tensor, op: string): number {
  if (x.shape[0] !== y.shape[0]) {
    throw new InvalidArgumentError(
      `${op}: x and y must hold the same number of examples, got x of shape ` +
        `${formatShape(x.shape)} and y of shape ${formatShape(y.shape)}`,
    );
  }
  if (x.shape[0] === 0) throw new InvalidArgumentError(`${op}: x and y hold no examples`);
  return x.shape[0];
}

/** Rows [start, end) of `t`, or the rows `order[start..end)` when an order is given. */
export function rows(t: Tensor, start: number, end: number, order: Int32Array | null): Tensor {
  if (order === null) return t.at(`${start}:${end}`);
  return gather(t, order.subarray(start, end), 0);
}

/**
 * A random permutation of [0, n): from a Philox stream keyed by (seed, epoch) when a seed is
 * given (the same every run), else from the global `tf.random` stream.
 */
export function permutation(n: number, seed: number | undefined, epoch: number): Int32Array {
  let u: (i: number) => number;
  if (seed === undefined) {
    const t = uniform([n], { dtype: "float64" });
    const values = t.dataSync();
    t.dispose();
    u = (i) => Number(values[i]);
  } else {
    const words = philoxWords({ key: [seed >>> 0, epoch >>> 0], call: 0 }, 2 * n);
    u = (i) => uniform53(words[2 * i], words[2 * i + 1]);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(u(i) * (i + 1)));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Throws unless `v` is a positive integer; returns it. */
export function batchSizeOf(v: unknown, op: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new InvalidArgumentError(`${op}: batchSize must be a positive integer, got ${String(v)}`);
  }
  return v;
}

/** Throws unless `v` is 0, 1 or 2; returns it. */
export function verbosityOf(v: unknown, op: string): 0 | 1 | 2 {
  if (v !== 0 && v !== 1 && v !== 2) {
    throw new InvalidArgumentError(`${op}: verbose must be 0, 1 or 2, got ${String(v)}`);
  }
  return v;
}
