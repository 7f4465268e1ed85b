/**
 * Elementwise functions of two tensors with NumPy broadcasting, where either side may also be a
 * JS number, bigint or boolean taken by value as a weak scalar (API.md "Numeric rules"). Each
 * op's dtype rule and gradient are its row of `BINARY` in `op_ids.ts`.
 *
 * @module
 */
import {
  type DType,
  promoteTypes,
  type Scalar,
  scalarType,
  scalarValue,
  weakType,
} from "../dtype.ts";
import { input, isScalar, runBinary, runReduce } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { broadcastShapes, sameShape } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { BINARY, binaryCompute, type BinaryName } from "./op_ids.ts";

/** Applies the binary op `name` with broadcasting, weak scalars and its dtype rule. */
export function binary(name: BinaryName, a: TensorLike, b: TensorLike): Tensor {
  let x: Tensor | null = null;
  let y: Tensor | null = null;
  let promoted: DType;
  if (isScalar(a) && isScalar(b)) {
    x = input(a, name, scalarType(a));
    promoted = weakType(x.dtype, b);
  } else if (isScalar(b)) {
    x = input(a, name);
    promoted = weakType(x.dtype, b);
  } else if (isScalar(a)) {
    y = input(b, name);
    promoted = weakType(y.dtype, a);
  } else {
    x = input(a, name);
    y = input(b, name);
    promoted = promoteTypes(x.dtype, y.dtype);
  }
  const compute = binaryCompute(name, promoted);
  if (compute === null) {
    throw new InvalidArgumentError(
      `${name}: not supported for two bool operands; cast them to a number dtype first`,
    );
  }
  const rule = BINARY[name].result;
  const dtype = rule === "compare" || rule === "logical" ? "bool" : compute;
  const shape = x !== null && y !== null
    ? (sameShape(x.shape, y.shape) ? x.shape : broadcastShapes(x.shape, y.shape, name))
    : (x ?? y as Tensor).shape;
  const av = x === null ? scalarValue(a as Scalar, compute, name) : 0;
  const bv = y === null ? scalarValue(b as Scalar, compute, name) : 0;
  return runBinary(name, x ?? av, y ?? bv, compute, dtype, shape);
}

/**
 * Elementwise a + b with broadcasting (bool + bool is logical or).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const i = tf.constant([[1, 2], [3, 4]], "int32");
 * console.log(tf.add(i, 1).toString()); // tf.Tensor(\n[[2 3]\n [4 5]], shape=(2, 2), dtype=int32)
 * ```
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary("add", a, b);
}

/**
 * Elementwise a - b with broadcasting.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.sub([3, 4], 1).toString()); // tf.Tensor([2. 3.], shape=(2,), dtype=float32)
 * ```
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary("sub", a, b);
}

/**
 * Elementwise a - b (the TensorFlow name of `sub`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.subtract([3], [1]).toString()); // tf.Tensor([2.], shape=(1,), dtype=float32)
 * ```
 */
export function subtract(a: TensorLike, b: TensorLike): Tensor {
  return binary("sub", a, b);
}

/**
 * Elementwise a * b with broadcasting (integers wrap; bool * bool is logical and).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.mul([1, 2], [3, 4]).toString()); // tf.Tensor([3. 8.], shape=(2,), dtype=float32)
 * ```
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary("mul", a, b);
}

/**
 * Elementwise a * b (the TensorFlow name of `mul`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.multiply([2], [3]).toString()); // tf.Tensor([6.], shape=(1,), dtype=float32)
 * ```
 */
export function multiply(a: TensorLike, b: TensorLike): Tensor {
  return binary("mul", a, b);
}

/**
 * Elementwise true division; integer and bool inputs give float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.div(tf.constant([1, 3], "int32"), 2).toString()); // tf.Tensor([0.5 1.5], shape=(2,), dtype=float32)
 * ```
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary("div", a, b);
}

/**
 * Elementwise true division (the TensorFlow name of `div`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.divide([1], [4]).toString()); // tf.Tensor([0.25], shape=(1,), dtype=float32)
 * ```
 */
export function divide(a: TensorLike, b: TensorLike): Tensor {
  return binary("div", a, b);
}

/**
 * Elementwise floored division; integer division by zero gives 0.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.floorDiv(tf.constant([7, -7], "int32"), 2).toString()); // tf.Tensor([ 3 -4], shape=(2,), dtype=int32)
 * ```
 */
export function floorDiv(a: TensorLike, b: TensorLike): Tensor {
  return binary("floorDiv", a, b);
}

