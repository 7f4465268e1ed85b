/**
 * NumPy's legacy global `RandomState` (MT19937): `seed`, `rand`, `randn`, `randint`,
 * `random_sample`/`random`, `standard_normal`, `normal`, `uniform`, `choice`, `shuffle`,
 * `permutation`. Same seed, same numbers as NumPy, to the bit; the normals are NumPy's
 * `legacy_gauss` (polar Box-Muller, the second value cached until the next reseed), `randint`
 * and `choice` use the masked bounded integers.
 *
 * `log` there is glibc's (x86-64 FMA build), emulated bit for bit (libm.ts).
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import { type ArrayLike, toArray } from "../convert.ts";
import { broadcastTo, count, outputShape, type Size } from "./common.ts";
import { boundedIntegers, type IntDType, intDType } from "./integers.ts";
import { MT19937 } from "./mt19937.ts";
import { log } from "./libm.ts";
import { type Param, readParams } from "./params.ts";
import {
  arange64,
  checkP,
  indexArray,
  indicesOf,
  shuffleInPlace,
  takeAlong,
  weighted,
  weightedUnique,
} from "./sampling.ts";
import { osEntropy } from "./seed_sequence.ts";

/** Options of `randint`. */
export interface RandintOptions {
  /** "int64" (default, NumPy's `int`), any other integer dtype, or "bool". */
  dtype?: IntDType;
}

/** Options of the legacy `choice`. */
export interface LegacyChoiceOptions {
  /** Draw with replacement (default true). */
  replace?: boolean;
  /** Probabilities of each entry (1-d, summing to 1). */
  p?: ArrayLike;
}

const RANDINT_KEYS = keysOf<RandintOptions>({ dtype: true });
const CHOICE_KEYS = keysOf<LegacyChoiceOptions>({ replace: true, p: true });

/** The global RandomState: its MT19937 and the cached second gauss. */
const state = { mt: new MT19937(), hasGauss: false, gauss: 0 };
state.mt.initByArray(osEntropy());

/** Uniform floats in [0, 1) of `shape` (`random_sample`). */
function uniforms(shape: readonly number[]): NDArray {
  const n = count(shape), data = new Float64Array(n), mt = state.mt;
  for (let i = 0; i < n; i++) data[i] = mt.nextDouble();
  return new NDArray(data, shape, "float64");
}

/** Standard normals of `shape` (`legacy_gauss`). */
function gaussians(shape: readonly number[]): NDArray {
  const n = count(shape), data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = gauss();
  return new NDArray(data, shape, "float64");
}

/** `legacy_gauss`. */
function gauss(): number {
  if (state.hasGauss) {
    state.hasGauss = false;
    const t = state.gauss;
    state.gauss = 0;
    return t;
  }
  const mt = state.mt;
  let x1, x2, r2;
  do {
    x1 = 2 * mt.nextDouble() - 1;
    x2 = 2 * mt.nextDouble() - 1;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1 || r2 === 0);
  const f = Math.sqrt(-2 * log(r2) / r2);
  state.gauss = f * x1;
  state.hasGauss = true;
  return f * x2;
}

/**
 * Reseeds the global legacy generator as NumPy's `np.random.seed`: an integer in [0, 2**32)
 * by `mt19937_seed`, a non-empty array of them by `init_by_array`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.rand(2).toString()); // [0.37454012 0.95071431]
 * ```
 */
export function seed(s: number | readonly number[]): void {
  const ok = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32;
  if (Array.isArray(s)) {
    if (s.length === 0) throw new InvalidArgumentError("np.random.seed: seed must be non-empty");
    const bad = s.find((v) => !ok(v));
    if (bad !== undefined) {
      throw new InvalidArgumentError(
        `np.random.seed: seed must be between 0 and 2**32 - 1, got ${String(bad)}`,
      );
    }
    state.mt.initByArray(s);
  } else if (ok(s)) {
    state.mt.seed(s as number);
  } else {
    throw new InvalidArgumentError(
      `np.random.seed: seed must be between 0 and 2**32 - 1, got ${String(s)}`,
    );
  }
  state.hasGauss = false;
  state.gauss = 0;
}

/**
 * Floats uniform in [0, 1) of shape `size` (a 0-d NDArray without one).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.random_sample(2).toString()); // [0.37454012 0.95071431]
 * ```
 */
