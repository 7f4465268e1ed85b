/**
 * `np.random`: NumPy's `Generator` over PCG64 (`default_rng`: random, integers of every dtype,
 * uniform, normal, standard_normal, exponential, standard_exponential, gamma, standard_gamma,
 * beta, binomial, poisson, choice, permutation, permuted, shuffle, bytes) and the legacy global
 * RandomState over MT19937 (`seed`, `rand`, `randn`, `randint`, `random_sample`,
 * `standard_normal`, `normal`, `uniform`, `choice`, `shuffle`, `permutation`), drawing the same
 * numbers as NumPy to the bit for the same seed, with array parameters broadcast as NumPy
 * broadcasts them.
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
  type AxisOptions,
  type ChoiceOptions,
  default_rng,
  type FloatOptions,
  Generator,
  type IntegersOptions,
  type StandardExponentialOptions,
} from "./generator.ts";
export { PCG64 } from "./pcg64.ts";
export type { BitGen } from "./bitgen.ts";
export type { FloatDType, Size } from "./common.ts";
export type { IntDType } from "./integers.ts";
export type { Param } from "./params.ts";
export type { Seed } from "./seed_sequence.ts";
export {
  choice,
  type LegacyChoiceOptions,
  normal,
  permutation,
  rand,
  randint,
  type RandintOptions,
  randn,
  random,
  random_sample,
  seed,
  shuffle,
  standard_normal,
  uniform,
} from "./legacy.ts";
