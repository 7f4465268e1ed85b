/**
 * Random tensors from Philox4x32-10 streams (`src/random.ts`): the same seed gives the same
 * numbers on every device. Seeds follow TensorFlow 2's eager rules: `setSeed` makes the
 * sequence of unseeded ops reproducible; an op `seed` picks its own stream.
 *
 * @module
 */
import { currentBackend } from "../device.ts";
import { checkDType, type DType, isFloat } from "../dtype.ts";
import { output } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { nextStream } from "../random.ts";
import { checkShape } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { codes, RANDOM_OPS } from "./op_ids.ts";

export { setSeed } from "../random.ts";

const OP = codes(RANDOM_OPS);

/** Options of `random.normal`. */
export interface NormalOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation (default 1). */
  stddev?: number;
  /** A float dtype (default float32). */
  dtype?: DType;
  /** An op seed: with the global seed it picks the stream. */
  seed?: number;
}

/** Options of `random.uniform`. */
export interface UniformOptions {
  /** Lower bound, included (default 0). */
  minval?: number;
  /** Upper bound, excluded (default 1; required for integer dtypes). */
  maxval?: number;
  /** The dtype (default float32); int32 and int64 draw integers in [minval, maxval). */
  dtype?: DType;
  /** An op seed: with the global seed it picks the stream. */
  seed?: number;
}

function finite(v: number, what: string, op: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a finite number, got ${String(v)}`);
  }
  return v;
}

/**
 * Normally distributed values (Box–Muller over Philox uniforms).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * tf.random.setSeed(1);
 * const x = tf.random.normal([1000], { mean: 2, stddev: 0.5 });
 * console.log(x.shape); // [1000]
 * ```
 */
export function normal(shape: readonly number[], options?: NormalOptions): Tensor {
  const n = checkShape(shape, "random.normal");
  const dtype = checkDType(options?.dtype ?? "float32", "random.normal");
  if (!isFloat(dtype)) {
    throw new InvalidArgumentError(`random.normal: dtype must be a float dtype, got ${dtype}`);
  }
  const mean = finite(options?.mean ?? 0, "mean", "random.normal");
  const stddev = finite(options?.stddev ?? 1, "stddev", "random.normal");
  const stream = nextStream(options?.seed, "random.normal");
  const backend = currentBackend();
  const out = output(backend, dtype, shape.slice(), n);
  if (n > 0) backend.random(OP.normal, stream, mean, stddev, out);
  return out;
}

/**
 * Uniformly distributed values in [minval, maxval).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const dice = tf.random.uniform([3], { minval: 1, maxval: 7, dtype: "int32", seed: 4 });
 * console.log(dice.dtype); // "int32"
 * ```
 */
export function uniform(shape: readonly number[], options?: UniformOptions): Tensor {
  const n = checkShape(shape, "random.uniform");
  const dtype = checkDType(options?.dtype ?? "float32", "random.uniform");
  const int = !isFloat(dtype);
  if (dtype === "bool" || dtype === "uint8") {
    throw new InvalidArgumentError(`random.uniform: dtype ${dtype} is not supported`);
  }
  if (int && options?.maxval === undefined) {
    throw new InvalidArgumentError(`random.uniform: maxval is required for dtype ${dtype}`);
  }
  const lo = finite(options?.minval ?? 0, "minval", "random.uniform");
  const hi = finite(options?.maxval ?? 1, "maxval", "random.uniform");
  if (!(lo < hi) || (int && (!Number.isInteger(lo) || !Number.isInteger(hi)))) {
    throw new InvalidArgumentError(
      `random.uniform: need minval < maxval${int ? ", both integers," : ""} got [${lo}, ${hi})`,
    );
  }
  const stream = nextStream(options?.seed, "random.uniform");
  const backend = currentBackend();
  const out = output(backend, dtype, shape.slice(), n);
  if (n > 0) backend.random(OP.uniform, stream, lo, hi, out);
  return out;
}
