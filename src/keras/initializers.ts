/**
 * `tf.keras.initializers`: how layers fill their weights. Random ones draw from `tf.random`, so
 * `tf.random.setSeed` (or an initializer's own `seed`) makes them reproducible.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { constant as constantOp, fill } from "../ops/creation.ts";
import { normal, uniform } from "../ops/random.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";

/**
 * Base class of initializers: `call(shape, dtype)` gives a new tensor.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class Twos extends tf.keras.initializers.Initializer {
 *   call(shape: readonly number[]) { return tf.fill(shape, 2); }
 * }
 * const dense = new tf.keras.layers.Dense({ units: 1, kernelInitializer: new Twos() });
 * console.log(dense.apply([[1, 1]]).tolist()); // [ [ 4 ] ]
 * ```
 */
export abstract class Initializer {
  /** A tensor of `shape` and `dtype` (default float32). */
  abstract call(shape: readonly number[], dtype?: DType): Tensor;
}

/**
 * All zeros.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.Zeros().call([2]).tolist()); // [ 0, 0 ]
 * ```
 */
export class Zeros extends Initializer {
  /** Zeros of `shape`. */
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return fill(shape, 0, dtype);
  }
}

/**
 * All ones.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.Ones().call([2]).tolist()); // [ 1, 1 ]
 * ```
 */
export class Ones extends Initializer {
  /** Ones of `shape`. */
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return fill(shape, 1, dtype);
  }
}

/** Options of `Constant`. */
export interface ConstantOptions {
  /** The value of every element (default 0). */
  value?: number;
}

const CONSTANT_KEYS = keysOf<ConstantOptions>({ value: true });

/**
 * Every element set to `value`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.Constant({ value: 3 }).call([2]).tolist()); // [ 3, 3 ]
 * ```
 */
export class Constant extends Initializer {
  /** The value. */
  readonly value: number;

  /** Checks the value. */
  constructor(options?: ConstantOptions) {
    super();
    checkOptions(options, CONSTANT_KEYS, "Constant options");
    this.value = finite(options?.value ?? 0, "value", "Constant");
  }

  /** `value` everywhere. */
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return fill(shape, this.value, dtype);
  }
}

/** Options of `RandomUniform`. */
export interface RandomUniformOptions {
  /** Lower bound (default -0.05). */
  minval?: number;
  /** Upper bound (default 0.05). */
  maxval?: number;
  /** An op seed for `tf.random.uniform`. */
  seed?: number;
}

const RANDOM_UNIFORM_KEYS = keysOf<RandomUniformOptions>({
  minval: true,
  maxval: true,
  seed: true,
});

/**
 * Uniform in [minval, maxval) (Keras's default for Embedding: ±0.05).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.keras.initializers.RandomUniform({ minval: 0, maxval: 1, seed: 1 }).call([3]);
 * console.log(w.shape); // [ 3 ]
 * ```
 */
export class RandomUniform extends Initializer {
  /** Lower bound. */
  readonly minval: number;
  /** Upper bound. */
  readonly maxval: number;
  /** The op seed. */
  readonly seed?: number;

  /** Checks the options. */
  constructor(options?: RandomUniformOptions) {
    super();
    checkOptions(options, RANDOM_UNIFORM_KEYS, "RandomUniform options");
    this.minval = finite(options?.minval ?? -0.05, "minval", "RandomUniform");
    this.maxval = finite(options?.maxval ?? 0.05, "maxval", "RandomUniform");
    if (!(this.minval < this.maxval)) {
      throw new InvalidArgumentError(
        `RandomUniform: minval must be below maxval, got [${this.minval}, ${this.maxval})`,
      );
    }
    this.seed = seedOf(options?.seed, "RandomUniform");
  }

  /** Draws the values. */
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return uniform(shape, { minval: this.minval, maxval: this.maxval, dtype, seed: this.seed });
  }
}