export function random_sample(size?: Size): NDArray {
  return uniforms(outputShape(size, [], "np.random.random_sample"));
}

/**
 * `random_sample` under NumPy's other name.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.random([2]).toString()); // [0.37454012 0.95071431]
 * ```
 */
export function random(size?: Size): NDArray {
  return random_sample(size);
}

/**
 * Floats uniform in [0, 1) of shape `(d0, d1, ...)` (a 0-d NDArray with no arguments).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.rand(2).toString()); // [0.37454012 0.95071431]
 * ```
 */
export function rand(...shape: number[]): NDArray {
  return uniforms(outputShape(shape, [], "np.random.rand"));
}

/**
 * Standard normal floats of shape `(d0, d1, ...)` by NumPy's legacy polar method.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.randn(2).toString()); // [ 0.49671415 -0.1382643 ]
 * ```
 */
export function randn(...shape: number[]): NDArray {
  return gaussians(outputShape(shape, [], "np.random.randn"));
}

/**
 * Integers in [low, high) (in [0, low) with one bound) by NumPy's legacy masked rejection; the
 * bounds may be arrays (broadcast). The default dtype is int64; every integer dtype and "bool"
 * draw NumPy's values for that width.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.randint(0, 10, 5).toString()); // [6 3 7 4 6]
 * ```
 */
export function randint(
  low: number | bigint | ArrayLike,
  high?: number | bigint | ArrayLike | null,
  size?: Size,
  options?: RandintOptions,
): NDArray {
  const op = "np.random.randint";
  checkOptions(options, RANDINT_KEYS, `${op} options`);
  if (high === undefined || high === null) [low, high] = [0, low];
  return boundedIntegers(state.mt, low, high, size, intDType(options?.dtype, op), false, true, op);
}

/**
 * Standard normal floats of shape `size` by NumPy's legacy polar method (as `randn`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.standard_normal(2).toString()); // [ 0.49671415 -0.1382643 ]
 * ```
 */
export function standard_normal(size?: Size): NDArray {
  return gaussians(outputShape(size, [], "np.random.standard_normal"));
}

/**
 * Normal floats `loc + scale * gauss` (the legacy polar method); `loc` and `scale` may be
 * arrays (broadcast), scale must be non-negative.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.normal(10, 2, 2).toString()); // [10.99342831  9.7234714 ]
 * ```
 */
export function normal(loc: Param = 0, scale: Param = 1, size?: Size): NDArray {
  const p = readParams("np.random.normal", size, [
    [loc, "loc", "none"],
    [scale, "scale", "non-negative"],
  ]);
  const n = count(p.shape), out = new Float64Array(n);
  if (p.scalars !== null) {
    const [l, s] = p.scalars;
    for (let i = 0; i < n; i++) out[i] = l + s * gauss();
  } else {
    const [l, s] = p.arrays;
    for (let i = 0; i < n; i++) out[i] = l[i] + s[i] * gauss();
  }
  return new NDArray(out, p.shape, "float64");
}

/**
 * Floats uniform in [low, high): `low + (high - low) * random_sample` (high below low draws in
 * (high, low]); the bounds may be arrays (broadcast), their difference must be finite.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.uniform(-1, 1, 2).toString()); // [-0.25091976  0.90142861]
 * ```
 */
export function uniform(low: Param = 0, high: Param = 1, size?: Size): NDArray {
  const op = "np.random.uniform";
  const f64 = (v: Param) =>
    typeof v === "number"
      ? new NDArray(Float64Array.of(v), [], "float64")
      : toArray(v, "float64", op);
  const lo = f64(low), hi = f64(high);
  const shape = outputShape(undefined, [lo.shape, hi.shape], op);
  const l = broadcastTo(lo, shape) as Float64Array;
  const range = new NDArray(
    (broadcastTo(hi, shape) as Float64Array).map((v, i) => v - l[i]),
    shape,
    "float64",
  );
  for (const r of range.data as Float64Array) {
    if (!Number.isFinite(r)) {
      throw new InvalidArgumentError(`${op}: high - low must be finite, got ${r}`);
    }
  }
  const p = readParams(op, size, [[lo, "low", "none"], [range, "high - low", "none"]]);
  const n = count(p.shape), out = new Float64Array(n), mt = state.mt;
  if (p.scalars !== null) {
    const [a, r] = p.scalars;
    for (let i = 0; i < n; i++) out[i] = a + r * mt.nextDouble();
  } else {
    const [a, r] = p.arrays;
    for (let i = 0; i < n; i++) out[i] = a[i] + r[i] * mt.nextDouble();
  }
  return new NDArray(out, p.shape, "float64");
}

