/**
 * NumPy's `Generator` over PCG64 and `default_rng`: the same seed gives the same numbers as
 * NumPy, to the bit. Parameters may be numbers or arrays (broadcast together and against `size`
 * as NumPy does); without `size` and with scalar parameters a method returns a 0-d NDArray.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray, type NpTypedArray } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import { type ArrayLike, toArray } from "../convert.ts";
import { boundedIndex } from "./bounded.ts";
import {
  broadcastTo,
  count,
  type FloatDType,
  floatDType,
  kernelFill,
  outputShape,
  type Size,
} from "./common.ts";
import { beta, binomial, type Draws, poisson, standardGamma } from "./distributions.ts";
import { boundedIntegers, type IntDType, intDType } from "./integers.ts";
import { log1p } from "./libm.ts";
import { type Param, readParams } from "./params.ts";
import { kernelOf, PCG64 } from "./pcg64.ts";
import type { Pcg64Kernel } from "./pcg64_kernel.ts";
import {
  arange64,
  axisFirst,
  checkP,
  indexArray,
  indicesOf,
  normalizeAxis,
  shuffleInPlace,
  takeAlong,
  weighted,
  weightedUnique,
} from "./sampling.ts";
import type { Seed } from "./seed_sequence.ts";

/** Options of `Generator.random`, `standard_normal`. */
export interface FloatOptions {
  /** "float64" (default) or "float32". */
  dtype?: FloatDType;
}

/** Options of `Generator.standard_exponential`. */
export interface StandardExponentialOptions {
  /** "float64" (default) or "float32". */
  dtype?: FloatDType;
  /** "zig" (default, NumPy's ziggurat) or "inv" (inversion, `-log1p(-U)`). */
  method?: "zig" | "inv";
}

/** Options of `Generator.integers`. */
export interface IntegersOptions {
  /** "int64" (default), any other integer dtype, or "bool". */
  dtype?: IntDType;
  /** Include `high` in the range; false by default. */
  endpoint?: boolean;
}

/** Options of `Generator.choice`. */
export interface ChoiceOptions {
  /** Draw with replacement (default true). */
  replace?: boolean;
  /** Probabilities of each entry (1-d, summing to 1). */
  p?: ArrayLike;
  /** The axis of `a` to draw from (default 0). */
  axis?: number;
  /** Shuffle a sample drawn without replacement (default true; false keeps Floyd's order). */
  shuffle?: boolean;
}

/** Options of `Generator.shuffle`, `permutation` and `permuted`. */
export interface AxisOptions {
  /** The axis to shuffle along (default 0; `permuted`: all elements as one when omitted). */
  axis?: number;
}

const FLOAT_KEYS = keysOf<FloatOptions>({ dtype: true });
const SEXP_KEYS = keysOf<StandardExponentialOptions>({ dtype: true, method: true });
const INTEGERS_KEYS = keysOf<IntegersOptions>({ dtype: true, endpoint: true });
const CHOICE_KEYS = keysOf<ChoiceOptions>({ replace: true, p: true, axis: true, shuffle: true });
const AXIS_KEYS = keysOf<AxisOptions>({ axis: true });

/** A parameter as a float64 NDArray (0-d for a number). */
function asFloat64(v: Param, op: string): NDArray {
  return typeof v === "number"
    ? new NDArray(Float64Array.of(v), [], "float64")
    : toArray(v, "float64", op);
}

/** The kernel of a Generator's PCG64, as the samplers' draws. */
function drawsOf(k: Pcg64Kernel): Draws {
  return { double: k.next_double, normal: k.normal, exponential: k.exponential };
}

/**
 * NumPy's `Generator` (numpy.random.Generator) over a PCG64 bit generator. Methods return
 * NDArrays; without a `size` and with scalar parameters they return a 0-d NDArray (as `np.sum`
 * returns its scalars).
 */
export class Generator {
  /** The bit generator. */
  readonly bitGenerator: PCG64;
  readonly #k: Pcg64Kernel;
  readonly #d: Draws;

