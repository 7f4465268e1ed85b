/**
 * NumPy's comparison, logical, extremum and float-classification ufuncs. Comparisons return bool
 * and compare integers exactly whatever their signedness (NumPy 2); `maximum`/`minimum` propagate
 * NaN and `fmax`/`fmin` ignore it.
 *
 * @module
 */
import type { NDArray } from "../ndarray.ts";
import type { ArrayLike } from "./convert.ts";
import { ufunc1, ufunc2, type UfuncOptions } from "./ufunc_apply.ts";

/**
 * Elementwise `a == b` as bool (integers of any signedness compare exactly; NaN is unequal to
 * everything).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.equal(np.array([1, 2], "int8"), [1, 3]).toString()); // [ True False]
 * ```
 */
export function equal(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("equal", a, b, options);
}

/**
 * Elementwise `a != b` as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.not_equal([1, NaN], [1, NaN]).toString()); // [False  True]
 * ```
 */
export function not_equal(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("not_equal", a, b, options);
}

/**
 * Elementwise `a < b` as bool (a JS integer beyond an integer array's range compares exactly,
 * as in NumPy 2).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.less(np.array([0, 200], "uint8"), 300).toString()); // [ True  True]
 * ```
 */
export function less(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("less", a, b, options);
}

/**
 * Elementwise `a <= b` as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.less_equal([1, 2, 3], 2).toString()); // [ True  True False]
 * ```
 */
export function less_equal(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("less_equal", a, b, options);
}

/**
 * Elementwise `a > b` as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.greater(np.array([-1n], "int64"), np.array([2n ** 63n], "uint64")).toString()); // [False]
 * ```
 */
export function greater(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("greater", a, b, options);
}

/**
 * Elementwise `a >= b` as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.greater_equal([1, 2, 3], 2).toString()); // [False  True  True]
 * ```
 */
export function greater_equal(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("greater_equal", a, b, options);
}

/**
 * Elementwise truth of `a && b` as bool (nonzero is true, NaN included).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.logical_and([1, 0, NaN], [2, 2, 1]).toString()); // [ True False  True]
 * ```
 */
export function logical_and(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("logical_and", a, b, options);
}

/**
 * Elementwise truth of `a || b` as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.logical_or([true, false], [false, false]).toString()); // [ True False]
 * ```
 */
export function logical_or(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("logical_or", a, b, options);
}

/**
 * Elementwise truth of `a` xor `b` as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.logical_xor([true, true], [true, false]).toString()); // [False  True]
 * ```
 */
export function logical_xor(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("logical_xor", a, b, options);
}

/**
 * Elementwise truth of `!x` as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.logical_not([0, 2, NaN]).toString()); // [ True False False]
 * ```
 */
export function logical_not(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("logical_not", x, options);
}

/**
 * Elementwise maximum; a NaN in either input gives NaN (see `np.fmax`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.maximum([1, 5, NaN], [3, 2, 0]).toString()); // [ 3.  5. nan]
 * ```
 */
export function maximum(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("maximum", a, b, options);
}

/**
 * Elementwise minimum; a NaN in either input gives NaN (see `np.fmin`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.minimum([1, 5, NaN], [3, 2, 0]).toString()); // [ 1.  2. nan]
 * ```
 */
export function minimum(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("minimum", a, b, options);
}

/**
 * Elementwise maximum ignoring NaN: NaN only where both are NaN.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.fmax([1, NaN], [NaN, NaN]).toString()); // [ 1. nan]
 * ```
 */
export function fmax(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("fmax", a, b, options);
}

/**
 * Elementwise minimum ignoring NaN: NaN only where both are NaN.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.fmin([1, NaN], [0, 2]).toString()); // [0. 2.]
 * ```
 */
export function fmin(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("fmin", a, b, options);
}

/**
 * Elementwise test for NaN, as bool (false for integers).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.isnan([1, NaN]).toString()); // [False  True]
 * ```
 */
export function isnan(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("isnan", x, options);
}

/**
 * Elementwise test for ±infinity, as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.isinf([1, -Infinity, NaN]).toString()); // [False  True False]
 * ```
 */
export function isinf(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("isinf", x, options);
}

/**
 * Elementwise test for a finite value (not infinite, not NaN), as bool.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.isfinite([1, Infinity, NaN]).toString()); // [ True False False]
 * ```
 */
export function isfinite(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("isfinite", x, options);
}

/**
 * Elementwise test of the sign bit, as bool: true for -0 and negative NaNs too.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.signbit([-0, 0, -2]).toString()); // [ True False  True]
 * ```
 */
export function signbit(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("signbit", x, options);
}

/**
 * Elementwise `|a|` with the sign (bit) of `b`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.copysign([1, 2], [-0, 3]).toString()); // [-1.  2.]
 * ```
 */
export function copysign(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("copysign", a, b, options);
}

/**
 * Elementwise next representable value after `a` toward `b`, in the float dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.nextafter(np.array([1], "float32"), 2).toString()); // [1.0000001]
 * ```
 */
export function nextafter(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("nextafter", a, b, options);
}
