/**
 * `np.add`, `np.subtract`, `np.multiply`, `np.divide` and `np.where`: broadcasting, NEP 50
 * promotion, and exact NumPy arithmetic in every dtype (integers wrap, floats round once to the
 * result dtype, 64-bit integers use bigints).
 *
 * @module
 */
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { broadcastShape, indexMap } from "./broadcast.ts";
import { type ArrayLike, type Operand, operand } from "./convert.ts";
import { alloc, castData, isBig } from "./dtypes.ts";
import { npDivType, resultType, weakValue } from "./promote.ts";

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

type Fn = (x: number, y: number) => number;
type BigFn = (x: bigint, y: bigint) => bigint;

const NUMBER_FNS: Record<BinaryName, Fn> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => x / y,
};
const BIG_FNS: Record<Exclude<BinaryName, "divide">, BigFn> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
};

/** The arithmetic functions of the `np` namespace. */
export type BinaryName = "add" | "subtract" | "multiply" | "divide";

/** The elementwise function of `name` in `dtype` (stored into `dtype`'s typed array after). */
function numberFn(name: BinaryName, dtype: NpDType): Fn {
  if (dtype === "bool") {
    // bool + bool is logical or, bool * bool logical and (NumPy's boolean ufunc loops).
    return name === "add" ? (x, y) => x | y : (x, y) => x & y;
  }
  if (name === "multiply" && (dtype === "int32" || dtype === "uint32")) return Math.imul;
  return NUMBER_FNS[name];
}

/** Applies `fn` elementwise over broadcast inputs into a new array of `dtype`. */
function map2(
  [a, sa]: [NpTypedArray, readonly number[]],
  [b, sb]: [NpTypedArray, readonly number[]],
  dtype: NpDType,
  fn: Fn | BigFn,
  op: string,
): NDArray {
  const shape = broadcastShape([sa, sb], op);
  const out = alloc(dtype, shape.reduce((p, d) => p * d, 1));
  const n = out.length;
  const ma = indexMap(sa, shape), mb = indexMap(sb, shape);
  const x = a as unknown as number[], y = b as unknown as number[], o = out as unknown as number[];
  const f = fn as Fn;
  if (ma === null && mb === null && a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) o[i] = f(x[i], y[i]);
  } else if (ma === null && mb === null) {
    const one = a.length === 1 && n !== 1;
    if (one) { for (let i = 0, v = x[0]; i < n; i++) o[i] = f(v, y[b.length === 1 ? 0 : i]); }
    else for (let i = 0, v = y[0]; i < n; i++) o[i] = f(x[i], v);
  } else {
    for (let i = 0; i < n; i++) {
      o[i] = f(
        x[ma === null ? (a.length === 1 ? 0 : i) : ma[i]],
        y[
          mb === null ? (b.length === 1 ? 0 : i) : mb[i]
        ],
      );
    }
  }
  return new NDArray(out, shape, dtype);
}

/** `np.add` and friends on any inputs, with NumPy 2's dtype and arithmetic. */
export function binaryOp(name: BinaryName, a: ArrayLike, b: ArrayLike): NDArray {
  const op = `np.${name}`;
  const x = operand(a, op), y = operand(b, op);
  const common = resultType(dtypeOrScalar(x), dtypeOrScalar(y));
  const dtype = name === "divide" ? npDivType(common) : common;
  if (name === "subtract" && dtype === "bool") {
    throw new InvalidArgumentError(
      `${op}: numpy boolean subtract, the \`-\` operator, is not supported: use ` +
        `np.logical_xor (tf.logicalXor) instead`,
    );
  }
  const fa = flatIn(x, dtype, op), fb = flatIn(y, dtype, op);
  const fn = isBig(dtype) ? BIG_FNS[name as Exclude<BinaryName, "divide">] : numberFn(name, dtype);
  return map2(fa, fb, dtype, fn, op);
}

/**
 * `np.where(cond, x, y)`: elements of `x` where `cond` is true (nonzero), else of `y`, broadcast
 * together, in NEP 50's result dtype of `x` and `y` (scalars are cast to it, wrapping as NumPy
 * does).
 */
export function whereOp(cond: ArrayLike, a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.where";
  const c = operand(cond, op), x = operand(a, op), y = operand(b, op);
  const dtype = resultType(dtypeOrScalar(x), dtypeOrScalar(y));
  for (const v of [x, y]) {
    if (typeof v === "bigint" && (v < -(2n ** 63n) || v >= 2n ** 64n)) {
      throw new InvalidArgumentError(`${op}: integer ${v} is too large for a 64-bit integer`);
    }
  }
  const [cd, cs] = c instanceof NDArray
    ? [castData(c.contiguousData(), c.dtype, "bool"), c.shape]
    : [new Uint8Array([c !== 0 && c !== 0n && c !== false ? 1 : 0]), []];
  const [xd, xs] = flatIn(x, dtype, op, true);
  const [yd, ys] = flatIn(y, dtype, op, true);
  const shape = broadcastShape([cs, xs, ys], op);
  const n = shape.reduce((p, d) => p * d, 1);
  const out = alloc(dtype, n) as unknown as number[];
  const mc = indexMap(cs, shape), mx = indexMap(xs, shape), my = indexMap(ys, shape);
  const at = (m: Uint32Array | null, len: number, i: number): number =>
    m !== null ? m[i] : len === 1 ? 0 : i;
  const xv = xd as unknown as number[], yv = yd as unknown as number[];
  for (let i = 0; i < n; i++) {
    out[i] = cd[at(mc, cd.length, i)] ? xv[at(mx, xd.length, i)] : yv[at(my, yd.length, i)];
  }
  return new NDArray(out as unknown as NpTypedArray, shape, dtype);
}

/**
 * Elementwise `a + b`, broadcast, in NEP 50's result dtype (a JS number is a weak scalar:
 * `int8 array + 1` stays int8; integers wrap; bool + bool is logical or).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.add([1, 2], 1).toString()); // [2. 3.]
 * console.log(np.add(np.array([127], "int8"), 1).toString()); // [-128]
 * ```
 */
export function add(a: ArrayLike, b: ArrayLike): NDArray {
  return binaryOp("add", a, b);
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
export function subtract(a: ArrayLike, b: ArrayLike): NDArray {
  return binaryOp("subtract", a, b);
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
export function multiply(a: ArrayLike, b: ArrayLike): NDArray {
  return binaryOp("multiply", a, b);
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
export function divide(a: ArrayLike, b: ArrayLike): NDArray {
  return binaryOp("divide", a, b);
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
