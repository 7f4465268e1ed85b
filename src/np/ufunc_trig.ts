/**
 * NumPy's trigonometric, hyperbolic and angle-conversion ufuncs (float loops: integers take
 * NumPy's float dtype for them, as for `np.sqrt`).
 *
 * @module
 */
import type { NDArray } from "../ndarray.ts";
import type { ArrayLike } from "./convert.ts";
import { applyUfunc, ufunc1, ufunc2 } from "./ufunc_apply.ts";

/**
 * Elementwise sine (radians).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.sin([0, Math.PI / 2]).toString()); // [0. 1.]
 * ```
 */
export function sin(x: ArrayLike): NDArray {
  return ufunc1("sin", x);
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
export function cos(x: ArrayLike): NDArray {
  return ufunc1("cos", x);
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
export function tan(x: ArrayLike): NDArray {
  return ufunc1("tan", x);
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
export function arcsin(x: ArrayLike): NDArray {
  return ufunc1("arcsin", x);
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
export function arccos(x: ArrayLike): NDArray {
  return ufunc1("arccos", x);
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
export function arctan(x: ArrayLike): NDArray {
  return ufunc1("arctan", x);
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
export function arctan2(a: ArrayLike, b: ArrayLike): NDArray {
  return ufunc2("arctan2", a, b);
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
export function hypot(a: ArrayLike, b: ArrayLike): NDArray {
  return ufunc2("hypot", a, b);
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
export function sinh(x: ArrayLike): NDArray {
  return ufunc1("sinh", x);
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
export function cosh(x: ArrayLike): NDArray {
  return ufunc1("cosh", x);
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
export function tanh(x: ArrayLike): NDArray {
  return ufunc1("tanh", x);
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
export function arcsinh(x: ArrayLike): NDArray {
  return ufunc1("arcsinh", x);
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
export function arccosh(x: ArrayLike): NDArray {
  return ufunc1("arccosh", x);
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
export function arctanh(x: ArrayLike): NDArray {
  return ufunc1("arctanh", x);
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
export function deg2rad(x: ArrayLike): NDArray {
  return ufunc1("deg2rad", x);
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
export function rad2deg(x: ArrayLike): NDArray {
  return ufunc1("rad2deg", x);
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
export function degrees(x: ArrayLike): NDArray {
  return applyUfunc("rad2deg", [x], "np.degrees")[0];
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
export function radians(x: ArrayLike): NDArray {
  return applyUfunc("deg2rad", [x], "np.radians")[0];
}