  /**
   * A Generator drawing from `bitGenerator`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const g = new np.random.Generator(new np.random.PCG64(42));
   * console.log(g.random().item()); // 0.7739560485559633
   * ```
   */
  constructor(bitGenerator: PCG64) {
    if (!(bitGenerator instanceof PCG64)) {
      throw new InvalidArgumentError(
        `np.random.Generator: bitGenerator must be a PCG64, got ${String(bitGenerator)}`,
      );
    }
    this.bitGenerator = bitGenerator;
    this.#k = kernelOf(bitGenerator);
    this.#d = drawsOf(this.#k);
  }

  /**
   * Floats uniform in [0, 1): float64 as `(next_uint64 >> 11) * 2**-53`, float32 as
   * `(next_uint32 >> 8) * 2**-24`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.random(3).toString()); // [0.77395605 0.43887844 0.85859792]
   * ```
   */
  random(size?: Size, options?: FloatOptions): NDArray {
    const op = "Generator.random";
    checkOptions(options, FLOAT_KEYS, `${op} options`);
    const dtype = floatDType(options?.dtype, op);
    const shape = outputShape(size, [], op);
    const n = count(shape);
    if (dtype === "float32") return new NDArray(kernelFill(this.#k, "fill_float", n), shape, dtype);
    return new NDArray(kernelFill(this.#k, "fill_double", n), shape, dtype);
  }

  /**
   * Integers in [low, high) (or [low, high] with `endpoint`), by NumPy's Lemire method; with
   * one bound, in [0, low). The bounds may be arrays, broadcast together (and with `size`). The
   * default dtype is int64; every integer dtype and "bool" draw NumPy's values for that width.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.integers(0, 10, 5).toString()); // [0 7 6 4 4]
   * console.log(rng.integers([0, 10], [5, 20]).toString()); // [ 4 10]
   * ```
   */
  integers(
    low: number | bigint | ArrayLike,
    high?: number | bigint | ArrayLike | null,
    size?: Size,
    options?: IntegersOptions,
  ): NDArray {
    const op = "Generator.integers";
    checkOptions(options, INTEGERS_KEYS, `${op} options`);
    if (high === undefined || high === null) [low, high] = [0, low];
    const dt = intDType(options?.dtype, op);
    return boundedIntegers(
      this.bitGenerator,
      low,
      high,
      size,
      dt,
      options?.endpoint ?? false,
      false,
      op,
    );
  }

  /**
   * Floats uniform in [low, high): `low + (high - low) * next_double`. `low` and `high` may be
   * arrays (broadcast); high - low must be finite and non-negative.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.uniform(-1, 1, 2).toString()); // [ 0.5479121  -0.12224312]
   * ```
   */
  uniform(low: Param = 0, high: Param = 1, size?: Size): NDArray {
    const op = "Generator.uniform";
    const lo = asFloat64(low, op), hi = asFloat64(high, op);
    let range: NDArray;
    if (lo.ndim === 0 && hi.ndim === 0) {
      range = asFloat64((hi.item() as number) - (lo.item() as number), op);
    } else {
      const shape = outputShape(undefined, [lo.shape, hi.shape], op);
      const l = broadcastTo(lo, shape) as Float64Array, h = broadcastTo(hi, shape);
      range = new NDArray((h as Float64Array).map((v, i) => v - l[i]), shape, "float64");
    }
    for (const r of range.contiguousData() as Float64Array) {
      if (!Number.isFinite(r)) {
        throw new InvalidArgumentError(`${op}: high - low must be finite, got ${r}`);
      }
    }
    const p = readParams(op, size, [[lo, "low", "none"], [range, "high - low", "non-negative"]]);
    const n = count(p.shape), out = kernelFill(this.#k, "fill_double", n);
    if (p.scalars !== null) {
      const [l, r] = p.scalars;
      for (let i = 0; i < n; i++) out[i] = l + r * out[i];
    } else {
      const [l, r] = p.arrays;
      for (let i = 0; i < n; i++) out[i] = l[i] + r[i] * out[i];
    }
    return new NDArray(out, p.shape, "float64");
  }

  /**
   * Standard normal floats by NumPy's ziggurat (`random_standard_normal`, or its float32
   * variant).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.standard_normal(2).toString()); // [ 0.30471708 -1.03998411]
   * ```
   */
  standard_normal(size?: Size, options?: FloatOptions): NDArray {
    const op = "Generator.standard_normal";
    checkOptions(options, FLOAT_KEYS, `${op} options`);
    const dtype = floatDType(options?.dtype, op);
    const shape = outputShape(size, [], op), n = count(shape);
    if (dtype === "float32") {
      return new NDArray(kernelFill(this.#k, "fill_normal_f", n), shape, dtype);
    }
    return new NDArray(kernelFill(this.#k, "fill_normal", n), shape, dtype);
  }

  /**
   * Normal floats: `loc + scale * standard_normal`; `loc` and `scale` may be arrays (broadcast),
   * scale must be non-negative.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.normal(10, 2, 2).toString()); // [10.60943416  7.92003179]
   * console.log(rng.normal([0, 100], 1).toString()); // [  0.7504512  100.94056472]
   * ```
   */
  normal(loc: Param = 0, scale: Param = 1, size?: Size): NDArray {
    const p = readParams("Generator.normal", size, [
      [loc, "loc", "none"],
      [scale, "scale", "non-negative"],
    ]);
    const n = count(p.shape), out = kernelFill(this.#k, "fill_normal", n);
    if (p.scalars !== null) {
      const [l, s] = p.scalars;
      for (let i = 0; i < n; i++) out[i] = l + s * out[i];
    } else {
      const [l, s] = p.arrays;
      for (let i = 0; i < n; i++) out[i] = l[i] + s[i] * out[i];
    }
    return new NDArray(out, p.shape, "float64");
  }

  /**
   * Standard exponential floats by NumPy's ziggurat (`method: "zig"`, the default) or by
   * inversion (`"inv"`: `-log1p(-U)`); float64 or float32.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.standard_exponential(3).toString()); // [2.4042086  2.33618966 2.384761  ]
   * ```
   */
  standard_exponential(size?: Size, options?: StandardExponentialOptions): NDArray {
    const op = "Generator.standard_exponential";
    checkOptions(options, SEXP_KEYS, `${op} options`);
    const dtype = floatDType(options?.dtype, op);
    const method = options?.method ?? "zig";
    if (method !== "zig" && method !== "inv") {
      throw new InvalidArgumentError(
        `${op}: method must be "zig" or "inv", got ${JSON.stringify(method)}`,
      );
    }
    const shape = outputShape(size, [], op), n = count(shape);
    if (method === "inv") {
      // random_standard_exponential_inv_fill(_f): -log1p(-next_double), or of next_float in
      // double then rounded.
      const src: Float64Array | Float32Array = dtype === "float32"
        ? kernelFill(this.#k, "fill_float", n)
        : kernelFill(this.#k, "fill_double", n);
      for (let i = 0; i < n; i++) src[i] = -log1p(-src[i]);
      return new NDArray(src, shape, dtype);
    }
    if (dtype === "float32") {
      return new NDArray(kernelFill(this.#k, "fill_exponential_f", n), shape, dtype);
    }
    return new NDArray(kernelFill(this.#k, "fill_exponential", n), shape, dtype);
  }

  /**
   * Exponential floats: `scale * standard_exponential` (ziggurat); `scale` may be an array,
   * and must be non-negative.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.exponential(2, 2).toString()); // [4.80841721 4.67237931]
   * ```
   */
  exponential(scale: Param = 1, size?: Size): NDArray {
    const p = readParams("Generator.exponential", size, [[scale, "scale", "non-negative"]]);
    const n = count(p.shape), out = kernelFill(this.#k, "fill_exponential", n);
    if (p.scalars !== null) {
      const s = p.scalars[0];
      for (let i = 0; i < n; i++) out[i] = s * out[i];
    } else {
      const s = p.arrays[0];
      for (let i = 0; i < n; i++) out[i] = s[i] * out[i];
    }
    return new NDArray(out, p.shape, "float64");
  }

  /** A float64 draw per element of one- or two-parameter sampler `f`. */
  #each(
    op: string,
    size: Size | undefined,
    params: readonly (readonly [Param, string, "non-negative" | "positive"])[],
    f: (d: Draws, a: number, b: number) => number,
  ): NDArray {
    const p = readParams(op, size, params);
    const n = count(p.shape), out = new Float64Array(n), d = this.#d;
    if (p.scalars !== null) {
      const [a, b] = p.scalars;
      for (let i = 0; i < n; i++) out[i] = f(d, a, b);
    } else {
      const [a, b] = p.arrays;
      for (let i = 0; i < n; i++) out[i] = f(d, a[i], b?.[i]);
    }
    return new NDArray(out, p.shape, "float64");
  }

  /**
   * Standard gamma floats (`random_standard_gamma`: Marsaglia and Tsang's method for shape >= 1,
   * rejection from an exponential below); `shape` may be an array, and must be non-negative.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.standard_gamma(2, 3).toString()); // [2.09181727 2.83534559 1.83721558]
   * ```
   */
  standard_gamma(shape: Param, size?: Size): NDArray {
    return this.#each(
      "Generator.standard_gamma",
      size,
      [[shape, "shape", "non-negative"]],
      standardGamma,
    );
  }

  /**
   * Gamma floats: `scale * standard_gamma(shape)`; both may be arrays, both non-negative.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.gamma(2, 0.5, 2).toString()); // [1.04590864 1.41767279]
   * ```
   */
  gamma(shape: Param, scale: Param = 1, size?: Size): NDArray {
    return this.#each(
      "Generator.gamma",
      size,
      [[shape, "shape", "non-negative"], [scale, "scale", "non-negative"]],
      (d, k, s) => s * standardGamma(d, k),
    );
  }

  /**
   * Beta floats (`random_beta`: Johnk's algorithm when a, b <= 1, else from two gammas); `a` and
   * `b` may be arrays, both positive.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.beta(2, 3, 2).toString()); // [0.33841184 0.41040973]
   * ```
   */
  beta(a: Param, b: Param, size?: Size): NDArray {
    return this.#each("Generator.beta", size, [[a, "a", "positive"], [b, "b", "positive"]], beta);
  }

  /**
   * Binomial counts (int64): `n` trials of probability `p` each (NumPy's inversion for
   * n p <= 30, else BTPE); both may be arrays. `n` must be a non-negative integer (below 2**53),
   * `p` in [0, 1].
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.binomial(10, 0.5, 5).toString()); // [6 5 7 6 3]
   * ```
   */
  binomial(n: Param, p: Param, size?: Size): NDArray {
    const op = "Generator.binomial";
    const ns = typeof n === "number" ? n : toArray(n, undefined, op);
    const nArr = typeof ns === "number" ? ns : toArray(ns, "float64", op);
    const nd = typeof nArr === "number" ? [nArr] : nArr.contiguousData() as Float64Array;
    for (const v of nd) {
      if (!Number.isSafeInteger(v)) {
        throw new InvalidArgumentError(`${op}: n must be an integer, got ${v}`);
      }
    }
    const pr = readParams(op, size, [[p, "p", "probability"], [nArr, "n", "non-negative"]]);
    const cnt = count(pr.shape), out = new Float64Array(cnt), d = this.#d;
    if (pr.scalars !== null) {
      const [pp, nn] = pr.scalars;
      for (let i = 0; i < cnt; i++) out[i] = binomial(d, pp, nn);
    } else {
      const [pp, nn] = pr.arrays;
      for (let i = 0; i < cnt; i++) out[i] = binomial(d, pp[i], nn[i]);
    }
    return indexArray(out, pr.shape);
  }

  /**
   * Poisson counts (int64) of rate `lam` (NumPy's multiplication method below 10, PTRS from 10);
   * `lam` may be an array, non-negative and not too large.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.poisson(3, 5).toString()); // [4 4 5 1 7]
   * ```
   */
  poisson(lam: Param = 1, size?: Size): NDArray {
    const p = readParams("Generator.poisson", size, [[lam, "lam", "poisson"]]);
    const n = count(p.shape), out = new Float64Array(n), d = this.#d;
    if (p.scalars !== null) {
      const l = p.scalars[0];
      for (let i = 0; i < n; i++) out[i] = poisson(d, l);
    } else {
      const l = p.arrays[0];
      for (let i = 0; i < n; i++) out[i] = poisson(d, l[i]);
    }
    return indexArray(out, p.shape);
  }

  /**
   * Entries of `a` (an array, or `np.arange(a)` for an integer) drawn at random along `axis`:
   * with replacement (optionally weighted by `p`: cdf and `searchsorted`), or without (Floyd's
   * algorithm or a tail shuffle, then shuffled unless `shuffle: false`; with `p`, NumPy's
   * redraw loop).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.choice(10, 3, { replace: false }).toString()); // [9 0 6]
   * console.log(rng.choice(3, 4, { p: [0.1, 0.1, 0.8] }).toString()); // [2 0 2 2]
   * ```
   */
  choice(a: number | ArrayLike, size?: Size, options?: ChoiceOptions): NDArray {
    const op = "Generator.choice";
    checkOptions(options, CHOICE_KEYS, `${op} options`);
    const replace = options?.replace ?? true, shuffle = options?.shuffle ?? true;
    let arr: NDArray | undefined, pop: number, axis = 0;
    if (typeof a === "number") {
      if (!Number.isSafeInteger(a)) {
        throw new InvalidArgumentError(`${op}: a must be an integer or an array, got ${a}`);
      }
      pop = a;
    } else {
      arr = toArray(a, undefined, op);
      if (arr.ndim === 0) {
        throw new InvalidArgumentError(`${op}: a must be an integer or at least 1-d`);
      }
      axis = normalizeAxis(options?.axis ?? 0, arr.ndim, op);
      pop = arr.shape[axis];
    }
    const shape = outputShape(size, [], op), n = count(shape);
    if (arr === undefined && pop <= 0 && n !== 0) {
      throw new InvalidArgumentError(
        `${op}: a must be a positive integer unless no samples are taken, got ${pop}`,
      );
    }
    if (arr !== undefined && pop === 0 && n !== 0) {
      throw new InvalidArgumentError(`${op}: a cannot be empty unless no samples are taken`);
    }
    const p = options?.p === undefined ? undefined : checkP(options.p, pop, op);
    let idx: Float64Array;
    if (replace) {
      if (p !== undefined) idx = weighted(p, kernelFill(this.#k, "fill_double", n));
      else {
        const ints = boundedIntegers(this.bitGenerator, 0, pop, shape, "int64", false, false, op);
        if (arr === undefined) return ints;
        idx = indicesOf(ints);
      }
    } else {
      if (n > pop) {
        throw new InvalidArgumentError(
          `${op}: cannot take a larger sample (${n}) than the population (${pop}) with replace: false`,
        );
      }
      if (p !== undefined) {
        idx = weightedUnique(p, n, (m) => kernelFill(this.#k, "fill_double", m), op);
      } else idx = this.#sampleNoReplace(pop, n, shuffle);
    }
    if (arr === undefined) return indexArray(idx, shape);
    return takeAlong(arr, idx, shape, axis);
  }

  /** NumPy's sampling without replacement of `k` of `pop`: tail shuffle or Floyd's algorithm. */
  #sampleNoReplace(pop: number, k: number, shuffle: boolean): Float64Array {
    const g = this.bitGenerator;
    const cutoff = shuffle ? 50 : 20;
    if (pop > 10000 && k > Math.floor(pop / cutoff)) {
      const all = new Float64Array(pop);
      for (let i = 0; i < pop; i++) all[i] = i;
      for (let i = pop - 1; i >= Math.max(pop - k, 1); i--) {
        const j = boundedIndex(g, i);
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      return all.slice(pop - k);
    }
    const idx = new Float64Array(k);
    const seen = new Set<number>();
    for (let j = pop - k; j < pop; j++) {
      const v = boundedIndex(g, j);
      const pick = seen.has(v) ? j : v;
      seen.add(pick);
      idx[j - pop + k] = pick;
    }
    if (shuffle) {
      for (let i = k - 1; i >= 1; i--) {
        const j = boundedIndex(g, i);
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
    }
    return idx;
  }

  /**
   * A shuffled `np.arange(x)` (int64) for an integer, else a shuffled copy of `x` along `axis`
   * (default 0).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.permutation(5).toString()); // [4 2 3 1 0]
   * ```
   */
  permutation(x: number | ArrayLike, options?: AxisOptions): NDArray {
    const op = "Generator.permutation";
    checkOptions(options, AXIS_KEYS, `${op} options`);
    if (typeof x === "number") {
      if (!Number.isSafeInteger(x) || x < 0) {
        throw new InvalidArgumentError(
          `${op}: x must be a non-negative integer or an array, got ${x}`,
        );
      }
      const a = arange64(x);
      shuffleInPlace(this.bitGenerator, a, 0, op);
      return a;
    }
    const a = toArray(x, undefined, op);
    const axis = normalizeAxis(options?.axis ?? 0, a.ndim, op);
    const perm = arange64(a.shape[axis]);
    shuffleInPlace(this.bitGenerator, perm, 0, op);
    return takeAlong(a, indicesOf(perm), [a.shape[axis]], axis);
  }

  /**
   * Shuffles `x` in place along `axis` (default 0): NumPy's Fisher-Yates order, from the end, by
   * `random_interval`. A JS array is shuffled as a sequence.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * const a = [1, 2, 3, 4, 5];
   * rng.shuffle(a);
   * console.log(a); // [ 5, 3, 4, 2, 1 ]
   * ```
   */
  shuffle(x: NDArray | unknown[], options?: AxisOptions): void {
    const op = "Generator.shuffle";
    checkOptions(options, AXIS_KEYS, `${op} options`);
    shuffleInPlace(this.bitGenerator, x, options?.axis, op);
  }

  /**
   * A copy of `x` with each slice along `axis` shuffled independently (NumPy's `permuted`); with
   * no axis, all elements shuffled as one flat array.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * const a = np.array([[1, 2, 3], [4, 5, 6]], "int32");
   * console.log(rng.permuted(a, { axis: 1 }).toString()); // [[3 2 1]\n [4 6 5]]
   * ```
   */
  permuted(x: ArrayLike, options?: AxisOptions): NDArray {
    const op = "Generator.permuted";
    checkOptions(options, AXIS_KEYS, `${op} options`);
    const a = toArray(x, undefined, op);
    const out = new NDArray(a.contiguousData().slice() as NpTypedArray, a.shape, a.dtype);
    if (options?.axis === undefined) {
      shuffleInPlace(this.bitGenerator, new NDArray(out.data, [out.size], out.dtype), 0, op);
      return out;
    }
    const axis = normalizeAxis(options.axis, a.ndim, op);
    // Each 1-d slice along `axis`, the others in C order, shuffled from its end down to 0.
    const moved = axisFirst(out, axis);
    const others = moved.shape.slice(1), strides = moved.strides.slice(1);
    const m = count(others), len = moved.shape[0];
    const pos = new Array<number>(others.length).fill(0);
    for (let s = 0; s < m; s++) {
      let off = 0;
      for (let d = 0; d < others.length; d++) off += pos[d] * strides[d];
      if (len > 0) {
        shuffleInPlace(
          this.bitGenerator,
          new NDArray(out.data, [len], out.dtype, { strides: [moved.strides[0]], offset: off }),
          0,
          op,
        );
      }
      for (let d = others.length - 1; d >= 0; d--) {
        if (++pos[d] < others[d]) break;
        pos[d] = 0;
      }
    }
    return out;
  }

  /**
   * `length` random bytes: uint32 draws as little-endian bytes (NumPy's `bytes`).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.random.default_rng(42).bytes(4)); // Uint8Array(4) [ 136, 38, 217, 22 ]
   * ```
   */
  bytes(length: number): Uint8Array {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new InvalidArgumentError(
        `Generator.bytes: length must be a non-negative integer, got ${length}`,
      );
    }
    // NumPy's C division: bytes(0) still draws one word.
    const words = Math.trunc((length - 1) / 4) + 1;
    const ints = boundedIntegers(
      this.bitGenerator,
      0,
      4294967296,
      words,
      "uint32",
      false,
      false,
      "Generator.bytes",
    );
    return new Uint8Array(ints.data.buffer, 0, length);
  }
}

/**
 * A `Generator` over PCG64 seeded through NumPy's SeedSequence: `default_rng(seed)` draws the
 * numbers NumPy's `np.random.default_rng(seed)` draws. The seed is a non-negative integer
 * (number or bigint, any size) or an array of them; omitted, it is fresh OS entropy.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const rng = np.random.default_rng(42);
 * console.log(rng.random().item()); // 0.7739560485559633
 * ```
 */
export function default_rng(seed?: Seed): Generator {
  return new Generator(new PCG64(seed));
}