/** Options of `RandomNormal` and `TruncatedNormal`. */
export interface RandomNormalOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation (default 0.05). */
  stddev?: number;
  /** An op seed for `tf.random.normal`. */
  seed?: number;
}

const RANDOM_NORMAL_KEYS = keysOf<RandomNormalOptions>({ mean: true, stddev: true, seed: true });

/**
 * Normally distributed values.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.keras.initializers.RandomNormal({ stddev: 1, seed: 1 }).call([2, 2]);
 * console.log(w.shape); // [ 2, 2 ]
 * ```
 */
export class RandomNormal extends Initializer {
  /** Mean. */
  readonly mean: number;
  /** Standard deviation. */
  readonly stddev: number;
  /** The op seed. */
  readonly seed?: number;

  /** Checks the options. */
  constructor(options?: RandomNormalOptions) {
    super();
    checkOptions(options, RANDOM_NORMAL_KEYS, `${this.constructor.name} options`);
    this.mean = finite(options?.mean ?? 0, "mean", this.constructor.name);
    this.stddev = finite(options?.stddev ?? 0.05, "stddev", this.constructor.name);
    if (this.stddev < 0) {
      throw new InvalidArgumentError(
        `${this.constructor.name}: stddev must be non-negative, got ${this.stddev}`,
      );
    }
    this.seed = seedOf(options?.seed, this.constructor.name);
  }

  /** Draws the values. */
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return normal(shape, { mean: this.mean, stddev: this.stddev, dtype, seed: this.seed });
  }
}

/**
 * Normal values redrawn until within two standard deviations of the mean.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.keras.initializers.TruncatedNormal({ stddev: 1, seed: 1 }).call([100]);
 * console.log((w.abs().max().item() as number) <= 2); // true
 * ```
 */
export class TruncatedNormal extends RandomNormal {
  /** Draws the values. */
  override call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return truncatedNormal(shape, this.mean, this.stddev, dtype, this.seed);
  }
}

/** Options of `VarianceScaling`. */
export interface VarianceScalingOptions {
  /** Scale of the variance (default 1). */
  scale?: number;
  /** Which fan divides the scale (default "fanIn"). */
  mode?: "fanIn" | "fanOut" | "fanAvg";
  /** The distribution (default "truncatedNormal"). */
  distribution?: "truncatedNormal" | "untruncatedNormal" | "uniform";
  /** An op seed. */
  seed?: number;
}

const VARIANCE_SCALING_KEYS = keysOf<VarianceScalingOptions>({
  scale: true,
  mode: true,
  distribution: true,
  seed: true,
});

/**
 * Keras's VarianceScaling: variance `scale / fan`, from a truncated normal, a normal or a
 * uniform distribution. Glorot, He and LeCun initializers are instances of it.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const init = new tf.keras.initializers.VarianceScaling({ scale: 2, distribution: "uniform" });
 * console.log(init.call([4, 3]).shape); // [ 4, 3 ]
 * ```
 */
export class VarianceScaling extends Initializer {
  /** Scale of the variance. */
  readonly scale: number;
  /** Which fan divides the scale. */
  readonly mode: "fanIn" | "fanOut" | "fanAvg";
  /** The distribution. */
  readonly distribution: "truncatedNormal" | "untruncatedNormal" | "uniform";
  /** The op seed. */
  readonly seed?: number;

