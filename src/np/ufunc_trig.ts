/**
 * NumPy's trigonometric, hyperbolic and angle-conversion ufuncs (float loops: integers take
 * NumPy's float dtype for them, as for `np.sqrt`).
 *
 * @module
 */
import type { NDArray } from "../ndarray.ts";
import type { ArrayLike } from "./convert.ts";
import { applyUfunc, ufunc1, ufunc2, type UfuncOptions } from "./ufunc_apply.ts";

/**
 * Elementwise sine (radians).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.sin([0, Math.PI / 2]).toString()); // [0. 1.]
 * ```
 */
export function sin(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("sin", x, options);
}

/**
 * Elementwise cosine (radians).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.cos([0, Math.PI]).toString()); // [ 1. -1.]
 * ```
 */
export function cos(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("cos", x, options);
}

/**
 * Elementwise tangent (radians).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.tan([0]).toString()); // [0.]
 * ```
 */
export function tan(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("tan", x, options);
}

/**
 * Elementwise inverse sine, in [-pi/2, pi/2] (NaN outside [-1, 1]).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arcsin([0, 1]).toString()); // [0.         1.57079633]
 * ```
 */
export function arcsin(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("arcsin", x, options);
}

/**
 * Elementwise inverse cosine, in [0, pi] (NaN outside [-1, 1]).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arccos([1, -1]).toString()); // [0.         3.14159265]
 * ```
 */
export function arccos(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("arccos", x, options);
}

/**
 * Elementwise inverse tangent, in (-pi/2, pi/2).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arctan([0, Infinity]).toString()); // [0.         1.57079633]
 * ```
 */
export function arctan(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("arctan", x, options);
}

/**
 * Elementwise angle of the point `(b, a)`: `arctan(a / b)` in the right quadrant.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arctan2([1, -1], [-1, -1]).toString()); // [ 2.35619449 -2.35619449]
 * ```
 */
export function arctan2(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("arctan2", a, b, options);
}

/**
 * Elementwise `sqrt(a ** 2 + b ** 2)` without overflow.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.hypot([3], [4]).toString()); // [5.]
 * ```
 */
export function hypot(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc2("hypot", a, b, options);
}

/**
 * Elementwise hyperbolic sine.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.sinh([0]).toString()); // [0.]
 * ```
 */
export function sinh(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("sinh", x, options);
}

/**
 * Elementwise hyperbolic cosine.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.cosh([0]).toString()); // [1.]
 * ```
 */
export function cosh(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("cosh", x, options);
}

/**
 * Elementwise hyperbolic tangent.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.tanh([0, Infinity]).toString()); // [0. 1.]
 * ```
 */
export function tanh(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("tanh", x, options);
}

/**
 * Elementwise inverse hyperbolic sine.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arcsinh([0]).toString()); // [0.]
 * ```
 */
export function arcsinh(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("arcsinh", x, options);
}

/**
 * Elementwise inverse hyperbolic cosine (NaN below 1).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arccosh([1]).toString()); // [0.]
 * ```
 */
export function arccosh(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("arccosh", x, options);
}

/**
 * Elementwise inverse hyperbolic tangent (±inf at ±1, NaN beyond).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.arctanh([0, 1]).toString()); // [ 0. inf]
 * ```
 */
export function arctanh(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("arctanh", x, options);
}

/**
 * Degrees to radians, `x * (pi / 180)` in the float dtype (float32 uses NumPy's float32
 * constant).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.deg2rad([180]).toString()); // [3.14159265]
 * ```
 */
export function deg2rad(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("deg2rad", x, options);
}

/**
 * Radians to degrees, `x * (180 / pi)` in the float dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.rad2deg([Math.PI]).toString()); // [180.]
 * ```
 */
export function rad2deg(x: ArrayLike, options?: UfuncOptions): NDArray {
  return ufunc1("rad2deg", x, options);
}

/**
 * `np.degrees`: the same function as `np.rad2deg`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.degrees([Math.PI / 2]).toString()); // [90.]
 * ```
 */
export function degrees(x: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc("rad2deg", [x], "np.degrees", options)[0];
}

/**
 * `np.radians`: the same function as `np.deg2rad`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.radians([90]).toString()); // [1.57079633]
 * ```
 */
export function radians(x: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc("deg2rad", [x], "np.radians", options)[0];
}
