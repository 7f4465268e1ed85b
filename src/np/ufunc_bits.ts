/**
 * NumPy's bitwise ufuncs and shifts, for integers and bools (floats are NumPy's error).
 *
 * @module
 */
import type { NDArray } from "../ndarray.ts";
import type { ArrayLike } from "./convert.ts";
import { applyUfunc, ufunc1, ufunc2, type UfuncOptions } from "./ufunc_apply.ts";

/**
 * Elementwise bitwise `a & b` of integers or bools.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.bitwise_and(np.array([12, 10], "uint8"), 6).toString()); // [4 2]
 * ```
 */
export function bitwise_and(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("bitwise_and", a, b, options);
}

/**
 * Elementwise bitwise `a | b` of integers or bools.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.bitwise_or(np.array([12, 10], "uint8"), 1).toString()); // [13 11]
 * ```
 */
export function bitwise_or(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("bitwise_or", a, b, options);
}

/**
 * Elementwise bitwise `a ^ b` of integers or bools.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.bitwise_xor([true, true], [true, false]).toString()); // [False  True]
 * ```
 */
export function bitwise_xor(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("bitwise_xor", a, b, options);
}

/**
 * Elementwise bitwise `~x` of integers; for bools, logical not.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.invert(np.array([0, 255], "uint8")).toString()); // [255   0]
 * ```
 */
export function invert(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("invert", x, options);
}

/**
 * `np.bitwise_not`: the same function as `np.invert`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.bitwise_not(np.array([0, -1], "int8")).toString()); // [-1  0]
 * ```
 */
export function bitwise_not(x: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc("invert", [x], "np.bitwise_not", options)[0];
}

/**
 * Elementwise `a << b` in the integer dtype (bits shifted out are lost); a count that is
 * negative or at least the bit width gives 0, as in NumPy.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.left_shift(np.array([1, 1], "int8"), np.array([7, 8], "int8")).toString()); // [-128    0]
 * ```
 */
export function left_shift(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("left_shift", a, b, options);
}

/**
 * Elementwise `a >> b` (arithmetic for signed integers); a count at least the bit width gives
 * 0, or -1 for a negative `a`, as in NumPy.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.right_shift(np.array([-128, 64], "int8"), np.array([9, 2], "int8")).toString()); // [-1 16]
 * ```
 */
export function right_shift(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("right_shift", a, b, options);
}
