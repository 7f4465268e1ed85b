// The np exports of src/np/linalg: OPTIONS holds a call per function or method that takes an
// options object (passing `o` in its place), NO_OPTIONS the names of the others. Read by
// tests/options_walk_test.ts.
import * as np from "../../numpy.ts";
import type { Call } from "./call.ts";

const m = [[2, 1], [1, 2]];

/** Calls that pass the options argument `o` in its place. */
export const OPTIONS: Record<string, Call> = {
  "np.cross": (o) => np.cross([1, 0, 0], [0, 1, 0], o),
  "np.linalg.norm": (o) => np.linalg.norm(m, o),
  "np.linalg.cholesky": (o) => np.linalg.cholesky(m, o),
  "np.linalg.qr": (o) => np.linalg.qr(m, o),
  "np.linalg.eigh": (o) => np.linalg.eigh(m, o),
  "np.linalg.eigvalsh": (o) => np.linalg.eigvalsh(m, o),
  "np.linalg.svd": (o) => np.linalg.svd(m, o),
  "np.linalg.lstsq": (o) => np.linalg.lstsq(m, [1, 1], o),
  "np.linalg.pinv": (o) => np.linalg.pinv(m, o),
  "np.linalg.matrix_rank": (o) => np.linalg.matrix_rank(m, o),
};

/** Exports without an options argument. */
export const NO_OPTIONS: readonly string[] = [
  ...["np.dot", "np.vdot", "np.inner", "np.outer", "np.matmul", "np.tensordot", "np.einsum"],
  "np.kron",
  ...["np.linalg.inv", "np.linalg.det", "np.linalg.slogdet", "np.linalg.solve"],
  ...["np.linalg.svdvals", "np.linalg.matrix_power", "np.linalg.multi_dot"],
  "np.linalg.lapackInfo",
];
