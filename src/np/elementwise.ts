/**
 * `np.add`, `np.subtract`, `np.multiply`, `np.divide` and `np.where`: broadcasting, NEP 50
 * promotion, and exact NumPy arithmetic in every dtype (integers wrap, floats round once to the
 * result dtype, 64-bit integers use bigints), run by the ufunc table (`ufunc_table.ts`) on the
 * tensor kernels where they are NumPy's; and the operand helpers the other `np` modules share.
 *
 * @module
 */
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { type ArrayLike, type Operand, operand } from "./convert.ts";
import { alloc, castData, isBig, kindOf } from "./dtypes.ts";
import { hasKernels, kernelWhere } from "./kernels.ts";
import { resultType, weakValue } from "./promote.ts";
import { applyUfunc, readAs, roundTo, runLoop, shapeOf, type UfuncOptions } from "./ufunc_apply.ts";

/** Flat row-major data and shape of an operand in `dtype` (a weak scalar as one element). */
export function flatIn(
  x: Operand,
  dtype: NpDType,
  op: string,
  wrap = false,
): [NpTypedArray, readonly number[]] {
  if (x instanceof NDArray) return [castData(x.contiguousData(), x.dtype, dtype), x.shape];
  const data = alloc(dtype, 1) as unknown as (number | bigint)[];
  data[0] = weakValue(x, dtype, op, wrap);
  return [data as unknown as NpTypedArray, []];
}

/** The dtype of an operand for `resultType`: an array's dtype, or the scalar itself. */
export function dtypeOrScalar(x: Operand): NpDType | Scalar {
  return x instanceof NDArray ? x.dtype : x;
}

/** The arithmetic functions of the `np` namespace that other modules call by name. */
export type BinaryName = "add" | "subtract" | "multiply" | "divide";

/**
 * `np.add` and friends on any inputs, with NumPy 2's dtype and arithmetic (the ufunc table);
 * `options`: NumPy's `out`.
 */
export function binaryOp(
  name: BinaryName,
  a: ArrayLike,
  b: ArrayLike,
  options?: UfuncOptions,
): NDArray {
  return applyUfunc(name, [a, b], undefined, options)[0];
}

/** A 64-bit range check of a JS bigint `np.where` takes (it wraps any integer that fits). */
function checkWide(v: Operand, op: string): void {
  if (typeof v === "bigint" && (v < -(2n ** 63n) || v >= 2n ** 64n)) {
    throw new InvalidArgumentError(`${op}: integer ${v} is too large for a 64-bit integer`);
  }
}

/** `np.where`'s choice operand in `dtype`: an array read in place, a scalar cast (wrapping). */
function choice(x: Operand, dtype: NpDType, op: string): NDArray | number | bigint {
  if (x instanceof NDArray) return readAs(x, dtype);
  let v = weakValue(x, dtype, op, true);
  if (typeof v === "number") v = roundTo(dtype, v);
  return isBig(dtype) ? BigInt(v) : Number(v);
}

/**
 * `np.where(cond, x, y)`: elements of `x` where `cond` is true (nonzero; NaN counts as true),
 * else of `y`, broadcast together, in NEP 50's result dtype of `x` and `y` (scalars are cast to
 * it, wrapping as NumPy does). On the tensors' where kernel for their dtypes.
 */
export function whereOp(cond: ArrayLike, a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.where";
  const c = operand(cond, op), x = operand(a, op), y = operand(b, op);
  const dtype = resultType(dtypeOrScalar(x), dtypeOrScalar(y));
  checkWide(x, op);
  checkWide(y, op);
  let cb: NDArray | number;
  if (c instanceof NDArray) {
    // JS truthiness is NumPy's except for NaN (true in NumPy): floats go through bool.
    cb = kindOf(c.dtype) === "f"
      ? new NDArray(castData(c.contiguousData(), c.dtype, "bool"), c.shape, "bool")
      : c;
  } else cb = c !== 0 && c !== 0n && c !== false ? 1 : 0;
  const xs = choice(x, dtype, op), ys = choice(y, dtype, op);
  const shape = shapeOf([cb, xs, ys], op);
  if (hasKernels(dtype) && (!(cb instanceof NDArray) || cb.dtype === "bool")) {
    const as = (v: NDArray | number | bigint, d: NpDType): NDArray => {
      if (v instanceof NDArray) return v;
      const data = alloc(d, 1) as unknown as (number | bigint)[];
      data[0] = v;
      return new NDArray(data as unknown as NpTypedArray, [], d);
    };
    const xa = as(xs, dtype), ya = as(ys, dtype);
    if (xa.dtype === dtype && ya.dtype === dtype) {
      const out = kernelWhere(as(cb, "bool"), xa, ya, shape);
      if (out !== null) return out;
    }
  }
  return runLoop(`np.where ${dtype}`, () => ({}), "$3 = $0 ? $1 : $2;", [cb, xs, ys], shape, [
    dtype,
  ])[0];
}

/**
 * Elementwise `a + b`, broadcast, in NEP 50's result dtype (a JS number is a weak scalar:
 * `int8 array + 1` stays int8; integers wrap; bool + bool is logical or). With `{ out }`, the
 * sum is written into `out` (no new array) and `out` is returned.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.add([1, 2], 1).toString()); // [2. 3.]
 * console.log(np.add(np.array([127], "int8"), 1).toString()); // [-128]
 * const a = np.array([1, 2, 3], "float32"), c = np.empty([3], "float32");
 * np.add(a, a, { out: c });
 * console.log(c.toString()); // [2. 4. 6.]
 * ```
 */
export function add(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return binaryOp("add", a, b, options);
}

/**
 * Elementwise `a - b`, broadcast, in NEP 50's result dtype (bool minus bool is an error, as in
 * NumPy).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.subtract(np.array([0], "uint8"), 1).toString()); // [255]
 * ```
 */
export function subtract(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return binaryOp("subtract", a, b, options);
}

/**
 * Elementwise `a * b`, broadcast, in NEP 50's result dtype; tensors are accepted as inputs.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * import * as np from "@denotensor/core/numpy";
 * const a = tf.constant([[1, 2], [3, 4]], "int32");
 * console.log(np.multiply(a, a).toString()); // [[ 1  4]\n [ 9 16]]
 * ```
 */
export function multiply(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return binaryOp("multiply", a, b, options);
}

/**
 * Elementwise true division `a / b`, broadcast: integer and bool inputs give float64, floats keep
 * NEP 50's result dtype. Division by zero follows IEEE (inf, nan), as NumPy (which warns).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.divide(np.array([1, 2], "int32"), 2).toString()); // [0.5 1. ]
 * ```
 */
export function divide(a: ArrayLike, b: ArrayLike, options?: UfuncOptions): NDArray {
  return binaryOp("divide", a, b, options);
}

/**
 * Picks from `x` where `condition` is nonzero and from `y` elsewhere, broadcasting all three; the
 * dtype is NEP 50's result dtype of `x` and `y`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const x = np.array([1, 2, 3], "int8");
 * console.log(np.where([true, false, true], x, 0).toString()); // [1 0 3]
 * ```
 */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray {
  return whereOp(condition, x, y);
}