  /** Checks the options. */
  constructor(options?: VarianceScalingOptions) {
    super();
    const op = this.constructor.name;
    checkOptions(options, VARIANCE_SCALING_KEYS, `${op} options`);
    this.scale = finite(options?.scale ?? 1, "scale", op);
    if (this.scale <= 0) {
      throw new InvalidArgumentError(`${op}: scale must be positive, got ${this.scale}`);
    }
    const mode = options?.mode ?? "fanIn";
    if (mode !== "fanIn" && mode !== "fanOut" && mode !== "fanAvg") {
      throw new InvalidArgumentError(
        `${op}: mode must be "fanIn", "fanOut" or "fanAvg", got ${JSON.stringify(mode)}`,
      );
    }
    const dist = options?.distribution ?? "truncatedNormal";
    if (dist !== "truncatedNormal" && dist !== "untruncatedNormal" && dist !== "uniform") {
      throw new InvalidArgumentError(
        `${op}: distribution must be "truncatedNormal", "untruncatedNormal" or "uniform", ` +
          `got ${JSON.stringify(dist)}`,
      );
    }
    this.mode = mode;
    this.distribution = dist;
    this.seed = seedOf(options?.seed, op);
  }

  /** Draws the values. */
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const fan = this.mode === "fanIn"
      ? fanIn
      : this.mode === "fanOut"
      ? fanOut
      : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, fan);
    if (this.distribution === "uniform") {
      const limit = Math.sqrt(3 * variance);
      return uniform(shape, { minval: -limit, maxval: limit, dtype, seed: this.seed });
    }
    if (this.distribution === "untruncatedNormal") {
      return normal(shape, { stddev: Math.sqrt(variance), dtype, seed: this.seed });
    }
    // The stddev of a unit normal truncated to [-2, 2], as Keras corrects for it.
    const stddev = Math.sqrt(variance) / 0.87962566103423978;
    return truncatedNormal(shape, 0, stddev, dtype, this.seed);
  }
}

/** Options of the Glorot, He and LeCun initializers. */
export interface SeedOptions {
  /** An op seed. */
  seed?: number;
}

const SEED_KEYS = keysOf<SeedOptions>({ seed: true });

/** The VarianceScaling options of preset `what`, with the seed of its checked `options`. */
function preset(
  what: string,
  options: SeedOptions | undefined,
  scale: number,
  mode: "fanIn" | "fanAvg",
  distribution: "truncatedNormal" | "uniform",
): VarianceScalingOptions {
  return {
    scale,
    mode,
    distribution,
    seed: checkOptions(options, SEED_KEYS, `${what} options`)?.seed,
  };
}

/**
 * Glorot (Xavier) uniform: limit sqrt(6 / (fanIn + fanOut)). Dense's default kernel initializer.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.keras.initializers.GlorotUniform({ seed: 1 }).call([2, 64]);
 * console.log((w.abs().max().item() as number) <= Math.sqrt(6 / 66)); // true
 * ```
 */
export class GlorotUniform extends VarianceScaling {
  /** Keeps the seed. */
  constructor(options?: SeedOptions) {
    super(preset("GlorotUniform", options, 1, "fanAvg", "uniform"));
  }
}

/**
 * Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fanIn + fanOut)).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.GlorotNormal({ seed: 1 }).call([2, 3]).shape); // [ 2, 3 ]
 * ```
 */
export class GlorotNormal extends VarianceScaling {
  /** Keeps the seed. */
  constructor(options?: SeedOptions) {
    super(preset("GlorotNormal", options, 1, "fanAvg", "truncatedNormal"));
  }
}

/**
 * He normal: truncated normal with stddev sqrt(2 / fanIn), for ReLU layers.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.HeNormal({ seed: 1 }).call([2, 3]).shape); // [ 2, 3 ]
 * ```
 */
export class HeNormal extends VarianceScaling {
  /** Keeps the seed. */
  constructor(options?: SeedOptions) {
    super(preset("HeNormal", options, 2, "fanIn", "truncatedNormal"));
  }
}

/**
 * He uniform: limit sqrt(6 / fanIn).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.HeUniform({ seed: 1 }).call([2, 3]).shape); // [ 2, 3 ]
 * ```
 */
export class HeUniform extends VarianceScaling {
  /** Keeps the seed. */
  constructor(options?: SeedOptions) {
    super(preset("HeUniform", options, 2, "fanIn", "uniform"));
  }
}

