/**
 * Elementwise functions of two tensors with NumPy broadcasting, where either side may also be a
 * JS number, bigint or boolean taken by value as a weak scalar (API.md "Numeric rules").
 *
 * @module
 */
import {
  type DType,
  floatOf,
  promoteTypes,
  type Scalar,
  scalarType,
  scalarValue,
  weakType,
} from "../dtype.ts";
import { input, isScalar, runBinary } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { broadcastShapes, sameShape } from "../shape.ts";
import { record, recording } from "../tape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { fill } from "./creation.ts";
import { BINARY_OPS, type BinaryName, codes } from "./op_ids.ts";
import { sumTo } from "./reduce.ts";
import { where } from "./select.ts";
import { log, neg, square } from "./unary.ts";

/**
 * How an op treats dtypes: `same` ops compute and return the promoted dtype (`bool: false`
 * rejects two bools), `float` ops compute in floatOf(promoted), `compare` ops compute in the
 * promoted dtype and return bool, `logical` ops cast both sides to bool.
 */
export interface BinaryRule {
  /** The result dtype rule. */
  result: "same" | "float" | "compare" | "logical";
  /** For `same` ops: whether two bools are allowed (add is or, mul is and). */
  bool?: boolean;
}

const SAME_BOOL: BinaryRule = { result: "same", bool: true };
const SAME: BinaryRule = { result: "same", bool: false };
const CMP: BinaryRule = { result: "compare" };
const LOGIC: BinaryRule = { result: "logical" };

/** The dtype rule of every binary op. */
export const BINARY: Record<BinaryName, BinaryRule> = {
  add: SAME_BOOL,
  sub: SAME,
  mul: SAME_BOOL,
  div: { result: "float" },
  floorDiv: SAME,
  mod: SAME,
  pow: SAME,
  maximum: SAME_BOOL,
  minimum: SAME_BOOL,
  squaredDifference: SAME,
  atan2: { result: "float" },
  equal: CMP,
  notEqual: CMP,
  less: CMP,
  lessEqual: CMP,
  greater: CMP,
  greaterEqual: CMP,
  logicalAnd: LOGIC,
  logicalOr: LOGIC,
  logicalXor: LOGIC,
};

/** An operand as a gradient sees it: a tensor, or the scalar value the op took. */
type Operand = Tensor | number | bigint;

/**
 * The gradient of a binary op: `f(dy, a, b, y)` gives the gradients of both operands in the
 * broadcast shape (the tape reduces them to each operand's shape); `save` lists the tensors the
 * tape must hold (a JS scalar operand is kept by value).
 */
export interface BinaryGrad {
  /** The operands and output the gradient reads. */
  save: "" | "ab" | "aby";
  /** [da, db] from dy, the operands and the output. */
  f: (dy: Tensor, a: Operand, b: Operand, y: Tensor) => [Tensor | null, Tensor | null];
}

const AB = "ab" as const;

function asTensor(x: Operand, like: Tensor): Tensor {
  return typeof x === "object" ? x : fill([], x, like.dtype);
}

/** The gradient of every binary op; null where there is none (floorDiv, bool results). */
export const BINARY_GRAD: Record<BinaryName, BinaryGrad | null> = {
  add: { save: "", f: (dy) => [dy, dy] },
  sub: { save: "", f: (dy) => [dy, neg(dy)] },
  mul: { save: AB, f: (dy, a, b) => [mul(dy, b), mul(dy, a)] },
  div: { save: AB, f: (dy, a, b) => [div(dy, b), neg(div(div(mul(dy, a), b), b))] },
  floorDiv: null,
  mod: { save: AB, f: (dy, a, b) => [dy, neg(mul(dy, floorDiv(a, b)))] },
  pow: {
    save: "aby",
    f: (dy, a, b, y) => {
      const bm1 = typeof b === "object" ? sub(b, 1) : Number(b) - 1;
      const at = asTensor(a, dy);
      const logA = where(greater(at, 0), log(at), 0);
      return [mul(dy, mul(b, pow(a, bm1))), mul(dy, mul(y, logA))];
    },
  },
  maximum: {
    save: AB,
    f: (dy, a, b) => {
      const m = greaterEqual(a, b);
      return [where(m, dy, 0), where(m, 0, dy)];
    },
  },
  minimum: {
    save: AB,
    f: (dy, a, b) => {
      const m = lessEqual(a, b);
      return [where(m, dy, 0), where(m, 0, dy)];
    },
  },
  squaredDifference: {
    save: AB,
    f: (dy, a, b) => {
      const d = mul(mul(dy, 2), sub(a, b));
      return [d, neg(d)];
    },
  },
  atan2: {
    save: AB,
    f: (dy, a, b) => {
      const denom = add(square(asTensor(a, dy)), square(asTensor(b, dy)));
      return [mul(dy, div(b, denom)), neg(mul(dy, div(a, denom)))];
    },
  },
  equal: null,
  notEqual: null,
  less: null,
  lessEqual: null,
  greater: null,
  greaterEqual: null,
  logicalAnd: null,
  logicalOr: null,
  logicalXor: null,
};

const OP = codes(BINARY_OPS);

/** Records a binary op's gradient on the active tapes. */
function recordBinary(
  name: BinaryName,
  x: Tensor | null,
  y: Tensor | null,
  av: number | bigint,
  bv: number | bigint,
  out: Tensor,
): void {
  const g = BINARY_GRAD[name];
  if (g === null) return;
  const saveA = g.save !== "" && x !== null;
  const saveB = g.save !== "" && y !== null;
  const saved: Tensor[] = [];
  if (saveA) saved.push(x as Tensor);
  if (saveB) saved.push(y as Tensor);
  if (g.save === "aby") saved.push(out);
  const aShape = x?.shape, bShape = y?.shape;
  record(name, [x, y], out, saved, (dy, s) => {
    let k = 0;
    const a = saveA ? s[k++] : av;
    const b = saveB ? s[k++] : bv;
    const [da, db] = g.f(dy, a, b, s[k]);
    return [
      aShape && da ? sumTo(da, aShape) : null,
      bShape && db ? sumTo(db, bShape) : null,
    ];
  });
}

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
  const rule = BINARY[name];
  let compute = promoted;
  let dtype = promoted;
  switch (rule.result) {
    case "same":
      if (promoted === "bool" && !rule.bool) {
        throw new InvalidArgumentError(
          `${name}: not supported for two bool operands; cast them to a number dtype first`,
        );
      }
      break;
    case "float":
      compute = dtype = floatOf(promoted);
      break;
    case "compare":
      dtype = "bool";
      break;
    case "logical":
      compute = dtype = "bool";
  }
  const shape = x !== null && y !== null
    ? (sameShape(x.shape, y.shape) ? x.shape : broadcastShapes(x.shape, y.shape, name))
    : (x ?? y as Tensor).shape;
  const av = x === null ? scalarValue(a as Scalar, compute, name) : 0;
  const bv = y === null ? scalarValue(b as Scalar, compute, name) : 0;
  const out = runBinary(OP[name], x ?? av, y ?? bv, compute, dtype, shape);
  if (recording()) recordBinary(name, x, y, av, bv, out);
  return out;
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
 * Elementwise a ** b (integers wrap; a negative integer exponent gives 0 unless |a| is 1).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.pow([2, 3], 2).toString()); // tf.Tensor([4. 9.], shape=(2,), dtype=float32)
 * ```
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binary("pow", a, b);
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
