// The np exports of src/np/searching: OPTIONS holds a call per function or method that takes an
// options object (passing `o` in its place), NO_OPTIONS the names of the others. Read by
// tests/options_walk_test.ts.
import * as np from "../../numpy.ts";
import type { Call } from "./call.ts";

const a = np.array([3, 1, 2]);

/** Calls that pass the options argument `o` in its place. */
export const OPTIONS: Record<string, Call> = {
  "np.sort": (o) => np.sort(a, o),
  "np.argsort": (o) => np.argsort(a, o),
  "np.partition": (o) => np.partition(a, 1, o),
  "np.argpartition": (o) => np.argpartition(a, 1, o),
  "np.searchsorted": (o) => np.searchsorted([1, 2, 3], 2, o),
  "np.take": (o) => np.take(a, [0], o),
  "np.take_along_axis": (o) => np.take_along_axis(a, np.array([0], "int64"), o),
  "np.unique": (o) => np.unique(a, o),
  "np.isin": (o) => np.isin(a, [1], o),
  "np.intersect1d": (o) => np.intersect1d(a, [1], o),
  "np.setdiff1d": (o) => np.setdiff1d(a, [1], o),
  "np.setxor1d": (o) => np.setxor1d(a, [1], o),
  "np.bincount": (o) => np.bincount([0, 1], o),
  "np.histogram": (o) => np.histogram(a, o),
  "np.digitize": (o) => np.digitize(a, [1, 2], o),
};

/** Exports without an options argument. */
export const NO_OPTIONS: readonly string[] = [
  ...["np.put_along_axis", "np.nonzero", "np.argwhere", "np.flatnonzero", "np.union1d"],
];
