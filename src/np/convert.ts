/**
 * Turning what the `np` functions accept (NDArrays, tensors, variables, nested arrays, typed
 * arrays, JS scalars) into NDArrays, with NumPy's rules and API.md's JS exception: JS numbers
 * make float64 arrays.
 *
 * @module
 */
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { isTensorOrVariable, READ } from "../symbols.ts";
import type { TensorLike } from "../tensor.ts";
import { alloc, castData, checkNpDType, floatToInt, isBig, kindOf } from "./dtypes.ts";
import { weakValue } from "./promote.ts";

/** What the `np` functions accept: NDArrays, tensors, nested arrays, typed arrays, JS scalars. */
export type ArrayLike = TensorLike;

/** An input of an `np` function: an array, or a JS scalar kept weak (NEP 50). */
export type Operand = NDArray | Scalar;

/** True for the JS values that `np` functions treat as weak scalars. */
export function isScalar(x: unknown): x is Scalar {
  const t = typeof x;
  return t === "number" || t === "boolean" || t === "bigint";
}

const TYPED: readonly [abstract new (...args: never[]) => unknown, NpDType][] = [
  [Float64Array, "float64"],
  [Float32Array, "float32"],
  [Float16Array, "float16"],
  [Int8Array, "int8"],
  [Int16Array, "int16"],
  [Int32Array, "int32"],
  [BigInt64Array, "int64"],
  [Uint8Array, "uint8"],
  [Uint8ClampedArray, "uint8"],
  [Uint16Array, "uint16"],
  [Uint32Array, "uint32"],
  [BigUint64Array, "uint64"],
];

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object") return `a ${(value as object).constructor?.name ?? "object"}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** An input as an operand: scalars stay weak, everything else becomes an NDArray. */
export function operand(value: ArrayLike, op: string): Operand {
  return isScalar(value) ? value : asNDArray(value, op, true);
}

/**
 * An NDArray for a value. With `share`, an NDArray or typed array is used without a copy; tensors
 * and variables are always copied.
 */
export function asNDArray(value: ArrayLike, op: string, share: boolean): NDArray {
  if (value instanceof NDArray) return value;
  if (isTensorOrVariable(value)) return value[READ](op).numpy();
  if (ArrayBuffer.isView(value)) {
    const hit = TYPED.find(([C]) => value instanceof C);
    if (hit === undefined) {
      throw new InvalidArgumentError(`${op}: cannot make an array from ${describe(value)}`);
    }
    let data = value as unknown as NpTypedArray;
    if (value instanceof Uint8ClampedArray) {
      data = new Uint8Array(value.buffer, value.byteOffset, value.length);
    }
    return new NDArray(share ? data : data.slice(), [data.length], hit[1]);
  }
  return fromNested(value, undefined, op);
}

function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/** Collects the leaves of a nested array, checking that it is rectangular. */
function leavesOf(value: unknown, shape: number[], op: string): Scalar[] {
  const out: Scalar[] = [];
  const path: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (!isScalar(v)) {
        throw new InvalidArgumentError(
          `${op}: element at [${path.join(", ")}] is ${
            Array.isArray(v) ? "an array (the nested array is ragged)" : describe(v)
          }, expected a number, boolean or bigint`,
        );
      }
      out.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new InvalidArgumentError(
        `${op}: ragged nested array: element at [${path.join(", ")}] has ${
          Array.isArray(v) ? `length ${v.length}` : "no length (a scalar)"
        }, expected length ${shape[depth]}`,
      );
    }
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walk(v[i], depth + 1);
      path.pop();
    }
  };
  walk(value, 0);
  return out;
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * An NDArray from a JS scalar or nested array. Without `dtype`: booleans give bool, bigints int64
 * (uint64 when one is above int64's range), numbers float64 (API.md's exception: NumPy makes
 * int64 from Python ints), a mix with numbers float64.
 */
export function fromNested(value: unknown, dtype: NpDType | undefined, op: string): NDArray {
  if (!isScalar(value) && !Array.isArray(value)) {
    throw new InvalidArgumentError(
      `${op}: cannot make an array from ${describe(value)}: expected an NDArray, tensor, nested ` +
        `array, typed array, number, boolean or bigint`,
    );
  }
  const shape = shapeOf(value);
  const leaves = leavesOf(value, shape, op);
  if (dtype === undefined) {
    let bools = 0, bigs = 0, above = false;
    for (const v of leaves) {
      if (typeof v === "boolean") bools++;
      else if (typeof v === "bigint") {
        bigs++;
        if (v > INT64_MAX) above = true;
      }
    }
    dtype = leaves.length > 0 && bools === leaves.length
      ? "bool"
      : leaves.length > 0 && bigs === leaves.length
      ? (above ? "uint64" : "int64")
      : "float64";
  }
  return new NDArray(scalarsTo(leaves, dtype, op), shape, dtype);
}

/**
 * JS scalars converted to `dtype`: integers must fit an integer dtype (NumPy's OverflowError),
 * non-integer numbers are cast (truncated), floats round, anything to bool is `!= 0`.
 */
function scalarsTo(leaves: readonly Scalar[], dtype: NpDType, op: string): NpTypedArray {
  const out = alloc(dtype, leaves.length);
  const k = kindOf(dtype);
  const o = out as unknown as (number | bigint)[];
  for (let i = 0; i < leaves.length; i++) {
    const v = leaves[i];
    if (k === "f" && typeof v === "bigint") {
      // As Python: the int becomes a (correctly rounded) float64 first, then the dtype.
      o[i] = Number(v);
    } else if ((k === "i" || k === "u") && typeof v === "number" && !Number.isInteger(v)) {
      const c = floatToInt(v, dtype);
      o[i] = isBig(dtype) ? BigInt(c) : c;
    } else o[i] = weakValue(v, dtype, op);
  }
  return out;
}

/**
 * An NDArray of `value` in `dtype` (its own dtype when omitted). Shares memory with an NDArray or
 * typed array of that dtype; a tensor's data is always a copy.
 */
export function toArray(value: ArrayLike, dtype: NpDType | undefined, op: string): NDArray {
  if (dtype !== undefined) dtype = checkNpDType(dtype, op);
  if (
    dtype !== undefined && !isTensorOrVariable(value) && !(value instanceof NDArray) &&
    !ArrayBuffer.isView(value)
  ) {
    return fromNested(value, dtype, op);
  }
  const a = asNDArray(value, op, true);
  if (dtype === undefined || dtype === a.dtype) return a;
  return new NDArray(castData(a.contiguousData(), a.dtype, dtype), a.shape, dtype);
}