/**
 * LeCun normal: truncated normal with stddev sqrt(1 / fanIn).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.LecunNormal({ seed: 1 }).call([2, 3]).shape); // [ 2, 3 ]
 * ```
 */
export class LecunNormal extends VarianceScaling {
  /** Keeps the seed. */
  constructor(options?: SeedOptions) {
    super(preset("LecunNormal", options, 1, "fanIn", "truncatedNormal"));
  }
}

/**
 * LeCun uniform: limit sqrt(3 / fanIn).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(new tf.keras.initializers.LecunUniform({ seed: 1 }).call([2, 3]).shape); // [ 2, 3 ]
 * ```
 */
export class LecunUniform extends VarianceScaling {
  /** Keeps the seed. */
  constructor(options?: SeedOptions) {
    super(preset("LecunUniform", options, 1, "fanIn", "uniform"));
  }
}

/** Options of `Orthogonal`. */
export interface OrthogonalOptions {
  /** The factor the orthogonal matrix is multiplied by (default 1). */
  gain?: number;
  /** An op seed for the normal draws. */
  seed?: number;
}

const ORTHOGONAL_KEYS = keysOf<OrthogonalOptions>({ gain: true, seed: true });

/**
 * Keras's Orthogonal: the weight seen as a `[prod(shape[:-1]), shape[-1]]` matrix has
 * orthonormal columns (or rows, when it is wider than tall), times `gain`. It is the Q of the QR
 * decomposition of a matrix of normal draws, each column's sign chosen so that R has a positive
 * diagonal (so Q is uniformly distributed). The default recurrent initializer of SimpleRNN, LSTM
 * and GRU. Shapes of rank below 2 are an error.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const q = new tf.keras.initializers.Orthogonal({ seed: 1 }).call([3, 3], "float64");
 * const qtq = tf.matmul(q, q, { transposeA: true });
 * console.log((qtq.sub(tf.eye(3, 3, "float64")).abs().max().item() as number) < 1e-12); // true
 * ```
 */
export class Orthogonal extends Initializer {
  /** The factor. */
  readonly gain: number;
  /** The op seed. */
  readonly seed?: number;

  /** Checks the options. */
  constructor(options?: OrthogonalOptions) {
    super();
    checkOptions(options, ORTHOGONAL_KEYS, "Orthogonal options");
    this.gain = finite(options?.gain ?? 1, "gain", "Orthogonal");
    this.seed = seedOf(options?.seed, "Orthogonal");
  }

  /** Draws the values. */
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    if (!Array.isArray(shape) || shape.length < 2) {
      throw new InvalidArgumentError(
        `Orthogonal: the shape must have rank 2 or more, got ${JSON.stringify(shape)}`,
      );
    }
    const cols = shape[shape.length - 1];
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const m = Math.max(rows, cols), n = Math.min(rows, cols);
    const draw = normal([m, n], { seed: this.seed, dtype: "float64" });
    const a = Float64Array.from(draw.dataSync() as Float64Array);
    draw.dispose();
    const q = orthonormalColumns(a, m, n);
    // q is [m, n]; a wide weight takes its transpose.
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = this.gain * q[i * n + j];
        if (rows >= cols) out[i * n + j] = v;
        else out[j * m + i] = v;
      }
    }
    return constantOp(out, dtype, shape);
  }
}

/**
 * The Q (`[m, n]`, m >= n, row-major) of the reduced QR decomposition of `a` by Householder
 * reflections, each column multiplied by the sign of R's diagonal entry (Keras's `q * sign(d)`:
 * the unique Q whose R has a positive diagonal).
 */