/**
 * Entries of a 1-d `a` (or of `np.arange(a)` for an integer) drawn at random, as NumPy's legacy
 * `choice`: with replacement by `randint` (or weighted by `p`), without by a full permutation's
 * first entries (or NumPy's redraw loop with `p`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.choice(10, 3, { replace: false }).toString()); // [8 1 5]
 * ```
 */
export function choice(a: number | ArrayLike, size?: Size, options?: LegacyChoiceOptions): NDArray {
  const op = "np.random.choice";
  checkOptions(options, CHOICE_KEYS, `${op} options`);
  const replace = options?.replace ?? true;
  let arr: NDArray | undefined, pop: number;
  if (typeof a === "number") {
    if (!Number.isSafeInteger(a)) {
      throw new InvalidArgumentError(`${op}: a must be 1-dimensional or an integer, got ${a}`);
    }
    pop = a;
  } else {
    arr = toArray(a, undefined, op);
    if (arr.ndim !== 1) {
      throw new InvalidArgumentError(
        `${op}: a must be 1-dimensional or an integer, got ${arr.ndim}-d`,
      );
    }
    pop = arr.shape[0];
  }
  const shape = outputShape(size, [], op), n = count(shape);
  if (arr === undefined && pop <= 0 && n !== 0) {
    throw new InvalidArgumentError(
      `${op}: a must be greater than 0 unless no samples are taken, got ${pop}`,
    );
  }
  if (arr !== undefined && pop === 0 && n !== 0) {
    throw new InvalidArgumentError(`${op}: a cannot be empty unless no samples are taken`);
  }
  const p = options?.p === undefined ? undefined : checkP(options.p, pop, op);
  const mt = state.mt;
  const random = (m: number) => {
    const u = new Float64Array(m);
    for (let i = 0; i < m; i++) u[i] = mt.nextDouble();
    return u;
  };
  let idx: Float64Array;
  if (replace) {
    if (p !== undefined) idx = weighted(p, random(n));
    else {
      const ints = boundedIntegers(mt, 0, pop, shape, "int64", false, true, op);
      if (arr === undefined) return ints;
      idx = indicesOf(ints);
    }
  } else {
    if (n > pop) {
      throw new InvalidArgumentError(
        `${op}: cannot take a larger sample (${n}) than the population (${pop}) with replace: false`,
      );
    }
    if (p !== undefined) idx = weightedUnique(p, n, random, op);
    else {
      const perm = arange64(pop);
      shuffleInPlace(mt, perm, 0, op);
      idx = indicesOf(perm).slice(0, n);
    }
  }
  if (arr === undefined) return indexArray(idx, shape);
  return takeAlong(arr, idx, shape, 0);
}

/**
 * Shuffles `x` in place along its first axis (an NDArray) or as a sequence (a JS array), as
 * NumPy's legacy `shuffle`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * const a = [1, 2, 3, 4, 5];
 * np.random.shuffle(a);
 * console.log(a); // [ 2, 5, 3, 1, 4 ]
 * ```
 */
export function shuffle(x: NDArray | unknown[]): void {
  shuffleInPlace(state.mt, x, 0, "np.random.shuffle");
}

/**
 * A shuffled `np.arange(x)` (int64) for an integer, else a shuffled copy of `x` along its
 * first axis, as NumPy's legacy `permutation`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.permutation(5).toString()); // [1 4 2 0 3]
 * ```
 */
export function permutation(x: number | ArrayLike): NDArray {
  const op = "np.random.permutation";
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x) || x < 0) {
      throw new InvalidArgumentError(
        `${op}: x must be a non-negative integer or an array, got ${x}`,
      );
    }
    const a = arange64(x);
    shuffleInPlace(state.mt, a, 0, op);
    return a;
  }
  const a = toArray(x, undefined, op);
  if (a.ndim < 1) {
    throw new InvalidArgumentError(`${op}: x must be an integer or at least 1-dimensional`);
  }
  const perm = arange64(a.shape[0]);
  shuffleInPlace(state.mt, perm, 0, op);
  return takeAlong(a, indicesOf(perm), [a.shape[0]], 0);
}
