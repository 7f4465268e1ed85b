/**
 * Random tensors from Philox4x32-10 streams (`src/random.ts`): the same seed gives the same
 * numbers on every device. Seeds follow TensorFlow 2's eager rules: `setSeed` makes the
 * sequence of unseeded ops reproducible; an op `seed` picks its own stream.
 *
 * @module
 */
import { currentBackend } from "../device.ts";
import { checkDType, type DType, isFloat, type TypedArray } from "../dtype.ts";
import { input, output, runHost } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";
import { boxMuller, nextStream, philox, philoxWords, uniform53 } from "../random.ts";
import { checkShape } from "../shape.ts";
import type { PhiloxStream } from "../backends/backend.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { constant } from "./creation.ts";
import { gather } from "./indexing.ts";
import { reshape } from "./movement.ts";
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

const NORMAL_KEYS = keysOf<NormalOptions>({ mean: true, stddev: true, dtype: true, seed: true });
const UNIFORM_KEYS = keysOf<UniformOptions>({
  minval: true,
  maxval: true,
  dtype: true,
  seed: true,
});
const SHUFFLE_KEYS = keysOf<ShuffleOptions>({ seed: true });

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
  checkOptions(options, NORMAL_KEYS, "random.normal options");
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
  checkOptions(options, UNIFORM_KEYS, "random.uniform options");
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

/**
 * Fills `out` with standard normals within [-2, 2], scaled: element i tries the four normals of
 * Philox block (i, i / 2^32, call, attempt) for attempt = 0, 1, ... and keeps the first inside
 * the bounds. Each element depends only on its index, so any device could compute the same.
 */
function fillTruncated(stream: PhiloxStream, mean: number, stddev: number, out: TypedArray): void {
  const words = new Uint32Array(4);
  const z = new Float64Array(4);
  const [k0, k1] = stream.key;
  for (let i = 0; i < out.length; i++) {
    let v = NaN;
    for (let attempt = 0; v !== v; attempt++) {
      philox(i >>> 0, Math.floor(i / 4294967296), stream.call >>> 0, attempt, k0, k1, words, 0);
      boxMuller(words[0], words[1], z, 0);
      boxMuller(words[2], words[3], z, 2);
      for (let j = 0; j < 4; j++) {
        if (Math.abs(z[j]) <= 2) {
          v = z[j];
          break;
        }
      }
    }
    out[i] = mean + stddev * v;
  }
}

/**
 * Normally distributed values, redrawn while more than two standard deviations from the mean
 * (TensorFlow's `truncated_normal`). Generated on the host from the op's Philox stream (the same
 * seed rules as `random.normal`), so every device gets the same numbers.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.random.truncatedNormal([1000], { mean: 1, stddev: 0.5, seed: 3 });
 * console.log(x.max().tolist(), x.min().tolist()); // at most 2, at least 0
 * ```
 */
export function truncatedNormal(shape: readonly number[], options?: NormalOptions): Tensor {
  checkOptions(options, NORMAL_KEYS, "random.truncatedNormal options");
  const op = "random.truncatedNormal";
  checkShape(shape, op);
  const dtype = checkDType(options?.dtype ?? "float32", op);
  if (!isFloat(dtype)) {
    throw new InvalidArgumentError(`${op}: dtype must be a float dtype, got ${dtype}`);
  }
  const mean = finite(options?.mean ?? 0, "mean", op);
  const stddev = finite(options?.stddev ?? 1, "stddev", op);
  const stream = nextStream(options?.seed, op);
  const [out] = runHost(op, [], [{ dtype, shape: shape.slice() }], (_, [o]) => {
    fillTruncated(stream, mean, stddev, o);
  });
  return out;
}

/** Options of `random.shuffle`. */
export interface ShuffleOptions {
  /** An op seed: with the global seed it picks the stream. */
  seed?: number;
}

/**
 * The slices of `value` along axis 0 in a random order (TensorFlow's `random.shuffle`): a
 * Fisher–Yates permutation drawn on the host from the op's Philox stream, applied with `gather`
 * (so the result is on the current device, and a gradient flows back to each slice).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.random.shuffle(tf.range(5), { seed: 2 });
 * console.log(tf.sort(x).toString()); // tf.Tensor([0. 1. 2. 3. 4.], shape=(5,), dtype=float32)
 * ```
 */
export function shuffle(value: TensorLike, options?: ShuffleOptions): Tensor {
  checkOptions(options, SHUFFLE_KEYS, "random.shuffle options");
  const op = "random.shuffle";
  const t = input(value, op);
  const stream = nextStream(options?.seed, op);
  if (t.rank === 0) return reshape(t, []);
  const n = t.shape[0];
  if (n > 2 ** 31 - 1) {
    throw new InvalidArgumentError(
      `${op}: ${n} rows are more than its int32 permutation can address (2147483647)`,
    );
  }
  const words = philoxWords(stream, 2 * n);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform53(words[2 * i], words[2 * i + 1]) * (i + 1));
    const tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
  }
  return gather(t, constant(perm, "int32"), 0);
}