function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = new Float64Array(m - k);
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[i * n + k] ** 2;
    norm = Math.sqrt(norm);
    const alpha = a[k * n + k] >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i - k] = a[i * n + k];
    v[0] -= alpha;
    let vnorm = 0;
    for (let i = 0; i < v.length; i++) vnorm += v[i] ** 2;
    vnorm = Math.sqrt(vnorm);
    if (vnorm > 0) {
      for (let i = 0; i < v.length; i++) v[i] /= vnorm;
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i - k] * a[i * n + j];
        for (let i = k; i < m; i++) a[i * n + j] -= 2 * v[i - k] * dot;
      }
    }
    vs.push(v);
    diag[k] = a[k * n + k];
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
      for (let i = k; i < m; i++) q[i * n + j] -= 2 * v[i - k] * dot;
    }
  }
  for (let j = 0; j < n; j++) {
    if (diag[j] < 0) { for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j]; }
  }
  return q;
}

/** A function that makes initial values, accepted wherever an Initializer is. */
export type InitializerFunction = (shape: readonly number[], dtype?: DType) => Tensor;

/** What layers accept: a name (`"glorotUniform"`, `"glorot_uniform"`, `"zeros"`...), an
 * Initializer or a function. */
export type InitializerIdentifier = string | Initializer | InitializerFunction;

const NAMES: Record<string, () => Initializer> = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  randomuniform: () => new RandomUniform(),
  uniform: () => new RandomUniform(),
  randomnormal: () => new RandomNormal(),
  normal: () => new RandomNormal(),
  truncatednormal: () => new TruncatedNormal(),
  glorotuniform: () => new GlorotUniform(),
  glorotnormal: () => new GlorotNormal(),
  henormal: () => new HeNormal(),
  heuniform: () => new HeUniform(),
  lecunnormal: () => new LecunNormal(),
  lecununiform: () => new LecunUniform(),
  variancescaling: () => new VarianceScaling(),
  orthogonal: () => new Orthogonal(),
};

/**
 * The initializer for a name (camelCase or Keras's snake_case), an Initializer, or a function.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const init = tf.keras.initializers.get("heNormal");
 * console.log(init.call([3, 2]).shape); // [ 3, 2 ]
 * ```
 */
export function get(identifier: InitializerIdentifier): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === "function") {
    const fn = identifier;
    return new (class extends Initializer {
      call(shape: readonly number[], dtype: DType = "float32"): Tensor {
        return fn(shape, dtype);
      }
    })();
  }
  const key = typeof identifier === "string" ? identifier.replace(/_/g, "").toLowerCase() : "";
  if (!Object.hasOwn(NAMES, key)) {
    throw new InvalidArgumentError(
      `initializers.get: unknown initializer ${JSON.stringify(identifier)}; expected a name ` +
        `such as "glorotUniform", "heNormal" or "zeros", an Initializer or a function`,
    );
  }
  return NAMES[key]();
}

/**
 * Keras's fans of a weight shape: `[fanIn, fanOut]` (for a kernel `[in, out]`, `[in, out]`;
 * leading axes of a convolution kernel multiply both).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.keras.initializers.computeFans([3, 3, 16, 32])); // [ 144, 288 ]
 * ```
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** Normal values, each redrawn until within two standard deviations (on the host). */
function truncatedNormal(
  shape: readonly number[],
  mean: number,
  stddev: number,
  dtype: DType,
  seed: number | undefined,
): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  let filled = 0;
  while (filled < n) {
    // About 95% of the draws are kept; ask for a little more than what is missing.
    const draw = normal([Math.ceil((n - filled) * 1.1) + 8], { seed, dtype: "float64" });
    const values = draw.dataSync();
    draw.dispose();
    for (let i = 0; i < values.length && filled < n; i++) {
      const z = Number(values[i]);
      if (Math.abs(z) <= 2) out[filled++] = mean + stddev * z;
    }
  }
  return constantOp(out, dtype, shape);
}

function finite(v: unknown, what: string, op: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a finite number, got ${String(v)}`);
  }
  return v;
}

function seedOf(seed: unknown, op: string): number | undefined {
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new InvalidArgumentError(`${op}: seed must be an integer, got ${String(seed)}`);
  }
  return seed as number | undefined;
}
