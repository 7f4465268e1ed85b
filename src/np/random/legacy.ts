/**
 * NumPy's legacy global `RandomState` (MT19937): `seed`, `rand`, `randn`, `randint`,
 * `random_sample`/`random`. Same seed, same numbers as NumPy, to the bit; `randn` is NumPy's
 * `legacy_gauss` (polar Box-Muller, the second value cached until the next reseed).
 *
 * `log` there is glibc's (x86-64 FMA build), emulated bit for bit by glibc_log.ts.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import type { NDArray } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import { boundedIntegers, fillFloat, type IntDType, shapeOf, type Size } from "./common.ts";
import { MT19937 } from "./mt19937.ts";
import { glibcLog } from "./glibc_log.ts";
import { osEntropy } from "./seed_sequence.ts";

/** Options of `randint`. */
export interface RandintOptions {
  /** "int64" (default, NumPy's `int`), "int32", "uint64" or "uint32". */
  dtype?: IntDType;
}

const RANDINT_KEYS = keysOf<RandintOptions>({ dtype: true });

/** The global RandomState: its MT19937 and the cached second gauss. */
const state = { mt: new MT19937(), hasGauss: false, gauss: 0 };
state.mt.initByArray(osEntropy());

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
  const f = Math.sqrt(-2 * glibcLog(r2) / r2);
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
  const mt = state.mt;
  return fillFloat(shapeOf(size, "np.random.random_sample"), "float64", () => mt.nextDouble());
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
  const mt = state.mt;
  return fillFloat(shapeOf(shape, "np.random.rand"), "float64", () => mt.nextDouble());
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
  return fillFloat(shapeOf(shape, "np.random.randn"), "float64", gauss);
}

/**
 * Integers in [low, high) (in [0, low) with one bound) by NumPy's legacy masked rejection; the
 * default dtype is int64.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * np.random.seed(42);
 * console.log(np.random.randint(0, 10, 5).toString()); // [6 3 7 4 6]
 * ```
 */
export function randint(
  low: number | bigint,
  high?: number | bigint | null,
  size?: Size,
  options?: RandintOptions,
): NDArray {
  checkOptions(options, RANDINT_KEYS, "np.random.randint options");
  if (high === undefined || high === null) [low, high] = [0, low];
  return boundedIntegers(
    state.mt,
    low,
    high,
    shapeOf(size, "np.random.randint"),
    options?.dtype,
    false,
    true,
    "np.random.randint",
  );
}
