// The np exports of src/np/manipulation: OPTIONS holds a call per function or method that takes an
// options object (passing `o` in its place), NO_OPTIONS the names of the others. Read by
// tests/options_walk_test.ts.
import * as np from "../../numpy.ts";
import type { Call } from "./call.ts";

/** Calls that pass the options argument `o` in its place. */
export const OPTIONS: Record<string, Call> = {
  "np.linspace": (o) => np.linspace(0, 1, 5, o),
  "np.logspace": (o) => np.logspace(0, 1, 5, o),
  "np.geomspace": (o) => np.geomspace(1, 2, 5, o),
  "np.eye": (o) => np.eye(2, 2, o),
  "np.squeeze": (o) => np.squeeze([[1]], o),
  "np.concatenate": (o) => np.concatenate([[1], [2]], o),
  "np.stack": (o) => np.stack([[1], [2]], o),
  "np.vstack": (o) => np.vstack([[1], [2]], o),
  "np.hstack": (o) => np.hstack([[1], [2]], o),
  "np.split": (o) => np.split([1, 2], 2, o),
  "np.array_split": (o) => np.array_split([1, 2], 2, o),
  "np.flip": (o) => np.flip([1, 2], o),
  "np.repeat": (o) => np.repeat([1, 2], 2, o),
  "np.roll": (o) => np.roll([1, 2], 1, o),
  "np.rot90": (o) => np.rot90([[1, 2]], o),
  "np.pad": (o) => np.pad([1, 2], 1, o),
  "np.diff": (o) => np.diff([1, 2], o),
  "np.meshgrid": (o) => np.meshgrid([[1, 2]], o),
  "np.indices": (o) => np.indices([2], o),
  "np.fromfunction": (o) => np.fromfunction((i) => i, [2], o),
  "np.diag": (o) => np.diag([1, 2], o),
  "np.diagonal": (o) => np.diagonal([[1, 2]], o),
  "np.trace": (o) => np.trace([[1, 2]], o),
  "np.tril": (o) => np.tril([[1, 2]], o),
  "np.triu": (o) => np.triu([[1, 2]], o),
  "np.isclose": (o) => np.isclose([1], [1], o),
  "np.allclose": (o) => np.allclose([1], [1], o),
  "np.array_equal": (o) => np.array_equal([1], [1], o),
  "np.arrayEqual": (o) => np.arrayEqual([1], [1], o),
  "np.can_cast": (o) => np.can_cast("int8", "int16", o),
};

/** Exports without an options argument. */
export const NO_OPTIONS: readonly string[] = [
  ...["np.array", "np.asarray", "np.astype", "np.arange", "np.zeros", "np.ones", "np.empty"],
  ...["np.full", "np.empty_like", "np.zeros_like", "np.ones_like", "np.full_like"],
  ...["np.identity", "np.reshape", "np.ravel", "np.transpose", "np.swapaxes", "np.moveaxis"],
  ...["np.expand_dims", "np.broadcast_to", "np.broadcast_arrays", "np.broadcast_shapes"],
  ...["np.atleast_1d", "np.atleast_2d", "np.atleast_3d", "np.dstack", "np.column_stack"],
  ...["np.tile", "np.fliplr", "np.flipud", "np.array_equiv", "np.result_type", "np.resultType"],
  ...["np.promote_types", "np.finfo", "np.iinfo"],
];
