// The np exports of src/np/random: OPTIONS holds a call per function or method that takes an
// options object (passing `o` in its place), NO_OPTIONS the names of the others. Read by
// tests/options_walk_test.ts.
import * as np from "../../numpy.ts";
import type { Call } from "./call.ts";

const rng = () => np.random.default_rng(0);

/** Calls that pass the options argument `o` in its place. */
export const OPTIONS: Record<string, Call> = {
  "np.random.Generator#random": (o) => rng().random(2, o),
  "np.random.Generator#integers": (o) => rng().integers(0, 5, 2, o),
  "np.random.Generator#standard_normal": (o) => rng().standard_normal(2, o),
  "np.random.Generator#standard_exponential": (o) => rng().standard_exponential(2, o),
  "np.random.Generator#choice": (o) => rng().choice(5, 2, o),
  "np.random.Generator#permutation": (o) => rng().permutation(3, o),
  "np.random.Generator#shuffle": (o) => rng().shuffle([1, 2, 3], o),
  "np.random.Generator#permuted": (o) => rng().permuted([1, 2, 3], o),
  "np.random.randint": (o) => np.random.randint(0, 5, 2, o),
  "np.random.choice": (o) => np.random.choice(5, 2, o),
};

/** Exports without an options argument. */
export const NO_OPTIONS: readonly string[] = [
  ...["np.random.default_rng", "np.random.Generator", "np.random.PCG64", "np.random.rand"],
  ...["np.random.randn", "np.random.random", "np.random.random_sample", "np.random.seed"],
  ...["np.random.standard_normal", "np.random.normal", "np.random.uniform"],
  ...["np.random.shuffle", "np.random.permutation"],
];
