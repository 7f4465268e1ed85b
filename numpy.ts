/**
 * The `np` namespace: NumPy's names and NumPy 2's rules (NEP 50 promotion) over NDArrays,
 * tensors, nested arrays and JS numbers. Results are NDArrays, printed as NumPy prints.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * import * as np from "@denotensor/core/numpy";
 * const a = tf.constant([[1, 2], [3, 4]], "int32");
 * console.log(np.multiply(a, tf.add(a, 1)).toString()); // [[ 2  6]\n [12 20]]
 * ```
 *
 * @module
 */
import { NDArray, type NpDType, type NpTypedArray } from "./src/ndarray.ts";
import { isScalar } from "./src/engine.ts";
import { device } from "./src/device.ts";
import { InvalidArgumentError } from "./src/errors.ts";
import { Tensor, type TensorLike } from "./src/tensor.ts";
import type { DType } from "./src/dtype.ts";
import { NP_ARRAY_TYPES, NP_TO_TENSOR } from "./src/ndarray.ts";
import { npDivType, npPromote, npWeak } from "./src/np/promote.ts";
import { constant } from "./src/ops/creation.ts";
import { binary } from "./src/ops/binary.ts";
import type { BinaryName } from "./src/ops/op_ids.ts";

export { NDArray, type NDArrayOptions, type NestedList, type NpDType } from "./src/ndarray.ts";
export { npPromote as resultType } from "./src/np/promote.ts";

/** What the `np` functions accept: NDArrays, tensors, nested arrays, typed arrays, JS scalars. */
export type ArrayLike = TensorLike;

const TYPED: [new (n: number) => NpTypedArray, NpDType][] = [
  [Float64Array, "float64"],
  [Float32Array, "float32"],
  [Float16Array, "float16"],
  [Int8Array, "int8"],
  [Int16Array, "int16"],
  [Int32Array, "int32"],
  [BigInt64Array, "int64"],
  [Uint8Array, "uint8"],
  [Uint16Array, "uint16"],
  [Uint32Array, "uint32"],
  [BigUint64Array, "uint64"],
];

function checkNpDType(dtype: unknown): NpDType {
  if (typeof dtype === "string" && dtype in NP_ARRAY_TYPES) return dtype as NpDType;
  throw new InvalidArgumentError(
    `np: unknown dtype ${JSON.stringify(dtype)}: expected one of ${
      Object.keys(NP_ARRAY_TYPES).join(", ")
    }`,
  );
}

/** The tensor dtype that computes an np result, or a clear error for the others. */
function tensorType(dtype: NpDType, op: string): DType {
  const t = NP_TO_TENSOR[dtype];
  if (t !== dtype) {
    throw new InvalidArgumentError(
      `np.${op}: computing in dtype ${dtype} is not supported: convert the inputs to a tensor ` +
        `dtype (bool, uint8, int32, int64, float16, float32, float64) first`,
    );
  }
  return t;
}

/**
 * An NDArray copy of a value: JS numbers give float64 (NumPy's default), booleans bool, bigints
 * int64; typed arrays, NDArrays and tensors keep their dtype unless `dtype` is given.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.array([[1, 2], [3, 4]]).toString()); // [[1. 2.]\n [3. 4.]]
 * console.log(np.array([1, 2], "int32").dtype); // "int32"
 * ```
 */
export function array(value: ArrayLike, dtype?: NpDType): NDArray {
  const a = asarray(value, dtype);
  return a === value ? copyOf(a) : a;
}

function copyOf(a: NDArray): NDArray {
  const data = a.contiguousData();
  return new NDArray(data === a.data ? data.slice() : data, a.shape, a.dtype);
}

/**
 * As `array`, but an NDArray of the right dtype is returned as it is (no copy). A CPU tensor's
 * data is copied: tensors never share memory with what they hand out.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([1, 2]);
 * console.log(np.asarray(a) === a); // true
 * ```
 */
export function asarray(value: ArrayLike, dtype?: NpDType): NDArray {
  if (dtype !== undefined) checkNpDType(dtype);
  let a: NDArray;
  if (value instanceof NDArray) a = value;
  else if (value instanceof Tensor) a = value.numpy();
  else if (ArrayBuffer.isView(value)) {
    const hit = TYPED.find(([C]) => value instanceof C);
    if (hit === undefined) {
      throw new InvalidArgumentError(`np.asarray: unsupported ${value.constructor.name}`);
    }
    const src = value as unknown as NpTypedArray;
    a = new NDArray(src.slice() as NpTypedArray, [src.length], hit[1]);
  } else {
    const t = device("cpu", () => {
      const host = constant(value as TensorLike);
      // JS numbers are float64 in NumPy (tf.constant makes float32): convert from the values.
      return host.dtype === "float32" && !(value instanceof Float32Array)
        ? constant(value as TensorLike, "float64")
        : host;
    });
    a = t.numpy();
  }
  if (dtype === undefined || dtype === a.dtype) return a;
  const out = new NP_ARRAY_TYPES[dtype](a.size);
  const src = a.contiguousData();
  const big = out instanceof BigInt64Array || out instanceof BigUint64Array;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    (out as Float64Array)[i] = big ? BigInt(Math.trunc(Number(v))) as unknown as number : Number(v);
  }
  return new NDArray(out, a.shape, dtype);
}

/** Runs a tensor binary op with NumPy's result dtype. */
function npBinary(name: BinaryName, op: string, a: ArrayLike, b: ArrayLike): NDArray {
  const sa = isScalar(a), sb = isScalar(b);
  const x = sa ? null : asarray(a);
  const y = sb ? null : asarray(b);
  let dtype: NpDType;
  if (x && y) dtype = npPromote(x.dtype, y.dtype);
  else if (x) dtype = npWeak(x.dtype, b as number);
  else if (y) dtype = npWeak(y.dtype, a as number);
  else dtype = npWeak("float64", b as number);
  if (name === "div") dtype = npDivType(dtype);
  const t = tensorType(dtype, op);
  return device("cpu", () => {
    const ta = x ? constant(x, t) : sb ? constant(a, t) : a;
    const tb = y ? constant(y, t) : b;
    return binary(name, ta, tb).numpy();
  });
}

/**
 * Elementwise a + b with NumPy's promotion.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.add([1, 2], 1).toString()); // [2. 3.]
 * ```
 */
export function add(a: ArrayLike, b: ArrayLike): NDArray {
  return npBinary("add", "add", a, b);
}

/**
 * Elementwise a - b with NumPy's promotion.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.subtract([1, 2], 1).toString()); // [0. 1.]
 * ```
 */
export function subtract(a: ArrayLike, b: ArrayLike): NDArray {
  return npBinary("sub", "subtract", a, b);
}

/**
 * Elementwise a * b with NumPy's promotion; tensors are accepted as inputs.
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
  return npBinary("mul", "multiply", a, b);
}

/**
 * Elementwise true division with NumPy's promotion (integers give float64).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.divide(np.array([1, 2], "int32"), 2).toString()); // [0.5 1. ]
 * ```
 */
export function divide(a: ArrayLike, b: ArrayLike): NDArray {
  return npBinary("div", "divide", a, b);
}
