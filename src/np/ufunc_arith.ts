/**
 * NumPy's arithmetic ufuncs beyond `add`/`subtract`/`multiply`/`divide`: floored division and
 * remainders, powers, sign functions and the reciprocal, with NumPy 2's loops and dtypes (integer
 * division or remainder by zero gives 0 as NumPy's does, without its warning).
 *
 * @module
 */
import type { NDArray } from "../ndarray.ts";
import type { ArrayLike } from "./convert.ts";
import { applyUfunc, ufunc1, ufunc2, type UfuncOptions } from "./ufunc_apply.ts";

/**
 * Elementwise true division `a / b` (NumPy's `true_divide`, the same function as `np.divide`):
 * integer and bool inputs give float64.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.true_divide(np.array([1, 3], "int8"), 2).toString()); // [0.5 1.5]
 * ```
 */
export function true_divide(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc("divide", [a, b], "np.true_divide", options)[0];
}

/**
 * Elementwise floored division `a // b`, rounded toward minus infinity. Integers: division by zero
 * gives 0 (NumPy warns); floats follow NumPy's `npy_divmod` (IEEE results for a zero divisor).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.floor_divide(np.array([7, -7, 5], "int32"), [2, 2, 0]).toString()); // [ 3. -4. inf]
 * console.log(np.floor_divide(np.array([7, -7, 5], "int32"), 2).toString()); // [ 3 -4  2]
 * ```
 */
export function floor_divide(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("floor_divide", a, b, options);
}

/**
 * Elementwise remainder with the sign of the divisor (Python's `%`; NumPy's `remainder`).
 * Integers: a zero divisor gives 0; floats: NaN.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.remainder(np.array([7, -7], "int8"), 3).toString()); // [1 2]
 * ```
 */
export function remainder(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("remainder", a, b, options);
}

/**
 * `np.mod`: the same function as `np.remainder` (the sign of the divisor).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.mod([5.5, -5.5], 2).toString()); // [1.5 0.5]
 * ```
 */
export function mod(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc("remainder", [a, b], "np.mod", options)[0];
}

/**
 * Elementwise C remainder `fmod(a, b)`, with the sign of the dividend. Integers: a zero divisor
 * gives 0; floats: NaN.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.fmod(np.array([7, -7], "int8"), 3).toString()); // [ 1 -1]
 * ```
 */
export function fmod(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("fmod", a, b, options);
}

/**
 * `[floor_divide(a, b), remainder(a, b)]` in one pass (NumPy's `divmod`, which returns a tuple).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const [q, r] = np.divmod(np.array([7, -7], "int16"), 2);
 * console.log(q.toString(), r.toString()); // [ 3 -4] [1 1]
 * ```
 */
export function divmod(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): [NDArray, NDArray] {
  const [q, r] = applyUfunc("divmod", [a, b], undefined, options);
  return [q, r];
}

/**
 * Elementwise `a ** b` in NEP 50's result dtype (`int8 array ** 2` stays int8 and wraps).
 * Integer powers with a negative integer exponent are NumPy's error; floats follow C's `pow`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.power(np.array([2, 3, 16], "int8"), 2).toString()); // [4 9 0]
 * console.log(np.power([4, 9], 0.5).toString()); // [2. 3.]
 * ```
 */
export function power(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("power", a, b, options);
}

/**
 * Elementwise `a ** b` computed in float64 whatever the inputs (NumPy's `float_power`), so
 * negative integer exponents are allowed.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.float_power(np.array([2, 4], "int32"), -1).toString()); // [0.5  0.25]
 * ```
 */
export function float_power(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("float_power", a, b, options);
}

/**
 * Elementwise `-x` (integers wrap; bool is NumPy's error: use `np.logical_not`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.negative(np.array([1, -128], "int8")).toString()); // [  -1 -128]
 * ```
 */
export function negative(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("negative", x, options);
}

/**
 * Elementwise `+x`: a copy of a numeric array (bool is NumPy's error).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.positive([-1.5, 2]).toString()); // [-1.5  2. ]
 * ```
 */
export function positive(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("positive", x, options);
}

/**
 * Elementwise absolute value, in the input's dtype (the most negative integer stays itself).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.absolute(np.array([-3, 4, -128], "int8")).toString()); // [   3    4 -128]
 * ```
 */
export function absolute(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("absolute", x, options);
}

/**
 * `np.abs`: the same function as `np.absolute`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.abs([-1.5, 0, 2]).toString()); // [1.5 0.  2. ]
 * ```
 */
export function abs(x: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc("absolute", [x], "np.abs", options)[0];
}

/**
 * Elementwise float absolute value: integers become floats (int8 gives float16, as NumPy).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.fabs(np.array([-3, 4], "int32")).toString()); // [3. 4.]
 * ```
 */
export function fabs(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("fabs", x, options);
}

/**
 * Elementwise sign: -1, 0 or 1 in the input's dtype; NaN stays NaN (bool is NumPy's error).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.sign([-2.5, 0, 3, NaN]).toString()); // [-1.  0.  1. nan]
 * ```
 */
export function sign(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("sign", x, options);
}

/**
 * Elementwise `1 / x` in the input's dtype: for integers NumPy's `1.0 / x` converted back (so
 * 0 for |x| > 1).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.reciprocal([2, 0.5]).toString()); // [0.5 2. ]
 * console.log(np.reciprocal(np.array([1, 2, -1], "int32")).toString()); // [ 1  0 -1]
 * ```
 */
export function reciprocal(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("reciprocal", x, options);
}
