/**
 * NumPy's `Generator` over PCG64 and `default_rng`: the same seed gives the same numbers as
 * NumPy, to the bit.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray, type NpTypedArray } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import { type ArrayLike, toArray } from "../convert.ts";
import { boundedIndex, randomInterval } from "./bounded.ts";
import {
  boundedIntegers,
  count,
  fillFloat,
  type FloatDType,
  floatDType,
  type IntDType,
  shapeOf,
  type Size,
} from "./common.ts";
import { PCG64 } from "./pcg64.ts";
import type { Seed } from "./seed_sequence.ts";
import { nextFloat, standardNormal, standardNormalF } from "./ziggurat.ts";

/** Options of `Generator.random` and `Generator.standard_normal`. */
export interface FloatOptions {
  /** "float64" (default) or "float32". */
  dtype?: FloatDType;
}

/** Options of `Generator.integers`. */
export interface IntegersOptions {
  /** "int64" (default), "int32", "uint64" or "uint32". */
  dtype?: IntDType;
  /** Include `high` in the range; false by default. */
  endpoint?: boolean;
}

/** Options of `Generator.choice`. */
export interface ChoiceOptions {
  /** Draw with replacement (default true). */
  replace?: boolean;
  /** Probabilities of each entry (with replacement only). */
  p?: ArrayLike;
}

const FLOAT_KEYS = keysOf<FloatOptions>({ dtype: true });
const INTEGERS_KEYS = keysOf<IntegersOptions>({ dtype: true, endpoint: true });
const CHOICE_KEYS = keysOf<ChoiceOptions>({ replace: true, p: true });

/** Swaps along axis 0 of an NDArray (any strides). */
function rowSwapper(a: NDArray): (i: number, j: number) => void {
  const rel: number[] = [0];
  for (let ax = a.shape.length - 1; ax >= 1; ax--) {
    const base = rel.slice();
    rel.length = 0;
    for (let k = 0; k < a.shape[ax]; k++) for (const r of base) rel.push(r + k * a.strides[ax]);
  }
  const d = a.data as NpTypedArray & { [i: number]: number | bigint };
  const s0 = a.strides[0], off = a.offset;
  return (i, j) => {
    const pi = off + i * s0, pj = off + j * s0;
    for (const r of rel) {
      const t = d[pi + r];
      d[pi + r] = d[pj + r];
      d[pj + r] = t;
    }
  };
}

/** Rows of `a` (along axis 0) at `idx`, as a new array of shape `[...shape, ...a.shape[1:]]`. */
function take(a: NDArray, idx: readonly number[], shape: readonly number[]): NDArray {
  const src = a.contiguousData() as NpTypedArray & { [i: number]: number | bigint };
  const row = count(a.shape.slice(1));
  const Ctor = src.constructor as new (n: number) => NpTypedArray & {
    [i: number]: number | bigint;
  };
  const out = new Ctor(idx.length * row);
  for (let i = 0; i < idx.length; i++) {
    for (let k = 0; k < row; k++) out[i * row + k] = src[idx[i] * row + k];
  }
  return new NDArray(out, [...shape, ...a.shape.slice(1)], a.dtype);
}

/**
 * NumPy's `Generator` (numpy.random.Generator) over a PCG64 bit generator. Methods return
 * NDArrays; without a `size` they return a 0-d NDArray (as `np.sum` returns its scalars).
 */