/**
 * Elementwise floored remainder: the result has the divisor's sign, as in NumPy.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.mod(tf.constant([7, -7], "int32"), 3).toString()); // tf.Tensor([1 2], shape=(2,), dtype=int32)
 * ```
 */
export function mod(a: TensorLike, b: TensorLike): Tensor {
  return binary("mod", a, b);
}

/**
 * Elementwise a ** b (integers wrap). Integers to negative integer powers are an error, as in
 * NumPy and TensorFlow (for an integer tensor exponent this reads its minimum: on a GPU, a wait).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.pow([2, 3], 2).toString()); // tf.Tensor([4. 9.], shape=(2,), dtype=float32)
 * ```
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const y = binary("pow", a, b);
  if (y.dtype === "int32" || y.dtype === "int64" || y.dtype === "uint8") {
    const low = isScalar(b) ? b : lowest(input(b, "pow"));
    if (low !== null && Number(low) < 0) {
      y.dispose();
      throw new InvalidArgumentError(
        `pow: integers to negative integer powers are not allowed (exponent ${low}, dtype ` +
          `${y.dtype}): cast the base to a float dtype first`,
      );
    }
  }
  return y;
}

/** The smallest element of a signed integer tensor (null when it has none or cannot be < 0). */
function lowest(t: Tensor): Scalar | null {
  if (t.size === 0 || (t.dtype !== "int32" && t.dtype !== "int64")) return null;
  const min = runReduce("min", t, t.shape.map((_, d) => d), t.dtype, t.dtype, []);
  const v = min.item() as number | bigint;
  min.dispose();
  return v;
}

/**
 * Elementwise maximum (NaN propagates).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.maximum([1, 5], [3, 2]).toString()); // tf.Tensor([3. 5.], shape=(2,), dtype=float32)
 * ```
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary("maximum", a, b);
}

/**
 * Elementwise minimum (NaN propagates).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.minimum([1, 5], [3, 2]).toString()); // tf.Tensor([1. 2.], shape=(2,), dtype=float32)
 * ```
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary("minimum", a, b);
}

/**
 * Elementwise (a - b)².
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.squaredDifference([1, 5], [3, 2]).toString()); // tf.Tensor([4. 9.], shape=(2,), dtype=float32)
 * ```
 */
export function squaredDifference(a: TensorLike, b: TensorLike): Tensor {
  return binary("squaredDifference", a, b);
}

/**
 * Elementwise arctangent of a / b, using both signs for the quadrant.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.atan2([1], [1]).toString()); // tf.Tensor([0.7853982], shape=(1,), dtype=float32)
 * ```
 */
export function atan2(a: TensorLike, b: TensorLike): Tensor {
  return binary("atan2", a, b);
}

/**
 * Elementwise a == b; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.equal([1, 2], 2).toString()); // tf.Tensor([False  True], shape=(2,), dtype=bool)
 * ```
 */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return binary("equal", a, b);
}

/**
 * Elementwise a != b; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.notEqual([1, 2], 2).toString()); // tf.Tensor([ True False], shape=(2,), dtype=bool)
 * ```
 */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return binary("notEqual", a, b);
}

/**
 * Elementwise a < b; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.less([1, 2], 2).toString()); // tf.Tensor([ True False], shape=(2,), dtype=bool)
 * ```
 */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return binary("less", a, b);
}

/**
 * Elementwise a <= b; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.lessEqual([1, 3], 2).toString()); // tf.Tensor([ True False], shape=(2,), dtype=bool)
 * ```
 */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return binary("lessEqual", a, b);
}

/**
 * Elementwise a > b; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.greater([1, 3], 2).toString()); // tf.Tensor([False  True], shape=(2,), dtype=bool)
 * ```
 */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return binary("greater", a, b);
}

/**
 * Elementwise a >= b; the result is bool.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.greaterEqual([1, 2], 2).toString()); // tf.Tensor([False  True], shape=(2,), dtype=bool)
 * ```
 */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return binary("greaterEqual", a, b);
}

/**
 * Elementwise logical and (inputs are cast to bool).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.logicalAnd([true, true], [true, false]).toString()); // tf.Tensor([ True False], shape=(2,), dtype=bool)
 * ```
 */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return binary("logicalAnd", a, b);
}

/**
 * Elementwise logical or (inputs are cast to bool).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.logicalOr([false, true], false).toString()); // tf.Tensor([False  True], shape=(2,), dtype=bool)
 * ```
 */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return binary("logicalOr", a, b);
}

/**
 * Elementwise logical exclusive or (inputs are cast to bool).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.logicalXor([true, true], [true, false]).toString()); // tf.Tensor([False  True], shape=(2,), dtype=bool)
 * ```
 */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return binary("logicalXor", a, b);
}
