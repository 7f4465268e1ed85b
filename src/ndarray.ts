/**
 * NDArray: a NumPy-style host array `{ dtype, shape, strides, offset, data }` with NumPy's numeric
 * dtypes, printed exactly as NumPy prints. `t.numpy()` returns one; `tf.constant(ndarray)` takes
 * one.
 *
 * @module
 */
import type { DType } from "./dtype.ts";
import { InvalidArgumentError } from "./errors.ts";
import { checkOptions, keysOf } from "./options.ts";
import { checkSize, contiguousStrides } from "./shape.ts";
import { arrayRepr, arrayStr, type PrintData, type PrintDType } from "./format.ts";

/** NumPy's numeric dtypes. */
export type NpDType = PrintDType;

/** A typed array that holds NDArray data. */
export type NpTypedArray = PrintData;

/** The typed array of each NumPy dtype (bool is stored as 0/1 in a Uint8Array). */
export const NP_ARRAY_TYPES: Record<
  NpDType,
  { new (n: number): NpTypedArray; readonly BYTES_PER_ELEMENT: number }
> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float16: Float16Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * The tensor dtype that `tf.constant` gives an NDArray of each NumPy dtype: its own where it is a
 * tensor dtype, else the smallest that holds it, as for typed arrays (int8, int16 and uint16 give
 * int32; uint32 and uint64 give int64, with a range check).
 */
export const NP_TO_TENSOR: Record<NpDType, DType> = {
  bool: "bool",
  int8: "int32",
  int16: "int32",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "int32",
  uint32: "int64",
  uint64: "int64",
  float16: "float16",
  float32: "float32",
  float64: "float64",
};

/** A nested list of NDArray elements, as `tolist()` returns it. */
export type NestedList = number | bigint | boolean | NestedList[];

/** Options of the NDArray constructor. */
export interface NDArrayOptions {
  /** Strides in elements; row-major when omitted. */
  strides?: readonly number[];
  /** Index of the first element in `data`; 0 when omitted. */
  offset?: number;
}

const NDARRAY_KEYS = keysOf<NDArrayOptions>({ strides: true, offset: true });

/** A NumPy-style host array. */
export class NDArray {
  /** The NumPy dtype. */
  readonly dtype: NpDType;
  /** The extent of each axis. */
  readonly shape: readonly number[];
  /** The step of each axis, in elements. */
  readonly strides: readonly number[];
  /** Index of the first element in `data`. */
  readonly offset: number;
  /** The elements (shared, not copied). */
  readonly data: NpTypedArray;

  /**
   * Wraps a typed array (not copied) as an array of `shape`.
   *
   * @example
   * ```ts
   * import { NDArray } from "@denotensor/core/numpy";
   * const a = new NDArray(new Int32Array([1, 2, 3, 4]), [2, 2], "int32");
   * console.log(a.toString()); // [[1 2]\n [3 4]]
   * ```
   */
  constructor(
    data: NpTypedArray,
    shape: readonly number[],
    dtype: NpDType,
    options?: NDArrayOptions,
  ) {
    if (!(dtype in NP_ARRAY_TYPES)) {
      throw new InvalidArgumentError(`NDArray: unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!(data instanceof NP_ARRAY_TYPES[dtype])) {
      throw new InvalidArgumentError(
        `NDArray: dtype ${dtype} needs a ${
          NP_ARRAY_TYPES[dtype].name
        }, got a ${data.constructor.name}`,
      );
    }
    checkOptions(options, NDARRAY_KEYS, "NDArray options");
    const strides = options?.strides ?? contiguousStrides(shape);
    const offset = options?.offset ?? 0;
    let lo = offset, hi = offset;
    for (let i = 0; i < shape.length; i++) {
      if (!Number.isInteger(shape[i]) || shape[i] < 0) {
        throw new InvalidArgumentError(
          `NDArray: bad shape entry ${shape[i]} in [${shape.join(", ")}]`,
        );
      }
      if (shape[i] === 0) lo = hi = offset;
      else if (strides[i] > 0) hi += strides[i] * (shape[i] - 1);
      else lo += strides[i] * (shape[i] - 1);
    }
    checkSize(shape.reduce((a, b) => a * b, 1), shape, "NDArray");
    if (shape.every((d) => d > 0) && (lo < 0 || hi >= data.length)) {
      throw new InvalidArgumentError(
        `NDArray: shape [${shape.join(", ")}] with strides [${strides.join(", ")}] and offset ` +
          `${offset} reaches outside the ${data.length} elements of the data`,
      );
    }
    this.dtype = dtype;
    this.shape = shape.slice();
    this.strides = strides.slice();
    this.offset = offset;
    this.data = data;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** The elements in row-major order: `data` itself when it already is that, else a copy. */
  contiguousData(): NpTypedArray {
    const n = this.size;
    const rm = contiguousStrides(this.shape);
    if (
      this.offset === 0 && this.data.length === n &&
      this.shape.every((d, i) => d === 1 || this.strides[i] === rm[i])
    ) return this.data;
    const out = new NP_ARRAY_TYPES[this.dtype](n) as Float64Array;
    const src = this.data as Float64Array;
    const idx = new Array<number>(this.shape.length).fill(0);
    let p = this.offset;
    for (let k = 0; k < n; k++) {
      out[k] = src[p];
      for (let d = this.shape.length - 1; d >= 0; d--) {
        p += this.strides[d];
        if (++idx[d] < this.shape[d]) break;
        idx[d] = 0;
        p -= this.strides[d] * this.shape[d];
      }
    }
    return out;
  }

  /**
   * The elements as nested arrays (numbers; booleans for bool; bigints for 64-bit integers); a
   * 0-d array gives its element.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.constant([[1, 2]]).numpy().tolist()); // [[1, 2]]
   * ```
   */
  tolist(): NestedList {
    const flat = this.contiguousData();
    const bool = this.dtype === "bool";
    let k = 0;
    const build = (d: number): NestedList => {
      if (d === this.shape.length) {
        const v = flat[k++];
        return bool ? v !== 0 : v;
      }
      return Array.from({ length: this.shape[d] }, () => build(d + 1));
    };
    return build(0);
  }

  /** NumPy's `str(a)`. */
  toString(): string {
    return arrayStr(this.contiguousData(), this.shape, this.dtype);
  }

  /** NumPy's `repr(a)`. */
  repr(): string {
    return arrayRepr(this.contiguousData(), this.shape, this.dtype);
  }

  /** `console.log(a)` prints NumPy's str at top level and its repr when nested. */
  [Symbol.for("Deno.customInspect")](
    _inspect: unknown,
    options: { currentDepth?: number },
  ): string {
    return options?.currentDepth ? this.repr() : this.toString();
  }
}