export class Generator {
  /** The bit generator. */
  readonly bitGenerator: PCG64;

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
    checkOptions(options, FLOAT_KEYS, "Generator.random options");
    const dtype = floatDType(options?.dtype, "Generator.random");
    const shape = shapeOf(size, "Generator.random");
    const g = this.bitGenerator;
    if (dtype === "float32") return fillFloat(shape, dtype, () => nextFloat(g));
    const n = count(shape), data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = g.nextDouble();
    return new NDArray(data, shape, "float64");
  }

  /**
   * Integers in [low, high) (or [low, high] with `endpoint`), by NumPy's Lemire method; with
   * one bound, in [0, low). The default dtype is int64.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.integers(0, 10, 5).toString()); // [0 7 6 4 4]
   * ```
   */
  integers(
    low: number | bigint,
    high?: number | bigint | null,
    size?: Size,
    options?: IntegersOptions,
  ): NDArray {
    checkOptions(options, INTEGERS_KEYS, "Generator.integers options");
    if (high === undefined || high === null) [low, high] = [0, low];
    return boundedIntegers(
      this.bitGenerator,
      low,
      high,
      shapeOf(size, "Generator.integers"),
      options?.dtype,
      options?.endpoint ?? false,
      false,
      "Generator.integers",
    );
  }

  /**
   * Floats uniform in [low, high): `low + (high - low) * next_double`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.uniform(-1, 1, 2).toString()); // [ 0.5479121  -0.12224312]
   * ```
   */
  uniform(low = 0, high = 1, size?: Size): NDArray {
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new InvalidArgumentError(
        `Generator.uniform: high - low must be finite, got low ${low}, high ${high}`,
      );
    }
    const g = this.bitGenerator;
    return fillFloat(
      shapeOf(size, "Generator.uniform"),
      "float64",
      () => low + range * g.nextDouble(),
    );
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
    checkOptions(options, FLOAT_KEYS, "Generator.standard_normal options");
    const dtype = floatDType(options?.dtype, "Generator.standard_normal");
    const g = this.bitGenerator;
    const shape = shapeOf(size, "Generator.standard_normal");
    if (dtype === "float32") return fillFloat(shape, dtype, () => standardNormalF(g));
    const n = count(shape), data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = standardNormal(g);
    return new NDArray(data, shape, "float64");
  }

  /**
   * Normal floats: `loc + scale * standard_normal`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.normal(10, 2, 2).toString()); // [10.60943416  7.92003179]
   * ```
   */
  normal(loc = 0, scale = 1, size?: Size): NDArray {
    if (!(scale >= 0)) {
      throw new InvalidArgumentError(`Generator.normal: scale must be >= 0, got ${scale}`);
    }
    const g = this.bitGenerator;
    return fillFloat(
      shapeOf(size, "Generator.normal"),
      "float64",
      () => loc + scale * standardNormal(g),
    );
  }

  /**
   * Entries of `a` (an array, or `np.arange(a)` for an integer) drawn at random: with
   * replacement (optionally weighted by `p`), or without (Floyd's algorithm or a tail shuffle,
   * then shuffled, as NumPy's default `shuffle=True`).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.choice(10, 3, { replace: false }).toString()); // [9 0 6]
   * ```
   */
  choice(a: number | ArrayLike, size?: Size, options?: ChoiceOptions): NDArray {
    const op = "Generator.choice";
    checkOptions(options, CHOICE_KEYS, `${op} options`);
    const replace = options?.replace ?? true;
    let arr: NDArray | undefined, pop: number;
    if (typeof a === "number") {
      if (!Number.isSafeInteger(a)) {
        throw new InvalidArgumentError(`${op}: a must be an integer or an array, got ${a}`);
      }
      pop = a;
    } else {
      arr = toArray(a, undefined, op);
      if (arr.ndim === 0) {
        throw new InvalidArgumentError(`${op}: a must be a positive integer or at least 1-d`);
      }
      pop = arr.shape[0];
    }
    const shape = shapeOf(size, op), n = count(shape);
    if (pop <= 0 && n !== 0) {
      throw new InvalidArgumentError(
        `${op}: a must be a positive integer unless no samples are taken, got ${pop}`,
      );
    }
    const g = this.bitGenerator;
    let idx: number[];
    if (options?.p !== undefined) {
      if (!replace) {
        throw new InvalidArgumentError(`${op}: p with replace: false is not supported`);
      }
      const p = toArray(options.p, "float64", op);
      if (p.ndim !== 1) throw new InvalidArgumentError(`${op}: p must be 1-dimensional`);
      if (p.size !== pop) {
        throw new InvalidArgumentError(`${op}: a and p must have same size, got ${p.size}`);
      }
      const pd = p.contiguousData() as Float64Array;
      let sum = 0, c = 0; // Kahan, as NumPy's kahan_sum
      for (const v of pd) {
        if (v < 0) throw new InvalidArgumentError(`${op}: probabilities are not non-negative`);
        const y = v - c, t = sum + y;
        c = (t - sum) - y;
        sum = t;
      }
      if (Number.isNaN(sum)) throw new InvalidArgumentError(`${op}: probabilities contain NaN`);
      if (Math.abs(sum - 1) > Math.sqrt(2.220446049250313e-16)) {
        throw new InvalidArgumentError(`${op}: probabilities do not sum to 1, got sum ${sum}`);
      }
      const cdf = new Float64Array(pop);
      let acc = 0;
      for (let i = 0; i < pop; i++) cdf[i] = acc += pd[i];
      const last = cdf[pop - 1];
      for (let i = 0; i < pop; i++) cdf[i] /= last;
      idx = new Array(n);
      for (let i = 0; i < n; i++) {
        const u = g.nextDouble();
        let lo = 0, hi = pop; // first index with cdf > u
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cdf[mid] > u) hi = mid;
          else lo = mid + 1;
        }
        idx[i] = lo;
      }
    } else if (replace) {
      const ints = boundedIntegers(g, 0, pop, shape, "int64", false, false, op);
      idx = Array.from(ints.data as BigInt64Array, Number);
    } else {
      const k = size === undefined ? 1 : n;
      if (k > pop) {
        throw new InvalidArgumentError(
          `${op}: cannot take a larger sample (${k}) than the population (${pop}) with replace: false`,
        );
      }
      if (pop > 10000 && k > Math.floor(pop / 50)) {
        const all = Array.from({ length: pop }, (_, i) => i);
        for (let i = pop - 1; i >= Math.max(pop - k, 1); i--) {
          const j = boundedIndex(g, i);
          [all[i], all[j]] = [all[j], all[i]];
        }
        idx = all.slice(pop - k);
      } else {
        idx = new Array(k);
        const seen = new Set<number>();
        for (let j = pop - k; j < pop; j++) {
          const v = boundedIndex(g, j);
          const pick = seen.has(v) ? j : v;
          seen.add(pick);
          idx[j - pop + k] = pick;
        }
        for (let i = k - 1; i >= 1; i--) {
          const j = boundedIndex(g, i);
          [idx[i], idx[j]] = [idx[j], idx[i]];
        }
      }
    }
    if (arr === undefined) {
      return new NDArray(BigInt64Array.from(idx, BigInt), shape, "int64");
    }
    return take(arr, idx, shape);
  }

  /**
   * A shuffled `np.arange(x)` (int64) for an integer, else a shuffled copy of `x` along axis 0.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const rng = np.random.default_rng(42);
   * console.log(rng.permutation(5).toString()); // [4 2 3 1 0]
   * ```
   */
  permutation(x: number | ArrayLike): NDArray {
    if (typeof x === "number") {
      if (!Number.isSafeInteger(x) || x < 0) {
        throw new InvalidArgumentError(
          `Generator.permutation: x must be a non-negative integer or an array, got ${x}`,
        );
      }
      const a = new NDArray(BigInt64Array.from({ length: x }, (_, i) => BigInt(i)), [x], "int64");
      this.shuffle(a);
      return a;
    }
    const a = toArray(x, undefined, "Generator.permutation");
    const c = new NDArray(a.contiguousData().slice() as NpTypedArray, a.shape, a.dtype);
    this.shuffle(c);
    return c;
  }

  /**
   * Shuffles `x` in place along axis 0 (NumPy's Fisher-Yates order, from the end, by
   * `random_interval`).
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
  shuffle(x: NDArray | unknown[]): void {
    const g = this.bitGenerator;
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 1; i--) {
        const j = randomInterval(g, i);
        [x[i], x[j]] = [x[j], x[i]];
      }
      return;
    }
    if (!(x instanceof NDArray) || x.ndim === 0) {
      throw new InvalidArgumentError(
        `Generator.shuffle: x must be an NDArray of at least 1 dimension or a JS array, got ${
          String(x)
        }`,
      );
    }
    const swap = rowSwapper(x);
    for (let i = x.shape[0] - 1; i >= 1; i--) swap(i, randomInterval(g, i));
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
