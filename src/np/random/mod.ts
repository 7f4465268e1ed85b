/**
 * `np.random`: NumPy's `Generator` over PCG64 (`default_rng`) and the legacy global
 * RandomState over MT19937 (`seed`, `rand`, `randn`, `randint`, `random_sample`), drawing the
 * same numbers as NumPy to the bit for the same seed.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const rng = np.random.default_rng(0);
 * console.log(rng.integers(0, 100, 3).toString()); // [85 63 51]
 * ```
 *
 * @module
 */
export {
  type ChoiceOptions,
  default_rng,
  type FloatOptions,
  Generator,
  type IntegersOptions,
} from "./generator.ts";
export { PCG64 } from "./pcg64.ts";
export type { BitGen } from "./bitgen.ts";
export type { FloatDType, IntDType, Size } from "./common.ts";
export type { Seed } from "./seed_sequence.ts";
export {
  rand,
  randint,
  type RandintOptions,
  randn,
  random,
  random_sample,
  seed,
} from "./legacy.ts";
