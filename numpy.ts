/**
 * The `np` namespace: NumPy's names and NumPy 2's rules over NDArrays, tensors, nested arrays
 * and JS numbers. Promotion is NEP 50's (a JS number is a weak scalar: a weak int when
 * `Number.isInteger`, else a weak float; `np.array` of JS numbers is float64), results are
 * NDArrays in NumPy's dtypes (all twelve: bool, int8-int64, uint8-uint64, float16-float64),
 * computed exactly as NumPy computes them (integers wrap, 64-bit integers use bigints). Results
 * that NumPy returns as scalars (a full `sum`, ...) are 0-d NDArrays here.
 *
 * Files: `load`/`save` (`.npy`), `savez`/`savezCompressed` (`.npz`), and `loadBytes`/`saveBytes`/
 * `savezBytes` without a file system; files round-trip with real NumPy.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * import * as np from "@denotensor/core/numpy";
 * const a = tf.constant([[1, 2], [3, 4]], "int32");
 * console.log(np.multiply(a, tf.add(a, 1)).toString()); // [[ 2  6]\n [12 20]]
 * console.log(np.add(np.array([1, 2], "int8"), 1).dtype); // "int8"
 * ```
 *
 * @module
 */
// Registers the np functions behind NDArray's methods (a.sum(), a.set(), ...).
import "./src/np/methods.ts";
export {
  NDArray,
  type NDArrayOptions,
  type NestedList,
  type NpDType,
  type NpTypedArray,
} from "./src/ndarray.ts";
export type { ArrayLike } from "./src/np/convert.ts";
export * from "./src/np/ufuncs.ts";
export * from "./src/np/reductions.ts";
export * from "./src/np/manipulation.ts";
export * from "./src/np/searching.ts";
export * from "./src/np/products.ts";
export * as linalg from "./src/np/linalg/mod.ts";
export {
  type FilePath,
  load,
  loadBytes,
  type LoadBytesOptions,
  type NpyReadOptions,
  type NpyWriteOptions,
  type NpzArrays,
  save,
  saveBytes,
  savez,
  savezBytes,
  type SavezBytesOptions,
  savezCompressed,
  savezCompressed as savez_compressed,
} from "./src/np/io.ts";
export * as random from "./src/np/random/mod.ts";
