/**
 * NumPy's exponential, logarithm, root and square ufuncs. Integer inputs take NumPy's float loop
 * (int8/uint8/bool give float16, int16/uint16 float32, wider integers float64).
 *
 * @module
 */
import type { NDArray } from "../ndarray.ts";
import type { ArrayLike } from "./convert.ts";
import { ufunc1, ufunc2, type UfuncOptions } from "./ufunc_apply.ts";

/**
 * Elementwise `e ** x`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.exp([0, 1]).toString()); // [1.         2.71828183]
 * ```
 */
export function exp(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("exp", x, options);
}

/**
 * Elementwise `2 ** x`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.exp2([0, 3, -1]).toString()); // [1.  8.  0.5]
 * ```
 */
export function exp2(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("exp2", x, options);
}

/**
 * Elementwise `e ** x - 1`, accurate for small `x`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.expm1([1e-10]).toString()); // [1.e-10]
 * ```
 */
export function expm1(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("expm1", x, options);
}

/**
 * Elementwise natural logarithm (NaN below 0, -inf at 0).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.log([1, Math.E, 0]).toString()); // [  0.   1. -inf]
 * ```
 */
export function log(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("log", x, options);
}

/**
 * Elementwise base-2 logarithm.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.log2([1, 8, 0.5]).toString()); // [ 0.  3. -1.]
 * ```
 */
export function log2(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("log2", x, options);
}

/**
 * Elementwise base-10 logarithm.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.log10([1, 1000]).toString()); // [0. 3.]
 * ```
 */
export function log10(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("log10", x, options);
}

/**
 * Elementwise `log(1 + x)`, accurate for small `x`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.log1p([1e-10]).toString()); // [1.e-10]
 * ```
 */
export function log1p(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("log1p", x, options);
}

/**
 * Elementwise `log(e ** a + e ** b)` without overflow.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.logaddexp([1000], [1000]).toString()); // [1000.69314718]
 * ```
 */
export function logaddexp(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("logaddexp", a, b, options);
}

/**
 * Elementwise `log2(2 ** a + 2 ** b)` without overflow.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.logaddexp2([3], [3]).toString()); // [4.]
 * ```
 */
export function logaddexp2(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("logaddexp2", a, b, options);
}

/**
 * Elementwise square root, correctly rounded (NaN below 0).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.sqrt(np.array([4, 2], "int32")).toString()); // [2.         1.41421356]
 * ```
 */
export function sqrt(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("sqrt", x, options);
}

/**
 * Elementwise cube root (negative inputs give negative roots).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.cbrt([27, -8]).toString()); // [ 3. -2.]
 * ```
 */
export function cbrt(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("cbrt", x, options);
}

/**
 * Elementwise `x * x` in the input's dtype (integers wrap; bool gives int8, as NumPy).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.square(np.array([3, 16], "int8")).toString()); // [9 0]
 * ```
 */
export function square(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("square", x, options);
}
